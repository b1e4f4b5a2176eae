// Feishu/Lark's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.feishu_gave_up.title': 'Feishu has been reconnecting for {ago}: the Lark SDK gave up',
  'finding.platform_deaf.feishu_gave_up.explanation':
    "Feishu's WebSocket link was lost {ago} ago and gateway_state.json still says it is retrying. The Lark SDK tries about 10 times over ~17 minutes (last: attempt {tries}) and then stops without telling Hermes (#64712), so Feishu stays deaf until a restart. gatewatch waited out the SDK's own ladder (20 minutes) instead of restarting at every dropped connection.",
  'finding.platform_deaf.feishu_gave_up.action':
    'Restart the gateway once. {restart_how} If the link keeps dropping, check the network path to open.feishu.cn (proxies that cut long-lived WebSockets).',
  'finding.forecast.feishu_giveup.title':
    'Feishu has been reconnecting for {ago} (try {tries} of about {max}): the Lark SDK gives up in about {eta}',
  'finding.forecast.feishu_giveup.explanation':
    'The Lark SDK retries a lost link itself, about {max} times over about 17 minutes, and then stops without telling Hermes: Feishu then reads connected and hears nothing until the gateway restarts (#64712). This link was lost {ago} ago and the SDK is on its try {tries}.',
  'finding.forecast.feishu_giveup.action':
    'Nothing to do yet: most lost links come back within the first tries, and a restart per lost link only adds churn (#31367). If the SDK gives up, gatewatch restarts the gateway once.',
  'finding.forecast.feishu_giveup_due.title':
    "Feishu has been reconnecting for {ago} (try {tries} of about {max}): the Lark SDK's give-up is due now",
  'finding.forecast.feishu_giveup_due.explanation':
    'The Lark SDK retries a lost link itself, about {max} times over about 17 minutes, and then stops without telling Hermes: Feishu then reads connected and hears nothing until the gateway restarts (#64712). This link was lost {ago} ago, past those 17 minutes, and the SDK was last on its try {tries}: it gives up now, if it has not.',
  'finding.forecast.feishu_giveup_due.action':
    'Nothing to do yet: a link can still come back at its last tries. At 20 minutes without it, gatewatch takes the SDK as given up and restarts the gateway once.',
  'finding.feishu_executor_shutdown.title': 'Feishu receives but cannot reply (executor shut down)',
  'finding.feishu_executor_shutdown.explanation':
    'Every Feishu send fails with "Executor shutdown has been called" ({count|# failure|# failures} in this run): the adapter\'s thread pool is gone, so messages arrive but no reply goes out until the gateway restarts. A known bug of Hermes v0.17.x and earlier, fixed in v0.18.0.',
  'finding.feishu_executor_shutdown.action': `Restart the gateway. {restart_how} Upgrade Hermes to v0.18.0 or later to stop it recurring.`,
  'finding.respawn_storm.lark.title':
    'The gateway is restarted after each Feishu link drop: {count|# restart|# restarts} in {window}',
  'finding.respawn_storm.lark.explanation':
    'Each of the last {count|# restart|# restarts} (about one every {cadence}) came within minutes of the Lark SDK logging "receive message loop exit" in agent.log, before the gateway was asked to stop. The SDK reconnects by itself after such a drop; restarting the whole gateway for it reconnects every platform and notifies every chat each time (Hermes #31367: 48 restarts a day) and fixes nothing. Too slow for Hermes\' own breaker (more than 5 starts in 2 minutes), so nothing else says it.',
  'finding.respawn_storm.lark.action':
    'Stop whatever restarts the gateway when Lark drops its link (a watchdog script or a cron job reading that line) and let the SDK reconnect; restart once only if Feishu stays "retrying" for over 20 minutes. If Hermes itself logs "Stopping gateway for restart..." after each drop, update Hermes. gatewatch does not restart for this.',
  'finding.feishu_loop_died.title': 'Feishu receives nothing: its receive loop died ("attached to a different loop")',
  'finding.feishu_loop_died.explanation':
    'The Lark SDK\'s receive loop died {ago} ago with "attached to a different loop" ({count|# time|# times} in this run), which happens when several Feishu apps share one gateway process (multiplexed profiles). From then on that app\'s inbound messages are dropped without a Hermes line, while replies, the process, the heartbeat and the state file ({apps}) all look healthy. No Feishu message has arrived since. Up to Hermes v0.21.3 only a restart recovers it (running: {version}).',
  'finding.feishu_loop_died.action': `Restart the gateway (this reconnects every profile's bots). {restart_how} Upgrade Hermes to v0.21.4 or later, which isolates each app's SDK loop and reports the dead thread as retrying.`,
  'finding.feishu_loop_died.version.unknown': 'unknown',
  'check.feishu_executor_shutdown': 'Feishu cannot reply (executor shut down)',
  'check.feishu_loop_died': 'Feishu receive loop died',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.feishu_gave_up.title': '飞书已重连 {ago}：Lark SDK 已放弃',
  'finding.platform_deaf.feishu_gave_up.explanation':
    '飞书的 WebSocket 链路在 {ago} 前断开，gateway_state.json 仍显示正在重试。Lark SDK 会在约 17 分钟内重试约 10 次（最后一次：第 {tries} 次），然后在不通知 Hermes 的情况下停止（#64712），飞书将一直失聪直到重启。gatewatch 等完了 SDK 自己的重连阶梯（20 分钟），而不是每断一次就重启。',
  'finding.platform_deaf.feishu_gave_up.action':
    '重启网关一次。{restart_how}如果链路反复断开，请检查到 open.feishu.cn 的网络路径（会切断长连接 WebSocket 的代理）。',
  'finding.forecast.feishu_giveup.title':
    '飞书已重连 {ago}（约 {max} 次中的第 {tries} 次）：约 {eta}后 Lark SDK 将放弃',
  'finding.forecast.feishu_giveup.explanation':
    'Lark SDK 会自己重试断开的连接，约 17 分钟内大约 {max} 次，之后就停止且不告知 Hermes：此后飞书显示已连接，却什么也收不到，直到网关重启（#64712）。这条连接已断开 {ago}，SDK 正在进行第 {tries} 次尝试。',
  'finding.forecast.feishu_giveup.action':
    '暂时不用做什么：大多数断开的连接在最初几次尝试内就会恢复，每断一次就重启只会徒增抖动（#31367）。如果 SDK 放弃了，gatewatch 会重启网关一次。',
  'finding.forecast.feishu_giveup_due.title':
    '飞书已重连 {ago}（约 {max} 次中的第 {tries} 次）：Lark SDK 现在就该放弃了',
  'finding.forecast.feishu_giveup_due.explanation':
    'Lark SDK 会自己重试断开的连接，约 17 分钟内大约 {max} 次，之后就停止且不告知 Hermes：此后飞书显示已连接，却什么也收不到，直到网关重启（#64712）。这条连接已断开 {ago}，超过了那 17 分钟，SDK 最近一次是第 {tries} 次尝试：如果它还没放弃，现在就会放弃。',
  'finding.forecast.feishu_giveup_due.action':
    '暂时不用做什么：连接在最后几次尝试中仍可能恢复。到 20 分钟仍未恢复时，gatewatch 视为 SDK 已放弃，并重启网关一次。',
  'finding.feishu_executor_shutdown.title': '飞书能收消息但无法回复（executor 已关闭）',
  'finding.feishu_executor_shutdown.explanation':
    '每次飞书发送都失败并报“Executor shutdown has been called”（本次运行 {count} 次）：适配器的线程池已关闭，消息能收到但回复发不出去，直到网关重启。这是 Hermes v0.17.x 及更早版本的已知缺陷，v0.18.0 已修复。',
  'finding.feishu_executor_shutdown.action': `重启网关。{restart_how}升级 Hermes 到 v0.18.0 或更高版本可避免再次发生。`,
  'finding.respawn_storm.lark.title': '每次飞书链路断开后网关都被重启：{window} 内 {count} 次',
  'finding.respawn_storm.lark.explanation':
    '最近 {count} 次重启（大约每 {cadence} 一次）都发生在 Lark SDK 在 agent.log 中记录“receive message loop exit”之后几分钟内、网关被要求停止之前。这种断开后 SDK 会自行重连；为此重启整个网关会让每个平台都重连、每个会话都收到通知（Hermes #31367：一天 48 次重启），却什么也修不好。它慢到 Hermes 自身的断路器（2 分钟内启动超过 5 次）察觉不到，所以没有别的告警会指出它。',
  'finding.respawn_storm.lark.action':
    '停掉在 Lark 链路断开时重启网关的东西（读取这行日志的看门狗脚本或定时任务），让 SDK 自行重连；只有飞书持续“retrying”超过 20 分钟时才重启一次。如果是 Hermes 自己在每次断开后记录“Stopping gateway for restart...”，请升级 Hermes。gatewatch 不会为此重启。',
  'finding.feishu_loop_died.title': '飞书收不到消息：接收循环已终止（“attached to a different loop”）',
  'finding.feishu_loop_died.explanation':
    '飞书 SDK 的接收循环在 {ago} 前因“attached to a different loop”终止（本次运行 {count} 次）；多个飞书应用共用一个网关进程（多 profile 复用）时会出现这种情况。此后该应用收到的消息会被丢弃，Hermes 不记录任何日志，而回复、进程、心跳和状态文件（{apps}）看起来都正常。此后没有收到任何飞书消息。在 Hermes v0.21.3 及更早版本中只有重启能恢复（当前运行：{version}）。',
  'finding.feishu_loop_died.action': `重启网关（所有 profile 的机器人都会重连）。{restart_how}升级 Hermes 到 v0.21.4 或更高版本：它为每个应用隔离 SDK 循环，并在线程终止时把状态报告为 retrying。`,
  'finding.feishu_loop_died.version.unknown': '未知',
  'check.feishu_executor_shutdown': '飞书无法回复（执行器已关闭）',
  'check.feishu_loop_died': '飞书接收循环已停止',
};
