// Weixin (iLink)'s words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.weixin.title': 'Weixin session expired: the bot hears nothing',
  'finding.platform_deaf.weixin.explanation':
    'Weixin logged "Session expired; pausing for 10 minutes" ({count|# time|# times} since it last received a message) and keeps pausing forever, while gateway_state.json still says connected. Replies fail as rate-limited meanwhile. A restart does not renew the session.',
  'finding.platform_deaf.weixin.action':
    'Log the Weixin account in again (scan the QR code) or send the bot a message from the account to renew the session.',
  'finding.platform_deaf.weixin_poll.title': 'Weixin cannot fetch messages',
  'finding.platform_deaf.weixin_poll.explanation':
    "Weixin's getUpdates failed {count|# time|# times} within 15 minutes with no message received, while gateway_state.json still says connected. Hermes already backs off and recycles the poll session after every 3 failures, so a restart does the same thing again.",
  'finding.platform_deaf.weixin_poll.action':
    "Check this host's network access to the iLink base URL and the errcode in the quoted lines; errcode -14 means the session expired (log in again by QR). gatewatch does not restart for this.",
  'finding.platform_deaf.weixin_stale.title': 'Weixin cannot send: the session went stale (shown as a rate limit)',
  'finding.platform_deaf.weixin_stale.explanation':
    'Weixin refused {count|# send|# sends} to one user as "rate limited" or "session not ready" over the last {ago}, with no message from that user in between (refusals within a minute of each other count once: a burst limit passes in seconds). Polling still works, but iLink refuses replies once the user has not written to the bot for about a day (a stale context token, #96416): every reply and cron delivery to them is lost. A restart does not renew it.',
  'finding.platform_deaf.weixin_stale.action':
    'Have the user send the bot a message from WeChat: that renews the session. gatewatch does not restart for this.',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.weixin.title': '微信会话已过期：机器人收不到消息',
  'finding.platform_deaf.weixin.explanation':
    '微信记录了“Session expired; pausing for 10 minutes”（自上次收到消息以来 {count} 次），并会一直暂停下去，而 gateway_state.json 仍显示已连接。期间回复会因限流失败。重启不能续期会话。',
  'finding.platform_deaf.weixin.action': '重新登录该微信账号（扫码），或用该账号给机器人发一条消息以续期会话。',
  'finding.platform_deaf.weixin_poll.title': '微信无法拉取消息',
  'finding.platform_deaf.weixin_poll.explanation':
    '微信的 getUpdates 在 15 分钟内失败了 {count} 次且没有收到任何消息，而 gateway_state.json 仍显示已连接。Hermes 每失败 3 次就会自行退避并重建拉取会话，重启只会再做一遍同样的事。',
  'finding.platform_deaf.weixin_poll.action':
    '检查本机到 iLink 基础地址的网络以及引用日志中的 errcode；errcode -14 表示会话已过期（重新扫码登录）。gatewatch 不会为此重启。',
  'finding.platform_deaf.weixin_stale.title': '微信无法发送：会话已过期（显示为限流）',
  'finding.platform_deaf.weixin_stale.explanation':
    '过去 {ago} 内，微信以“限流”或“会话未就绪”为由拒绝了发给同一用户的 {count} 次发送，其间该用户没有发来任何消息（一分钟内的多次拒绝只算一次：突发限流几秒内就会过去）。轮询仍然正常，但用户约一天没有给机器人发消息后 iLink 就会拒绝回复（context token 过期，#96416）：发给该用户的所有回复和定时任务推送都会丢失。重启不会续期。',
  'finding.platform_deaf.weixin_stale.action':
    '请用户在微信里给机器人发一条消息：这会续期会话。gatewatch 不会为此重启。',
};
