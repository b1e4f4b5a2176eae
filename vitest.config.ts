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
 * Test files that share one worker process and its loaded modules (isolate: false) instead of each paying ~0.7 CPU-s
 * to start a fresh process and import the sources again. A file may share when it changes nothing process-wide (TZ and
 * other environment variables, cwd, process.on handlers) and closes what it opens; the child processes it starts
 * are its own and do not count. test/helpers/fresh-file.ts resets the one process-wide state they touch (the
 * redactor's registered secrets) before each file. A new file runs isolated until it is listed here.
 */
const SHARED = [
  // In the worker's own process only: no child process, no dist/.
  'test/architecture.test.ts',
  'test/actions/restart-policy.test.ts',
  'test/channels/chat-plugins.test.ts',
  'test/chats/{feishu,qq,telegram}/*.test.ts',
  'test/chaos/*.test.ts',
  'test/commands/{commands,doctor-marks,history,operator-stop,status-hung-probe}.test.ts',
  'test/config/remediate-auto.test.ts',
  'test/delivery/{channel-down,chart-png,uptime-picture,held-alert,history-deliveries,no-check-ids,outbox,outbox-independent,outbox-startup,render-shared,routes,send-abort,unrouted}.test.ts',
  'test/detectors/{detect-index,detectors,evidence-words,hermes-current-sequence,last-alive,outages,platform-silent,service-words}.test.ts',
  'test/helpers/*.test.ts',
  'test/history/*.test.ts',
  'test/incidents/*.test.ts',
  'test/notifiers/*.test.ts',
  'test/ops/{metrics-contract,ops-http}.test.ts',
  'test/probes/{agent-log,line-decoder,log-history,log-pieces,log-tail,run-classes,run-tracker}.test.ts',
  'test/state/{atomic-file,audit}.test.ts',
  'test/text/*.test.ts',
  'test/util/*.test.ts',
  'test/watch/throttle.test.ts',
  // Short files that start child processes (the built CLI, probe targets) and wait for them.
  'test/{cli-code-cache,cli-fix,cli-help,cli-uptime,footprint}.test.ts',
  'test/actions/{restart-target,stop-process,supervisor}.test.ts',
  'test/channels/validate.test.ts',
  'test/commands/{fix,logs-filter,operator-test,uptime}.test.ts',
  'test/core/{channel-trouble,report}.test.ts',
  'test/config/{config,env-file}.test.ts',
  'test/delivery/routes-doctor.test.ts',
  'test/deploy/*.test.ts',
  'test/detectors/{log-flood,telegram-pollers}.test.ts',
  'test/init/*.test.ts',
  'test/ops/{banner,grafana-dashboard,ops-daemon,prometheus-rules}.test.ts',
  'test/probes/{control-socket,discover,doctor-probe,hermes-current-state,launchd-wrapper,lifecycle,probe-hostile,probe-process,probe-service,probe-state,profile-logs,whatsapp-bridges}.test.ts',
  'test/state/state-files.test.ts',
  'test/watch/{hermes-current-gather,watch-glance,watch-liveness,watch-traffic}.test.ts',
  // Long files that drive the demo gateway, an app in this process or the daemon, and stop each after its test.
  // A setting they need process-wide is set for the file or the call and put back (test/helpers/zone.ts: TZ;
  // GATEWATCH_DEMO_NETWORK_BACK for the gateway a restart starts; state-dir's unhandledRejection listener).
  'test/{app-drain,app-incidents,app-log-burst,app-restart-clock,app-restart-upstream,app-restarts,app-update-start}.test.ts',
  'test/{cli,cli-errors,cli-footprint,cli-zh,state-dir}.test.ts',
  'test/actions/{multiplex-restart,restart-advice,restart-upstream}.test.ts',
  'test/channels/lazy-schemas.test.ts',
  'test/commands/{fix-button,status-outage-start,status-truth}.test.ts',
  'test/control/*.test.ts',
  'test/delivery/render-qr.test.ts',
  'test/demo/*.test.ts',
  'test/detectors/whatsapp-qr.test.ts',
  'test/e2e/{e2e-bad-channel,e2e-console,e2e-flap,e2e-hanging-endpoint,e2e-init-run,e2e-multiplex,e2e-routes,e2e-sick-disk,e2e-startup-retry,e2e-whatsapp-qr,hermes-current-cli,restart-delivery,secret-echo,uptime-truth}.test.ts',
  'test/probes/reachability.test.ts',
  'test/watch/watch-bridge-log.test.ts',
  // Files written after the list above, checked the same way (no process-wide change, all they open closed). Still
  // isolated: detectors/pattern-union (it watches a module-level union being built), probes/run-tracker-retain (it
  // measures the heap) and app-death-time (it times a poll to the 100 ms, which another file's leftovers can upset).
  'test/{app-history-lost,app-restart-retry,cli-fix-across,cli-io,cli-mute,docs-tables}.test.ts',
  'test/channel-kit/{http,receivers,supervisor}.test.ts',
  'test/channels/words.test.ts',
  'test/commands/{fix-across,fix-advice,fix-stuck-session,mute-target,restart-busy}.test.ts',
  'test/config/url-keys.test.ts',
  'test/core/{back-edge,credential-checks}.test.ts',
  'test/detectors/{memory-growth,platform-paused}.test.ts',
  'test/e2e/{check-routine-4009,e2e-credentials}.test.ts',
  'test/platforms/*.test.ts',
  'test/platforms/*/*.test.ts',
  'test/probes/{health-api,recent-lives}.test.ts',
  'test/watch/{hermes-health,memory-trend,watch-death-time}.test.ts',
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
    maxWorkers: 8,
    sequence: { sequencer: LongFirst },
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: SHARED, isolate: false, setupFiles: ['test/helpers/fresh-file.ts'] },
      },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: SHARED } },
    ],
  },
});
