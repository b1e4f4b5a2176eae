// Fixed wording of the QQ channel's own messages, in the configured locale.
import type { Locale } from '../../types.js';

/** The other channels alerts go to (names), which can push where QQ cannot. */
type Other = string[];

const en = {
  held: (n: number) => `📬 ${n} alert${n === 1 ? '' : 's'} waiting for you:`,
  more: (n: number) => `… ${n} more held: send any message (e.g. /ack) to get them.`,
  recap: (titles: string[]) =>
    `These alerts were sent while QQ was reconnecting and may not have arrived:\n${titles.map((t) => `• ${t}`).join('\n')}`,
  pushNotice: (o: Other) =>
    o.length
      ? `Note: QQ holds back pushes from bots, so QQ alerts wait until you write to me (any message, e.g. /ack). Alerts also go to ${o.join(', ')}, which can push.`
      : 'Note: QQ holds back pushes from bots, so alerts wait here until you write to me (any message, e.g. /ack). For alerts that reach you at once, also configure a channel that can push: a Feishu or Telegram bot (channels.feishu, channels.telegram) or a notifier (channels.notifiers, e.g. type: feishu_webhook).',
};

const zh: typeof en = {
  held: (n) => `📬 有 ${n} 条告警等你查看：`,
  more: (n) => `……还有 ${n} 条暂存：再发任意消息（如 /ack）即可收到。`,
  recap: (titles) => `以下告警在 QQ 重连期间发出，可能未送达：\n${titles.map((t) => `• ${t}`).join('\n')}`,
  pushNotice: (o) =>
    o.length
      ? `提示：QQ 会拦截机器人的主动推送，QQ 告警要等你给我发消息（任意消息，如 /ack）时才能送达。告警同时发往 ${o.join('、')}，那边可以直接推送。`
      : '提示：QQ 会拦截机器人的主动推送，告警要等你给我发消息（任意消息，如 /ack）时才能送达。若需即时告警，请再配置一个能推送的渠道：飞书或 Telegram 机器人（channels.feishu、channels.telegram），或推送服务（channels.notifiers，如 type: feishu_webhook）。',
};

export function notices(locale: Locale): typeof en {
  return locale === 'zh-CN' ? zh : en;
}
