// An app on a live, healthy gateway where only the log can lead to an evaluation: a schedule that never fires during a
// test and automatic restarts off. For the tests of how log bursts are judged (test/watch).
import { startHarness, type Harness } from './harness.js';
import { healthyLiveGateway } from './live-gateway.js';
import { phone, type Phone } from './phone.js';
import { until, where } from './until.js';
import type { Clock } from '../../src/util/clock.js';

/** How the waits poll: a probe is often a whole evaluation, so not too often. */
export const slowPoll = { timeoutMs: 45_000, everyMs: 200 };

/**
 * Started and past its first evaluation; `checks` gets the time of every evaluation after that too. On `clock` (the
 * system's by default): a manual one holds back what the app times (the burst window, the liveness poll).
 */
export async function startLogOnlyApp(clock?: Clock): Promise<{ h: Harness; p: Phone; log: string; checks: number[] }> {
  const checks: number[] = [];
  const p = phone();
  const h = await startHarness({
    start: false,
    config: { schedule: '0 0 1 1 *', remediate: { auto_restart: false } },
    channels: [p.ch],
    appOptions: { logBatchMs: 200, onCheck: () => void checks.push(Date.now()), ...(clock ? { clock } : {}) },
  });
  const { log } = await healthyLiveGateway(h.hermesHome);
  await h.app.start();
  await until(
    'the first evaluation',
    where(
      () => h.app.core.lastResult('default'),
      (r) => r !== undefined && !h.app.core.evaluatingSince('default'),
    ),
    slowPoll,
  );
  return { h, p, log, checks };
}
