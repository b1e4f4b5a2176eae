// WeCom's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.wecom.title': 'WeCom keeps failing to reconnect or to send',
  'finding.platform_deaf.wecom.explanation':
    'WeCom logged {count} failed reconnects or refused sends (errcode 846609, not subscribed) over several minutes since it was last connected, while gateway_state.json still says connected: the bot neither receives nor sends.',
  'finding.platform_deaf.wecom.action': `Restart the gateway. {restart_how}`,
  'finding.platform_deaf.wecom_hung.title': "WeCom's reconnect hangs",
  'finding.platform_deaf.wecom_hung.explanation':
    'WeCom lost its WebSocket {ago} ago and its reconnect has logged neither "Reconnected" nor a failure since: the reconnect hangs (#47572) and the bot neither receives nor sends, while gateway_state.json still says connected.',
  'finding.platform_deaf.wecom_hung.action': 'Restart the gateway. {restart_how}',
  'finding.platform_deaf.wecom_300s.title': "WeCom's server closes the connection every ~5 minutes",
  'finding.platform_deaf.wecom_300s.explanation':
    'The WeCom server closed the WebSocket {count|# time|# times} within 30 minutes and Hermes reconnected each time. Its heartbeat carries an empty body, which the server answers by closing after ~300 seconds (#71337): messages sent in each gap arrive late or are lost. A restart does not change it.',
  'finding.platform_deaf.wecom_300s.action':
    'Update Hermes when a fix for the WeCom heartbeat (#71337) is released. gatewatch does not restart for this.',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.wecom.title': '企业微信一直重连失败或发送失败',
  'finding.platform_deaf.wecom.explanation':
    '企业微信自上次连接以来，在数分钟内已有 {count} 次重连失败或发送被拒（errcode 846609，未订阅），而 gateway_state.json 仍显示已连接：机器人收不到也发不出消息。',
  'finding.platform_deaf.wecom.action': `重启网关。{restart_how}`,
  'finding.platform_deaf.wecom_hung.title': '企业微信的重连卡住了',
  'finding.platform_deaf.wecom_hung.explanation':
    '企业微信在 {ago} 前断开了 WebSocket，此后重连既没有记录“Reconnected”也没有记录失败：重连卡住了（#47572），机器人既收不到也发不出，而 gateway_state.json 仍显示已连接。',
  'finding.platform_deaf.wecom_hung.action': '重启网关。{restart_how}',
  'finding.platform_deaf.wecom_300s.title': '企业微信服务器每约 5 分钟关闭一次连接',
  'finding.platform_deaf.wecom_300s.explanation':
    '企业微信服务器在 30 分钟内关闭了 {count} 次 WebSocket，Hermes 每次都重连了。它的心跳消息体为空，服务器约 300 秒后就会关闭连接（#71337）：每个间隙里发来的消息会延迟或丢失。重启不会改变这一点。',
  'finding.platform_deaf.wecom_300s.action':
    '等修复企业微信心跳（#71337）的 Hermes 版本发布后更新。gatewatch 不会为此重启。',
};
