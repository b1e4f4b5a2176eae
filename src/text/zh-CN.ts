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
  'alert.escalate.did_not_stick': '最近 {window} 内有 {used} 次自动重启没有解决问题：',
  'alert.escalate.restart_line': '• {at} 原因 {what} — {how}',
  'alert.escalate.came_back': '验证通过，但问题再次出现',
  'alert.escalate.failed': '失败',
  'alert.escalate.failed_detail': '失败: {detail}',
  'alert.escalate.paused': '在恢复或管理员发送 /restart 之前暂停自动重启。',
  'alert.escalate.frees_at': '额度将于 {at} 释放。',
  'alert.unmute.open_line': '• {target}: {title} (开始于 {since})',
  'alert.unmute.open_line_acked': '• {target}: {title} (开始于 {since}) — 已由 {by} 确认',
  'alert.unmute.recovered': '静音期间已恢复：{list}',
  'alert.unmute.held': '静音期间有 {count} 条告警未发送；/history 可查看经过。',
  'alert.unmute.title_open': '已取消静音 — 仍有 {count} 个未解决的故障',
  'alert.unmute.title_none': '已取消静音 — 没有未解决的故障',
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

  // /status (commands/status.ts)
  // Hermes facts in /status and doctor (commands/hermes-facts.ts)
  // /restart (commands/restart.ts)
  // /logs (commands/logs.ts)
  // /ack, /mute, /unmute (commands/ack.ts, mute.ts, unmute.ts)
  // /history (commands/history.ts)
  // /doctor (commands/doctor.ts)
  // /test (commands/test.ts)
  // /demo (commands/demo.ts)
  // Findings as one reply (src/delivery/findings-reply.ts)
  'findings.all_pass': '{target}：全部检查通过',
  'findings.count': '{target}：发现 {count} 个问题',

  // Escalation (src/delivery/escalate.ts)
  'escalation.title': '升级告警：{target}：{title} — {after} 内无人确认',
  'escalation.field.open_since': '开始于',
  'escalation.line': '已升级：{after} 内无人确认',

  // Fallback (src/delivery/fallback.ts)
  'fallback.line': '↪ 经由 {primary} 的备用通道发送',
  'fallback.line_reason': '↪ 经由 {primary} 的备用通道发送（{primary}：{reason}）',
  'fallback.title': '{title} （{primary} 的备用通道）',

  // doctor on delivery (src/delivery/routes-doctor.ts)
  'routes.field.channels': '告警通道',
  'routes.field.routes': '路由',
  'routes.field.fallback': '备用通道',
  'routes.field.escalation': '升级',
  'routes.standby': '{hooks} 作为 {chat} 的备用',
  'routes.every_alert': '所有告警 → {channels}（{standby}）',
  'routes.none': '未配置：每个通道都收到所有告警',
  'routes.fallback.none': '无',
  'routes.implied': '（隐含：未配置 alerts.routes 或 alerts.fallback）',
  'routes.escalation': '{after} 内无人确认后 → {channels}',
  'routes.escalation.note': '{text}（{note}）',
  'routes.escalation.off': '未开启',
  'routes.warn.no_phone': '⚠ 严重告警不会发到任何能通知手机的通道：请在 alerts.routes 中加上一个',
  'routes.warn.served': '⚠ 严重告警只经过 {reach}（{via}），而这正是本网关服务的平台：它故障时告警也发不出去。请把 `critical` 路由到其他服务（alerts.routes），或为 {critical} 配置备用通道（alerts.fallback）。',
  'routes.warn.unused': '⚠ {channels}：未出现在任何路由、备用或升级中，不会收到告警',

  // Push services (src/delivery/render-markdown.ts)
  'severity.critical': '严重',
  'severity.warning': '警告',
  'severity.info': '提示',
  'severity.ok': '正常',
  'render.truncated': '…（已截断）',

  // gatewatch's own state_dir (src/state/alerts.ts)
  'state_dir.failed.title': 'gatewatch 无法保存状态：{problem}',
  'state_dir.failed.line': '告警仍会发送，命令仍会回复，但现在的状态只保存在内存中，gatewatch 重启后会丢失。请释放 {dir} 所在磁盘的空间或使其可写。',
  'state_dir.recovered.title': 'gatewatch 已恢复保存状态',
  'state_dir.recovered.line': '{dir} 已可写入，内存中暂存的内容已写入磁盘。',

  // Lists in a sentence
  'list.comma': '、',
  'list.semicolon': '；',
};
