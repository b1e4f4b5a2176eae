// What `doctor` says about delivery: the channels, where each severity goes, the fallbacks and the escalation, and a
// warning when critical alerts can only reach the operator through a platform the watched gateway serves: when that
// platform is down, the alert about it cannot get out either.
import type { Config } from '../config/schema.js';
import type { Alert, Locale, Reply, Tone } from '../types.js';
import { channelName, t } from '../i18n.js';
import { whatIn } from '../config/schema-text.js';
import { formatDuration } from '../util/duration.js';
import { channelNames, deliveryPolicy, recipients, type DeliveryPolicy } from './routes.js';

/** The Hermes platform a channel travels over, if it is one a gateway can serve. */
export function platformOf(config: Pick<Config, 'channelList'>, channel: string): string | undefined {
  return config.channelList.find((c) => c.name === channel)?.platform;
}

/** Channels that can carry an alert first sent to `start`: those, and their fallbacks, transitively. */
function withFallbacks(p: DeliveryPolicy, start: string[]): string[] {
  const seen = new Set(start);
  for (const c of [...seen]) for (const f of p.fallback[c] ?? []) if (!seen.has(f)) seen.add(f), start.push(f);
  return [...seen];
}

/**
 * The delivery lines of a target's doctor report. `platforms`: what the gateway serves (qqbot, feishu, …).
 * `console` is left out of the warning: a terminal is no way to reach a phone.
 */
export function routesReport(
  config: Pick<Config, 'channels' | 'channelList' | 'alerts'>,
  platforms: string[],
  locale: Locale,
): { fields: { label: string; value: string }[]; warnings: string[] } {
  const p = deliveryPolicy(config);
  // Channels as a person reads them (the console is 控制台 in zh-CN), listed in the locale's way.
  const list = (names: string[]) => names.map((n) => channelName(locale, n)).join(t(locale, 'list.comma'));
  // "hook stand by for feishu": each chat channel with the notifiers that stand by for it.
  const standbyText = Object.entries(p.fallback)
    .map(([chat, hooks]) => t(locale, 'routes.standby', { hooks: list(hooks), chat }))
    .join('; ');
  const names = channelNames(config).filter((n) => n !== 'console' || config.channels.console);
  const kind = (n: string) => {
    const x = config.channelList.find((y) => y.name === n);
    return x && x.name !== x.type ? `${n} (${x.type})` : channelName(locale, n);
  };
  const probe = (severity: Tone): Alert => ({
    id: 'doctor',
    kind: 'open',
    target: 'doctor',
    severity,
    routeSeverity: severity === 'ok' ? undefined : severity,
    createdAt: 0,
    reply: { title: '' },
  });
  const routeText = p.routes
    ? p.routes.map((r) => `${r.severity.join(', ')} → ${list(r.channels)}`).join('; ')
    : p.impliedStandby
      ? t(locale, 'routes.every_alert', {
          channels: list(names.filter((n) => !p.standby.includes(n))),
          standby: standbyText,
        })
      : t(locale, 'routes.none');
  const fallbackText =
    Object.entries(p.fallback)
      .map(([from, to]) => `${from} → ${to.join(', ')}`)
      .join('; ') || t(locale, 'routes.fallback.none');
  const implied = p.impliedStandby ? ` ${t(locale, 'routes.implied')}` : '';
  const notes = p.escalate
    ? config.channelList
        .filter((c) => p.escalate!.channels.includes(c.name) && c.escalationNote)
        .map((c) => whatIn(c.escalationNote!, locale))
    : [];
  const escText = p.escalate
    ? notes.reduce(
        (text, note) => t(locale, 'routes.escalation.note', { text, note }),
        t(locale, 'routes.escalation', {
          after: formatDuration(p.escalate.afterMs),
          channels: list(p.escalate.channels),
        }),
      )
    : t(locale, 'routes.escalation.off');
  const fields = [
    { label: t(locale, 'routes.field.channels'), value: names.map(kind).join(t(locale, 'list.comma')) || '-' },
    { label: t(locale, 'routes.field.routes'), value: routeText },
    { label: t(locale, 'routes.field.fallback'), value: fallbackText + implied },
    { label: t(locale, 'routes.field.escalation'), value: escText },
  ];

  const warnings: string[] = [];
  const critical = recipients(p, probe('critical'), names).filter((n) => n !== 'console');
  const reach = withFallbacks(p, [...critical]).filter((n) => n !== 'console');
  // Console-only (the demo, a first try) is no misconfiguration; routes that drop critical alerts are.
  if (critical.length === 0) {
    if (p.routes) warnings.push(t(locale, 'routes.warn.no_phone'));
  } else {
    const served = new Set(platforms);
    if (reach.every((n) => served.has(platformOf(config, n) ?? ''))) {
      const via = [...new Set(reach.map((n) => platformOf(config, n)!))].join(', ');
      warnings.push(t(locale, 'routes.warn.served', { reach: list(reach), via, critical: list(critical) }));
    }
  }
  const unused = names.filter(
    (n) =>
      n !== 'console' &&
      p.routes &&
      !p.routes.some((r) => r.channels.includes(n)) &&
      !reach.includes(n) &&
      !Object.values(p.fallback).some((f) => f.includes(n)) &&
      !p.escalate?.channels.includes(n),
  );
  if (unused.length) warnings.push(t(locale, 'routes.warn.unused', { channels: list(unused) }));
  return { fields, warnings };
}

/** Adds the delivery report to a doctor reply. */
export function addRoutesReport(
  reply: Reply,
  config: Pick<Config, 'channels' | 'channelList' | 'alerts'>,
  platforms: string[],
  locale: Locale,
): void {
  const r = routesReport(config, platforms, locale);
  reply.fields = [...(reply.fields ?? []), ...r.fields];
  if (r.warnings.length) reply.lines = [...(reply.lines ?? []), ...r.warnings];
}
