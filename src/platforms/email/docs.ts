// Email's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it raises, in
// both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing at run time loads
// this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.email': {
    severity: 'critical',
    en: {
      when: "*Hermes #80016.* `[Email] IMAP fetch error: …` 5+ times within 10 min, over 3 min or more, the last within 5 min, with no mail received since: the adapter swallows each fetch error as an empty inbox (no state change, no fatal error). Gmail's occasional `The read operation timed out` (#92358, under 2 % of polls) stays quiet.",
      restart: 'auto-restart (only a restart clears it)',
      action: 'If it recurs, check the IMAP server and the `EMAIL_*` settings.',
    },
    'zh-CN': {
      when: '*Hermes #80016。* 10 分钟内 5 次以上 `[Email] IMAP fetch error: …`，跨越 3 分钟以上，最后一次在 5 分钟内，此后未收到邮件：适配器把每个收取错误当作收件箱为空吞掉（不改状态、不报致命错误）。Gmail 偶尔的 `The read operation timed out`（#92358，低于 2% 的轮询）不会触发。',
      restart: '自动重启（只有重启能恢复）',
      action: '如果反复出现，请检查 IMAP 服务器和 `EMAIL_*` 设置。',
    },
  },
  'config_fatal.email_blank': {
    severity: 'critical',
    en: {
      when: "*Hermes #40715.* `[Email] IMAP connection failed: [Errno -2] Name or service not known` twice or more, the last within 5 min (with `✗ email failed to connect` every ~30 s), and the home's `.env` assigns an `EMAIL_*` key an empty value (names only are read): blank settings switched the platform on, and its memory climbs while it loops. The same DNS error with the settings filled in is not this.",
      restart: '**never restarts** email (a restart reads the same settings)',
      action: 'Remove the blank `EMAIL_*` lines from `.env` (or fill them in), then restart once.',
    },
    'zh-CN': {
      when: '*Hermes #40715。* 两次以上 `[Email] IMAP connection failed: [Errno -2] Name or service not known`，最后一次在 5 分钟内（并且每约 30 秒一次 `✗ email failed to connect`），且该 home 的 `.env` 把某个 `EMAIL_*` 设为空值（只读取键名）：空设置启用了该平台，循环期间内存不断上涨。设置已填好时的同样 DNS 错误不属于此项。',
      restart: '**从不重启**邮件平台（重启读到的仍是同样的设置）',
      action: '从 `.env` 删除空的 `EMAIL_*` 行（或填上正确的值），然后重启一次。',
    },
  },
};
