// The live log path end to end: a terminal failure line appended to gateway.log is judged at once (the first line of a
// burst) and its alert reaches the channel without waiting for the burst to end; the rest of the burst is folded into
// one more evaluation. Real files, a real `gateway run` process, the real tailer, detectors, incidents and outbox.
import { appendFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/harness.js';
import { healthyLiveGateway } from './helpers/live-gateway.js';
import { phone } from './helpers/phone.js';
import { until, where } from './helpers/until.js';

/** How the waits below poll (as the phone's until did): a probe is often a whole evaluation, so not too often. */
const slowPoll = { timeoutMs: 45_000, everyMs: 200 };
import { cleanup } from './helpers/probe-procs.js';
import { formatRecord } from '../src/demo/hermes-log.js';
import { manualClock } from './helpers/clock.js';
import { tailReadToEnd } from './helpers/tail-read.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

/** Exact format from the Hermes reference: QQ gave up reconnecting; only a restart brings it back. */
const terminal = () =>
  formatRecord(
    Date.now(),
    'ERROR',
    'gateway.platforms.qqbot.adapter',
    '[QQBot:102345678] Max reconnect attempts reached',
  );
const chatter = (i: number) =>
  formatRecord(
    Date.now(),
    'INFO',
    'gateway.run',
    `inbound message: platform=feishu user=ou_x chat=oc_y msg='burst ${i}' reply_to_id=None reply_to_text=''`,
  );

describe('a log burst', () => {
  it('judges its first line at once and the rest of the burst in one more evaluation', async () => {
    const BATCH_MS = 4_000; // long, so "at once" and "after the batch" are seconds apart even on a loaded machine
    const checks: number[] = [];
    const p = phone();
    // The app's timers (the batch window among them) run on a clock the test moves: the window costs no real time.
    const clock = manualClock();
    // A schedule that never fires here: a cron tick at a minute boundary would be one more check than the burst's.
    h = await startHarness({
      start: false,
      config: { schedule: '0 0 1 1 *' },
      channels: [p.ch],
      appOptions: { logBatchMs: BATCH_MS, clock, onCheck: () => void checks.push(clock.now()) },
    });
    const { log } = await healthyLiveGateway(h.hermesHome);
    await h.app.start();
    await until(
      'the first evaluation',
      where(
        () => h!.app.core.lastResult('default'),
        (r) => r !== undefined && !h!.app.core.evaluatingSince('default'),
      ),
      slowPoll,
    );
    expect(h.app.core.lastResult('default')!.findings).toEqual([]);

    const before = checks.length;
    const t0 = clock.now();
    appendFileSync(log, terminal() + '\n');
    const alert = await p.next((a) => a.kind === 'open');
    expect(alert.reply.title).toMatch(/QQ/);
    expect(clock.now()).toBe(t0); // judged on the first line, with no time passing: not at the end of the batch
    // The rest of the burst, inside the batch window, each line read by the tail.
    const tail = h.app.watches.get('default')!;
    for (let i = 0; i < 10; i++) {
      appendFileSync(log, chatter(i) + '\n');
      await tailReadToEnd('the line read', tail, log, clock, 5); // the tail's own window moves the clock a little
      await clock.advance(30); // a burst: lines 30 ms apart
    }

    // One more evaluation, at the end of the window, that has seen the whole burst; then quiet.
    await clock.advance(BATCH_MS);
    await until(
      'the burst judged',
      where(
        () => h!.app.core.lastResult('default')!.evidence.log.run.at(-1)?.message ?? '',
        (m) => m.includes("msg='burst 9'"),
      ),
      { ...slowPoll, timeoutMs: 20_000 },
    );
    await clock.advance(BATCH_MS + 500); // then quiet: a window for a third evaluation that must not come
    const fromLog = checks.slice(before);
    expect(fromLog.length).toBe(2);
    expect(fromLog[1]! - fromLog[0]!).toBeGreaterThan(BATCH_MS * 0.9);
    expect(p.got.filter((a) => a.kind === 'open')).toHaveLength(1);
  }, 40_000);
});
