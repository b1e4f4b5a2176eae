// Discord's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.discord.title': 'Discord is connected but deaf: its liveness check stopped',
  'finding.platform_deaf.discord.explanation':
    'Discord\'s gateway WebSocket failed a liveness check ({reason}) {ago} ago and nothing followed: no "healthy again", no forced reconnect, no new connection, no message. The check samples every 15 seconds and escalates at the second strike, so it is wedged, and the bot hears nothing while gateway_state.json still says connected (#79445, #118487).',
  'finding.platform_deaf.discord.action':
    'Restart the gateway. {restart_how} If it recurs, update Hermes (later versions escalate a closed socket at the first strike).',
  'finding.platform_deaf.discord_receive_stall.title':
    'Discord hears nothing on Hermes {version}, and a restart will not bring it back',
  'finding.platform_deaf.discord_receive_stall.explanation':
    "Discord's gateway WebSocket failed a liveness check ({reason}) {ago} ago and nothing followed: no recovery, no reconnect, no message, while gateway_state.json still says connected. On v0.20.0–v0.20.1 this is the receive stall that came with the v0.20.0 update (#78881): the bot connects and then hears nothing, and a restart does not recover it.",
  'finding.platform_deaf.discord_receive_stall.action':
    'The way out: {way_out}. Then restart the gateway once. gatewatch does not restart for this.',
  'demo.fault.discord-strike':
    'Discord logs a liveness strike "WebSocket unhealthy (ack_stale, 1/2)" and then nothing: a wedged probe, deaf while connected; gatewatch says so after 60 s and restarts',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.discord.title': 'Discord 显示已连接但已失聪：其存活检查停止了',
  'finding.platform_deaf.discord.explanation':
    'Discord 网关 WebSocket 在 {ago} 前未通过存活检查（{reason}），此后再无下文：没有“healthy again”，没有强制重连，没有新连接，也没有消息。该检查每 15 秒采样一次、第二次失败即升级，所以它已卡住；机器人收不到任何消息，而 gateway_state.json 仍显示已连接（#79445、#118487）。',
  'finding.platform_deaf.discord.action':
    '重启网关。{restart_how}如果反复出现，请更新 Hermes（新版本在第一次检查失败时就会对已关闭的套接字升级处理）。',
  'finding.platform_deaf.discord_receive_stall.title': 'Discord 在 Hermes {version} 上收不到任何消息，重启也无法恢复',
  'finding.platform_deaf.discord_receive_stall.explanation':
    'Discord 网关 WebSocket 在 {ago} 前未通过存活检查（{reason}），此后再无下文：没有恢复，没有重连，也没有消息，而 gateway_state.json 仍显示已连接。在 v0.20.0–v0.20.1 上，这是随 v0.20.0 更新而来的接收停滞（#78881）：机器人连上后再也收不到消息，重启也无法恢复。',
  'finding.platform_deaf.discord_receive_stall.action': '出路：{way_out}。然后重启网关一次。gatewatch 不会为此重启。',
  'demo.fault.discord-strike':
    'Discord 记录一次存活检查失败“WebSocket unhealthy (ack_stale, 1/2)”，此后再无下文：探测卡住，显示已连接却收不到消息；gatewatch 在 60 秒后指出并重启',
};
