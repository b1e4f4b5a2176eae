// The faults the demo gateway can be told to suffer. Each mirrors a failure seen in the field (see the Hermes
// reference, §3–§7): the log lines and gateway_state.json it produces are the real ones.

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
] as const;

export type DemoFault = (typeof DEMO_FAULT_NAMES)[number];

export interface DemoFaultInfo {
  name: DemoFault;
  /** `now`: delivered to the running gateway with SIGUSR2; `next-start`: read when the gateway next starts. */
  when: 'now' | 'next-start';
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
  { name: 'feishu-executor', when: 'now', en: 'Feishu sends fail with "Executor shutdown has been called" (deaf Feishu)', 'zh-CN': '飞书发送失败："Executor shutdown has been called"（飞书失聪）' },
  { name: 'qq-banned', when: 'now', en: 'QQ closes with 4915: "Bot is banned", fatal and not retryable', 'zh-CN': 'QQ 以 4915 断开："Bot is banned"，致命且不可重试' },
  { name: 'is-reconnect', when: 'next-start', en: "next start: qqbot fails with the v0.18 'is_reconnect' connect() bug", 'zh-CN': "下次启动：qqbot 因 v0.18 的 'is_reconnect' connect() 缺陷连接失败" },
  { name: 'hang', when: 'now', en: 'the gateway goes silent but stays alive; QQ still claims connected (zombie)', 'zh-CN': '网关不再写任何东西但进程仍在；QQ 仍显示已连接（僵尸）' },
  { name: 'fewer-platforms', when: 'next-start', en: 'next start: only Feishu connects ("Gateway running with 1 platform(s)")', 'zh-CN': '下次启动：只连上飞书（"Gateway running with 1 platform(s)"）' },
  { name: 'network-down-start', when: 'next-start', en: 'next start: the network is down at boot, both platforms are "queued for retry"; it returns seconds later and Hermes connects them', 'zh-CN': '下次启动：开机时网络不通，两个平台都“queued for retry”；几秒后网络恢复，Hermes 自行连上' },
];

export function isDemoFault(s: unknown): s is DemoFault {
  return typeof s === 'string' && (DEMO_FAULT_NAMES as readonly string[]).includes(s);
}

export function faultInfo(name: DemoFault): DemoFaultInfo {
  return DEMO_FAULTS.find((f) => f.name === name)!;
}
