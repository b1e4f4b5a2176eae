// The system clock's repeated calls (src/util/clock.ts `every`): one timer for good, not one set anew at each call.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { every, systemClock } from '../../src/util/clock.js';
import { DIST } from '../helpers/paths.js';

/** The timers (setTimeout, setInterval) set while `run` goes on: the globals, looked up at each call, counted. */
async function timersSet(run: () => Promise<void>): Promise<number> {
  const real = { setTimeout: globalThis.setTimeout, setInterval: globalThis.setInterval };
  let set = 0;
  const counted = <F extends (...a: never[]) => unknown>(f: F) =>
    new Proxy(f, { apply: (t, self, a) => (set++, Reflect.apply(t, self, a)) });
  globalThis.setTimeout = counted(real.setTimeout);
  globalThis.setInterval = counted(real.setInterval);
  try {
    await run();
  } finally {
    Object.assign(globalThis, real);
  }
  return set;
}

describe('every on the system clock', () => {
  it('calls on at its period from one timer, set once for all its calls (a liveness beat set one each, issue 62)', async () => {
    const calls: number[] = [];
    let stop = () => {};
    const set = await timersSet(
      () =>
        new Promise<void>((done) => {
          stop = every(systemClock, 5, () => {
            calls.push(performance.now());
            if (calls.length === 5) done();
          });
        }),
    );
    stop();
    expect(calls).toHaveLength(5);
    // At its period, never in a burst: node times each call from the pass over its timers that ran it, so on a busy
    // loop one call may come later in that pass and the next sooner after it (3.65 ms of 5 in a full run), never more
    // sooner in all than one period.
    for (let i = 1; i < calls.length; i++) expect(calls[i]! - calls[i - 1]!).toBeGreaterThan(0);
    expect(calls[4]! - calls[0]!).toBeGreaterThanOrEqual(3 * 5);
    // The old one set a timer before each call: 5 here.
    expect(set).toBe(1);
  });

  it('keeps no process alive (the built module, in a process of its own that has nothing else to wait on)', async () => {
    const url = JSON.stringify(pathToFileURL(path.join(DIST, 'util/clock.js')).href);
    const script = `const { every, systemClock } = await import(${url}); every(systemClock, 60_000, () => {});`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.on('close', r));
    expect(code, err).toBe(0);
  });
});
