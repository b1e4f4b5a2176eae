// Setup for the test files that share one worker process (the `shared` project in vitest.config.ts): module state that
// would carry from one file to the next is reset to what a fresh process starts with, and a file that leaves the
// process changed for the next one fails, saying what it changed.
import { afterAll, beforeAll, expect } from 'vitest';
import { forgetRegistered } from '../../src/util/redact.js';
// What the composition root loads: the Hermes platforms register their rules, words and agent.log lines into the layers
// below as their registry loads, once a process. Loaded here, every file of a shared worker sees them whichever file
// ran first, as a file run alone does when it imports the registry (a file that needs them imports it too).
import '../../src/platforms/index.js';

/**
 * Process-wide things a file may change only for a while: the next file in the worker must find them as they were.
 * Not 'exit' and 'beforeExit': libraries hold those while they have something to flush (pino's destinations) and let
 * go when it is collected, whichever file that falls in.
 */
const EVENTS = ['unhandledRejection', 'uncaughtException', 'warning', 'SIGINT', 'SIGTERM', 'SIGHUP'];

function processState() {
  return {
    env: { ...process.env },
    cwd: process.cwd(),
    umask: process.umask(),
    listeners: Object.fromEntries(EVENTS.map((e) => [e, process.listenerCount(e)])),
  };
}

const before = processState();

beforeAll(() => {
  // The secrets and secret key names a config registered with the one redactor (loading a config registers them).
  forgetRegistered();
});

afterAll(() => {
  const after = processState();
  const keys = new Set([...Object.keys(before.env), ...Object.keys(after.env)]);
  const changed = {
    env: [...keys].filter((k) => before.env[k] !== after.env[k]).sort(),
    cwd: after.cwd === before.cwd ? undefined : after.cwd,
    umask: after.umask === before.umask ? undefined : after.umask,
    listeners: EVENTS.filter((e) => after.listeners[e] !== before.listeners[e]),
  };
  // Put back, so that the next file is not failed for this one; this one fails. A file that needs such a change for
  // its whole run is listed in ISOLATED (vitest.config.ts), where it gets a process of its own.
  for (const k of changed.env)
    if (before.env[k] === undefined) delete process.env[k];
    else process.env[k] = before.env[k];
  if (changed.cwd) process.chdir(before.cwd);
  if (changed.umask !== undefined) process.umask(before.umask);
  expect(changed, 'this file changed the shared worker process and did not put it back').toEqual({
    env: [],
    cwd: undefined,
    umask: undefined,
    listeners: [],
  });
});
