// Email's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.email.title': 'Email cannot fetch mail, and Hermes reads it as an empty inbox',
  'finding.platform_deaf.email.explanation':
    'Hermes logged "[Email] IMAP fetch error: {error}" {count|# time|# times} since {ago} ago, and no mail was received since. The email adapter swallows every fetch error and answers it like an empty inbox: no state change, no fatal error, no retry of its own (#80016). Mail to the bot goes unread while gateway_state.json says connected; only a restart clears it.',
  'finding.platform_deaf.email.action':
    'Restart the gateway. {restart_how} If it comes back, check the IMAP server and the EMAIL_* settings.',
  'finding.config_fatal.email_blank.title': 'Email is switched on by blank EMAIL_* settings and loops on DNS',
  'finding.config_fatal.email_blank.explanation':
    '{env} assigns {keys} an empty value, which enables the email platform with no server to reach: Hermes logged "[Email] IMAP connection failed: [Errno -2] Name or service not known" {count|# time|# times} since {ago} ago, with "✗ email failed to connect" every ~30 s, and its memory climbs while it loops, up to the host\'s OOM (#40715). A restart reads the same settings.',
  'finding.config_fatal.email_blank.action':
    'Remove the blank EMAIL_* lines from {env} (or fill them in), then restart the gateway once. gatewatch does not restart for this.',
  'evidence.email.blank': '{env}: {keys} set to an empty value',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.email.title': '邮件收取失败，而 Hermes 当作收件箱为空',
  'finding.platform_deaf.email.explanation':
    'Hermes 自 {ago} 前起记录了 {count} 次“[Email] IMAP fetch error: {error}”，此后没有收到任何邮件。邮件适配器会吞掉每个收取错误，当作收件箱为空处理：不改状态，不报致命错误，自己也不重试（#80016）。发给机器人的邮件无人读取，而 gateway_state.json 仍显示已连接；只有重启能恢复。',
  'finding.platform_deaf.email.action': '重启网关。{restart_how}如果再次出现，请检查 IMAP 服务器和 EMAIL_* 设置。',
  'finding.config_fatal.email_blank.title': '空的 EMAIL_* 设置启用了邮件平台，它在 DNS 上反复失败',
  'finding.config_fatal.email_blank.explanation':
    '{env} 把 {keys} 设为空值，这会启用邮件平台，却没有可连接的服务器：Hermes 自 {ago} 前起记录了 {count} 次“[Email] IMAP connection failed: [Errno -2] Name or service not known”，并且每约 30 秒一次“✗ email failed to connect”，循环期间内存不断上涨，直到主机 OOM（#40715）。重启读到的仍是同样的设置。',
  'finding.config_fatal.email_blank.action':
    '从 {env} 中删除空的 EMAIL_* 行（或填上正确的值），然后重启网关一次。gatewatch 不会为此重启。',
  'evidence.email.blank': '{env}：{keys} 被设为空值',
};
