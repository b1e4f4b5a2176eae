// How a platform's connection history is read from real-format gateway.log lines: the queued-for-retry list, outages
// and their retry noise, the latest error, and whether that error says the servers cannot be reached.
import { describe, expect, it } from 'vitest';
import {
  isUnreachableError,
  latestError,
  nextRetryAt,
  parseQueuedForRetry,
  QQ_RETRY_QUIET_MS,
  readOutages,
  retryingUnreachable,
  RETRY_QUIET_MS,
} from '../../src/detectors/outages.js';
import { parseLogText } from '../../src/probes/log-parse.js';
import { fixtureText, localTime } from '../helpers/evidence.js';

const HEAD = 'Gateway started with no connected platforms — ';

describe('parseQueuedForRetry', () => {
  it('reads `<platform>: <error>` entries joined with "; "', () => {
    expect(
      parseQueuedForRetry(
        `${HEAD}1 platform(s) queued for retry: qqbot: QQ startup failed: Failed to get QQ Bot access token: All connection attempts failed`,
      ),
    ).toEqual([
      {
        platform: 'qqbot',
        error: 'QQ startup failed: Failed to get QQ Bot access token: All connection attempts failed',
      },
    ]);
    expect(
      parseQueuedForRetry(
        `${HEAD}2 platform(s) queued for retry: feishu: [Errno -3] Temporary failure in name resolution; qqbot: failed to connect`,
      ),
    ).toEqual([
      { platform: 'feishu', error: '[Errno -3] Temporary failure in name resolution' },
      { platform: 'qqbot', error: 'failed to connect' },
    ]);
  });

  it('keeps a "; " inside an error text in that entry: only a platform id after it starts a new one', () => {
    const msg = `${HEAD}2 platform(s) queued for retry: telegram: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running; reason: 409; qqbot: failed to connect`;
    expect(parseQueuedForRetry(msg)).toEqual([
      {
        platform: 'telegram',
        error:
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running; reason: 409',
      },
      { platform: 'qqbot', error: 'failed to connect' },
    ]);
    // A platform Hermes does not ship splits too, when the run knows it.
    expect(
      parseQueuedForRetry(`${HEAD}2 platform(s) queued for retry: qqbot: boom; myplug: down`, ['myplug'])!.map(
        (e) => e.platform,
      ),
    ).toEqual(['qqbot', 'myplug']);
    expect(parseQueuedForRetry(`${HEAD}1 platform(s) queued for retry: qqbot: boom; myplug: down`)).toEqual([
      { platform: 'qqbot', error: 'boom; myplug: down' },
    ]);
  });

  it('is null for any other line', () => {
    expect(parseQueuedForRetry('Gateway running with 2 platform(s)')).toBeNull();
  });
});

// Issue 35 item 11: when Hermes' runner watcher retries a queued platform next (30 s after the watcher starts, then
// as each failure says), so a restart's verification can wait for that retry.
describe('nextRetryAt', () => {
  const upTo = (name: string, until: string) =>
    parseLogText(fixtureText(name)).filter((r) => r.line.slice(0, 23) <= until);
  const ms = (local: string) => localTime(local.slice(0, 19)) + Number(local.slice(20));

  it('30 s after the watcher started, before its first attempt', () => {
    expect(nextRetryAt(upTo('qq-queued-retry.log', '2026-07-05 09:00:02,738'), 'qqbot')).toBe(
      ms('2026-07-05 09:00:01,734') + 30_000,
    );
  });

  it('what the last failure scheduled: "next retry in 60s"', () => {
    expect(nextRetryAt(upTo('qq-queued-retry.log', '2026-07-05 09:01:00,000'), 'qqbot')).toBe(
      ms('2026-07-05 09:00:31,771') + 60_000,
    );
    expect(nextRetryAt(upTo('qq-is-reconnect.log', '2026-07-08 07:02:00,000'), 'qqbot')).toBe(
      ms('2026-07-08 07:01:33,262') + 120_000,
    );
  });

  it('an attempt under way is due now; a platform reconnected, or one Hermes never queued, has none', () => {
    expect(nextRetryAt(upTo('qq-queued-retry.log', '2026-07-05 09:01:32,000'), 'qqbot')).toBe(
      ms('2026-07-05 09:01:31,783'),
    );
    expect(nextRetryAt(upTo('qq-queued-retry.log', '2026-07-05 09:01:40,000'), 'qqbot')).toBeUndefined();
    expect(nextRetryAt(upTo('qq-queued-retry.log', '2026-07-05 09:01:00,000'), 'feishu')).toBeUndefined();
  });
});

describe('readOutages', () => {
  it('one outage per drop: the `WebSocket error` after each failed reconnect (v0.17) is noise, not a drop', () => {
    const records = parseLogText(fixtureText('qq-refused.log'));
    const outages = readOutages(records, { assumeConnected: false });
    expect(outages).toHaveLength(1);
    const [x] = outages;
    expect(x!.platform).toBe('qqbot');
    expect(x!.atStartup).toBe(false);
    expect(x!.start.message).toBe('[QQBot:102345678] WebSocket error: WebSocket closed');
    expect(x!.errors).toHaveLength(6);
    expect(latestError(x!)!.record.line).toContain('10:23:02,030');
    expect(x!.lastActivity.message).toBe('[QQBot:102345678] Reconnecting in 60s (attempt 7)...');
    expect(x!.end).toBeUndefined();
  });

  it('a startup failure queued for retry, then the watcher reconnects it', () => {
    const outages = readOutages(parseLogText(fixtureText('qq-queued-retry.log')), { assumeConnected: false });
    expect(outages).toHaveLength(1);
    const [x] = outages;
    expect(x!.atStartup).toBe(true);
    expect(x!.errors.map((e) => e.text)).toEqual([
      'Failed to get QQ Bot access token: All connection attempts failed',
      '',
      'QQ startup failed: Failed to get QQ Bot access token: All connection attempts failed',
      'Failed to get QQ Bot access token: All connection attempts failed',
      '',
    ]);
    expect(x!.end!.message).toBe('[QQBot:102345678] WebSocket connected to wss://api.sgroup.qq.com/websocket');
  });

  it('routine 4009 cycles are outages that end within seconds', () => {
    const outages = readOutages(parseLogText(fixtureText('qq-4009-resumed.log')), { assumeConnected: false });
    expect(outages).toHaveLength(7);
    for (const x of outages) expect(x.end!.ts - x.start.ts).toBeLessThan(3_000);
  });

  it('shutdown disconnects are not outages', () => {
    expect(readOutages(parseLogText(fixtureText('planned-stop.log')), { assumeConnected: false })).toEqual([]);
  });
});

describe('can a restart help?', () => {
  it.each([
    ['Failed to get QQ Bot gateway URL: [Errno -3] Temporary failure in name resolution', true],
    [
      'Failed to get QQ Bot gateway URL: Cannot connect to host api.sgroup.qq.com:443 ssl:default [Temporary failure in name resolution]',
      true,
    ],
    ['Failed to get QQ Bot access token: All connection attempts failed', true],
    ["Cannot connect to host 127.0.0.1:8443 ssl:default [Connect call failed ('127.0.0.1', 8443)]", true],
    ['[Errno 111] Connection refused', true],
    ['Failed to get QQ Bot access token: ReadTimeout', true],
    ['telegram connect timed out after 180s', true],
    ["Server error '503 Service Unavailable' for url 'https://api.sgroup.qq.com/gateway'", true],
    [
      "Failed to get QQ Bot gateway URL: Client error '401 Unauthorized' for url 'https://api.sgroup.qq.com/gateway'",
      false,
    ],
    ["Client error '403 Forbidden' for url 'https://bots.qq.com/app/getAppAccessToken'", false],
    ["QQAdapter.connect() got an unexpected keyword argument 'is_reconnect'", false],
    ['failed to connect', false],
  ])('%s → unreachable: %s', (text, want) => expect(isUnreachableError(text)).toBe(want));

  const refused = () => readOutages(parseLogText(fixtureText('qq-refused.log')), { assumeConnected: false })[0]!;

  it("held while Hermes retries, not once it went quiet (QQ's loop: 3 min; the runner's watcher: 10 min)", () => {
    const x = refused();
    expect(retryingUnreachable(x, x.lastActivity.ts + 60_000)?.text).toBe(
      'Failed to get QQ Bot access token: All connection attempts failed',
    );
    expect(retryingUnreachable(x, x.lastActivity.ts + QQ_RETRY_QUIET_MS + 1)).toBeUndefined();
    // The startup's outage before the network came back: retried by the runner's watcher (up to 300 s apart).
    const [queued] = readOutages(
      parseLogText(fixtureText('qq-queued-retry.log')).filter((r) => r.ts < localTime('2026-07-05 09:01')),
      { assumeConnected: false },
    );
    expect(queued!.lastActivity.message).toBe('Reconnect qqbot failed, next retry in 60s');
    expect(retryingUnreachable(queued, queued!.lastActivity.ts + 5 * 60_000)).toBeDefined();
    expect(retryingUnreachable(queued, queued!.lastActivity.ts + RETRY_QUIET_MS + 1)).toBeUndefined();
  });

  it('not held once Hermes gives up: the QQ loop, or the runner dropping it from its retry queue', () => {
    const text = fixtureText('qq-refused.log');
    for (const quit of [
      '2026-07-05 10:24:02,056 ERROR gateway.platforms.qqbot.adapter: [QQBot:102345678] Max reconnect attempts reached',
      '2026-07-05 10:24:02,056 WARNING gateway.run: Reconnect qqbot: non-retryable error (qq_connect_error), removing from retry queue',
    ]) {
      const [x] = readOutages(parseLogText(`${text}${quit}\n`), { assumeConnected: false });
      expect(x!.gaveUp!.line).toBe(quit);
      expect(retryingUnreachable(x, x!.gaveUp!.ts + 1_000)).toBeUndefined();
    }
  });
});
