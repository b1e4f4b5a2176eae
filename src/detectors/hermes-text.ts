// Finding text for the current-Hermes checks (issue 9), merged into the catalogue of text.ts. en and zh-CN.
import type { CheckText } from './text.js';

const RESTART_EN = 'gatewatch restarts it by itself when auto-restart is on; by hand: `/restart {target}` or `hermes gateway restart`.';
const RESTART_ZH = '开启自动重启时 gatewatch 会自行重启；手动：`/restart {target}` 或 `hermes gateway restart`。';

const en: Record<string, CheckText> = {
  gateway_unresponsive: {
    title: 'Gateway is running but its event loop does not answer',
    explanation: 'The gateway process (pid {pid}) is alive and its control socket accepts connections, but it did not answer `identify` within {wait} (asked twice). Hermes reads control requests on its event loop, so a silent socket means the loop is wedged: no platform receives or sends anything.',
    action: `Restart the gateway. ${RESTART_EN} If it happens again, look for a blocking tool call or plugin in agent.log just before it went silent.`,
  },
  'gateway_unresponsive#heartbeat': {
    title: 'Gateway is running but has stopped its housekeeping heartbeat',
    explanation: 'Hermes {version} re-stamps gateway_state.json every 60 s; the last stamp is {ago} old while pid {pid} is alive. The event loop or housekeeping is wedged (Hermes itself reports "Gateway heartbeat stale").',
    action: `Restart the gateway. ${RESTART_EN}`,
  },
  update_stuck: {
    title: '`hermes update` did not bring the gateway back',
    explanation: 'An update claimed this Hermes home {ago} ago (updater pid {pid}, {owner}) and the gateway is not running. The update window is over: the claim is stale.',
    action: `Check \`logs/update.log\` for how the update ended, then start the gateway. ${RESTART_EN}`,
  },
  'update_stuck#incomplete': {
    title: 'An update stopped half-way and the gateway is down',
    explanation: 'Hermes left {markers} in this home: an update did not finish, and the gateway is not running. Starting the old or half-installed code may fail the same way, so gatewatch does not restart it.',
    action: 'Run `hermes update` again (it resumes), read `logs/update.log`, then `hermes gateway restart`.',
  },
  'update_stuck#sha': {
    title: 'Gateway still runs the code from before the update',
    explanation: 'After `hermes update` a restart onto {expected} is owed (fleet_restart_pending), but the running gateway reports code {running}. It keeps serving on the old code until restarted.',
    action: 'Restart the gateway when convenient: `/restart {target}` or `hermes gateway restart` (every profile it serves reconnects). If the marker is old and the code is right, the marker is stale (#111272).',
  },
};

const zh: Record<string, CheckText> = {
  gateway_unresponsive: {
    title: '网关进程在运行，但事件循环没有响应',
    explanation: '网关进程（pid {pid}）存活，控制套接字也能连上，但在 {wait} 内没有回答 `identify`（已询问两次）。Hermes 在事件循环上读取控制请求，套接字无响应说明事件循环卡死：所有平台都收发不了消息。',
    action: `重启网关。${RESTART_ZH}如果再次发生，请查看 agent.log 中卡住之前的阻塞工具调用或插件。`,
  },
  'gateway_unresponsive#heartbeat': {
    title: '网关进程在运行，但内部心跳已停止',
    explanation: 'Hermes {version} 每 60 秒刷新一次 gateway_state.json；最近一次刷新已是 {ago} 前，而 pid {pid} 仍存活。事件循环或内务任务已卡死（Hermes 自己也会报告 “Gateway heartbeat stale”）。',
    action: `重启网关。${RESTART_ZH}`,
  },
  update_stuck: {
    title: '`hermes update` 之后网关没有恢复',
    explanation: '{ago} 前有一次更新占用了此 Hermes 目录（更新进程 pid {pid}，{owner}），网关现在没有运行。更新窗口已过：该占用标记已失效。',
    action: `查看 \`logs/update.log\` 了解更新结果，然后启动网关。${RESTART_ZH}`,
  },
  'update_stuck#incomplete': {
    title: '更新中途停止，网关未运行',
    explanation: 'Hermes 在此目录留下了 {markers}：一次更新没有完成，网关也没有运行。启动旧的或只装了一半的代码可能同样失败，因此 gatewatch 不会自动重启。',
    action: '再次运行 `hermes update`（会继续完成），查看 `logs/update.log`，然后 `hermes gateway restart`。',
  },
  'update_stuck#sha': {
    title: '网关仍在运行更新前的代码',
    explanation: '`hermes update` 之后需要重启到 {expected}（fleet_restart_pending），但正在运行的网关报告的代码是 {running}。重启之前它会一直用旧代码服务。',
    action: '方便时重启网关：`/restart {target}` 或 `hermes gateway restart`（它服务的所有 profile 都会重连）。如果标记很旧且代码已正确，则是残留标记（#111272）。',
  },
};

export const HERMES_TEXT: { en: Record<string, CheckText>; 'zh-CN': Record<string, CheckText> } = { en, 'zh-CN': zh };
