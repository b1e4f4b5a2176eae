// What `doctor` says about delivery: the channels, where each severity goes, the fallbacks and the escalation, and a
// warning when critical alerts can only reach the operator through a platform the watched gateway serves: when that
// platform is down, the alert about it cannot get out either.
import type { Config } from '../config/schema.js';
import type { Alert, Locale, Reply, Tone } from '../types.js';
import { pick } from '../i18n.js';
import { formatDuration } from '../util/duration.js';
import { channelNames, deliveryPolicy, recipients, type DeliveryPolicy } from './routes.js';

/** The Hermes platform a channel travels over, if it is one a gateway can serve. */
export function platformOf(config: Pick<Config, 'channelList'>, channel: string): string | undefined {
  return config.channelList.find((c) => c.name === channel)?.platform;
}

/** Channels that can carry an alert first sent to `start`: those, and their fallbacks, transitively. */
function withFallbacks(p: DeliveryPolicy, start: string[]): string[] {
  const seen = new Set(start);
  for (const c of [...seen]) for (const f of p.fallback[c] ?? []) if (!seen.has(f)) (seen.add(f), start.push(f));
  return [...seen];
}

/**
 * The delivery lines of a target's doctor report. `platforms`: what the gateway serves (qqbot, feishu, …).
 * `console` is left out of the warning: a terminal is no way to reach a phone.
 */
export function routesReport(config: Pick<Config, 'channels' | 'channelList' | 'alerts'>, platforms: string[], locale: Locale): { fields: { label: string; value: string }[]; warnings: string[] } {
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  const p = deliveryPolicy(config);
  // "hook stand by for feishu": each chat channel with the notifiers that stand by for it.
  const standbyText = Object.entries(p.fallback)
    .map(([chat, hooks]) => L(`${hooks.join(', ')} stand by for ${chat}`, `${hooks.join('、')} 作为 ${chat} 的备用`))
    .join('; ');
  const names = channelNames(config).filter((n) => n !== 'console' || config.channels.console);
  const kind = (n: string) => {
    const x = config.channelList.find((y) => y.name === n);
    return x && x.name !== x.type ? `${n} (${x.type})` : n;
  };
  const probe = (severity: Tone): Alert => ({ id: 'doctor', kind: 'open', target: 'doctor', severity, routeSeverity: severity === 'ok' ? undefined : severity, createdAt: 0, reply: { title: '' } });
  const routeText = p.routes
    ? p.routes.map((r) => `${r.severity.join(', ')} → ${r.channels.join(', ')}`).join('; ')
    : p.impliedStandby
      ? L(`every alert → ${names.filter((n) => !p.standby.includes(n)).join(', ')} (${standbyText})`, `所有告警 → ${names.filter((n) => !p.standby.includes(n)).join('、')}（${standbyText}）`)
      : L('none: every channel gets every alert', '未配置：每个通道都收到所有告警');
  const fallbackText = Object.entries(p.fallback).map(([from, to]) => `${from} → ${to.join(', ')}`).join('; ') || L('none', '无');
  const implied = p.impliedStandby ? ` ${L('(implied: no alerts.routes or alerts.fallback)', '（隐含：未配置 alerts.routes 或 alerts.fallback）')}` : '';
  const notes = p.escalate ? config.channelList.filter((c) => p.escalate!.channels.includes(c.name) && c.escalationNote).map((c) => pick(locale, c.escalationNote!)) : [];
  const escText = p.escalate
    ? `${L(`after ${formatDuration(p.escalate.afterMs)} unacknowledged`, `${formatDuration(p.escalate.afterMs)} 内无人确认后`)} → ${p.escalate.channels.join(', ')}${notes.map((n) => L(` (${n})`, `（${n}）`)).join('')}`
    : L('off', '未开启');
  const fields = [
    { label: L('alert channels', '告警通道'), value: names.map(kind).join(', ') || '-' },
    { label: L('routes', '路由'), value: routeText },
    { label: L('fallback', '备用通道'), value: fallbackText + implied },
    { label: L('escalation', '升级'), value: escText },
  ];

  const warnings: string[] = [];
  const critical = recipients(p, probe('critical'), names).filter((n) => n !== 'console');
  const reach = withFallbacks(p, [...critical]).filter((n) => n !== 'console');
  // Console-only (the demo, a first try) is no misconfiguration; routes that drop critical alerts are.
  if (critical.length === 0) {
    if (p.routes) warnings.push(L('⚠ critical alerts go to no channel that reaches a phone: add one to alerts.routes', '⚠ 严重告警不会发到任何能通知手机的通道：请在 alerts.routes 中加上一个'));
  } else {
    const served = new Set(platforms);
    if (reach.every((n) => served.has(platformOf(config, n) ?? ''))) {
      const via = [...new Set(reach.map((n) => platformOf(config, n)!))].join(', ');
      warnings.push(
        L(
          `⚠ critical alerts only go through ${reach.join(', ')}, which is ${via}: a platform this gateway serves. When it is down, the alert cannot get out either: route critical to another service (alerts.routes) or give ${critical.join(', ')} a fallback (alerts.fallback).`,
          `⚠ 严重告警只经过 ${reach.join('、')}（${via}），而这正是本网关服务的平台：它故障时告警也发不出去。请把 \`critical\` 路由到其他服务（alerts.routes），或为 ${critical.join('、')} 配置备用通道（alerts.fallback）。`,
        ),
      );
    }
  }
  const unused = names.filter((n) => n !== 'console' && p.routes && !p.routes.some((r) => r.channels.includes(n)) && !reach.includes(n) && !Object.values(p.fallback).some((f) => f.includes(n)) && !p.escalate?.channels.includes(n));
  if (unused.length) warnings.push(L(`⚠ ${unused.join(', ')}: named in no route, fallback or escalation, so it gets no alerts`, `⚠ ${unused.join('、')}：未出现在任何路由、备用或升级中，不会收到告警`));
  return { fields, warnings };
}

/** Adds the delivery report to a doctor reply. */
export function addRoutesReport(reply: Reply, config: Pick<Config, 'channels' | 'channelList' | 'alerts'>, platforms: string[], locale: Locale): void {
  const r = routesReport(config, platforms, locale);
  reply.fields = [...(reply.fields ?? []), ...r.fields];
  if (r.warnings.length) reply.lines = [...(reply.lines ?? []), ...r.warnings];
}
