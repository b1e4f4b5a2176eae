// The one supervisor of a chat channel's link (Feishu, Telegram, QQ): one backoff policy, one give-up rule, every wait
// on the clock it is given (here a test's own, so minutes of outage take no time).
import { describe, expect, it } from 'vitest';
import { backoffDelay, createSupervisor } from '../../src/channel-kit/supervisor.js';
import { manualClock } from '../helpers/clock.js';

const setup = (giveUpAfterMs = 60_000) => {
  const clock = manualClock(0);
  const fatal: number[] = [];
  const sup = createSupervisor({
    clock,
    backoff: { baseMs: 1_000, maxMs: 8_000 },
    giveUpAfterMs,
    random: () => 1,
    onFatal: (ms) => fatal.push(ms),
  });
  return { clock, fatal, sup };
};

describe('a link supervisor', () => {
  it('backs off exponentially to the cap, jittered between half and all of it', () => {
    expect(backoffDelay(0, 1_000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(3, 1_000, 60_000, () => 1)).toBe(8_000);
    expect(backoffDelay(20, 1_000, 60_000, () => 1)).toBe(60_000);
  });

  it('counts attempts until the link is up, never waiting less than the service asked', () => {
    const { sup } = setup();
    expect([1, 2, 3, 4, 5].map(() => sup.nextWait())).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(sup.nextWait(30_000)).toBe(30_000);
    sup.up();
    expect(sup.nextWait()).toBe(1_000);
  });

  it('gives up once an outage, give_up_after from its first down, and an up in time ends it', async () => {
    const { clock, fatal, sup } = setup();
    sup.down();
    await clock.sleep(30_000);
    sup.down();
    expect(sup.downSince).toBe(0);
    await clock.sleep(29_000);
    expect(fatal).toEqual([]);
    await clock.sleep(1_000);
    expect(fatal).toEqual([60_000]);
    sup.down();
    await clock.sleep(120_000);
    expect(fatal).toHaveLength(1);
    // Up again, then a new outage: a new count.
    sup.up();
    expect(sup.downSince).toBeUndefined();
    sup.down();
    await clock.sleep(59_000);
    sup.up();
    await clock.sleep(60_000);
    expect(fatal).toHaveLength(1);
  });

  it('holds the count for a cause a restart cannot fix, and fires at the next down if it is by then due', async () => {
    const { clock, fatal, sup } = setup();
    sup.hold();
    await clock.sleep(120_000);
    expect(fatal).toEqual([]);
    sup.down();
    await clock.sleep(10_000);
    sup.hold();
    await clock.sleep(100_000);
    expect(fatal).toEqual([]);
    sup.down();
    expect(fatal).toEqual([110_000]);
  });

  it('runs one pending retry at a time, a tick every period, and stop ends every wait at once', async () => {
    const { clock, sup } = setup();
    const ran: string[] = [];
    sup.retryIn(5_000, () => ran.push('first'));
    sup.retryIn(1_000, () => ran.push('second'));
    expect(sup.retryPending).toBe(true);
    sup.every(2_000, () => ran.push('tick'));
    await clock.sleep(1_000);
    await clock.sleep(1_000);
    await clock.sleep(3_000);
    expect(ran).toEqual(['second', 'tick', 'tick']);
    expect(sup.retryPending).toBe(false);
    let woke = false;
    const w = sup.wait(60_000).then(() => (woke = true));
    sup.stop();
    await w;
    expect(woke).toBe(true);
    await clock.sleep(10_000);
    expect(ran).toEqual(['second', 'tick', 'tick']);
    sup.down();
    expect(sup.downSince).toBeUndefined();
  });
});
