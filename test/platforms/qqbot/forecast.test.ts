// QQ's forecasts, on gateway.log lines in the exact shape the real v0.20.2 gateway wrote them (hermes-gateway.md §4.1,
// test/fixtures/hermes/real-v0.20.2-lifecycle.log), timed by a fake clock: the give-up ladder (100 attempts, one a
// minute past the backoff's ramp) forecast with the attempt reached and the time left, withdrawn when QQ reconnects;
// the 4009 rate over hours against QQ's routine one, withdrawn when it falls back.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../../src/detectors/index.js';
import { wordEvidence, wordFinding } from '../../../src/i18n.js';
import { platformsUp } from '../../../src/history/observation.js';
import { formatRecord } from '../../../src/demo/hermes-log.js';
import { parseLogText } from '../../../src/probes/log-parse.js';
import type { Finding } from '../../../src/types.js';
import { manualClock, type ManualClock } from '../../helpers/clock.js';
import { buildEvidence, SETTINGS, stateFile } from '../../helpers/evidence.js';

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

function judge(clock: ManualClock, lines: string[], settings = SETTINGS): Finding[] {
  const ev = buildEvidence({
    text: `${lines.join('\n')}\n`,
    state: stateFile('running', { qqbot: 'disconnected' }),
    overrides: { now: clock.now() },
  });
  return runDetectors(ev, settings).filter((f) => f.check === 'forecast');
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
    // QQ's own ladder: a platform finding (issue 50 item 4), which marks no outage of its own (history, platform_up).
    expect(f!.platform).toBe('qqbot');
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

  it('past its due time, the forecast is still said (due now), not closed without a word (issue 54 item 5)', async () => {
    const { clock, found } = await ladder(99);
    expect(found()[0]!.text?.key).toBe('finding.forecast.qq_giveup');
    // The last attempt's line is still fresh (under 3 min), but the give-up it forecast is due.
    await clock.sleep(60_000);
    const [f] = found();
    expect(f!.lapsed).toBeUndefined();
    expect(f!.title).toMatch(/^QQ has been reconnecting for .+ \(attempt 99 of 100\): Hermes gives up now$/);
  });
});

/**
 * QQ's session closed with 4009 every `everySec` for `minutes`, each resumed 2 s later as the real v0.17 gateway did it
 * (test/fixtures/hermes/real-v0.17-routine-4009.log), then `quietMin` minutes of nothing.
 */
async function kicks(
  g: ReturnType<typeof gatewayLog>,
  clock: ManualClock,
  everySec: number,
  minutes: number,
  tag = TAG,
) {
  for (let t = 0; t < minutes * 60; t += everySec) {
    g.qq('WARNING', `${tag} WebSocket closed: code=4009 reason=Session timed out`);
    g.qq('INFO', `${tag} Reconnecting in 2s (attempt 1)...`);
    await clock.sleep(2_010);
    g.qq('INFO', `${tag} WebSocket connected to wss://api.sgroup.qq.com/websocket`);
    g.qq('INFO', `${tag} Reconnected`);
    g.qq('INFO', `${tag} Session resumed`);
    await clock.sleep(everySec * 1000 - 2_010);
  }
}

async function cadence(parts: [everySec: number, minutes: number][], tag = TAG) {
  const clock = manualClock(Date.parse('2026-11-25T06:00:00Z'));
  const g = gatewayLog(clock);
  await g.start();
  await clock.sleep(10 * 60_000);
  for (const [every, minutes] of parts) {
    if (every) await kicks(g, clock, every, minutes, tag);
    else await clock.sleep(minutes * 60_000);
  }
  return { clock, g, found: (settings = SETTINGS) => judge(clock, g.lines, settings) };
}

describe('forecast.qq_4009 at its boundaries and past them (issue 54 item 5)', () => {
  it('from routine to a close a minute within the hour: said as the rate now, neither "already there" nor averaged away', async () => {
    const [f] = (
      await cadence([
        [1800, 180],
        [60, 45],
      ])
    ).found();
    expect(f!.text?.key).toBe('finding.forecast.qq_4009.now');
    expect(f!.title).toBe('QQ drops its session 60 times an hour (one every 1 min) now: 30× its routine rate');
  });

  it('the rule for now at its boundary: nine closes in the half hour say nothing, ten say it', async () => {
    expect((await cadence([[180, 27]])).found()).toEqual([]);
    expect((await cadence([[180, 30]])).found().map((f) => f.text?.key)).toEqual(['finding.forecast.qq_4009.now']);
  });

  it('a climb past one a minute (a close every 40 s now) is said, not silenced for being past the forecast', async () => {
    const [f] = (
      await cadence([
        [1800, 60],
        [900, 45],
        [450, 30],
        [200, 20],
        [100, 15],
        [40, 20],
      ])
    ).found();
    expect(f).toBeDefined();
    // Over its last half hour: ten minutes of a close every 100 s, twenty of one every 40 s.
    expect(f!.title).toMatch(/^QQ drops its session 72 times an hour \(one every 50 s\) now/);
  });
});

describe('forecast.qq_4009 says its rate as a rate, now and routine (issue 60 item 4)', () => {
  it('a close every 20 s for 40 min: 180 an hour now, not "every 1 min", against the routine 2 an hour, in both locales', async () => {
    const [f] = (await cadence([[20, 40]])).found();
    expect(f!.text?.key).toBe('finding.forecast.qq_4009.now');
    expect(f!.title).toBe('QQ drops its session 180 times an hour (one every 20 s) now: 90× its routine rate');
    expect(f!.explanation).toContain(
      "90 times in the last 30 min: 180 times an hour (one every 20 s), where the routine is 2 times an hour (one every 30 min) per session (QQ's own for an idle session, Hermes #39928).",
    );
    const zh = wordFinding('zh-CN', f!);
    expect(zh.title).toBe('QQ 会话现在断开每小时 180 次（每 20 秒一次）：是正常频率的 90 倍');
    expect(zh.explanation).toContain(
      '：每小时 180 次（每 20 秒一次），而正常频率是每个会话每小时 2 次（每 30 分钟一次）',
    );
  });

  it('the same for two hours: the rate, the routine and how long it has lasted (no time left is known)', async () => {
    const [f] = (await cadence([[20, 130]])).found();
    expect(f!.text?.key).toBe('finding.forecast.qq_4009');
    expect(f!.title).toBe('QQ drops its session 180 times an hour (one every 20 s) for 2 h: 90× its routine rate');
    expect(wordEvidence('zh-CN', f!).at(-1)).toBe(
      '2 小时内 360 次 4009 断开：每小时 180 次（每 20 秒一次）；正常：每个会话每小时 2 次（每 30 分钟一次）（QQ 对空闲会话的正常频率，Hermes #39928）',
    );
  });

  it("under a shortened zombie_after the routine said is the config's cycle, not QQ's own", async () => {
    const [f] = (await cadence([[5, 20]])).found({ ...SETTINGS, zombieAfterMs: 60_000 });
    expect(f!.explanation).toContain(
      "where the routine is 120 times an hour (one every 30 s) per session (the cycle gatewatch's settings give QQ)",
    );
  });
});

describe.each([
  ['the real lines, tagged with the app id', TAG],
  ['a bot without an app id: a bare [QQBot] tag', '[QQBot]'],
])('forecast.qq_4009 against the cycle the config expects: %s', (_, tag) => {
  // The demo and the chaos soak run QQ's cycle in compressed time (a 4009 every 20 s, `zombie_after: 60s`): the
  // operator said the routine cycle is about half of zombie_after, so that cadence is routine there, not 90× it.
  const compressed = { ...SETTINGS, zombieAfterMs: 60_000 };

  it('a close every 20 s for 40 min under zombie_after 60s is routine: nothing said', async () => {
    expect((await cadence([[20, 40]], tag)).found(compressed)).toEqual([]);
  });

  it('six times that cycle (a close every 5 s) is said, against the routine rate the config gives', async () => {
    const [f] = (await cadence([[5, 20]], tag)).found(compressed);
    expect(f!.text?.key).toBe('finding.forecast.qq_4009.now');
    expect(f!.title).toMatch(/now: 6× its routine rate$/);
  });

  it("the default zombie_after (60 min) keeps QQ's own routine, one close per 30 min", async () => {
    expect((await cadence([[20, 40]], tag)).found().map((f) => f.text?.key)).toEqual(['finding.forecast.qq_4009.now']);
  });
});

describe('forecast.qq_4009', () => {
  it('a close a minute for two hours (#19648), against the routine one per 30 min: how often, how long, no time invented', async () => {
    const [f] = (await cadence([[60, 120]])).found();
    expect(f).toMatchObject({
      check: 'forecast',
      cause: 'qq_4009',
      platform: 'qqbot',
      severity: 'warning',
      restart: 'wait',
    });
    expect(f!.title).toBe('QQ drops its session 60 times an hour (one every 1 min) for 2 h: 30× its routine rate');
    expect(f!.explanation).toContain('with 4009 120 times over the last 2 h: 60 times an hour (one every 1 min)');
    expect(wordEvidence('en', f!).at(-1)).toBe(
      "120 closes with 4009 in 2 h: 60 times an hour (one every 1 min); routine: 2 times an hour (one every 30 min) per session (QQ's own for an idle session, Hermes #39928)",
    );
    expect(wordFinding('zh-CN', f!).title).toBe(
      'QQ 会话断开每小时 60 次（每 1 分钟一次），已持续 2 小时：是正常频率的 30 倍',
    );
  });

  it("names QQ as its platform, and QQ's availability stays up: each close was resumed (issue 50 item 4)", async () => {
    const { clock, g } = await cadence([[60, 120]]);
    const ev = buildEvidence({
      text: `${g.lines.join('\n')}\n`,
      state: stateFile('running', { qqbot: 'connected' }),
      overrides: { now: clock.now() },
    });
    const found = runDetectors(ev, SETTINGS);
    expect(found.find((f) => f.check === 'forecast')).toMatchObject({ cause: 'qq_4009', platform: 'qqbot' });
    expect(platformsUp(ev, found)).toEqual({ qqbot: true });
  });

  it("reads agent.log's closes kept over hours: the rate holds across the gateway's restart", async () => {
    const { clock, g } = await cadence([[60, 90]]);
    const before = g.lines.length;
    // A restart: the new run has half an hour of the same; agent.log kept the hour and a half before it.
    const after = gatewayLog(clock);
    await after.start();
    await kicks(after, clock, 60, 30);
    const hours = parseLogText(`${g.lines.slice(0, before).join('\n')}\n`).filter((r) => / code=4009 /.test(r.message));
    const ev = buildEvidence({
      text: `${after.lines.join('\n')}\n`,
      state: stateFile('running', { qqbot: 'connected' }),
      overrides: {
        now: clock.now(),
        hermes: { version: { source: 'none', generation: 'current', restampsUpdatedAt: false }, hours },
      },
    });
    const [f] = runDetectors(ev, SETTINGS).filter((x) => x.check === 'forecast');
    expect(f!.title).toMatch(/^QQ drops its session 60 times an hour \(one every 1 min\) for 2 h/);
    // The run alone (half an hour of it) says the rate it is at now, though not for how long (issue 54 item 5).
    expect(judge(clock, after.lines).map((x) => x.title)).toEqual([
      'QQ drops its session 60 times an hour (one every 1 min) now: 30× its routine rate',
    ]);
  });

  it("the routine rate, the real gateway's six closes a minute apart, and one burst an hour ago say nothing", async () => {
    expect((await cadence([[1800, 360]])).found()).toEqual([]);
    expect((await cadence([[60, 6]])).found()).toEqual([]);
    expect(
      (
        await cadence([
          [60, 20],
          [1800, 90],
        ])
      ).found(),
    ).toEqual([]);
  });

  it('is withdrawn when the closes stop, or fall back to the routine rate for half an hour', async () => {
    const running = await cadence([[60, 120]]);
    expect(running.found()).toHaveLength(1);
    expect(
      (
        await cadence([
          [60, 120],
          [0, 11],
        ])
      ).found(),
    ).toEqual([]);
    expect(
      (
        await cadence([
          [60, 120],
          [1800, 31],
        ])
      ).found(),
    ).toEqual([]);
  });
});

/**
 * QQ's 4009s climbing from the routine rate (issue 50 item 6c): each interval `factor` of the one before, from
 * `fromSec`, down to `toSec`, each close resumed 2 s later; then the clock stands `afterMin` minutes after the last.
 * `tag`: the adapter's tag (with its app id, or bare `[QQBot]` when it has none, §4.1).
 */
async function climbing(o: { fromSec: number; toSec: number; factor: number; tag?: string; afterMin?: number }) {
  const clock = manualClock(Date.parse('2026-11-25T00:00:00Z'));
  const g = gatewayLog(clock);
  await g.start();
  const tag = o.tag ?? TAG;
  await clock.sleep(5 * 60_000);
  for (let every = o.fromSec; every >= o.toSec; every *= o.factor) {
    g.qq('WARNING', `${tag} WebSocket closed: code=4009 reason=Session timed out`);
    g.qq('INFO', `${tag} Reconnecting in 2s (attempt 1)...`);
    await clock.sleep(2_010);
    g.qq('INFO', `${tag} Reconnected`);
    g.qq('INFO', `${tag} Session resumed`);
    await clock.sleep(every * 1000 - 2_010);
  }
  // The last interval is still open: `afterMin` past the last close's own interval start.
  await clock.sleep((o.afterMin ?? 0) * 60_000);
  const ev = buildEvidence({
    text: `${g.lines.join('\n')}\n`,
    state: stateFile('running', { qqbot: 'connected' }),
    overrides: { now: clock.now() },
  });
  return runDetectors(ev, SETTINGS).filter((f) => f.check === 'forecast');
}

describe('forecast.qq_4009 climbing over hours (a forecast with the time left)', () => {
  for (const [name, tag] of [
    ['the real lines, tagged with the app id', TAG],
    ['a bot without an app id: a bare [QQBot] tag', '[QQBot]'],
  ] as const)
    it(`from one per 30 min to one per 5 min over ~6 h: when it reaches one a minute, QQ's: ${name}`, async () => {
      const [f] = await climbing({ fromSec: 1800, toSec: 290, factor: 0.93, tag });
      expect(f).toMatchObject({ check: 'forecast', cause: 'qq_4009', platform: 'qqbot', restart: 'wait' });
      expect(f!.text!.key).toBe('finding.forecast.qq_4009.climb');
      expect(f!.title).toMatch(
        /^QQ drops its session more and more often: 1\d times an hour \(one every [56] min\) now, one a minute in about [4-6] h/,
      );
      expect(f!.explanation).toMatch(
        /2(?:\.\d)? times an hour \(one every 30 min\) at first, 1\d times an hour \(one every [56] min\) now, where the routine is 2 times an hour \(one every 30 min\) per session/,
      );
      expect(wordFinding('zh-CN', f!).title).toMatch(
        /^QQ 会话断开越来越频繁：现在每小时 1\d 次（每 [56] 分钟一次），约 [4-6] 小时后将达到每分钟一次/,
      );
    });

  it('the routine rate with its jitter (20 to 40 min) for 12 h, and a climb that stopped an hour ago, say nothing', async () => {
    const clock = manualClock(Date.parse('2026-11-25T00:00:00Z'));
    const g = gatewayLog(clock);
    await g.start();
    const jitter = [20, 40, 25, 35, 30, 22, 38, 28, 33, 27];
    for (let i = 0; i < 24; i++) {
      g.qq('WARNING', `${TAG} WebSocket closed: code=4009 reason=Session timed out`);
      g.qq('INFO', `${TAG} Session resumed`);
      await clock.sleep(jitter[i % jitter.length]! * 60_000);
    }
    const ev = buildEvidence({
      text: `${g.lines.join('\n')}\n`,
      state: stateFile('running', { qqbot: 'connected' }),
      overrides: { now: clock.now() },
    });
    expect(runDetectors(ev, SETTINGS).filter((f) => f.check === 'forecast')).toEqual([]);
    expect(await climbing({ fromSec: 1800, toSec: 290, factor: 0.93, afterMin: 60 })).toEqual([]);
  });

  it('the give-up, the token and the rate forecasts all name QQ as their platform', async () => {
    const [f] = (await cadence([[60, 120]])).found();
    expect(f!.platform).toBe('qqbot');
  });
});

const TOKEN_FAILED = `${TAG} Reconnect failed: Failed to get QQ Bot access token: [Errno -3] Temporary failure in name resolution`;

/** The token refreshed at the start (`expires in 7200s`), QQ dropped `after` min later and each reconnect fails on the token. */
async function tokenTrouble(failures: number, after = 95) {
  const clock = manualClock(Date.parse('2026-11-25T09:00:00Z'));
  const g = gatewayLog(clock);
  g.log('INFO', 'gateway.run', 'Starting Hermes Gateway...');
  g.qq('INFO', `${TAG} Access token refreshed, expires in 7200s`);
  g.log('INFO', 'gateway.run', '✓ qqbot connected');
  await clock.sleep(after * 60_000);
  g.qq('WARNING', `${TAG} WebSocket error: WebSocket closed`);
  for (let k = 1; k <= failures; k++) {
    const wait = [2, 5, 10, 30][k - 1] ?? 60;
    g.qq('INFO', `${TAG} Reconnecting in ${wait}s (attempt ${k})...`);
    await clock.sleep(wait * 1000 + 20);
    g.qq('WARNING', TOKEN_FAILED);
  }
  await clock.sleep(10_000);
  return { clock, g, found: () => judge(clock, g.lines) };
}

describe('forecast.qq_token', () => {
  it("the token's logged lifetime with its refreshes failing: when it expires, in words, and why no new one comes", async () => {
    const { found } = await tokenTrouble(3);
    const [f] = found();
    expect(f).toMatchObject({
      check: 'forecast',
      cause: 'qq_token',
      platform: 'qqbot',
      severity: 'warning',
      restart: 'wait',
    });
    // 7200 s after 09:00 is 11:00; it is 10:35 now.
    expect(f!.title).toBe("QQ's access token expires in about 25 min, and Hermes cannot get a new one");
    expect(f!.explanation).toContain('3 tries to get a new one failed');
    expect(f!.explanation).toContain('(the latest: [Errno -3] Temporary failure in name resolution)');
    expect(f!.evidence[0]).toMatch(/Access token refreshed, expires in 7200s$/);
    expect(wordFinding('zh-CN', f!).title).toBe('QQ 的 access token 约 25 分钟后过期，而 Hermes 拿不到新的');
  });

  it("one failed fetch is no trend; an end over half an hour away is the outage's to say (Hermes fetches at every reconnect)", async () => {
    expect((await tokenTrouble(1)).found()).toEqual([]);
    expect((await tokenTrouble(3, 85)).found()).toEqual([]);
  });

  it('is withdrawn when a refresh succeeds; once the token has expired with fetches still failing, says so', async () => {
    const back = await tokenTrouble(3);
    back.g.qq('INFO', `${TAG} Access token refreshed, expires in 7200s`);
    expect(back.found()).toEqual([]);
    const late = await tokenTrouble(3);
    await late.clock.sleep(26 * 60_000);
    late.g.qq('WARNING', TOKEN_FAILED);
    const [f] = late.found();
    expect(f!.lapsed).toBeUndefined();
    expect(f!.title).toMatch(/^QQ's access token expired .+ ago, and Hermes still cannot get a new one$/);
  });
});
