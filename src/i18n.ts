// All bot text in both locales. Detector texts live with the detectors (src/detectors/text.ts).
import type { Locale } from './types.js';

const en = {
  'alert.open': '{target}: {title}',
  'alert.remind': 'Still failing — {target}: {title}',
  'alert.resolve': 'Recovered — {target}: {title}',
  'alert.flap': 'Down again ({nth} time in {window}) — {target}: {title}',
  'alert.settle': 'Settled — {target}: {title}: no failure for {window}',
  'alert.escalate': 'Giving up on automatic restarts — {target}: manual action needed',
  'alert.restart.begin': 'Restarting {target}…',
  'alert.restart.ok': 'Restarted {target}: verified in {duration}',
  'alert.restart.fail': 'Restart of {target} failed',
  'restart.via_root': "Restarting the root gateway that serves profile {profile}: every profile's bots ({profiles}) reconnect.",
  'restart.root_serves': "This gateway serves profiles {profiles}: every profile's bots reconnect.",
  'restart.confirm_root': 'Restarting {target} restarts the root gateway that serves profile {profile}: the bots of {others} reconnect too. Restart anyway?',
  'field.target': 'target',
  'field.profile': 'profile',
  'field.platform': 'platform',
  'field.since': 'since',
  'field.downtime': 'downtime',
  'field.restart': 'auto-restart',
  'field.reason': 'reason',
  'field.actor': 'by',
  'field.duration': 'took',
  'field.detail': 'detail',
  'restart.helps': 'yes, if the budget allows',
  'restart.wait': 'not yet: the gateway may recover by itself',
  'restart.never': 'no: a restart does not fix this',
  'restart.remote': 'no: gatewatch cannot restart it from this host',
  'restart.manual': 'not automatically: use Restart if it does not recover',
  'restart.off': 'off (remediate.auto_restart: false): /restart it yourself if needed',
  'flap.line': 'It went down {count} times in {window}; up now. gatewatch says when it has stayed up for {window}.',
  'button.restart': 'Restart',
  'button.logs': 'Logs',
  'button.ack': 'Ack',
  'button.mute': 'Mute 1h',
  'denied': 'Sorry, you are not allowed to do that. This was recorded.',
  'denied.role': '/{command} needs the admin role; you are {role}. This was recorded.',
  'unknown': 'Unknown command "{command}".',
  'help.title': 'gatewatch commands',
  'help.footer': 'Viewers may read; only admins restart, mute and ack.',
  'target.unknown': 'Unknown target "{target}". Targets: {targets}.',
  'target.which': 'Which target? Targets: {targets}.',
  'error': 'The command failed: {message}',
  'usage': 'Usage: {usage} ({problem})',
} as const;

export type TextKey = keyof typeof en;

const zh: Record<TextKey, string> = {
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
  'denied': '抱歉，你没有权限执行此操作。已记录。',
  'denied.role': '/{command} 需要管理员权限；你的角色是 {role}。已记录。',
  'unknown': '未知命令 "{command}"。',
  'help.title': 'gatewatch 命令',
  'help.footer': '观察者可以查看；只有管理员可以重启、静音和确认。',
  'target.unknown': '未知目标 "{target}"。可用目标：{targets}。',
  'target.which': '哪个目标？可用目标：{targets}。',
  'error': '命令执行失败：{message}',
  'usage': '用法：{usage}（{problem}）',
};

const catalogs: Record<Locale, Record<TextKey, string>> = { en, 'zh-CN': zh };

export function t(locale: Locale, key: TextKey, params: Record<string, string | number> = {}): string {
  const s = catalogs[locale]?.[key] ?? en[key];
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** A text given in both locales inline (for command help and one-off lines). */
export function pick(locale: Locale, texts: { en: string; 'zh-CN': string }): string {
  return texts[locale] ?? texts.en;
}
