// /status: each target's process, platforms, open incidents, last restart, mute, a 24-hour timeline; channel health.
import type { Reply, ReplyField } from '../src/types.js';
import type { App } from '../src/app.js';
import { incidentKey, openIncidents } from '../src/incidents/machine.js';
import { renderTimeline } from '../src/incidents/timeline.js';
import { formatDuration } from '../src/util/duration.js';
import { pick } from '../src/i18n.js';
import type { Command } from './types.js';
import { targetsArg } from './index.js';

export const status: Command = {
  name: 'status',
  aliases: ['s', 'st'],
  role: 'viewer',
  usage: '/status [target]',
  summary: { en: 'gateway process, platforms, incidents, last restart', 'zh-CN': '网关进程、平台、故障、最近重启' },
  async run(c) {
    for (const { name } of await targetsArg(c)) {
      await c.app.evaluate(name);
      await c.respond(statusReply(c.app, name, c.locale));
    }
  },
};

export function statusReply(app: App, name: string, locale: 'en' | 'zh-CN'): Reply {
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  const now = app.now();
  const r = app.lastResult(name)!;
  const ev = r.evidence;
  const p = ev.process;
  const fields: ReplyField[] = [];
  fields.push({
    label: L('process', '进程'),
    value: p.alive ? `${L('running', '运行中')} pid ${p.pid}${p.startedAt ? `, ${L('up', '已运行')} ${formatDuration(now - p.startedAt)}` : ''}` : `${L('DOWN', '未运行')} (${p.reason ?? '?'})`,
  });
  fields.push({ label: L('service', '服务'), value: `${ev.service.manager}${ev.service.name ? ` ${ev.service.name}` : ''}${ev.service.state ? `: ${ev.service.state}` : ''}` });
  if (ev.state?.gateway_state) fields.push({ label: 'gateway_state', value: ev.state.gateway_state });
  const platforms = new Set([...ev.expectedPlatforms, ...Object.keys(ev.state?.platforms ?? {})]);
  for (const name of platforms) {
    const ps = ev.state?.platforms[name];
    const since = ps?.updated_at ? ` ${L('since', '自')} ${new Date(ps.updated_at).toLocaleString('sv-SE').slice(5, 16)}` : '';
    fields.push({ label: name, value: `${ps?.state ?? L('absent', '缺失')}${since}${ps?.error_message ? ` (${ps.error_message})` : ''}` });
  }
  const incidents = openIncidents(app.state.incidents, name);
  const last = app.state.restarts.filter((x) => x.target === name).at(-1);
  fields.push({
    label: L('last restart', '最近重启'),
    value: last ? `${new Date(last.at).toLocaleString('sv-SE').slice(5, 16)} ${last.ok ? '✓' : '✗'} ${last.actor}${last.durationMs !== undefined ? `, ${formatDuration(last.durationMs)}` : ''}${last.detail ? ` (${last.detail})` : ''}` : L('none', '无'),
  });
  if (app.muted()) fields.push({ label: L('muted', '静音'), value: `${L('until', '至')} ${new Date(app.state.mute!.until).toLocaleString('sv-SE').slice(5, 16)} (${app.state.mute!.by})` });
  if (app.state.escalated[name]) fields.push({ label: L('auto-restart', '自动重启'), value: L('paused: restart budget used up', '已暂停：重启额度已用完') });

  // What is wrong now (from this evaluation), with the incident's age and ack when the daemon has one open.
  const byKey = new Map(incidents.map((i) => [i.key, i]));
  const lines = r.findings.length
    ? r.findings.map((f) => {
        const inc = byKey.get(incidentKey(f));
        const extra = inc ? ` (${formatDuration(now - inc.openedAt)}${inc.acked ? `, ack ${inc.acked.by}` : ''}${inc.flapping ? ', flapping' : ''})` : '';
        return `${f.severity === 'critical' ? '🔴' : f.severity === 'warning' ? '🟠' : 'ℹ️'} ${f.title}${extra}`;
      })
    : [L('No open incidents.', '没有未解决的故障。')];
  const tl = app.state.timelines[name] ?? {};
  const code = Object.keys(tl).length
    ? [[L('24h  (oldest → now; █ up ▒ partly down · down)', '24 小时（旧 → 新；█ 正常 ▒ 部分中断 · 中断）'), ...Object.entries(tl).map(([pl, ch]) => `${pl.padEnd(8)} |${renderTimeline(ch, now)}|`)].join('\n')]
    : undefined;
  const health = app.channels.map((ch) => ch.health());
  for (const h of health) {
    if (h.name === 'console') continue;
    lines.push(`${h.ok ? '🟢' : '🔴'} ${h.name}: ${h.summary}`);
    for (const f of h.fields ?? []) lines.push(`    ${f.label}: ${f.value}`);
  }
  const worst = r.findings.some((f) => f.severity === 'critical') ? 'critical' : r.findings.some((f) => f.severity === 'warning') ? 'warning' : 'ok';
  return {
    title: `${name}: ${worst === 'ok' ? L('healthy', '正常') : L(`${r.findings.length} problem(s)`, `${r.findings.length} 个问题`)}`,
    tone: worst,
    fields,
    lines,
    code,
    buttons: worst === 'ok' ? undefined : [{ label: L('Restart', '重启'), command: `/restart ${name} confirm`, style: 'danger' }, { label: L('Logs', '日志'), command: '/logs 50' }],
  };
}
