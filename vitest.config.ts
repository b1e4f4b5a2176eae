import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn real child processes and sockets and mostly wait on them (about a third of two cores is busy with
    // two workers): four files at a time keep both cores busy without starving the timing of any one of them.
    pool: 'forks',
    maxWorkers: 4,
  },
});
