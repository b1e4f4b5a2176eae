// An idle daemon's every wake-up costs CPU of its own, whatever its callback does (footprint bench: quiet CPU ≤ 0.1 %),
// and issue 62 item 5 spends that budget on looks at the gateway's process every third of liveness_interval: a timer
// with nothing to do does not run. The outbox ticked every second and the settling judgements every 2 s for the
// daemon's whole life; on a healthy gateway after its first judgements, what would wake it within a minute is the
// liveness pulse, nothing more: the log tail's backstop poll (every 5 s, in case fs.watch misses a write) waits for one
// of its beats instead of waking the daemon once more. On the app's own timers, a manual clock.
import { afterEach, describe, expect, it } from 'vitest';
import { liveCadence } from '../src/watch/liveness-pulse.js';
import type { Harness } from './helpers/harness.js';
import { manualClock } from './helpers/clock.js';
import { slowPoll, startLogOnlyApp } from './helpers/log-only-app.js';
import { cleanup } from './helpers/probe-procs.js';
import { until } from './helpers/until.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

describe.runIf(process.platform === 'linux')('an idle daemon', () => {
  it('arms no timer with nothing to do: within a minute only the liveness pulse wakes it', async () => {
    const clock = manualClock();
    h = (await startLogOnlyApp(clock)).h;
    // Past what its start owed (its first alerts' deliveries, a state save).
    await clock.advance(70_000);
    await until('no judgement under way', () => !h!.app.core.evaluatingSince('default'), slowPoll);
    expect(h.app.core.lastResult('default')?.findings).toEqual([]);
    const soon = clock
      .armed()
      .filter((ms) => ms < 60_000)
      .sort((a, b) => a - b);
    expect(soon).toEqual([liveCadence(2_000).every]);
  });
});
