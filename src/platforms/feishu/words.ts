// Feishu/Lark's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.feishu_gave_up.title': 'Feishu has been reconnecting for {ago}: the Lark SDK gave up',
  'finding.platform_deaf.feishu_gave_up.explanation':
    "Feishu's WebSocket link was lost {ago} ago and gateway_state.json still says it is retrying. The Lark SDK tries about 10 times over ~17 minutes (last: attempt {tries}) and then stops without telling Hermes (#64712), so Feishu stays deaf until a restart. gatewatch waited out the SDK's own ladder (20 minutes) instead of restarting at every dropped connection.",
  'finding.platform_deaf.feishu_gave_up.action':
    'Restart the gateway once. {restart_how} If the link keeps dropping, check the network path to open.feishu.cn (proxies that cut long-lived WebSockets).',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.feishu_gave_up.title': '飞书已重连 {ago}：Lark SDK 已放弃',
  'finding.platform_deaf.feishu_gave_up.explanation':
    '飞书的 WebSocket 链路在 {ago} 前断开，gateway_state.json 仍显示正在重试。Lark SDK 会在约 17 分钟内重试约 10 次（最后一次：第 {tries} 次），然后在不通知 Hermes 的情况下停止（#64712），飞书将一直失聪直到重启。gatewatch 等完了 SDK 自己的重连阶梯（20 分钟），而不是每断一次就重启。',
  'finding.platform_deaf.feishu_gave_up.action':
    '重启网关一次。{restart_how}如果链路反复断开，请检查到 open.feishu.cn 的网络路径（会切断长连接 WebSocket 的代理）。',
};
