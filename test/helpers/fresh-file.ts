// Setup for the test files that share one worker process (the `shared` project in vitest.config.ts): module state that
// would carry from one file to the next is reset to what a fresh process starts with.
import { beforeAll } from 'vitest';
import { forgetRegistered } from '../../src/util/redact.js';
// What the composition root loads: the Hermes platforms register their rules, words and agent.log lines into the layers
// below as their registry loads, once a process. Loaded here, every file of a shared worker sees them whichever file
// ran first, as a file run alone does when it imports the registry (a file that needs them imports it too).
import '../../src/platforms/index.js';

beforeAll(() => {
  // The secrets and secret key names a config registered with the one redactor (loading a config registers them).
  forgetRegistered();
});
