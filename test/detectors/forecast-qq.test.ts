// QQ's forecasts, on gateway.log lines in the exact shape the real v0.20.2 gateway wrote them (hermes-gateway.md §4.1,
// test/fixtures/hermes/real-v0.20.2-lifecycle.log), timed by a fake clock: the give-up ladder (100 attempts, one a
// minute past the backoff's ramp) forecast with the attempt reached and the time left, withdrawn when QQ reconnects.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { wordFinding } from '../../src/i18n.js';
import { formatRecord } from '../../src/demo/hermes-log.js';
import type { Finding } from '../../src/types.js';
import { manualClock, type ManualClock } from '../helpers/clock.js';
import { buildEvidence, SETTINGS, stateFile } from '../helpers/evidence.js';

const QQ = 'gateway.platforms.qqbot.adapter';
const TAG = '[QQBot:102000111]';
const FAILED = `${TAG} Reconnect failed: Failed to get QQ Bot gateway URL: All connection attempts failed`;

/** A gateway.log written on a fake clock. */
function gatewayLog(clock: ManualClock) {
  const lines: string[] = [];
  const log = (level: 'INFO' | 'WARNING' | 'ERROR', logger: string, message: string) =>
    lines.push(formatRecord(clock.now(), level, logger, message));
  const qq = (level: 'INFO' | 'WARNING' | 'ERROR', message: string) => log(level, QQ, message);
  return {
    lines,
    log,
    qq,
    async start() {
      log('INFO', 'gateway.run', 'Starting Hermes Gateway...');
      qq('INFO', `${TAG} Access token refreshed, expires in 6832s`);
      qq('INFO', `${TAG} WebSocket connected to wss://api.sgroup.qq.com/websocket`);
      log('INFO', 'gateway.run', '✓ qqbot connected');
      log('INFO', 'gateway.run', 'Gateway running with 1 platform(s)');
      qq('INFO', `${TAG} Ready, session_id=17b98d0c-a1e1-4f38-a412-ac669efda71d`);
    },
    /** QQ's servers gone: `attempts` failed attempts on QQ's backoff (2, 5, 10, 30, then 60 s). */
    async outage(attempts: number) {
      qq('WARNING', `${TAG} WebSocket error: WebSocket closed`);
      for (let k = 1; k <= attempts; k++) {
        const wait = [2, 5, 10, 30][k - 1] ?? 60;
        qq('INFO', `${TAG} Reconnecting in ${wait}s (attempt ${k})...`);
        await clock.sleep(wait * 1000 + 4);
        if (k < attempts) {
          qq('WARNING', FAILED);
          qq('WARNING', `${TAG} WebSocket error: WebSocket closed`);
        }
      }
    },
  };
}

function judge(clock: ManualClock, lines: string[]): Finding[] {
  const ev = buildEvidence({
    text: `${lines.join('\n')}\n`,
    state: stateFile('running', { qqbot: 'disconnected' }),
    overrides: { now: clock.now() },
  });
  return runDetectors(ev, SETTINGS).filter((f) => f.check === 'forecast');
}

async function ladder(attempts: number, after = 20_000) {
  const clock = manualClock(Date.parse('2026-11-25T09:00:00Z'));
  const g = gatewayLog(clock);
  await g.start();
  await clock.sleep(3_600_000);
  await g.outage(attempts);
  await clock.sleep(after);
  return { clock, g, found: () => judge(clock, g.lines) };
}

describe('forecast.qq_giveup', () => {
  it('QQ on attempt 37 of 100, one a minute: Hermes gives up in about an hour, in words in both locales', async () => {
    const { found } = await ladder(37);
    const [f] = found();
    expect(f).toMatchObject({ check: 'forecast', cause: 'qq_giveup', severity: 'warning', restart: 'wait' });
    expect(f!.platform).toBeUndefined();
    // 63 more attempts of 60 s after this one's own 60 s wait, 20 s of which have gone.
    expect(f!.title).toBe('QQ has been reconnecting for 35 min (attempt 37 of 100): Hermes gives up in about 1 h');
    expect(f!.explanation).toContain('retries about every 1 min and stops after its 100th attempt');
    expect(f!.evidence).toHaveLength(2);
    expect(f!.evidence[0]).toMatch(/Reconnecting in 2s \(attempt 1\)\.\.\.$/);
    expect(f!.evidence[1]).toMatch(/Reconnecting in 60s \(attempt 37\)\.\.\.$/);
    const zh = wordFinding('zh-CN', f!);
    expect(zh.title).toBe('QQ 已重连 35 分钟（第 37/100 次尝试）：约 1 小时后 Hermes 将放弃');
  });

  it('the time left shrinks as the ladder climbs: attempt 90 gives up in about 10 min', async () => {
    const { found } = await ladder(90);
    expect(found()[0]!.title).toMatch(/\(attempt 90 of 100\): Hermes gives up in about 10 min$/);
  });

  it("a routine reconnect (the real gateway's 5 attempts, back at the 60-s step) is no ladder, nor an outage under 10 min", async () => {
    expect((await ladder(5)).found()).toEqual([]);
    // Attempt 12, 9 min in: platform_down says the outage; the give-up is 90 min away.
    expect((await ladder(12)).found()).toEqual([]);
    expect((await ladder(13)).found()).toHaveLength(1);
  });

  it('is withdrawn when QQ reconnects', async () => {
    const { clock, g, found } = await ladder(37);
    expect(found()).toHaveLength(1);
    g.qq('INFO', `${TAG} WebSocket connected to wss://api.sgroup.qq.com/websocket`);
    g.qq('INFO', `${TAG} Reconnected`);
    await clock.sleep(1000);
    expect(found()).toEqual([]);
  });

  it('says nothing once Hermes gave up (qq_reconnect_exhausted says that) or its loop went quiet', async () => {
    const gave = await ladder(40);
    gave.g.qq('ERROR', `${TAG} Max reconnect attempts reached`);
    expect(gave.found()).toEqual([]);
    expect((await ladder(40, 4 * 60_000)).found()).toEqual([]);
  });

  it('past its due time, the forecast lapses: it closes without a word', async () => {
    const { clock, found } = await ladder(99);
    expect(found()[0]!.lapsed).toBeUndefined();
    // The last attempt's line is still fresh (under 3 min), but the give-up it forecast is due.
    await clock.sleep(60_000);
    expect(found()[0]!.lapsed).toBe(true);
  });
});
