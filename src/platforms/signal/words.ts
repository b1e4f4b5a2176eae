// Signal's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.signal_loop.title': 'Signal reconnects every few seconds and receives nothing',
  'finding.platform_deaf.signal_loop.explanation':
    'Signal\'s event stream logged "connected" {count|# time|# times} within 2 minutes: signal-cli answers the events request with an error, the stream ends at once and reconnects (signal-cli 0.14.6, or multi-account mode). No message arrives, and a restart does the same again.',
  'finding.platform_deaf.signal_loop.action':
    'Fix signal-cli: run it for a single account (`-u <number>`) or use a version the adapter supports, then restart the gateway. gatewatch does not restart for this.',
  'finding.platform_deaf.signal_hang.title': "Signal's event stream hangs",
  'finding.platform_deaf.signal_hang.explanation':
    'Signal logged "SSE idle, checking daemon health" {count|# time|# times} with no reconnect and no message in between. signal-cli sends a keepalive every ~15 seconds, so two minutes of silence means the stream hangs while the daemon answers its health check; gateway_state.json still says connected.',
  'finding.platform_deaf.signal_hang.action':
    'Restart the gateway. {restart_how} If it recurs, restart signal-cli too.',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.signal_loop.title': 'Signal 每隔几秒重连一次，却收不到任何消息',
  'finding.platform_deaf.signal_loop.explanation':
    'Signal 的事件流在 2 分钟内记录了 {count} 次“connected”：signal-cli 对事件请求返回错误，流立即结束并重连（signal-cli 0.14.6 或多账号模式）。收不到任何消息，重启也只会重复同样的过程。',
  'finding.platform_deaf.signal_loop.action':
    '修复 signal-cli：以单账号方式运行（`-u <号码>`）或使用适配器支持的版本，然后重启网关。gatewatch 不会为此重启。',
  'finding.platform_deaf.signal_hang.title': 'Signal 事件流卡住了',
  'finding.platform_deaf.signal_hang.explanation':
    'Signal 记录了 {count} 次“SSE idle, checking daemon health”，其间没有重连也没有消息。signal-cli 每约 15 秒发送一次保活，两分钟无声说明事件流卡住了，而守护进程仍能通过健康检查；gateway_state.json 仍显示已连接。',
  'finding.platform_deaf.signal_hang.action': '重启网关。{restart_how}如果反复出现，也重启 signal-cli。',
};
