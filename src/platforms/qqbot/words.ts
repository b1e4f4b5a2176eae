// QQ's words: its own checks' and forecasts' texts in both locales (registered for the renderers by
// src/platforms/index.ts). The compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks
// their placeholders match.

export const en = {
  'finding.qq_reconnect_exhausted.title': 'QQ gave up reconnecting: QQ is dead until a restart',
  'finding.qq_reconnect_exhausted.explanation':
    'The QQ adapter logged "Max reconnect attempts reached" {ago} ago and stopped trying. Hermes never retries it and the process stays up, so systemd does not restart it either (the state file says "{state}", which cannot be trusted here).',
  'finding.qq_reconnect_exhausted.action': `Restart the gateway. {restart_how} The quoted reconnect error shows why it could not reconnect (DNS, network, token).`,
  'finding.qq_reconnect_exhausted.quick.title': 'QQ stopped after too many quick disconnects',
  'finding.qq_reconnect_exhausted.quick.explanation':
    'QQ closed the connection within seconds three times in a row and the adapter gave up ("Too many quick disconnects"). It stays dead until the gateway restarts; the state file says "{state}".',
  'finding.qq_reconnect_exhausted.quick.action': `Restart the gateway: Hermes counts this failure as retryable. {restart_how} If QQ stops the same way again after the restart, check the QQ AppID/secret and the bot permissions on the QQ Open Platform.`,
  'finding.qq_session_timeout.title': 'QQ did not resume after a session timeout (4009)',
  'finding.qq_session_timeout.explanation':
    'QQ closed the session with code 4009 {ago} ago and no "Reconnected", "Session resumed" or "Ready" followed within the grace. QQ does this about every 30 minutes; normally the adapter resumes within seconds.',
  'finding.qq_session_timeout.action': `Restart the gateway. {restart_how}`,
  'finding.qq_zombie.title': 'QQ looks connected but has been silent for {ago}',
  'finding.qq_zombie.explanation':
    'The state file says QQ is connected, yet for {ago} there was no session cycle (4009, resume, ready, reconnect) and no inbound message. QQ forces a 4009 about every 30 minutes, so silence longer than {expected} means the socket is most likely deaf.',
  'finding.qq_zombie.action': `Send the bot a QQ message to confirm; restart the gateway if it does not answer. {restart_how}`,
  'finding.qq_banned.title': 'QQ bot is {desc} (close code {code})',
  'finding.qq_banned.explanation':
    'QQ closed the connection with code {code}: the bot is {desc}. Hermes stops connecting and a restart would be refused the same way.',
  'finding.qq_banned.action':
    'Do not restart. Check the bot on the QQ Open Platform (q.qq.com): publish it or appeal the ban; restart the gateway by hand once it is cleared.',
  'finding.qq_banned.protocol.title': 'QQ rejected the bot: {desc} (close code {code})',
  'finding.qq_banned.protocol.explanation':
    'QQ closed the connection with fatal code {code} ({desc}). Hermes stops connecting; a restart would hit the same error.',
  'finding.qq_banned.protocol.action':
    "Do not restart. Check the bot's intents and permissions on the QQ Open Platform and the Hermes QQ settings, then restart the gateway by hand.",
  'finding.qq_is_reconnect_regression.title': 'QQ cannot connect: Hermes v0.18.0–0.18.2 bug',
  'finding.qq_is_reconnect_regression.explanation':
    'Hermes calls `QQAdapter.connect(is_reconnect=...)` but the QQ adapter does not accept it ("unexpected keyword argument \'is_reconnect\'"), so QQ never connects. This is a known bug in Hermes v0.18.0–0.18.2; restarting will not help.',
  'finding.qq_is_reconnect_regression.action':
    'Upgrade Hermes to a release after v0.18.2 (`hermes update`), or pin v0.17.x, then restart the gateway.',
  'finding.forecast.qq_giveup.title':
    'QQ has been reconnecting for {ago} (attempt {attempt} of {max}): Hermes gives up in about {eta}',
  'finding.forecast.qq_giveup.explanation':
    "QQ's adapter ({tag}) retries about every {every} and stops after its {max}th attempt (MAX_RECONNECT_ATTEMPTS) without telling the rest of Hermes: QQ then stays dead, whatever the state file says, until the gateway restarts (Hermes #14539, #25505). At this pace that is in about {eta}. The outage itself has its own alert.",
  'finding.forecast.qq_giveup.action':
    "If QQ's servers are down for everyone, wait: a restart now only starts the ladder again. If the attempts fail because of this host (its network, DNS, the bot's credentials), fix that before then. Once Hermes gives up, gatewatch restarts the gateway.",
  'finding.forecast.qq_giveup.due.title':
    'QQ has been reconnecting for {ago} (attempt {attempt} of {max}): Hermes gives up now',
  'finding.forecast.qq_giveup.due.explanation':
    "QQ's adapter ({tag}) retries about every {every} and stops after its {max}th attempt (MAX_RECONNECT_ATTEMPTS) without telling the rest of Hermes: QQ then stays dead, whatever the state file says, until the gateway restarts (Hermes #14539, #25505). At its pace that time has come. The outage itself has its own alert.",
  'finding.forecast.qq_giveup.due.action':
    'If QQ comes back at its last attempt, nothing needs doing. Once Hermes gives up, gatewatch restarts the gateway.',
  'finding.forecast.qq_4009.title': 'QQ drops its session {rate} for {over}: {times}× its routine rate',
  'finding.forecast.qq_4009.explanation':
    'QQ closed the session ({tag}) with 4009 {count} times over the last {over}: {rate}, where the routine is {routine}. Each close is resumed, but a message sent within a minute or two of one may never arrive although QQ answered 200 (openclaw-qqbot #254), and in Hermes #19648 a close a minute for hours ended with the gateway logging nothing at all. No time for that end is known: this says how long it has lasted.',
  'finding.forecast.qq_4009.action':
    'Watch it: nothing to restart while each close is resumed. If QQ goes quiet, gatewatch says so and restarts the gateway.',
  'finding.forecast.qq_4009.now.title': 'QQ drops its session {rate} now: {times}× its routine rate',
  'finding.forecast.qq_4009.now.explanation':
    'QQ closed the session ({tag}) with 4009 {count} times in the last {over}: {rate}, where the routine is {routine}. That is the rate a forecast would warn of ahead, reached already: in Hermes #19648 a close about once a minute for hours ended with the gateway logging nothing at all. Each close is resumed, but a message sent within a minute or two of one may never arrive although QQ answered 200 (openclaw-qqbot #254).',
  'finding.forecast.qq_4009.now.action':
    "Watch it: nothing to restart while each close is resumed. Look at what changed on the bot's side (its network, another client of the same AppID); if QQ goes quiet, gatewatch says so and restarts the gateway.",
  'finding.forecast.qq_4009.climb.title':
    'QQ drops its session more and more often: {rate} now, one a minute in about {eta}',
  'finding.forecast.qq_4009.climb.explanation':
    'QQ closed the session ({tag}) with 4009 {count} times over the last {over}, more often all the while: {from} at first, {rate} now, where the routine is {routine}. At this pace it drops once a minute in about {eta}: in Hermes #19648 a close a minute for hours ended with the gateway logging nothing at all. Each close is resumed, but a message sent within a minute or two of one may never arrive although QQ answered 200 (openclaw-qqbot #254).',
  'finding.forecast.qq_4009.climb.action':
    "Watch it: nothing to restart while each close is resumed. Look at what changed on the bot's side (its network, another client of the same AppID); if QQ goes quiet, gatewatch says so and restarts the gateway.",
  'finding.forecast.qq_token.title': "QQ's access token expires in about {eta}, and Hermes cannot get a new one",
  'finding.forecast.qq_token.explanation':
    "QQ's adapter ({tag}) logged its access token's lifetime when it last got one; since then {count} tries to get a new one failed, over the last {since} (the latest: {error}). Once the token expires, QQ refuses the bot's calls until a fetch succeeds.",
  'finding.forecast.qq_token.action':
    "Fix what the error names before then: this host's network or DNS to bots.qq.com, or the bot's AppID and secret on the QQ Open Platform. A restart asks the same endpoint.",
  'finding.forecast.qq_token.expired.title':
    "QQ's access token expired {ago} ago, and Hermes still cannot get a new one",
  'finding.forecast.qq_token.expired.explanation':
    "QQ's adapter ({tag}) logged its access token's lifetime when it last got one; it ran out {ago} ago, and {count} tries to get a new one have failed over the last {since} (the latest: {error}). QQ refuses the bot's calls until a fetch succeeds: replies and deliveries made without the socket fail.",
  'finding.forecast.qq_token.expired.action':
    "Fix what the error names: this host's network or DNS to bots.qq.com, or the bot's AppID and secret on the QQ Open Platform. A restart asks the same endpoint.",
  'finding.qq_banned.desc.invalid_opcode': 'invalid opcode',
  'finding.qq_banned.desc.invalid_payload': 'invalid payload',
  'finding.qq_banned.desc.invalid_shard': 'invalid shard',
  'finding.qq_banned.desc.sharding_required': 'sharding required',
  'finding.qq_banned.desc.invalid_api_version': 'invalid API version',
  'finding.qq_banned.desc.invalid_intent': 'invalid intent',
  'finding.qq_banned.desc.intent_not_authorized': 'intent not authorized',
  'finding.qq_banned.desc.offline_sandbox_only': 'offline/sandbox-only',
  'finding.qq_banned.desc.banned': 'banned',
  'check.qq_banned': 'QQ bot banned or rejected',
  'check.qq_is_reconnect_regression': 'QQ reconnect bug (Hermes v0.18.0–0.18.2)',
  'check.qq_reconnect_exhausted': 'QQ gave up reconnecting',
  'check.qq_reconnect_exhausted.quick': 'QQ stopped after too many quick disconnects',
  'check.qq_session_timeout': 'QQ session timed out (4009)',
  'check.qq_zombie': 'QQ connected but silent',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.qq_reconnect_exhausted.title': 'QQ 已放弃重连：重启前 QQ 一直不可用',
  'finding.qq_reconnect_exhausted.explanation':
    'QQ 适配器在 {ago} 前记录了“Max reconnect attempts reached”并停止重试。Hermes 不会再尝试，进程也不退出，所以 systemd 也不会重启它（状态文件显示“{state}”，此时不可信）。',
  'finding.qq_reconnect_exhausted.action': `重启网关。{restart_how}引用的重连错误说明了无法重连的原因（DNS、网络、令牌）。`,
  'finding.qq_reconnect_exhausted.quick.title': 'QQ 因多次快速断开而停止',
  'finding.qq_reconnect_exhausted.quick.explanation':
    'QQ 连续三次在几秒内关闭连接，适配器已放弃（“Too many quick disconnects”）。在网关重启前它一直不可用；状态文件显示“{state}”。',
  'finding.qq_reconnect_exhausted.quick.action': `重启网关：Hermes 把这种失败算作可重试。{restart_how}如果重启后 QQ 又以同样的方式停止，再检查 QQ AppID/密钥以及 QQ 开放平台上的机器人权限。`,
  'finding.qq_session_timeout.title': 'QQ 会话超时（4009）后未恢复',
  'finding.qq_session_timeout.explanation':
    'QQ 在 {ago} 前以 4009 关闭会话，宽限时间内没有出现“Reconnected”“Session resumed”或“Ready”。QQ 大约每 30 分钟这样做一次，正常情况下适配器几秒内就会恢复。',
  'finding.qq_session_timeout.action': `重启网关。{restart_how}`,
  'finding.qq_zombie.title': 'QQ 显示已连接，但已静默 {ago}',
  'finding.qq_zombie.explanation':
    '状态文件显示 QQ 已连接，但 {ago} 内没有任何会话周期（4009、resume、ready、重连），也没有收到消息。QQ 大约每 30 分钟强制一次 4009，静默超过 {expected} 说明连接很可能已“失聪”。',
  'finding.qq_zombie.action': `给机器人发一条 QQ 消息确认；若无回应请重启网关。{restart_how}`,
  'finding.qq_banned.title': 'QQ 机器人{desc}（关闭码 {code}）',
  'finding.qq_banned.explanation': 'QQ 以关闭码 {code} 断开连接：机器人{desc}。Hermes 已停止连接，重启也会被同样拒绝。',
  'finding.qq_banned.action': '不要重启。到 QQ 开放平台（q.qq.com）检查机器人：上架或申诉解封；解除后手动重启网关。',
  'finding.qq_banned.protocol.title': 'QQ 拒绝了机器人：{desc}（关闭码 {code}）',
  'finding.qq_banned.protocol.explanation':
    'QQ 以致命关闭码 {code}（{desc}）断开连接。Hermes 已停止连接，重启会遇到同样的错误。',
  'finding.qq_banned.protocol.action':
    '不要重启。检查 QQ 开放平台上机器人的 intents 和权限以及 Hermes 的 QQ 配置，然后手动重启网关。',
  'finding.qq_is_reconnect_regression.title': 'QQ 无法连接：Hermes v0.18.0–0.18.2 的缺陷',
  'finding.qq_is_reconnect_regression.explanation':
    "Hermes 调用 `QQAdapter.connect(is_reconnect=...)`，但 QQ 适配器不接受该参数（“unexpected keyword argument 'is_reconnect'”），因此 QQ 永远连不上。这是 Hermes v0.18.0–0.18.2 的已知缺陷，重启没有用。",
  'finding.qq_is_reconnect_regression.action':
    '把 Hermes 升级到 v0.18.2 之后的版本（`hermes update`），或固定在 v0.17.x，然后重启网关。',
  'finding.forecast.qq_giveup.title': 'QQ 已重连 {ago}（第 {attempt}/{max} 次尝试）：约 {eta}后 Hermes 将放弃',
  'finding.forecast.qq_giveup.explanation':
    'QQ 适配器（{tag}）大约每 {every}重试一次，第 {max} 次尝试之后就停止（MAX_RECONNECT_ATTEMPTS），而且不会告知 Hermes 的其他部分：此后无论状态文件怎么写，QQ 都一直不可用，直到网关重启（Hermes #14539、#25505）。按现在的节奏，约 {eta}后就会这样。这次中断本身另有告警。',
  'finding.forecast.qq_giveup.action':
    '如果是 QQ 服务器对所有人都不可用，就等着：现在重启只会让重试从头开始。如果是本机的原因（网络、DNS、机器人凭据）导致尝试失败，请在那之前修好。Hermes 一旦放弃，gatewatch 会重启网关。',
  'finding.forecast.qq_giveup.due.title': 'QQ 已重连 {ago}（第 {attempt}/{max} 次尝试）：Hermes 现在就会放弃',
  'finding.forecast.qq_giveup.due.explanation':
    'QQ 适配器（{tag}）大约每 {every}重试一次，第 {max} 次尝试之后就停止（MAX_RECONNECT_ATTEMPTS），而且不会告知 Hermes 的其他部分：此后无论状态文件怎么写，QQ 都一直不可用，直到网关重启（Hermes #14539、#25505）。按它的节奏，这个时刻已经到了。这次中断本身另有告警。',
  'finding.forecast.qq_giveup.due.action':
    '如果 QQ 在最后一次尝试时恢复，就不用做什么。Hermes 一旦放弃，gatewatch 会重启网关。',
  'finding.forecast.qq_4009.title': 'QQ 会话断开{rate}，已持续 {over}：是正常频率的 {times} 倍',
  'finding.forecast.qq_4009.explanation':
    'QQ 在最近 {over}内以 4009 关闭会话（{tag}）{count} 次：{rate}，而正常频率是{routine}。每次都会恢复，但断开后一两分钟内发出的消息可能永远送不到，尽管 QQ 返回了 200（openclaw-qqbot #254）；在 Hermes #19648 中，每分钟一次的断开持续数小时后，网关什么日志都不再写。这种结局何时到来无从得知：这里只说它已持续多久。',
  'finding.forecast.qq_4009.action':
    '继续观察：只要每次断开都能恢复，就没有需要重启的。如果 QQ 变得沉默，gatewatch 会报告并重启网关。',
  'finding.forecast.qq_4009.now.title': 'QQ 会话现在断开{rate}：是正常频率的 {times} 倍',
  'finding.forecast.qq_4009.now.explanation':
    'QQ 在最近 {over} 内以 4009 关闭会话（{tag}）{count} 次：{rate}，而正常频率是{routine}。预测本应提前警告的频率已经到了：在 Hermes #19648 中，约每分钟一次、持续数小时的断开，最后以网关完全不再写日志告终。每次断开都会恢复，但断开前后一两分钟内发出的消息，即使 QQ 回了 200 也可能收不到（openclaw-qqbot #254）。',
  'finding.forecast.qq_4009.now.action':
    '继续观察：每次断开都能恢复，无需重启。查看机器人一侧有什么变化（网络、同一 AppID 的其他客户端）；如果 QQ 沉寂下来，gatewatch 会提示并重启网关。',
  'finding.forecast.qq_4009.climb.title': 'QQ 会话断开越来越频繁：现在{rate}，约 {eta}后将达到每分钟一次',
  'finding.forecast.qq_4009.climb.explanation':
    'QQ 在过去 {over}内以 4009 关闭会话（{tag}）{count} 次，而且越来越频繁：起初{from}，现在{rate}，而正常频率是{routine}。按此速度，约 {eta}后将每分钟断开一次：Hermes #19648 中每分钟一次的断开持续数小时后，网关彻底不再写日志。每次断开都会恢复会话，但断开前后一两分钟内发出的消息可能收不到，即使 QQ 返回了 200（openclaw-qqbot #254）。',
  'finding.forecast.qq_4009.climb.action':
    '先观察：每次断开都能恢复时无需重启。查看机器人这一侧有什么变化（网络、同一 AppID 的其他客户端）；如果 QQ 变得毫无动静，gatewatch 会指出并重启网关。',
  'finding.forecast.qq_token.title': 'QQ 的 access token 约 {eta}后过期，而 Hermes 拿不到新的',
  'finding.forecast.qq_token.explanation':
    'QQ 适配器（{tag}）上次拿到 access token 时记录了它的有效期；此后在最近 {since}内获取新 token 失败了 {count} 次（最近一次：{error}）。token 一旦过期，在重新获取成功之前 QQ 会拒绝机器人的调用。',
  'finding.forecast.qq_token.action':
    '在那之前修好错误所指的问题：本机到 bots.qq.com 的网络或 DNS，或者 QQ 开放平台上机器人的 AppID 和密钥。重启请求的也是同一个地址。',
  'finding.forecast.qq_token.expired.title': 'QQ 的 access token 已在 {ago} 前过期，而 Hermes 仍拿不到新的',
  'finding.forecast.qq_token.expired.explanation':
    'QQ 适配器（{tag}）上次拿到 access token 时记录了它的有效期；它已在 {ago} 前用完，而在最近 {since}内获取新 token 失败了 {count} 次（最近一次：{error}）。在重新获取成功之前，QQ 会拒绝机器人的调用：不经过长连接的回复和投递都会失败。',
  'finding.forecast.qq_token.expired.action':
    '修好错误所指的问题：本机到 bots.qq.com 的网络或 DNS，或者 QQ 开放平台上机器人的 AppID 和密钥。重启请求的也是同一个地址。',
  'finding.qq_banned.desc.invalid_opcode': '使用了无效的 opcode',
  'finding.qq_banned.desc.invalid_payload': '发送了无效的数据',
  'finding.qq_banned.desc.invalid_shard': '使用了无效的分片',
  'finding.qq_banned.desc.sharding_required': '需要分片连接',
  'finding.qq_banned.desc.invalid_api_version': '使用了无效的 API 版本',
  'finding.qq_banned.desc.invalid_intent': '申请了无效的 intent',
  'finding.qq_banned.desc.intent_not_authorized': 'intent 未获授权',
  'finding.qq_banned.desc.offline_sandbox_only': '已下线或仅限沙箱环境',
  'finding.qq_banned.desc.banned': '已被封禁',
  'check.qq_banned': 'QQ 机器人被封禁或被拒绝',
  'check.qq_is_reconnect_regression': 'QQ 重连缺陷（Hermes v0.18.0–0.18.2）',
  'check.qq_reconnect_exhausted': 'QQ 已放弃重连',
  'check.qq_reconnect_exhausted.quick': 'QQ 因多次快速断开而停止',
  'check.qq_session_timeout': 'QQ 会话超时（4009）',
  'check.qq_zombie': 'QQ 显示已连接但没有动静',
};
