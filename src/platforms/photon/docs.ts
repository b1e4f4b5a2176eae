// Photon's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it raises,
// in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing at run time
// loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.photon_replies': {
    severity: 'warning',
    en: {
      when: '*Hermes #52794.* `SpectrumCloudError: Rate limited by ip_per_minute (max 300 per 60s)` (gateway.log or agent.log), then `✓ photon reconnected successfully`, then `[Photon] Sending response (N chars)` lines, the last within 30 min: the replies #52794 logged as sent never arrived.',
      restart: 'alert only (the report states nothing on a restart)',
      action:
        'Check on a phone whether replies arrive; if not, restart by hand and keep the sidecar under 300 requests a minute.',
    },
    'zh-CN': {
      when: '*Hermes #52794。* 出现 `SpectrumCloudError: Rate limited by ip_per_minute (max 300 per 60s)`（gateway.log 或 agent.log），随后 `✓ photon reconnected successfully`，再之后是 `[Photon] Sending response (N chars)`，最后一行在 30 分钟内：#52794 中这样记为已发送的回复从未送达。',
      restart: '只告警（报告未说明重启是否有用）',
      action: '用手机确认回复是否到达；若没有，手动重启，并让边车每分钟请求不超过 300 次。',
    },
  },
  'startup_incomplete.photon_path': {
    severity: 'warning',
    en: {
      when: "*Hermes #52155.* The gateway runs under launchd and its start connected fewer platforms than expected, Photon among them, with no line about Photon at all: launchd's PATH lacks /opt/homebrew/bin, node is not found and the platform is skipped.",
      restart: '**never restarts** for it (the same PATH)',
      action: "Add /opt/homebrew/bin to the launchd job's PATH (EnvironmentVariables), reload it, restart once.",
    },
    'zh-CN': {
      when: '*Hermes #52155。* 网关运行在 launchd 下，本次启动连上的平台少于预期，其中包括 Photon，且没有任何关于 Photon 的记录：launchd 的 PATH 不含 /opt/homebrew/bin，找不到 node，该平台被跳过。',
      restart: '**从不**为此重启（PATH 不变）',
      action: '把 /opt/homebrew/bin 加入 launchd 任务的 PATH（EnvironmentVariables），重新加载，重启一次。',
    },
  },
};
