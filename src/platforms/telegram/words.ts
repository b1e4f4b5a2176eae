// Telegram's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.telegram.title': 'Telegram is connected but deaf',
  'finding.platform_deaf.telegram.explanation':
    "Telegram's own deaf-socket checks fired {count|# time|# times} within 15 minutes (updates queued but not consumed, updater gone, no getUpdates progress, or a CLOSE-WAIT socket) and polling did not come back, while gateway_state.json still says connected. Messages to the bot are not answered.",
  'finding.platform_deaf.telegram.action': `Restart the gateway. {restart_how} If it keeps happening, check the network path to api.telegram.org (proxies that drop long polls).`,
  'finding.platform_deaf.telegram_stall_regression.title':
    'Telegram polling stalls on Hermes {version}: a restart will not help',
  'finding.platform_deaf.telegram_stall_regression.explanation':
    'Telegram logged "getUpdates stalled" on {count|# polling attempt|# polling attempts} while getMe stays healthy, and polling never confirmed healthy again. This is the Hermes v0.21.3 regression (#113618): every fresh process goes deaf the same way, so restarting (even Restart=always) does not bring messages back.',
  'finding.platform_deaf.telegram_stall_regression.action':
    'The way out: {way_out}. Then restart the gateway once. gatewatch does not restart for this.',
  'finding.platform_deaf.telegram_pending.title': 'Telegram polling restarted but never received again',
  'finding.platform_deaf.telegram_pending.explanation':
    'Telegram restarted its polling and waits for its first getUpdates round trip ("health pending getUpdates progress"), but "polling confirmed healthy" has not followed, past Hermes\' own 150-second stall check. The reconnect hung (#90504); gateway_state.json still says connected.',
  'finding.platform_deaf.telegram_pending.action': 'Restart the gateway. {restart_how}',
  'demo.fault.telegram-stall':
    'Telegram polling stalls the v0.21.3 way (#113618): "getUpdates stalled" on every ladder attempt; gatewatch says update or roll back, and does not restart',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.telegram.title': 'Telegram 已连接但收不到消息',
  'finding.platform_deaf.telegram.explanation':
    'Telegram 自身的“聋连接”检测在 15 分钟内触发了 {count} 次（更新已排队但未被消费、updater 已停止、getUpdates 无进展或 CLOSE-WAIT 连接），轮询没有恢复，而 gateway_state.json 仍显示已连接。发给机器人的消息得不到回复。',
  'finding.platform_deaf.telegram.action': `重启网关。{restart_how}如果反复出现，请检查到 api.telegram.org 的网络路径（会掐断长轮询的代理）。`,
  'finding.platform_deaf.telegram_stall_regression.title': 'Telegram 轮询在 Hermes {version} 上停滞：重启无济于事',
  'finding.platform_deaf.telegram_stall_regression.explanation':
    'Telegram 在 {count} 次轮询尝试中记录了“getUpdates stalled”，而 getMe 一直正常，轮询再未确认恢复。这是 Hermes v0.21.3 的回归问题（#113618）：每个新进程都会以同样方式失聪，所以重启（包括 Restart=always）收不回消息。',
  'finding.platform_deaf.telegram_stall_regression.action':
    '出路：{way_out}。然后重启网关一次。gatewatch 不会为此重启。',
  'finding.platform_deaf.telegram_pending.title': 'Telegram 轮询已重启，但之后再未收到任何消息',
  'finding.platform_deaf.telegram_pending.explanation':
    'Telegram 重启了轮询并在等待第一次 getUpdates 往返（“health pending getUpdates progress”），但已超过 Hermes 自己 150 秒的停滞检查，仍未出现“polling confirmed healthy”。重连卡住了（#90504）；gateway_state.json 仍显示已连接。',
  'finding.platform_deaf.telegram_pending.action': '重启网关。{restart_how}',
  'demo.fault.telegram-stall':
    'Telegram 轮询以 v0.21.3 的方式停滞（#113618）：每次重连都报“getUpdates stalled”；gatewatch 建议更新或回退，并且不会重启',
};
