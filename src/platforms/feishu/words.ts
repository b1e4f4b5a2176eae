// Feishu/Lark's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.feishu_gave_up.title': 'Feishu has been reconnecting for {ago}: the Lark SDK gave up',
  'finding.platform_deaf.feishu_gave_up.explanation':
    "Feishu's WebSocket link was lost {ago} ago and gateway_state.json still says it is retrying. The Lark SDK tries about 10 times over ~17 minutes (last: attempt {tries}) and then stops without telling Hermes (#64712), so Feishu stays deaf until a restart. gatewatch waited out the SDK's own ladder (20 minutes) instead of restarting at every dropped connection.",
  'finding.platform_deaf.feishu_gave_up.action':
    'Restart the gateway once. {restart_how} If the link keeps dropping, check the network path to open.feishu.cn (proxies that cut long-lived WebSockets).',
  'finding.forecast.feishu_giveup.title':
    'Feishu has been reconnecting for {ago} (try {tries} of about {max}): the Lark SDK gives up in about {eta}',
  'finding.forecast.feishu_giveup.explanation':
    'The Lark SDK retries a lost link itself, about {max} times over about 17 minutes, and then stops without telling Hermes: Feishu then reads connected and hears nothing until the gateway restarts (#64712). This link was lost {ago} ago and the SDK is on its try {tries}.',
  'finding.forecast.feishu_giveup.action':
    'Nothing to do yet: most lost links come back within the first tries, and a restart per lost link only adds churn (#31367). If the SDK gives up, gatewatch restarts the gateway once.',
  'finding.forecast.feishu_giveup_due.title':
    "Feishu has been reconnecting for {ago} (try {tries} of about {max}): the Lark SDK's give-up is due now",
  'finding.forecast.feishu_giveup_due.explanation':
    'The Lark SDK retries a lost link itself, about {max} times over about 17 minutes, and then stops without telling Hermes: Feishu then reads connected and hears nothing until the gateway restarts (#64712). This link was lost {ago} ago, past those 17 minutes, and the SDK was last on its try {tries}: it gives up now, if it has not.',
  'finding.forecast.feishu_giveup_due.action':
    'Nothing to do yet: a link can still come back at its last tries. At 20 minutes without it, gatewatch takes the SDK as given up and restarts the gateway once.',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.feishu_gave_up.title': '飞书已重连 {ago}：Lark SDK 已放弃',
  'finding.platform_deaf.feishu_gave_up.explanation':
    '飞书的 WebSocket 链路在 {ago} 前断开，gateway_state.json 仍显示正在重试。Lark SDK 会在约 17 分钟内重试约 10 次（最后一次：第 {tries} 次），然后在不通知 Hermes 的情况下停止（#64712），飞书将一直失聪直到重启。gatewatch 等完了 SDK 自己的重连阶梯（20 分钟），而不是每断一次就重启。',
  'finding.platform_deaf.feishu_gave_up.action':
    '重启网关一次。{restart_how}如果链路反复断开，请检查到 open.feishu.cn 的网络路径（会切断长连接 WebSocket 的代理）。',
  'finding.forecast.feishu_giveup.title':
    '飞书已重连 {ago}（约 {max} 次中的第 {tries} 次）：约 {eta}后 Lark SDK 将放弃',
  'finding.forecast.feishu_giveup.explanation':
    'Lark SDK 会自己重试断开的连接，约 17 分钟内大约 {max} 次，之后就停止且不告知 Hermes：此后飞书显示已连接，却什么也收不到，直到网关重启（#64712）。这条连接已断开 {ago}，SDK 正在进行第 {tries} 次尝试。',
  'finding.forecast.feishu_giveup.action':
    '暂时不用做什么：大多数断开的连接在最初几次尝试内就会恢复，每断一次就重启只会徒增抖动（#31367）。如果 SDK 放弃了，gatewatch 会重启网关一次。',
  'finding.forecast.feishu_giveup_due.title':
    '飞书已重连 {ago}（约 {max} 次中的第 {tries} 次）：Lark SDK 现在就该放弃了',
  'finding.forecast.feishu_giveup_due.explanation':
    'Lark SDK 会自己重试断开的连接，约 17 分钟内大约 {max} 次，之后就停止且不告知 Hermes：此后飞书显示已连接，却什么也收不到，直到网关重启（#64712）。这条连接已断开 {ago}，超过了那 17 分钟，SDK 最近一次是第 {tries} 次尝试：如果它还没放弃，现在就会放弃。',
  'finding.forecast.feishu_giveup_due.action':
    '暂时不用做什么：连接在最后几次尝试中仍可能恢复。到 20 分钟仍未恢复时，gatewatch 视为 SDK 已放弃，并重启网关一次。',
};
