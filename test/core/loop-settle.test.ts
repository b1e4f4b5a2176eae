// A judgement that can record nothing yet for a platform (its state file says "connecting" and no connect line is
// newer) is followed by others, SETTLE_EVERY_MS apart, for at most SETTLE_FOR_MS: the file may be a moment behind the
// log, and no log line or scheduled check may come before the next change. Without them the platform's last state ran
// on in the history (uptime-truth: a recovery went unrecorded until the next kill). On the app's loop, a manual clock.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SETTLE_EVERY_MS, SETTLE_FOR_MS } from '../../src/core/loop.js';
import type { Harness } from '../helpers/harness.js';
import { manualClock, type ManualClock } from '../helpers/clock.js';
import { slowPoll, startLogOnlyApp } from '../helpers/log-only-app.js';
import { cleanup } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

/** gateway_state.json with a platform's entry replaced, written now (wall clock: the gateway's own). */
function platformEntry(home: string, platform: string, state: string): void {
  const file = path.join(home, 'gateway_state.json');
  const st = JSON.parse(readFileSync(file, 'utf8'));
  st.platforms[platform] = { state, updated_at: new Date().toISOString() };
  writeFileSync(file, JSON.stringify(st));
}

/**
 * An app on a live gateway whose Feishu Hermes has started again: the file says "connecting", newer than the log's
 * connect line. A judgement (the schedule's, a line's) records nothing for Feishu. `checks`: the evaluations after it.
 */
async function feishuConnecting(): Promise<{ clock: ManualClock; checks: number[] }> {
  const clock = manualClock();
  const started = await startLogOnlyApp(clock);
  h = started.h;
  platformEntry(h.hermesHome, 'feishu', 'connecting');
  const judged = await h.app.core.evaluate('default');
  expect(judged.evidence.state?.platforms.feishu?.state).toBe('connecting');
  return { clock, checks: started.checks };
}

describe.runIf(process.platform === 'linux')('a judgement that could record nothing for a platform', () => {
  it('is followed by another within SETTLE_EVERY_MS, which reads the state file again; once recorded, no more', async () => {
    const { clock, checks } = await feishuConnecting();
    // Connected: the file says so and the log says nothing more.
    platformEntry(h!.hermesHome, 'feishu', 'connected');
    const before = checks.length;
    await clock.advance(SETTLE_EVERY_MS);
    await until(
      'a judgement that read the file again',
      () => h!.app.core.lastResult('default')?.evidence.state?.platforms.feishu?.state === 'connected',
      slowPoll,
    );
    expect(checks.length).toBeGreaterThan(before);
    const feishu = h!.app.core.history.view('default').platforms.feishu!;
    expect(feishu.at(-1)![1]).toBe('up');
    // Recorded: nothing more to settle.
    await until('the judgement settled', () => !h!.app.core.evaluatingSince('default'), slowPoll);
    const settled = checks.length;
    for (let i = 0; i < 5; i++) {
      await clock.advance(SETTLE_EVERY_MS);
      // A kick would have begun an evaluation by now (it is marked at once): wait for it to be counted.
      await until('no judgement under way', () => !h!.app.core.evaluatingSince('default'), slowPoll);
    }
    expect(checks.length).toBe(settled);
  });

  it("stops following a spell after SETTLE_FOR_MS (the schedule's again); another spell is followed anew", async () => {
    const { clock, checks } = await feishuConnecting();
    const before = checks.length;
    for (let t = 0; t < SETTLE_FOR_MS + 10 * SETTLE_EVERY_MS; t += SETTLE_EVERY_MS) {
      await clock.advance(SETTLE_EVERY_MS);
      await until('no judgement under way', () => !h!.app.core.evaluatingSince('default'), slowPoll);
    }
    const followed = checks.length - before;
    expect(followed).toBeGreaterThanOrEqual(SETTLE_FOR_MS / SETTLE_EVERY_MS - 2);
    expect(followed).toBeLessThanOrEqual(SETTLE_FOR_MS / SETTLE_EVERY_MS + 2);
    // Another spell (QQ left unrecorded too, say Hermes started it again): followed again from its start.
    platformEntry(h!.hermesHome, 'qqbot', 'connecting');
    await h!.app.core.evaluate('default');
    const again = checks.length;
    await clock.advance(SETTLE_EVERY_MS);
    await until('no judgement under way', () => !h!.app.core.evaluatingSince('default'), slowPoll);
    expect(checks.length).toBeGreaterThan(again);
  });

  it('a healthy app keeps no settling timer: nothing wakes it every SETTLE_EVERY_MS for nothing', async () => {
    const clock = manualClock();
    const started = await startLogOnlyApp(clock);
    h = started.h;
    expect(h.app.core.lastResult('default')?.findings).toEqual([]);
    await clock.advance(3 * SETTLE_EVERY_MS);
    await until('no judgement under way', () => !h!.app.core.evaluatingSince('default'), slowPoll);
    expect(clock.armed()).not.toContain(SETTLE_EVERY_MS);
    // A spell to follow arms it again (the test above follows it to its end).
    platformEntry(h.hermesHome, 'feishu', 'connecting');
    await h.app.core.evaluate('default');
    expect(clock.armed()).toContain(SETTLE_EVERY_MS);
  });
});
