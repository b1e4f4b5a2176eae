// /test [channel] (admin): a test alert, clearly marked, through every alert channel (or the one named), sent at once
// and not through the outbox: the answer is what each channel did with it now (sent / deferred / failed: why),
// nothing is retried or held for later, and no incident is opened.
import { randomUUID } from 'node:crypto';
import { pick } from '../src/i18n.js';
import type { Alert, DeliveryOutcome, Locale, Reply } from '../src/types.js';
import * as z from 'zod';
import type { AdminCommand } from './types.js';

/**
 * The channels a test alert goes to: the one named (exact, else ignoring case), or every alert channel. An unknown
 * name gets the list of names.
 */
export function channelsForTest(all: string[], name?: string): { channels: string[] } | { unknown: string; names: string[] } {
  if (!name) return { channels: [...all] };
  const one = all.find((c) => c === name) ?? all.find((c) => c.toLowerCase() === name.toLowerCase());
  return one ? { channels: [one] } : { unknown: name, names: all };
}

export function testAlert(locale: Locale, by: string, now: number): Alert {
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  return {
    id: `test-${randomUUID()}`,
    kind: 'notice',
    target: 'gatewatch',
    check: 'test',
    severity: 'info',
    createdAt: now,
    reply: {
      title: L('[TEST] gatewatch test alert: please ignore', '【测试】gatewatch 测试告警，请忽略'),
      tone: 'info',
      lines: [L(`Sent by ${by} with /test to check this channel reaches you. Nothing is wrong.`, `${by} 用 /test 发送，用于确认此渠道能送达。一切正常。`)],
    },
  };
}

export function testReply(locale: Locale, results: { channel: string; outcome: DeliveryOutcome }[]): Reply {
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  const word = (s: DeliveryOutcome['status']) => (s === 'sent' ? L('sent', '已发送') : s === 'deferred' ? L('deferred', '暂缓') : L('failed', '失败'));
  const sent = results.filter((r) => r.outcome.status === 'sent').length;
  const bad = results.length - sent;
  return {
    title: bad
      ? L(`Test alert: ${sent} of ${results.length} channel(s) sent, ${bad} not`, `测试告警：${results.length} 个渠道中 ${sent} 个已发送，${bad} 个未发送`)
      : L(`Test alert sent through all ${results.length} channel(s)`, `测试告警已通过全部 ${results.length} 个渠道发送`),
    tone: bad ? 'warning' : 'ok',
    fields: results.map((r) => ({ label: r.channel, value: `${word(r.outcome.status)}${r.outcome.detail ? `: ${r.outcome.detail}` : ''}` })),
    lines: bad ? [L('Deferred: the channel holds it (e.g. QQ waits for your next message). Failed: it did not go out; see why.', '暂缓：渠道暂存（如 QQ 要等你下一条消息）。失败：未发出，原因见上。')] : undefined,
    outcome: bad ? 'failed' : 'ok',
  };
}

const testArgs = z.strictObject({ channel: z.string().min(1).max(64).optional() });

export const test: AdminCommand<z.output<typeof testArgs>> = {
  name: 'test',
  role: 'admin',
  args: testArgs,
  fromWords: (words) => (words[0] ? { channel: words[0] } : {}),
  usage: '/test [channel]',
  summary: { en: 'send a test alert through every channel (or one) and show each result', 'zh-CN': '通过所有（或指定）渠道发送测试告警并显示结果' },
  async run(c) {
    const L = (en: string, zh: string) => pick(c.locale, { en, 'zh-CN': zh });
    const pickd = channelsForTest(c.act.testChannels(), c.args.channel);
    if ('unknown' in pickd) {
      await c.respond({
        title: L(`No channel named "${pickd.unknown}". Channels: ${pickd.names.join(', ') || 'none'}`, `没有名为 “${pickd.unknown}” 的渠道。现有渠道：${pickd.names.join('、') || '无'}`),
        tone: 'warning',
        outcome: 'unknown_target',
      });
      return;
    }
    if (pickd.channels.length === 0) {
      await c.respond({ title: L('No alert channels are configured.', '未配置任何告警渠道。'), tone: 'warning', outcome: 'failed' });
      return;
    }
    const alert = testAlert(c.locale, c.operator.name, c.look.now());
    const results = await Promise.all(pickd.channels.map(async (ch) => ({ channel: ch, outcome: await c.act.sendNow(ch, alert) })));
    await Promise.all(
      results.map((r) =>
        c.act.audit({
          type: 'delivery',
          target: alert.target,
          check: alert.check,
          severity: alert.severity,
          actor: c.operator.name,
          detail: { alert: alert.id, kind: 'test', title: alert.reply.title, channel: r.channel, status: r.outcome.status, ...(r.outcome.detail ? { reason: r.outcome.detail } : {}) },
        }),
      ),
    );
    await c.respond(testReply(c.locale, results));
  },
};
