// The daemon's schedule looks at a quiet gateway from the last process scan while the pid record leads to the one live
// gateway that scan found (src/watch/target-reuse.ts, `steady`): on a quiet host, a scan a minute was a third of the
// idle daemon's CPU. target-reuse.test.ts proves the rule through createTargetWatch; this proves the wiring, from the
// schedule's tick (src/core/loop.ts) through its kick (src/core/evaluation.ts) to the look. A look asked for by name
// (a command's, doctor's) still scans. The steps a look takes (src/util/steps.ts) say whether it scanned.
import { afterEach, describe, expect, it } from 'vitest';
import { stepsTaken } from '../../src/util/steps.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { manualClock } from '../helpers/clock.js';
import { healthyLiveGateway } from '../helpers/live-gateway.js';
import { cleanup } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

const slowPoll = { timeoutMs: 45_000, everyMs: 100 };
const scanned = (steps: string) => /(^| )scan=/.test(steps);

describe.runIf(process.platform === 'linux')("the schedule's look at a quiet gateway", () => {
  it('goes on from the last process scan; a look asked for by name scans again', async () => {
    const clock = manualClock();
    const checks: number[] = [];
    h = await startHarness({
      start: false,
      config: { schedule: '* * * * *', remediate: { auto_restart: false } },
      appOptions: { clock, onCheck: () => void checks.push(clock.now()) },
    });
    await healthyLiveGateway(h.hermesHome);
    await h.app.start();
    const idle = () => checks.length > 0 && !h!.app.core.evaluatingSince('default');
    await until('the first look', idle, slowPoll);
    expect(h.app.core.lastResult('default')?.findings).toEqual([]);
    expect(scanned(stepsTaken())).toBe(true);

    // The next minute's tick: one scheduled look, no scan.
    const before = checks.length;
    await clock.advance(61_000);
    await until('the scheduled look', () => checks.length > before && idle(), slowPoll);
    expect(h.app.core.lastResult('default')?.findings).toEqual([]);
    expect(scanned(stepsTaken())).toBe(false);

    await h.app.core.evaluate('default');
    expect(scanned(stepsTaken())).toBe(true);
  });
});
