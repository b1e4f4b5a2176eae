import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { SUPERVISED } from './test/helpers/supervised-files.js';

/**
 * The files that wait on real processes (the demo gateway, the built CLI, npm): most of their time is real time spent
 * waiting, not CPU.
 */
const WAITS = [
  /\/test\/e2e\//,
  /\/test\/demo\//,
  /\/test\/app-[^/]*\.test\.ts$/,
  /\/test\/control\//,
  // The Hermes container rig: a PID namespace with s6 and the demo gateway per test.
  /\/test\/rig\//,
  // The demo gateway under the real pm2, supervisord and runit.
  /\/test\/probes\/supervisors\/real-/,
  /\/test\/cli\.test\.ts$/,
  /\/test\/actions\/(multiplex-restart|restart-advice)\.test\.ts$/,
  // The CLI's own start-up.
  /\/test\/(cli-code-cache|footprint)\.test\.ts$/,
];

/**
 * What each file of 10 s or more took (seconds), for a run that has no durations of its own to go by (a fresh checkout:
 * CI, a new user's first `npm test`): written from vitest's record of a full run by `npm run test:durations`
 * (scripts/known-durations.mjs). A long file it did not know would start last and be the run's tail; `npm test` names
 * any such file at its end.
 */
const KNOWN_DURATIONS: Record<string, number> = JSON.parse(
  readFileSync(fileURLToPath(new URL('./test/helpers/known-durations.json', import.meta.url)), 'utf8'),
);
/**
 * A waiting file this long or longer starts before everything else, the longest first, as many as leave a third of the
 * workers to the files that compute. Each of a minute or so (the every-fault plays, uptime-truth, no-early-recovery)
 * had started after every computing file, and the run ended with them: a fresh clone's run took 229 s with only the
 * two-minute stories first, 220 and 225 s so, in the same hour, using no more CPU (2026-11-30).
 */
const FIRST_MS = 45_000;

/**
 * The order that keeps both cores busy and ends soonest. The longest waits start first (FIRST_MS): each is a minute or
 * two of real time, and started late it would be the run's tail. Then every file that does not wait, which keeps
 * the cores busy while those wait. Then the other waiting files, the longest first, so that the last to start are
 * short. Longest first throughout (what vitest does with the last run's durations) had every worker on a waiting file
 * at once for the first two minutes: the cores stood idle half of that time, and the files that do not wait ran after.
 * Within each part, the last run's durations order it where there are some, else KNOWN_DURATIONS. Files that failed
 * last time still go before everything, as in vitest's own order: the answer wanted first.
 */
class WaitersAround extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const last = (f: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${f.project.name}:${path.relative(this.ctx.config.root, f.moduleId)}`);
    const duration = (f: TestSpecification) =>
      last(f)?.duration ?? (KNOWN_DURATIONS[path.relative(this.ctx.config.root, f.moduleId)] ?? 0) * 1000;
    const failed = (f: TestSpecification) => last(f)?.failed === true;
    const waits = (f: TestSpecification) => WAITS.some((re) => re.test(f.moduleId));
    const longWaits = sorted.filter((f) => waits(f) && duration(f) >= FIRST_MS && !failed(f));
    // Stable: files of the same duration keep vitest's order.
    const longestFirst = (a: TestSpecification, b: TestSpecification) => duration(b) - duration(a);
    const firstOnes = new Set(longWaits.sort(longestFirst).slice(0, Math.floor((WORKERS * 2) / 3)));
    const first = (f: TestSpecification) => firstOnes.has(f);
    const rest = sorted.filter((f) => !failed(f));
    return [
      ...sorted.filter(failed),
      ...rest.filter(first).sort(longestFirst),
      ...rest.filter((f) => !waits(f)).sort(longestFirst),
      ...rest.filter((f) => waits(f) && !first(f)).sort(longestFirst),
    ];
  }
}

/**
 * Twelve workers (see maxWorkers below) where the memory holds them: a worker and what its files start took up to
 * 300 MB at the run's peak (3.6 GB in use on the box), so a box (or a container's memory limit) of less than 4.8 GB
 * gets one per 400 MB, and never fewer than two. GATEWATCH_TEST_WORKERS=N sets them (`npm run test:loaded --
 * --workers N`): vitest's own --maxWorkers does not reach the projects below, which inherit the config's setting.
 */
const MEMORY = Math.min(os.totalmem(), process.constrainedMemory?.() || Number.POSITIVE_INFINITY);
const WORKERS =
  Number(process.env.GATEWATCH_TEST_WORKERS) || Math.max(2, Math.min(12, Math.floor(MEMORY / (400 * 2 ** 20))));

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
 * npm's pack and a global install from its tarball, and two builds in a copy of the checkout: 40 CPU-s of npm and the
 * build (a twelfth of the suite's), and a file of two minutes on a busy box. They run from `npm run test:package`
 * (scripts/package-test.sh, which .ci/run calls after `npm test`), as the real supervisors' do from test:supervisors.
 */
const PACKAGING = ['test/deploy/global-install.test.ts', 'test/deploy/build-bin.test.ts'];

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
  // It registers a Hermes platform of its own, which stays registered in its process.
  'test/platforms/new-platform.test.ts',
  // It registers a supervisor of its own, likewise.
  'test/probes/supervisors/new-supervisor.test.ts',
  // It registers a finding kind of its own, likewise.
  'test/detectors/new-kind.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // The run's own temp directory, removed at its end (test/helpers/run-tmp.ts).
    globalSetup: ['test/helpers/run-tmp.ts'],
    hookTimeout: 60_000,
    // Tests spawn real child processes and sockets and mostly wait on them. A file that waits holds its worker for as
    // long as it waits (a story of one or two minutes uses a few CPU-seconds), so the workers, not the cores, were what
    // the run waited for: with eight, the waiting files took every worker for minutes at a time while the cores stood
    // idle (215–223 s, in the order above). Twelve keep both cores busy throughout (193 s), at about 2.7 GB for the
    // workers. Sixteen were tried once the waiting files grew (2026-11-30): no core stood idle, but in one hour the
    // same tree used 479 CPU-s with twelve and 540 with sixteen, and ended no sooner (291 and 283 s). A test that fails
    // only on a busy box is a bug to find, in the test or the product (a send-abort wait, a log tail that skipped a
    // start-up, /status under another target's hung probe and an exiting gateway taken for a duplicate were found so;
    // with sixteen, two tests' waits for processes they had started), not a reason for fewer.
    pool: 'forks',
    // Each module as transformed for the workers, kept on disk by its content (.tmp/, not committed): a rerun does not
    // transform the sources again (a tenth of the suite's CPU on two cores; CI's clean clone transforms them once).
    experimental: { fsModuleCache: true, fsModuleCachePath: '.tmp/vitest-modules' },
    maxWorkers: WORKERS,
    sequence: { sequencer: WaitersAround },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          // The Docker engine's tests run from `npm run test:docker` (scripts/docker-test.sh), the real supervisors'
          // from `npm run test:supervisors` (scripts/supervisors-test.sh), the package's from `npm run test:package`
          // (scripts/package-test.sh), not `npm test`.
          exclude: [...ISOLATED, 'test/docker/**', ...SUPERVISED, ...PACKAGING],
          isolate: false,
          setupFiles: ['test/helpers/fresh-file.ts'],
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
      ...(process.env.GATEWATCH_SUPERVISORS
        ? [
            {
              extends: true as const,
              test: {
                name: 'supervisors',
                include: SUPERVISED,
                isolate: false,
                setupFiles: ['test/helpers/fresh-file.ts'],
              },
            },
          ]
        : []),
      ...(process.env.GATEWATCH_PACKAGE
        ? [{ extends: true as const, test: { name: 'package', include: PACKAGING } }]
        : []),
      ...(process.env.GATEWATCH_DOCKER_RIG
        ? [{ extends: true as const, test: { name: 'docker', include: ['test/docker/**/*.test.ts'] } }]
        : []),
    ],
  },
});
