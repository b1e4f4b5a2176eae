// QQ's rows in the finding tables of docs/findings.md and docs/zh-CN/findings.md, one per finding it raises (its own
// checks and its forecasts), in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs
// only: nothing at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  qq_reconnect_exhausted: {
    severity: 'critical',
    en: {
      when: 'QQ logged `Max reconnect attempts reached` or `Too many quick disconnects` and gave up. Hermes never retries it and the process stays up, so systemd does not help — even when the state file says `connected`.',
      restart: 'auto-restart',
      action:
        'Nothing at first: gatewatch restarts it. If QQ stops after quick disconnects again, check the QQ AppID/secret and bot permissions.',
    },
    'zh-CN': {
      when: 'QQ 记录了 `Max reconnect attempts reached` 或 `Too many quick disconnects` 并已放弃；即使状态文件显示 `connected`，重启之前也一直不可用。',
      restart: '自动重启',
      action: '先不用处理：gatewatch 会重启它。如果 QQ 又因快速断开而停止，再检查 QQ AppID/密钥和机器人权限。',
    },
  },
  qq_session_timeout: {
    severity: 'critical',
    en: {
      when: 'QQ closed the session with `4009` and no `Reconnected` / `Session resumed` / `Ready` followed within the grace.',
      restart: 'auto-restart; alert, wait when the reconnects fail because QQ cannot be reached (above)',
      action: '—',
    },
    'zh-CN': {
      when: 'QQ 以 4009 关闭了会话，宽限时间内没有出现 resume/重连。',
      restart: '自动重启',
      action: '—',
    },
  },
  qq_zombie: {
    severity: 'warning',
    en: {
      when: 'QQ claims `connected`, but for `detect.zombie_after` there was no 4009/resume/ready/reconnect cycle and no inbound message (QQ forces a 4009 about every 30 min, so silence means a deaf socket). Only when the run is older than `zombie_after`.',
      restart: 'auto-restart',
      action: 'Send the bot a QQ message to confirm.',
    },
    'zh-CN': {
      when: 'QQ 显示 `connected`，但在 `zombie_after` 时间内没有 4009/resume 周期（QQ 大约每 30 分钟强制一次）：连接已失聪。',
      restart: '自动重启',
      action: '给机器人发一条 QQ 消息确认。',
    },
  },
  qq_banned: {
    severity: 'critical',
    en: {
      when: 'QQ closed with a fatal code: `Bot is <desc>. Check QQ Open Platform.` (4914 offline/sandbox-only, 4915 banned, 4001/4002/4010–4014 protocol or intent errors), or a fatal `qq_*` error code in the state file.',
      restart: 'alert only',
      action:
        'On the QQ Open Platform: publish the bot, appeal the ban, or fix its intents/permissions; then restart by hand.',
    },
    'zh-CN': {
      when: 'QQ 以致命关闭码断开（`Bot is banned/offline…`，4914/4915/4001…）。',
      restart: '只告警——**不要重启**',
      action: '在 QQ 开放平台上：上架机器人、申诉解封或修正 intents；然后手动重启。',
    },
  },
  qq_is_reconnect_regression: {
    severity: 'critical',
    en: {
      when: "`QQAdapter.connect() got an unexpected keyword argument 'is_reconnect'`: a Hermes v0.18.0–0.18.2 bug; QQ never connects.",
      restart: 'alert only',
      action: 'Upgrade Hermes past v0.18.2 (or pin v0.17.x), then restart.',
    },
    'zh-CN': {
      when: "`QQAdapter.connect() got an unexpected keyword argument 'is_reconnect'`：Hermes v0.18.0–0.18.2 的缺陷，QQ 永远连不上。",
      restart: '只告警——**不要重启**',
      action: '把 Hermes 升级到 v0.18.2 之后的版本（或固定在 v0.17.x）。',
    },
  },
  'forecast.qq_giveup': {
    severity: 'warning',
    en: {
      when: "QQ's own reconnect loop in the current run has tried for 10 min (past its backoff's ramp: one attempt a minute, the last within 3 min; a shorter outage is `platform_down`'s alone) and has neither reconnected nor given up: the attempt it reached of `MAX_RECONNECT_ATTEMPTS` (100), how long it has tried, and when it gives up for good at the pace its lines show (#14539, #25505: QQ then stays dead until a restart). The bot that gives up first, when several do. Withdrawn when QQ reconnects; past its due time it is said as due now (`forecast.qq_giveup.due`: a forecast past its aim is not closed without a word) until `qq_reconnect_exhausted` says the give-up.",
      restart: 'alert, wait (a restart only starts the ladder again)',
      action:
        "Nothing while QQ's servers are down for everyone; fix this host's network or the bot's credentials if they are why.",
    },
    'zh-CN': {
      when: '当前运行中 QQ 自己的重连循环已尝试了 10 分钟（已越过退避阶段：每分钟一次，最近一次在 3 分钟内；更短的中断只由 `platform_down` 报告），既没有重连成功，也没有放弃：说出它已到 `MAX_RECONNECT_ATTEMPTS`（100）中的第几次、已经尝试了多久，以及按日志显示的节奏何时彻底放弃（#14539、#25505：此后 QQ 一直不可用，直到重启）。有多个机器人时，只说最先放弃的那个。QQ 重连成功即撤回；过了预计时间则说明“现在就会放弃”（`forecast.qq_giveup.due`：越过预测目标的预测不再静默关闭），直到 `qq_reconnect_exhausted` 报告放弃。',
      restart: '告警，等待（现在重启只会让重试从头开始）',
      action: 'QQ 服务器对所有人都不可用时什么也不用做；如果原因是本机网络或机器人凭据，请修好。',
    },
  },
  'forecast.qq_4009': {
    severity: 'warning',
    en: {
      when: "*Hermes #39928, #19648.* QQ closed a session (`[QQBot:<id>] WebSocket closed: code=4009`) at six times its routine rate or more (an idle session gets one per 30 min; here one every 5 min or more often) for an hour at least within the last two, spread over that time (not one burst), the last within 10 min and the last half hour as fast. Read from agent.log's lines kept over hours (`src/probes/log-hours.ts`, across the gateway's restarts) and the current run. Names the rate as a rate (closes an hour, and one every how long: seconds under a minute, so 180 an hour is \"one every 20 s\", never \"every 1 min\"), the routine rate it is against (QQ's own, or the cycle a shortened `detect.zombie_after` gives) and how long it has lasted; Hermes #19648 gives no time for its end (the gateway stopped logging after hours of this), so none is invented. Withdrawn when the closes stop for 10 min or fall back to the routine rate for half an hour. `forecast.qq_4009.now`: 10 closes or more within the last half hour at six times the routine rate or more, the last within 10 min, whatever came before: a rate already at the level the climb forecasts (or one that jumped there within the hour) is said, not silenced for being past the forecast or too new for the two-hour rule. Read from gateway.log as well as agent.log over hours, a served profile's own logs for its target. `forecast.qq_4009.climb`: the rate climbing steadily over two hours or more (the rate over each 3 closes, its logarithm fitted to a line: at least tripled, still climbing over the last hour; up to 12 h read) and at three times the routine rate now: names the rate at first and now (as rates), the routine rate, and the time until one close a minute (#19648's) at its pace, said when within 12 h; jittered routine closes and a climb that stopped (no close for twice its last interval) say nothing. Every QQ forecast (`qq_giveup`, `qq_4009`, `qq_token`) and Lark's `feishu_giveup` carry their `platform`; a forecast marks no platform down (history, `gatewatch_platform_up`).",
      restart: 'alert, wait (each close is resumed)',
      action: 'Watch it; if QQ goes quiet, `qq_zombie` restarts the gateway.',
    },
    'zh-CN': {
      when: '*Hermes #39928、#19648。* QQ 以 4009 关闭会话（`[QQBot:<id>] WebSocket closed: code=4009`）的频率达到正常的六倍或以上（空闲会话正常约 30 分钟一次；这里至少每 5 分钟一次；`detect.zombie_after` 短于 60 分钟时（如演示压缩时间的 60 秒），正常周期取它的一半），在最近两小时内持续至少一小时，且分布在整段时间里（不是一次突发），最近一次在 10 分钟内，最近半小时也同样频繁。数据来自跨小时保留的 agent.log 行（`src/probes/log-hours.ts`，跨网关重启）和当前运行。以频率说出频率（每小时多少次、每隔多久一次：不足一分钟按秒说，每小时 180 次是“每 20 秒一次”，绝不是“每 1 分钟”），说出它所对照的正常频率（QQ 自己的，或缩短的 `detect.zombie_after` 给出的周期）和已持续多久；Hermes #19648 没有给出结局（如此持续数小时后网关不再写日志）的时间，所以不编造剩余时间。断开停止 10 分钟，或回落到正常频率半小时后撤回。`forecast.qq_4009.now`：最近半小时内 10 次或更多、频率达到正常的六倍或以上，最近一次在 10 分钟内，不论之前如何：已经到达上升预测所指的频率（或一小时内跳到那里）时照样报告，不因已超过预测或不满两小时规则而沉默。跨小时读取时除 agent.log 外也读 gateway.log；被服务的 profile 的目标读它自己的日志。`forecast.qq_4009.climb`：频率在两小时或更长时间里稳定上升（每 3 次断开算一次频率，对其对数做直线拟合：至少增至三倍，最近一小时仍在上升；最多读 12 小时），且现在已达正常频率的三倍：以频率说出起初和现在的频率、正常频率，以及按此速度到每分钟一次（#19648 的频率）还有多久，12 小时内才报；带抖动的正常断开、已停止的上升（超过最近间隔两倍没有断开）不报。所有 QQ 预测（`qq_giveup`、`qq_4009`、`qq_token`）和 Lark 的 `feishu_giveup` 都带 `platform`；预测不会把平台记为中断（历史、`gatewatch_platform_up`）。',
      restart: '告警，等待（每次断开都会恢复）',
      action: '继续观察；如果 QQ 变得沉默，`qq_zombie` 会重启网关。',
    },
  },
  'forecast.qq_token': {
    severity: 'warning',
    en: {
      when: "QQ's adapter logged its access token's lifetime (`Access token refreshed, expires in Ns`, a real v0.20.2 line) and since then at least two fetches failed (`Failed to get QQ Bot access token: …`, as `Reconnect failed:` or `QQ startup failed:` quote it), the last within 10 min, and the token ends within 30 min (Hermes fetches one at every reconnect, so an outage of the token endpoint fails fetches from its first minute while the token in hand has up to two hours: that outage is `platform_down`'s): when the token expires, in words, with the latest error. Withdrawn when a refresh succeeds; once the token has expired while fetches still fail it says so (`forecast.qq_token.expired`). A provider's `retry after` is `provider_auth.quota`'s.",
      restart: 'alert, wait (a restart asks the same endpoint)',
      action: "Fix what the error names: the network or DNS to bots.qq.com, or the bot's AppID and secret.",
    },
    'zh-CN': {
      when: 'QQ 适配器记录了它 access token 的有效期（`Access token refreshed, expires in Ns`，v0.20.2 的真实日志行），此后至少两次获取失败（`Failed to get QQ Bot access token: …`，出现在 `Reconnect failed:` 或 `QQ startup failed:` 中），最近一次在 10 分钟内，且 token 在 30 分钟内到期（Hermes 每次重连都会获取 token，所以 token 地址中断时从第一分钟起获取就会失败，而手里的 token 还有最多两小时：那次中断由 `platform_down` 报告）：用文字说出 token 何时过期，并附上最近的错误。刷新成功即撤回；token 过期而获取仍在失败时照样报告（`forecast.qq_token.expired`）。模型服务商的 `retry after` 由 `provider_auth.quota` 报告。',
      restart: '告警，等待（重启请求的也是同一个地址）',
      action: '修好错误所指的问题：到 bots.qq.com 的网络或 DNS，或者机器人的 AppID 和密钥。',
    },
  },
};
