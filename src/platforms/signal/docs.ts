// Signal's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing
// at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.signal_loop': {
    severity: 'critical',
    en: {
      when: '*Hermes #65071.* `Signal SSE: connected` 10+ times within 2 min: signal-cli answers the events request with 400 (0.14.6, multi-account mode).',
      restart: 'never restarts',
      action: 'Run signal-cli for one account (`-u <number>`) or another version.',
    },
    'zh-CN': {
      when: '*Hermes #65071。* 2 分钟内 10 次以上 `Signal SSE: connected`：signal-cli 对事件请求返回 400（0.14.6、多账号模式）。',
      restart: '从不重启',
      action: '以单账号方式（`-u <号码>`）或换一个版本运行 signal-cli。',
    },
  },
  'platform_deaf.signal_hang': {
    severity: 'critical',
    en: {
      when: '*Hermes PR #71098.* `Signal: SSE idle for 12xs, checking daemon health` 3 times with no `Signal SSE: connected` and no Signal message in between: the stream hangs.',
      restart: 'auto-restart',
      action: 'Restart signal-cli too if it recurs.',
    },
    'zh-CN': {
      when: '*Hermes PR #71098。* 3 次 `Signal: SSE idle for 12xs, checking daemon health`，其间没有 `Signal SSE: connected` 也没有 Signal 消息：事件流卡住了。',
      restart: '自动重启',
      action: '如果反复出现，也重启 signal-cli。',
    },
  },
};
