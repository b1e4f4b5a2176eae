// The notice that a channel cannot deliver (issue 20 item 3): the fix is read from the refusal, in both locales, and
// the stand-in for a channel that could not start fails every send as permanent (so its fallbacks carry its alerts).
import { describe, expect, it } from 'vitest';
import {
  cannotDeliverLines,
  channelDownAlert,
  downChannel,
  downHint,
  standInChannel,
  unreachableLine,
} from '../../src/delivery/channel-down.js';
import { words as feishuWords } from '../../src/chats/feishu/words.js';
import { words as qqWords } from '../../src/chats/qq/words.js';
import { words as telegramWords } from '../../src/chats/telegram/words.js';

// A channel's own fix for refused credentials, as the channel hands it over (its credentialsFix, in each locale).
const ownFix = <K extends string>(w: { en: Record<K, string>; 'zh-CN': Record<K, string> }, key: K) => ({
  en: w.en[key],
  'zh-CN': w['zh-CN'][key],
});
const TELEGRAM = ownFix(telegramWords, 'channel.fix.telegram.credentials');
const FEISHU = ownFix(feishuWords, 'channel.fix.feishu.credentials');
const QQ = ownFix(qqWords, 'channel.fix.qq.credentials');

describe('a channel that cannot deliver', () => {
  it('reads the fix from the refusal', () => {
    expect(downHint('Telegram refused the bot token (401 Unauthorized)', 'en')).toMatch(/refuses the credentials/);
    // Worded per channel, in the channel's own words: @BotFather only for Telegram (issue 20 item 4).
    expect(downHint('401 Unauthorized', 'en', TELEGRAM)).toContain('@BotFather');
    expect(downHint('code 99991663: invalid token', 'zh-CN', FEISHU)).toContain('open.feishu.cn');
    expect(downHint('401 Unauthorized', 'en', QQ)).toContain('q.qq.com');
    for (const own of [undefined, FEISHU, QQ])
      for (const locale of ['en', 'zh-CN'] as const)
        expect(downHint('401 Unauthorized', locale, own)).not.toContain('BotFather');
    // Not a refusal of credentials: the channel's fix for them is not the hint.
    expect(downHint('webhook: HTTP 404', 'en', TELEGRAM)).toMatch(/address is wrong or was removed/);
    expect(downHint('feishu: code 99991672: Access denied, no permission im:message', 'en')).toMatch(
      /refuses permission/,
    );
    expect(downHint('webhook: HTTP 404: no such hook', 'en')).toMatch(/address is wrong or was removed/);
    expect(downHint('something else', 'en')).toMatch(/check the channel’s settings/);
    expect(downHint('webhook: HTTP 404', 'zh-CN')).toMatch(/地址错误/);
  });

  it('is said to the channels that work, with why and what happens to its alerts', () => {
    const a = channelDownAlert({
      channel: 'telegram',
      reason: 'Telegram refused the bot token (401 Unauthorized)',
      when: 'start',
      own: TELEGRAM,
      to: ['pager', 'console'],
      locale: 'en',
      now: 1,
    });
    expect(a.to).toEqual(['pager', 'console']);
    expect(a.reply.title).toBe('Channel telegram cannot deliver alerts');
    expect(a.reply.lines).toEqual([
      'Why: Telegram refused the bot token (401 Unauthorized)',
      expect.stringMatching(/^Fix: Telegram refuses the bot token. Put the token @BotFather gives/),
      expect.stringMatching(/Restart gatewatch after the fix/),
    ]);
    const zh = channelDownAlert({
      channel: 'hook',
      reason: 'webhook: HTTP 404',
      when: 'send',
      to: ['console'],
      locale: 'zh-CN',
      now: 1,
    });
    expect(zh.reply.title).toBe('渠道 hook 无法发送告警');
    expect(zh.reply.lines![2]).toMatch(/重试无法解决/);
  });

  it('stands in for a channel that could not start: every send fails as permanent, its health says why', async () => {
    const ch = downChannel('telegram', 'refused by Telegram (401 Unauthorized)');
    expect(
      await ch.deliver({
        id: 'x',
        kind: 'notice',
        target: 't',
        severity: 'warning',
        createdAt: 0,
        reply: { title: 'x' },
      }),
    ).toEqual({ status: 'failed', detail: 'refused by Telegram (401 Unauthorized)', permanent: true });
    expect(ch.health()).toEqual({ name: 'telegram', ok: false, summary: 'refused by Telegram (401 Unauthorized)' });
    // It keeps the channel's own fix for refused credentials, for the notice and /doctor.
    expect(downChannel('telegram', 'x', (l) => `fix in ${l}`).credentialsFix?.('zh-CN')).toBe('fix in zh-CN');
  });

  it("is the one stand-in: a channel that did not start for a test send fails (not for good) and says so in the reader's words", async () => {
    const ch = standInChannel({
      name: 'qq',
      detail: 'channel did not start: boom',
      summary: (l = 'zh-CN') => (l === 'en' ? 'not started' : '未启动'),
    });
    expect(
      await ch.deliver({
        id: 'x',
        kind: 'notice',
        target: 't',
        severity: 'warning',
        createdAt: 0,
        reply: { title: 'x' },
      }),
    ).toEqual({ status: 'failed', detail: 'channel did not start: boom' });
    expect(ch.health('en').summary).toBe('not started');
    expect(ch.health().summary).toBe('未启动');
    expect(ch.interactive).toBe(false);
  });

  it("is said on the banner and in /doctor as ✗ with the service's answer and the fix; an unreachable service as a network problem (en, zh-CN)", () => {
    const d = {
      channel: 'telegram',
      reason: 'config.yaml: key "channels.telegram.bot_token": was refused by Telegram (401 Unauthorized)',
      own: TELEGRAM,
      refusal: { service: 'Telegram', answer: '401 Unauthorized' },
    };
    expect(cannotDeliverLines(d, 'en')).toEqual([
      '✗ telegram cannot deliver alerts: Telegram rejected its credentials (401 Unauthorized)',
      expect.stringMatching(/^Fix: Telegram refuses the bot token.*@BotFather/),
    ]);
    expect(cannotDeliverLines(d, 'zh-CN')).toEqual([
      '✗ telegram 无法发送告警：Telegram 拒绝了它的凭据（401 Unauthorized）',
      expect.stringMatching(/@BotFather/),
    ]);
    expect(cannotDeliverLines({ channel: 'hook', reason: 'webhook: HTTP 404' }, 'en')).toEqual([
      '✗ hook cannot deliver alerts: webhook: HTTP 404',
      expect.stringMatching(/address is wrong/),
    ]);
    const u = { channel: 'qq', service: 'QQ', reason: 'ECONNREFUSED' };
    expect(unreachableLine(u, 'en')).toBe(
      '⚠ qq: QQ could not be reached to check its credentials (ECONNREFUSED): a network problem, not rejected credentials. gatewatch keeps trying.',
    );
    expect(unreachableLine(u, 'zh-CN')).toMatch(
      /^⚠ qq：无法连接 QQ 来检查它的凭据（ECONNREFUSED）：这是网络问题，不是凭据被拒/,
    );
  });
});
