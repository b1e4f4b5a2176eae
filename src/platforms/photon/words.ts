// Photon's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.photon_replies.title': 'Photon says it sends replies, but they may never arrive',
  'finding.platform_deaf.photon_replies.explanation':
    'Spectrum rate-limited the Photon sidecar {ago} ago (`ip_per_minute`, at most 300 per 60 s), the gateway reconnected Photon, and since then it logged "[Photon] Sending response" {sent|# time|# times}. After exactly this in #52794 no reply reached iMessage, with nothing logged to say so.',
  'finding.platform_deaf.photon_replies.action':
    'Send the bot an iMessage and see whether the answer arrives. If it does not, restart the gateway by hand ({restart_how}) and keep the sidecar under 300 requests a minute from this address.',
  'finding.startup_incomplete.photon_path.title': 'Photon did not start: launchd cannot find node',
  'finding.startup_incomplete.photon_path.explanation':
    "This start connected {count} of {expected} platforms and said nothing about Photon, while the gateway runs under launchd ({job}). launchd gives the job a PATH without /opt/homebrew/bin, so the Photon sidecar's node is not found and Hermes skips the platform without a line (#52155). A restart runs with the same PATH.",
  'finding.startup_incomplete.photon_path.action':
    'Add /opt/homebrew/bin (where node lives) to the PATH in the EnvironmentVariables of the launchd job, reload it, then restart the gateway once. gatewatch does not restart for this.',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.photon_replies.title': 'Photon 说已发送回复，但回复可能从未送达',
  'finding.platform_deaf.photon_replies.explanation':
    'Spectrum 在 {ago} 前对 Photon 边车进行了限流（`ip_per_minute`，每 60 秒最多 300 次），网关重连了 Photon，此后记录了 {sent} 次“[Photon] Sending response”。#52794 中正是这样之后再也没有回复到达 iMessage，日志里也没有任何提示。',
  'finding.platform_deaf.photon_replies.action':
    '给机器人发一条 iMessage，看回复是否到达。如果没有，请手动重启网关（{restart_how}），并让边车从本地址每分钟不超过 300 次请求。',
  'finding.startup_incomplete.photon_path.title': 'Photon 没有启动：launchd 找不到 node',
  'finding.startup_incomplete.photon_path.explanation':
    '本次启动只连上了 {expected} 个平台中的 {count} 个，且没有任何关于 Photon 的记录，而网关运行在 launchd 下（{job}）。launchd 给该任务的 PATH 不含 /opt/homebrew/bin，Photon 边车找不到 node，Hermes 便不留一行地跳过了这个平台（#52155）。重启后 PATH 仍然一样。',
  'finding.startup_incomplete.photon_path.action':
    '在 launchd 任务的 EnvironmentVariables 里把 /opt/homebrew/bin（node 所在目录）加入 PATH，重新加载，然后重启网关一次。gatewatch 不会为此重启。',
};
