// The faults the demo gateway can be told to suffer. Each mirrors a failure seen in the field (see the Hermes
// reference, §3–§7): the log lines and gateway_state.json it produces are the real ones.

/** Which Hermes the demo plays: v0.17/v0.18 formats (`legacy`) or v0.19+ (`current`). */
export type DemoHermes = 'legacy' | 'current';

export function isDemoHermes(v: unknown): v is DemoHermes {
  return v === 'legacy' || v === 'current';
}

export const DEMO_FAULT_NAMES = [
  'crash',
  'sigterm',
  'qq-max-reconnect',
  'qq-4009-stuck',
  'qq-quick-disconnect',
  'storm',
  'feishu-executor',
  'qq-banned',
  'is-reconnect',
  'hang',
  'fewer-platforms',
  'network-down-start',
  // Current Hermes (v0.21.3, hermes-gateway-current.md): the demo plays a multiplexing root serving profiles coder and ops.
  'telegram-conflict',
  'whatsapp-logged-out',
  'wedged',
  'update',
  'update-stuck',
  'update-left-stopped',
  'busy',
  'profile-down',
] as const;

export type DemoFault = (typeof DEMO_FAULT_NAMES)[number];

export interface DemoFaultInfo {
  name: DemoFault;
  /** `now`: delivered to the running gateway with SIGUSR2; `next-start`: read when the gateway next starts. */
  when: 'now' | 'next-start';
  /** Only a gateway playing this Hermes can suffer it; injected into the other one, it switches the demo at its next start. */
  hermes?: DemoHermes;
  /** Played by the demo's supervisor (an updater process of its own), not by the gateway. */
  byUpdater?: boolean;
  en: string;
  'zh-CN': string;
}

export const DEMO_FAULTS: readonly DemoFaultInfo[] = [
  { name: 'crash', when: 'now', en: 'the gateway dies by SIGKILL; gateway_state.json keeps saying running', 'zh-CN': '网关被 SIGKILL 杀死；gateway_state.json 仍显示 running' },
  { name: 'sigterm', when: 'now', en: 'an unexpected SIGTERM: real shutdown sequence, exit code 1, state persisted as running', 'zh-CN': '意外的 SIGTERM：真实的关闭日志，退出码 1，状态仍写为 running' },
  { name: 'qq-max-reconnect', when: 'now', en: 'QQ reconnects fail until "Max reconnect attempts reached"; qqbot stays disconnected, process stays up', 'zh-CN': 'QQ 重连一直失败直到 "Max reconnect attempts reached"；qqbot 永久断开，进程仍在' },
  { name: 'qq-4009-stuck', when: 'now', en: 'QQ closes with 4009 and never reconnects', 'zh-CN': 'QQ 以 4009 断开后再也不重连' },
  { name: 'qq-quick-disconnect', when: 'now', en: 'three quick QQ disconnects, then fatal qq_quick_disconnect', 'zh-CN': 'QQ 连续三次快速断开，随后致命错误 qq_quick_disconnect' },
  { name: 'storm', when: 'now', en: 'a burst of QQ disconnect/reconnect cycles within seconds', 'zh-CN': '几秒内 QQ 反复断开又重连（断线风暴）' },
  { name: 'feishu-executor', when: 'now', hermes: 'legacy', en: 'Feishu sends fail with "Executor shutdown has been called" (deaf Feishu)', 'zh-CN': '飞书发送失败："Executor shutdown has been called"（飞书失聪）' },
  { name: 'qq-banned', when: 'now', en: 'QQ closes with 4915: "Bot is banned", fatal and not retryable', 'zh-CN': 'QQ 以 4915 断开："Bot is banned"，致命且不可重试' },
  { name: 'is-reconnect', when: 'next-start', hermes: 'legacy', en: "next start: qqbot fails with the v0.18 'is_reconnect' connect() bug", 'zh-CN': "下次启动：qqbot 因 v0.18 的 'is_reconnect' connect() 缺陷连接失败" },
  { name: 'hang', when: 'now', en: 'the gateway goes silent but stays alive; QQ still claims connected (zombie)', 'zh-CN': '网关不再写任何东西但进程仍在；QQ 仍显示已连接（僵尸）' },
  { name: 'fewer-platforms', when: 'next-start', en: 'next start: only Feishu connects ("Gateway running with 1 platform(s)")', 'zh-CN': '下次启动：只连上飞书（"Gateway running with 1 platform(s)"）' },
  { name: 'network-down-start', when: 'next-start', en: 'next start: the network is down at boot, both platforms are "queued for retry"; it returns seconds later and Hermes connects them', 'zh-CN': '下次启动：开机时网络不通，两个平台都“queued for retry”；几秒后网络恢复，Hermes 自行连上' },
  { name: 'telegram-conflict', when: 'now', hermes: 'current', en: 'another poller takes the Telegram bot token: 5 conflict retries, then telegram_polling_conflict (non-retryable; a restart cannot help while it polls)', 'zh-CN': '另一个轮询进程占用了 Telegram bot token：冲突重试 5 次后 telegram_polling_conflict（不可重试；它还在轮询时重启无济于事）' },
  { name: 'whatsapp-logged-out', when: 'now', hermes: 'current', en: 'WhatsApp logs the bridge out ("❌ Logged out" in platforms/whatsapp/bridge.log); Hermes respawns it forever: re-pair, do not restart', 'zh-CN': 'WhatsApp 把桥接登出（platforms/whatsapp/bridge.log 中 "❌ Logged out"）；Hermes 无限重启桥接：需要重新配对，重启无用' },
  { name: 'wedged', when: 'now', hermes: 'current', en: "the event loop wedges: the pid lives, gateway.sock accepts but never answers identify (a restart helps)", 'zh-CN': '事件循环卡死：进程还在，gateway.sock 能连上却从不回答 identify（重启有效）' },
  { name: 'update', when: 'now', byUpdater: true, en: '`hermes update` holds .hermes-update-in-progress and stops the gateway on purpose for a minute: no alert, /status says updating', 'zh-CN': '`hermes update` 持有 .hermes-update-in-progress，有意停掉网关约一分钟：不告警，/status 显示正在更新' },
  { name: 'update-stuck', when: 'now', byUpdater: true, en: '`hermes update` stops the gateway and dies, leaving its marker: update_stuck', 'zh-CN': '`hermes update` 停掉网关后自己死掉，留下标记文件：update_stuck' },
  { name: 'update-left-stopped', when: 'now', byUpdater: true, en: '`hermes update` cannot arm a relaunch for the gateway, stops it, finishes and leaves it stopped (#92890): gatewatch starts it', 'zh-CN': '`hermes update` 无法为网关安排自动重启，于是停掉它，更新完成后让它一直停着（#92890）：gatewatch 会启动它' },
  { name: 'busy', when: 'now', en: 'the gateway is answering 2 chats: gateway_state.json active_agents=2 until its next start (an automatic restart waits for them)', 'zh-CN': '网关正在回答 2 个对话：gateway_state.json 中 active_agents=2，直到下次启动（自动重启会等它们结束）' },
  { name: 'profile-down', when: 'now', hermes: 'current', en: "profile ops (served by the root): its Discord gateway task exits and keeps failing to reconnect (ops:discord)", 'zh-CN': 'profile ops（由根网关服务）：其 Discord 网关任务退出且一直重连失败（ops:discord）' },
];

export function isDemoFault(s: unknown): s is DemoFault {
  return typeof s === 'string' && (DEMO_FAULT_NAMES as readonly string[]).includes(s);
}

export function faultInfo(name: DemoFault): DemoFaultInfo {
  return DEMO_FAULTS.find((f) => f.name === name)!;
}
