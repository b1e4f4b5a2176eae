// Setup for the test files that share one worker process (the `shared` project in vitest.config.ts): module state that
// would carry from one file to the next is reset to what a fresh process starts with.
import { beforeAll } from 'vitest';
import { forgetRegistered } from '../../src/util/redact.js';

beforeAll(() => {
  // The secrets and secret key names a config registered with the one redactor (loading a config registers them).
  forgetRegistered();
});
