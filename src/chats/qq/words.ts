// The QQ channel's own texts, in both locales: declared by its plugin (plugin.ts), worded with say(); the shared
// catalogues (src/text/) never see them. zh-CN is held to the English keys by its type, to the same {params} by
// test/channels/words.test.ts.
import { wordsOf, type OwnParam } from '../../i18n.js';

export const en = {
  'qq.delivery.target': '{kind} {openid}: {result} {detail}',
  'qq.delivery.user': 'user',
  'qq.delivery.group': 'group',
  'qq.delivery.accepted': 'accepted',
  'qq.delivery.sep': '; ',
  'qq.delivery.cancelled': 'cancelled',
  'qq.delivery.passive': "passive reply to {sender}'s recent message; push refused: {details}",
  'qq.delivery.refused': 'QQ refused the push ({details}); held until an operator writes to the bot',
  'qq.delivery.no_alert_to': 'no channels.qq.alert_to configured; held until an operator writes to the bot',
  'qq.delivery.unconfirmed_offline': '; unconfirmed: QQ answered OK while offline, when it has dropped messages',
  'qq.delivery.unconfirmed_reconnect':
    '; unconfirmed: QQ answered OK {after} after a reconnect, when it has dropped messages',
  'qq.recall.none': 'no interaction recall: {why}',
  'qq.recall.via': 'interaction recall (`is_wakeup`, {window} after the user last wrote): {result} {detail}',
  'qq.recall.not_spoken': 'the user has not written to the bot (recall needs a conversation in the last 30 days)',
  'qq.recall.off': 'the user switched off messages from the bot',
  'qq.recall.expired': 'more than 30 days since the user last wrote to the bot',
  'qq.recall.used': "this window's recall ({window} after the user last wrote) is used",
  'qq.recall.window.0': 'same day',
  'qq.recall.window.1': 'days 1-3',
  'qq.recall.window.2': 'days 3-7',
  'qq.recall.window.3': 'days 7-30',
  'channel.fix.qq.credentials':
    'Fix: QQ refuses the bot’s AppID or AppSecret. Copy both from the bot’s development settings on the QQ open platform (q.qq.com) into channels.qq.app_id and client_secret.',
  'channel.fix.qq.whitelist':
    'Fix: QQ only answers the IPs on the bot’s whitelist, and this server’s is not on it (code 11298). Add this server’s public IP to the IP whitelist in the bot’s development settings on the QQ open platform (q.qq.com).',
  'channel.health.qq.halted': 'stopped: {reason}',
  'channel.health.qq.reconnecting': 'reconnecting, offline {duration}',
  'channel.health.qq.since': 'Connected since',
  'channel.health.qq.not_connected': 'not connected',
  'channel.health.qq.last_ack': 'Last heartbeat ACK',
  'channel.health.qq.resumes': 'Resumes',
  'channel.health.qq.queued': 'Queued alerts',
  'qq.held.one': '📬 {count} alert waiting for you:',
  'qq.held.many': '📬 {count} alerts waiting for you:',
  'qq.more': '… {count} more held: send any message (e.g. /ack) to get them.',
  'qq.recap': 'These alerts were sent while QQ was reconnecting and may not have arrived:',
  'qq.recap.line': '• {title}',
  'qq.push_notice.others':
    'Note: QQ holds back pushes from bots, so QQ alerts wait until you write to me (any message, e.g. /ack). Alerts also go to {channels}, which can push.',
  'qq.push_notice.alone':
    'Note: QQ holds back pushes from bots, so alerts wait here until you write to me (any message, e.g. /ack). For alerts that reach you at once, also give gatewatch a channel that can push: a Feishu or Telegram bot, or a push service such as a Feishu group webhook (docs/notifiers.md lists them and how to set each up).',
  'qq.halted.title': "gatewatch's QQ bot was stopped by QQ: {reason}",
  'qq.halted.line':
    'Alerts are still delivered through the other channels. Fix the bot on the QQ Open Platform, then restart gatewatch.',
  'qq.reply_with': 'Reply with',
  'qq.cut': '… ({count|# more part|# more parts} cut: QQ allows {max} replies per message)',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'qq.delivery.target': '{kind} {openid}：{result} {detail}',
  'qq.delivery.user': '用户',
  'qq.delivery.group': '群',
  'qq.delivery.accepted': '已接受',
  'qq.delivery.sep': '；',
  'qq.delivery.cancelled': '已取消',
  'qq.delivery.passive': '以被动回复发出（回复 {sender} 最近的消息）；主动推送被拒：{details}',
  'qq.delivery.refused': 'QQ 拒绝了主动推送（{details}）；留到有操作员给机器人发消息时再发',
  'qq.delivery.no_alert_to': '没有配置 channels.qq.alert_to；留到有操作员给机器人发消息时再发',
  'qq.delivery.unconfirmed_offline': '；未确认：QQ 在离线时回答了 OK，而这种时候它丢过消息',
  'qq.delivery.unconfirmed_reconnect': '；未确认：QQ 在重连后 {after} 回答了 OK，而这种时候它丢过消息',
  'qq.recall.none': '没有发互动召回：{why}',
  'qq.recall.via': '互动召回（`is_wakeup`，用户上次发消息后的{window}）：{result} {detail}',
  'qq.recall.not_spoken': '该用户没有给机器人发过消息（互动召回需要最近 30 天内有过对话）',
  'qq.recall.off': '该用户关闭了机器人的消息',
  'qq.recall.expired': '距该用户上次给机器人发消息已超过 30 天',
  'qq.recall.used': '本时间窗（用户上次发消息后的{window}）的召回已用过',
  'qq.recall.window.0': '当天',
  'qq.recall.window.1': '第 1–3 天',
  'qq.recall.window.2': '第 3–7 天',
  'qq.recall.window.3': '第 7–30 天',
  'channel.fix.qq.credentials':
    '处理：QQ 拒绝了机器人的 AppID 或 AppSecret。请从 QQ 开放平台（q.qq.com）该机器人的开发设置中复制这两项，填入 channels.qq.app_id 和 client_secret。',
  'channel.fix.qq.whitelist':
    '处理：QQ 只接受机器人 IP 白名单上的来源，本服务器的 IP 不在其中（错误码 11298）。请在 QQ 开放平台（q.qq.com）该机器人的开发设置中，把本服务器的公网 IP 加入 IP 白名单。',
  'channel.health.qq.halted': '已停止：{reason}',
  'channel.health.qq.reconnecting': '重连中，已离线 {duration}',
  'channel.health.qq.since': '连接时间',
  'channel.health.qq.not_connected': '未连接',
  'channel.health.qq.last_ack': '上次心跳确认',
  'channel.health.qq.resumes': '会话恢复次数',
  'channel.health.qq.queued': '排队中的告警',
  'qq.held.one': '📬 有 {count} 条告警等你查看：',
  'qq.held.many': '📬 有 {count} 条告警等你查看：',
  'qq.more': '……还有 {count} 条暂存：再发任意消息（如 /ack）即可收到。',
  'qq.recap': '以下告警在 QQ 重连期间发出，可能未送达：',
  'qq.recap.line': '• {title}',
  'qq.push_notice.others':
    '提示：QQ 会拦截机器人的主动推送，QQ 告警要等你给我发消息（任意消息，如 /ack）时才能送达。告警同时发往 {channels}，那边可以直接推送。',
  'qq.push_notice.alone':
    '提示：QQ 会拦截机器人的主动推送，告警要等你给我发消息（任意消息，如 /ack）时才能送达。若需即时告警，请再给 gatewatch 配置一个能推送的渠道：飞书或 Telegram 机器人，或飞书群 Webhook 等推送服务（docs/notifiers.md 列出了全部及其设置方法）。',
  'qq.halted.title': 'gatewatch 的 QQ 机器人被 QQ 停用：{reason}',
  'qq.halted.line': '告警仍会通过其他渠道发送。请在 QQ 开放平台修复机器人，然后重启 gatewatch。',
  'qq.reply_with': '可回复',
  'qq.cut': '……（还有 {count} 段未发出：QQ 每条消息最多回复 {max} 次）',
};

export const words = { en, 'zh-CN': zhCN };

/** `say(locale, 'qq.…', params)`; `say.param(locale, phrase)` for a text not yet worded. */
export const say = wordsOf(words);

/** A QQ text not yet worded, its parameters maybe texts too. */
export type QQParam = OwnParam<keyof typeof en>;
