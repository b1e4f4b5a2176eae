// The Telegram channel's parts that are plain functions: who gets alerts, Telegram's refusals sorted, the conflict
// notice in the reader's words, and the health line.
import { describe, expect, it } from 'vitest';
import { receivers } from '../../../src/chats/telegram/alerts.js';
import { conflictNotice } from '../../../src/chats/telegram/conflict.js';
import { telegramHealth } from '../../../src/chats/telegram/health.js';
import { DEFAULT_POLL_TIMINGS, type PollStatus } from '../../../src/chats/telegram/poll.js';
import { failureOf } from '../../../src/chats/telegram/send.js';
import { refusalOf } from '../../../src/chats/telegram/bot-api.js';
import type { Operator } from '../../../src/types.js';

const TOKEN = '123456789:AAE-gatewatch-test-token-0123456789ab';
const scrub = (s: string) => s.split(TOKEN).join('***');
const refusal = (error_code: number, description: string, parameters: Record<string, number> = {}) =>
  refusalOf(error_code === 429 ? 429 : 400, { ok: false, error_code, description, parameters } as never);

describe('receivers', () => {
  const ops: Operator[] = [
    { name: 'alice', role: 'admin', telegram_id: 111 },
    { name: 'bob', role: 'viewer' },
  ] as Operator[];
  it('alert_to when given, else each operator with a telegram_id in a private chat', () => {
    expect(receivers([{ chat_id: '-1001' }, { chat_id: '@ops' }], ops)).toEqual(['-1001', '@ops']);
    expect(receivers([], ops)).toEqual(['111']);
    expect(receivers([], [])).toEqual([]);
  });
});

describe('a refusal, by the one rule of bot-api.ts', () => {
  it('is for good when the token, the bot or the chat is refused; a 5xx is not', () => {
    expect(refusal(401, 'Unauthorized').permanent).toBe(true);
    expect(refusal(404, 'Not Found').permanent).toBe(true);
    expect(refusal(400, 'Bad Request: chat not found').permanent).toBe(true);
    expect(refusalOf(502, undefined, '<html>Bad   gateway</html>')).toMatchObject({
      detail: 'HTTP 502',
      body: '<html>Bad gateway</html>',
    });
    expect(refusalOf(502, undefined)).not.toHaveProperty('permanent');
  });

  it('a 429 carries its retry_after; a group that moved says where; an edit of a gone message is gone', () => {
    expect(failureOf(refusal(429, 'Too Many Requests: retry after 7', { retry_after: 7 }), scrub)).toEqual({
      ok: false,
      detail: '429 Too Many Requests: retry after 7',
      retryAfterMs: 7_000,
    });
    expect(
      failureOf(
        refusal(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1009 }),
        scrub,
      ),
    ).toMatchObject({
      ok: false,
      detail: expect.stringContaining('put chat_id: -1009 in channels.telegram.alert_to'),
    });
    expect(failureOf(refusal(400, 'Bad Request: message to edit not found'), scrub)).toMatchObject({
      ok: false,
      gone: true,
    });
    expect(failureOf(refusal(403, 'Forbidden: bot was blocked by the user'), scrub)).toMatchObject({
      ok: false,
      gone: false,
    });
  });

  it('never quotes the token', () => {
    expect(
      failureOf(
        { ok: false, status: 0, detail: `request to https://api.telegram.org/bot${TOKEN}/sendMessage failed` },
        scrub,
      ),
    ).toEqual({
      ok: false,
      detail: 'request to https://api.telegram.org/bot***/sendMessage failed',
    });
  });
});

describe('conflictNotice', () => {
  it('in the reader’s locale, with Telegram’s words and the retry interval', () => {
    const en = conflictNotice('en', 'terminated by other getUpdates request', 60_000);
    expect(en.title).toBe('Another process is polling gatewatch’s Telegram bot token');
    expect(en.tone).toBe('warning');
    expect(en.lines![0]).toContain('Telegram answered 409 Conflict (terminated by other getUpdates request).');
    expect(en.lines![0]).toContain('keeps retrying every 1m;');
    const zh = conflictNotice('zh-CN', 'terminated by other getUpdates request', 60_000);
    expect(zh.title).toBe('另一个进程在使用 gatewatch 的 Telegram 机器人令牌收消息');
    expect(zh.lines![0]).toContain('每 1 分钟重试一次');
  });
});

describe('telegramHealth', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0);
  const facts = { name: 'telegram', now, timings: DEFAULT_POLL_TIMINGS, who: '@gw_bot', scrub };
  const status = (s: Partial<PollStatus>): PollStatus => ({ state: 'polling', stalls: 0, conflicts: 0, ...s });

  it('not started; polling and fresh; polling but stale; in conflict; retrying with the error scrubbed', () => {
    expect(telegramHealth(undefined, facts)).toEqual({ name: 'telegram', ok: false, summary: 'not started' });
    const ok = telegramHealth(status({ lastPollAt: now - 2_000, stalls: 1 }), { ...facts, lastUpdateAt: now - 60_000 });
    expect(ok).toMatchObject({ ok: true, summary: 'polling as @gw_bot, last poll 2s ago, last update 1m ago' });
    expect(ok.fields).toEqual([
      { label: 'silent polls restarted', value: '1' },
      { label: 'conflicts', value: '0' },
    ]);
    expect(telegramHealth(status({ lastPollAt: now - 120_000 }), facts)).toMatchObject({
      ok: false,
      summary: 'polling',
    });
    expect(
      telegramHealth(status({ state: 'conflict', conflictSince: now - 300_000, conflicts: 5 }), facts).summary,
    ).toBe('409 conflict for 5m: another process polls this token');
    expect(
      telegramHealth(
        status({ state: 'retrying', downSince: now - 30_000, lastError: `bot${TOKEN} unreachable` }),
        facts,
      ).summary,
    ).toBe('retrying for 30s (bot*** unreachable)');
  });

  it("in the reader's words: zh-CN states, times and labels", () => {
    const zh = { ...facts, locale: 'zh-CN' as const };
    expect(telegramHealth(undefined, zh).summary).toBe('未启动');
    const ok = telegramHealth(status({ lastPollAt: now - 2_000 }), zh);
    expect(ok.summary).toBe('以 @gw_bot 轮询中，上次轮询 2 秒前，上次收到消息 从未');
    expect(ok.fields!.map((f) => f.label)).toEqual(['重启过的静默轮询', '冲突次数']);
    expect(
      telegramHealth(status({ state: 'retrying', downSince: now - 30_000, lastError: 'ETIMEDOUT' }), zh).summary,
    ).toBe('重试中已 30 秒（ETIMEDOUT）');
  });
});
