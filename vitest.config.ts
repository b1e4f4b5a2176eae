import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that wait on real processes (the demo gateway, the built CLI, npm) take the longest: started last, one of
 * them would be the whole run's tail. Vitest orders by the durations of the last run when it has them; on a fresh
 * checkout (CI) it has none and would start the largest files first, so these start first instead.
 */
const LONG = [
  /\/test\/e2e\//,
  /\/test\/demo\//,
  /\/test\/app-[^/]*\.test\.ts$/,
  /\/test\/control\//,
  // The Hermes container rig: a PID namespace with s6 and the demo gateway per test.
  /\/test\/rig\//,
  /\/test\/cli\.test\.ts$/,
  /\/test\/actions\/(multiplex-restart|restart-advice)\.test\.ts$/,
  // npm pack and a global install (about 90 s on a loaded box), two builds in a copy, and the CLI's own start-up.
  /\/test\/deploy\/(global-install|build-bin)\.test\.ts$/,
  /\/test\/(cli-code-cache|footprint)\.test\.ts$/,
];

class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const timed = (f: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${f.project.name}:${path.relative(this.ctx.config.root, f.moduleId)}`);
    if (sorted.every(timed)) return sorted;
    const long = (f: TestSpecification) => LONG.some((re) => re.test(f.moduleId));
    return [...sorted.filter(long), ...sorted.filter((f) => !long(f))];
  }
}

/**
 * Node reads and parses the whole NODE_EXTRA_CA_CERTS bundle as it starts (Node 20; ~70 ms of CPU per start where a
 * bare start is 20), and the suite starts some 700 node processes that speak only to loopback: set aside here, before
 * the workers are forked, so that none of them pays for it. The one test that may reach a registry (npm in
 * test/deploy/global-install.test.ts) gets it back under the name below.
 */
const SET_ASIDE_CA = 'GATEWATCH_TEST_NODE_EXTRA_CA_CERTS';
if (process.env.NODE_EXTRA_CA_CERTS) {
  process.env[SET_ASIDE_CA] = process.env.NODE_EXTRA_CA_CERTS;
  delete process.env.NODE_EXTRA_CA_CERTS;
}

/**
 * Test files share worker processes and their loaded modules (isolate: false) instead of each paying ~0.7 CPU-s to
 * start a fresh process and import the sources again. A shared file changes nothing process-wide for longer than it
 * runs (environment variables such as TZ, the cwd, the umask, process.on handlers) and closes what it opens; the child
 * processes it starts are its own and do not count. test/helpers/fresh-file.ts resets the module state they share
 * (the redactor's registered secrets) before each file, and fails a file that leaves the process changed, saying what
 * it changed. The files below get a process of their own:
 */
const ISOLATED = [
  // They watch a module-level union being built as the detectors load, or not built.
  'test/detectors/pattern-union.test.ts',
  'test/detectors/pattern-union-busy.test.ts',
  // It measures the heap.
  'test/probes/run-tracker-retain.test.ts',
  // It times a poll to the 100 ms, which another file's leftovers in the same process can upset.
  'test/app-death-time.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // The run's own temp directory, removed at its end (test/helpers/run-tmp.ts).
    globalSetup: ['test/helpers/run-tmp.ts'],
    hookTimeout: 60_000,
    // Tests spawn real child processes and sockets and mostly wait on them: with four files at a time two cores were
    // busy 60–70% of the run (the long demo and daemon files wait on real time), with eight they are busy throughout;
    // six took the same CPU and time as eight. A test that fails only on a busy box is a bug to find, in the test or
    // the product (a send-abort wait, a log tail that skipped a start-up, /status under another target's hung probe
    // and an exiting gateway taken for a duplicate were found so), not a reason for fewer.
    pool: 'forks',
    // Each module as transformed for the workers, kept on disk by its content (.tmp/, not committed): a rerun does not
    // transform the sources again (a tenth of the suite's CPU on two cores; CI's clean clone transforms them once).
    experimental: { fsModuleCache: true, fsModuleCachePath: '.tmp/vitest-modules' },
    maxWorkers: 8,
    sequence: { sequencer: LongFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          // The Docker engine's tests run from `npm run test:docker` (scripts/docker-test.sh), not `npm test`.
          exclude: [...ISOLATED, 'test/docker/**'],
          isolate: false,
          setupFiles: ['test/helpers/fresh-file.ts'],
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
      ...(process.env.GATEWATCH_DOCKER_RIG
        ? [{ extends: true as const, test: { name: 'docker', include: ['test/docker/**/*.test.ts'] } }]
        : []),
    ],
  },
});
