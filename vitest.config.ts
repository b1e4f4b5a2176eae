import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that wait on real processes (the demo gateway, the built CLI) take the longest: started last, one of them
 * would be the whole run's tail. Vitest orders by the durations of the last run when it has them; on a fresh checkout
 * (CI) it has none and would start the largest files first, so these start first instead.
 */
const LONG = [/\/test\/e2e\//, /\/test\/demo\//, /\/test\/app-[^/]*\.test\.ts$/, /\/test\/control\//, /\/test\/cli\.test\.ts$/, /\/test\/actions\/(multiplex-restart|restart-advice)\.test\.ts$/];

class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const timed = (f: TestSpecification) => this.ctx.cache.getFileTestResults(`${f.project.name}:${path.relative(this.ctx.config.root, f.moduleId)}`);
    if (sorted.every(timed)) return sorted;
    const long = (f: TestSpecification) => LONG.some((re) => re.test(f.moduleId));
    return [...sorted.filter(long), ...sorted.filter((f) => !long(f))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn real child processes and sockets and mostly wait on them (about a third of two cores is busy with
    // two workers): four files at a time keep both cores busy without starving the timing of any one of them.
    pool: 'forks',
    maxWorkers: 4,
    sequence: { sequencer: LongFirst },
  },
});
