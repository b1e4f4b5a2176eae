// DingTalk's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.dingtalk.title': 'DingTalk stream error storm',
  'finding.platform_deaf.dingtalk.explanation':
    'DingTalk logged {count} stream client errors within 10 minutes, while gateway_state.json still says connected. Such storms fill the disk (one wrote 315 MB of logs), and rapid restarts make DingTalk stop routing messages for 40+ minutes.',
  'finding.platform_deaf.dingtalk.action':
    'Check the DingTalk app credentials and the network to DingTalk; restart the gateway once, by hand, if it does not settle — not repeatedly.',
  'finding.platform_deaf.dingtalk_sdk.title': 'DingTalk fails in its SDK: the dingtalk-stream SDK does not match',
  'finding.platform_deaf.dingtalk_sdk.explanation':
    'DingTalk failed with an error only a mismatched SDK gives ({count|# time|# times}, the first {ago} ago): the installed dingtalk-stream is not the version the adapter expects, so every reconnect (#24851) or every message (#9752) fails the same way, for good. A restart loads the same SDK.',
  'finding.platform_deaf.dingtalk_sdk.action':
    "Pin dingtalk-stream to the version your Hermes expects (reinstall Hermes' dependencies or `hermes update`), then restart the gateway once. gatewatch does not restart for this.",
  'finding.platform_deaf.dingtalk_routing.title':
    'DingTalk may have stopped routing messages after {count} quick restarts',
  'finding.platform_deaf.dingtalk_routing.explanation':
    'The gateway started {count} times within {within}, and DingTalk says connected, but no DingTalk message has arrived in the {ago} since the last start. After rapid restarts DingTalk stopped routing to new connections for 40+ minutes in the field (#7562); every further restart makes it worse.',
  'finding.platform_deaf.dingtalk_routing.action':
    'Do not restart the gateway for now: wait (DingTalk resumes by itself, usually within an hour) and space any restarts at least 10 minutes apart. gatewatch holds its own restarts meanwhile.',
  'evidence.dingtalk.starts': 'gateway-starts.log: {count} starts within {within}',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.dingtalk.title': '钉钉 Stream 错误风暴',
  'finding.platform_deaf.dingtalk.explanation':
    '钉钉在 10 分钟内记录了 {count} 次 stream client 错误，而 gateway_state.json 仍显示已连接。这种风暴会写满磁盘（曾有一次写出 315 MB 日志），频繁重启还会让钉钉 40 分钟以上不再投递消息。',
  'finding.platform_deaf.dingtalk.action':
    '检查钉钉应用凭据和到钉钉的网络；如果不能平息，手动重启网关一次——不要反复重启。',
  'finding.platform_deaf.dingtalk_sdk.title': '钉钉在其 SDK 中失败：dingtalk-stream SDK 版本不匹配',
  'finding.platform_deaf.dingtalk_sdk.explanation':
    '钉钉出现了只有 SDK 版本不匹配才会产生的错误（{count} 次，首次在 {ago} 前）：已安装的 dingtalk-stream 不是适配器期望的版本，因此每次重连（#24851）或每条消息（#9752）都会以同样的方式失败，不会自行恢复。重启加载的仍是同一个 SDK。',
  'finding.platform_deaf.dingtalk_sdk.action':
    '将 dingtalk-stream 固定为你的 Hermes 所需的版本（重新安装 Hermes 依赖或 `hermes update`），然后重启网关一次。gatewatch 不会为此重启。',
  'finding.platform_deaf.dingtalk_routing.title': '连续快速重启 {count} 次后，钉钉可能已停止投递消息',
  'finding.platform_deaf.dingtalk_routing.explanation':
    '网关在 {within} 内启动了 {count} 次，钉钉显示已连接，但自上次启动以来的 {ago} 内没有收到任何钉钉消息。实际案例中，快速重启后钉钉会在 40 多分钟内不再向新连接投递消息（#7562）；每多重启一次情况更糟。',
  'finding.platform_deaf.dingtalk_routing.action':
    '暂时不要重启网关：请等待（钉钉通常在一小时内自行恢复），任何重启至少间隔 10 分钟。在此期间 gatewatch 会暂停自己的重启。',
  'evidence.dingtalk.starts': 'gateway-starts.log：{within} 内启动了 {count} 次',
};
