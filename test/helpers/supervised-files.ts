/**
 * The files that start a real supervisor or container engine (pm2, supervisord, runit, s6, Podman) and play the demo
 * gateway under it: a third of the suite's worker time, nearly all of it waiting for the supervisor's states. They run
 * from `npm run test:supervisors` (scripts/supervisors-test.sh, which .ci/run calls after `npm test`), as the Docker
 * engine's do from test:docker (issue 81: the suite ≤ 200 s on two cores). The Hermes container rig is one of them: s6
 * as PID 1 of a namespace (test/helpers/hermes-container.ts), its files some 55 CPU-s of `npm test`'s. A new file that
 * starts one belongs here: test/architecture.test.ts fails on one that imports their helpers and is not listed.
 */
export const SUPERVISED = [
  'test/e2e/hermes-in-docker*.test.ts',
  'test/e2e/docker-words.test.ts',
  'test/rig/*.test.ts',
  'test/e2e/under-*.test.ts',
  'test/e2e/podman-*.test.ts',
  'test/e2e/init-everywhere.test.ts',
  'test/init/find-box.test.ts',
  'test/probes/container-events-podman.test.ts',
  'test/probes/container-recreated.test.ts',
  'test/probes/supervisors/real-*.test.ts',
  'test/probes/supervisors/runit-down-file.test.ts',
  'test/probes/supervisors/runsv-exit.test.ts',
  'test/probes/supervisors/s6-down-file.test.ts',
  'test/probes/supervisors/service-removed.test.ts',
  'test/probes/supervisors/supervisord-autostart.test.ts',
  'test/watch/target-reuse.test.ts',
];
