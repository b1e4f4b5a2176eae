// Slack's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.slack.title': 'Slack is stuck retrying a closed session',
  'finding.platform_deaf.slack.explanation':
    '`slack_bolt` logged "Failed to connect (error: Session is closed); Retrying..." {count|# time|# times} within 2 minutes (agent.log only): it retries a closed connection forever, while gateway_state.json still says connected. Slack neither receives nor sends.',
  'finding.platform_deaf.slack.action': `Restart the gateway. {restart_how}`,
  'finding.platform_deaf.slack_socket.title': 'Slack Socket Mode keeps failing to reconnect',
  'finding.platform_deaf.slack_socket.explanation':
    'Slack logged "Socket Mode reconnect failed" {count|# time|# times} within 15 minutes, while gateway_state.json still says connected: Slack neither receives nor sends.',
  'finding.platform_deaf.slack_socket.action': `Restart the gateway. {restart_how} If it comes back, check the Slack app-level token (xapp-) and the network to Slack.`,
  'demo.fault.slack-session-closed':
    'Slack rebuilds Socket Mode and `slack_bolt` then retries a closed session forever (agent.log only): gatewatch restarts',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.slack.title': 'Slack 卡在重试已关闭的会话',
  'finding.platform_deaf.slack.explanation':
    '`slack_bolt` 在 2 分钟内记录了 {count} 次“Failed to connect (error: Session is closed); Retrying...”（仅在 agent.log 中）：它在无限重试一个已关闭的连接，而 gateway_state.json 仍显示已连接。Slack 收发都已中断。',
  'finding.platform_deaf.slack.action': `重启网关。{restart_how}`,
  'finding.platform_deaf.slack_socket.title': 'Slack Socket Mode 一直重连失败',
  'finding.platform_deaf.slack_socket.explanation':
    'Slack 在 15 分钟内记录了 {count} 次“Socket Mode reconnect failed”，而 gateway_state.json 仍显示已连接：Slack 收发都已中断。',
  'finding.platform_deaf.slack_socket.action': `重启网关。{restart_how}如果再次出现，请检查 Slack 应用级 token（xapp-）和到 Slack 的网络。`,
  'demo.fault.slack-session-closed':
    'Slack 重建 Socket Mode 后，`slack_bolt` 无限重试一个已关闭的会话（仅在 agent.log 中）：gatewatch 会重启',
};
