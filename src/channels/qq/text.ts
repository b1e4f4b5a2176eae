// Fixed wording of the QQ channel's own messages, in the configured locale.
import type { Locale } from '../../types.js';

interface Other {
  feishu: boolean;
  webhook: boolean;
}

const en = {
  held: (n: number) => `📬 ${n} alert${n === 1 ? '' : 's'} waiting for you:`,
  more: (n: number) => `… ${n} more held: send any message (e.g. /ack) to get them.`,
  recap: (titles: string[]) =>
    `These alerts were sent while QQ was reconnecting and may not have arrived:\n${titles.map((t) => `• ${t}`).join('\n')}`,
  pushNotice: (o: Other) =>
    o.feishu || o.webhook
      ? `Note: QQ holds back pushes from bots, so QQ alerts wait until you write to me (any message, e.g. /ack). Alerts also go to ${o.feishu ? 'the Feishu app bot' : 'the Feishu webhook'}, which can push.`
      : 'Note: QQ holds back pushes from bots, so alerts wait here until you write to me (any message, e.g. /ack). For alerts that reach you at once, also configure a Feishu app bot (channels.feishu) or a Feishu group webhook (channels.notifiers, type: feishu_webhook).',
};

const zh: typeof en = {
  held: (n) => `📬 有 ${n} 条告警等你查看：`,
  more: (n) => `……还有 ${n} 条暂存：再发任意消息（如 /ack）即可收到。`,
  recap: (titles) => `以下告警在 QQ 重连期间发出，可能未送达：\n${titles.map((t) => `• ${t}`).join('\n')}`,
  pushNotice: (o) =>
    o.feishu || o.webhook
      ? `提示：QQ 会拦截机器人的主动推送，QQ 告警要等你给我发消息（任意消息，如 /ack）时才能送达。告警同时发往${o.feishu ? '飞书应用机器人' : '飞书 Webhook'}，那边可以直接推送。`
      : '提示：QQ 会拦截机器人的主动推送，告警要等你给我发消息（任意消息，如 /ack）时才能送达。若需即时告警，请再配置飞书应用机器人（channels.feishu）或飞书群 Webhook（channels.notifiers，type: feishu_webhook）。',
};

export function notices(locale: Locale): typeof en {
  return locale === 'zh-CN' ? zh : en;
}
