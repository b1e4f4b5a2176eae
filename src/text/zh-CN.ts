// The zh-CN catalogue. Its type makes every key of the English catalogue required: a text added there and not here
// does not compile. Parameters are the English text's (see test/text-catalogue.test.ts for the exceptions).
import type { TextKey } from './en.js';

export const zhCN: Record<TextKey, string> = {
  // Alerts (src/delivery/alerts.ts)
  'alert.open': '{target}：{title}',
  'alert.remind': '仍未恢复 — {target}：{title}',
  'alert.resolve': '已恢复 — {target}：{title}',
  'alert.flap': '再次中断（{window} 内第 {count} 次）— {target}：{title}',
  'alert.settle': '已稳定 — {target}：{title}：{window} 内未再出现',
  'alert.escalate': '已放弃自动重启 — {target}：需要人工处理',
  'alert.restart.begin': '正在重启 {target}…',
  'alert.restart.ok': '已重启 {target}：{duration} 内验证通过',
  'alert.restart.fail': '重启 {target} 失败',
  'restart.via_root': '重启的是为 profile {profile} 提供服务的根网关：所有 profile 的机器人（{profiles}）都会重新连接。',
  'restart.root_serves': '此网关为 profile {profiles} 提供服务：所有 profile 的机器人都会重新连接。',
  'restart.confirm_root': '重启 {target} 就是重启为 profile {profile} 提供服务的根网关：{others} 的机器人也会重新连接。仍要重启吗？',
  'field.target': '目标',
  'field.profile': 'profile',
  'field.platform': '平台',
  'field.since': '开始于',
  'field.downtime': '中断时长',
  'field.restart': '自动重启',
  'field.reason': '原因',
  'field.actor': '操作者',
  'field.duration': '耗时',
  'field.detail': '详情',
  'restart.helps': '会（在重启额度内）',
  'restart.wait': '暂不：网关可能自行恢复',
  'restart.never': '不会：重启解决不了',
  'restart.remote': '不会：gatewatch 无法在本机重启它',
  'restart.manual': '不自动：若未恢复请点“重启”',
  'restart.off': '已关闭（remediate.auto_restart: false）：如需要请手动 /restart',
  'flap.line': '{window} 内中断 {count} 次，现已恢复。持续正常 {window} 后会再通知。',
  'button.restart': '重启',
  'button.logs': '日志',
  'button.ack': '确认',
  'button.mute': '静音 1 小时',

  // The command bus (commands/index.ts, commands/targets.ts)
  'denied': '抱歉，你没有权限执行此操作。已记录。',
  'denied.role': '/{command} 需要管理员权限；你的角色是 {role}。已记录。',
  'unknown': '未知命令 "{command}"。',
  'target.unknown': '未知目标 "{target}"。可用目标：{targets}。',
  'target.which': '哪个目标？可用目标：{targets}。',
  'error': '命令执行失败：{message}',
  'usage': '用法：{usage}（{problem}）',

  // /help (commands/help.ts) and each command's line in it
  'help.title': 'gatewatch 命令',
  'help.footer': '观察者可以查看；只有管理员可以重启、静音和确认。',
};
