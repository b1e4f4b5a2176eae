// Setup for the test files that share one worker process (the `shared` project in vitest.config.ts): each file starts
// with the process-wide state a fresh process would have, so no file sees what an earlier one left behind.
import { beforeAll } from 'vitest';
import { forgetRegistered } from '../../src/util/redact.js';

beforeAll(() => {
  // The secrets and secret key names a config registered with the one redactor (loading a config registers them).
  forgetRegistered();
});
