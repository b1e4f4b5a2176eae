// The notice that a channel cannot deliver (issue 20 item 3): the fix is read from the refusal, in both locales, and
// the stand-in for a channel that could not start fails every send as permanent (so its fallbacks carry its alerts).
import { describe, expect, it } from 'vitest';
import { cannotDeliverLines, channelDownAlert, downChannel, downHint, standInChannel, unreachableLine } from '../../src/delivery/channel-down.js';

describe('a channel that cannot deliver', () => {
  it('reads the fix from the refusal', () => {
    expect(downHint('Telegram refused the bot token (401 Unauthorized)', 'en')).toMatch(/refuses the credentials/);
    // Worded per channel: @BotFather only for Telegram (issue 20 item 4).
    expect(downHint('401 Unauthorized', 'en', 'telegram')).toContain('@BotFather');
    expect(downHint('code 99991663: invalid token', 'zh-CN', 'feishu')).toContain('open.feishu.cn');
    expect(downHint('401 Unauthorized', 'en', 'qq')).toContain('q.qq.com');
    for (const channel of [undefined, 'feishu', 'qq', 'dingtalk', 'pager'] as const) for (const locale of ['en', 'zh-CN'] as const) expect(downHint('401 Unauthorized', locale, channel)).not.toContain('BotFather');
    expect(downHint('feishu: code 99991672: Access denied, no permission im:message', 'en')).toMatch(/refuses permission/);
    expect(downHint('webhook: HTTP 404: no such hook', 'en')).toMatch(/address is wrong or was removed/);
    expect(downHint('something else', 'en')).toMatch(/check the channel’s settings/);
    expect(downHint('webhook: HTTP 404', 'zh-CN')).toMatch(/地址错误/);
  });

  it('is said to the channels that work, with why and what happens to its alerts', () => {
    const a = channelDownAlert({ channel: 'telegram', reason: 'Telegram refused the bot token (401 Unauthorized)', when: 'start', to: ['pager', 'console'], locale: 'en', now: 1 });
    expect(a.to).toEqual(['pager', 'console']);
    expect(a.reply.title).toBe('Channel telegram cannot deliver alerts');
    expect(a.reply.lines).toEqual([
      'Why: Telegram refused the bot token (401 Unauthorized)',
      expect.stringMatching(/^Fix: Telegram refuses the bot token. Put the token @BotFather gives/),
      expect.stringMatching(/Restart gatewatch after the fix/),
    ]);
    const zh = channelDownAlert({ channel: 'hook', reason: 'webhook: HTTP 404', when: 'send', to: ['console'], locale: 'zh-CN', now: 1 });
    expect(zh.reply.title).toBe('通道 hook 无法发送告警');
    expect(zh.reply.lines![2]).toMatch(/重试无法解决/);
  });

  it('stands in for a channel that could not start: every send fails as permanent, its health says why', async () => {
    const ch = downChannel('telegram', 'refused by Telegram (401 Unauthorized)');
    expect(await ch.deliver({ id: 'x', kind: 'notice', target: 't', severity: 'warning', createdAt: 0, reply: { title: 'x' } })).toEqual({ status: 'failed', detail: 'refused by Telegram (401 Unauthorized)', permanent: true });
    expect(ch.health()).toEqual({ name: 'telegram', ok: false, summary: 'refused by Telegram (401 Unauthorized)' });
  });

  it('is the one stand-in: a channel that did not start for a test send fails (not for good) and says so in the reader\'s words', async () => {
    const ch = standInChannel({ name: 'qq', detail: 'channel did not start: boom', summary: (l = 'zh-CN') => (l === 'en' ? 'not started' : '未启动') });
    expect(await ch.deliver({ id: 'x', kind: 'notice', target: 't', severity: 'warning', createdAt: 0, reply: { title: 'x' } })).toEqual({ status: 'failed', detail: 'channel did not start: boom' });
    expect(ch.health('en').summary).toBe('not started');
    expect(ch.health().summary).toBe('未启动');
    expect(ch.interactive).toBe(false);
  });

  it('is said on the banner and in /doctor as ✗ with the service\'s answer and the fix; an unreachable service as a network problem (en, zh-CN)', () => {
    const d = { channel: 'telegram', reason: 'config.yaml: key "channels.telegram.bot_token": was refused by Telegram (401 Unauthorized)', refusal: { service: 'Telegram', answer: '401 Unauthorized' } };
    expect(cannotDeliverLines(d, 'en')).toEqual(['✗ telegram cannot deliver alerts: Telegram rejected its credentials (401 Unauthorized)', expect.stringMatching(/^Fix: Telegram refuses the bot token.*@BotFather/)]);
    expect(cannotDeliverLines(d, 'zh-CN')).toEqual(['✗ telegram 无法发送告警：Telegram 拒绝了它的凭据（401 Unauthorized）', expect.stringMatching(/@BotFather/)]);
    expect(cannotDeliverLines({ channel: 'hook', reason: 'webhook: HTTP 404' }, 'en')).toEqual(['✗ hook cannot deliver alerts: webhook: HTTP 404', expect.stringMatching(/address is wrong/)]);
    const u = { channel: 'qq', service: 'QQ', reason: 'ECONNREFUSED' };
    expect(unreachableLine(u, 'en')).toBe('⚠ qq: QQ could not be reached to check its credentials (ECONNREFUSED): a network problem, not rejected credentials. gatewatch keeps trying.');
    expect(unreachableLine(u, 'zh-CN')).toMatch(/^⚠ qq：无法连接 QQ 来检查它的凭据（ECONNREFUSED）：这是网络问题，不是凭据被拒/);
  });
});

