// Which channels get an alert (`alerts.routes`), which stand in when one cannot deliver (`alerts.fallback`), and who
// hears of a critical incident nobody acknowledged (`alerts.escalate`). Pure data and functions; the outbox applies
// them, load.ts checks the names.
import type { Config } from '../config/schema.js';
import type { Alert, Severity, Tone } from '../types.js';

export interface Route {
  severity: Tone[];
  channels: string[];
}

export interface DeliveryPolicy {
  /** Undefined: every channel gets every alert (but the standbys). */
  routes?: Route[];
  /** Channel → the channels that carry its alerts when it cannot. */
  fallback: Record<string, string[]>;
  escalate?: { afterMs: number; channels: string[] };
  /** Channels that get alerts only as someone's fallback. */
  standby: string[];
  /**
   * Set when the policy was not written but implied: a Feishu app bot plus feishu_webhook notifiers and neither
   * `alerts.routes` nor `alerts.fallback` keeps the behaviour such configs always had (the webhook stands by for the
   * app bot). Names the webhooks.
   */
  implicitFeishuFallback?: string[];
}

export const NO_POLICY: DeliveryPolicy = { fallback: {}, standby: [] };

/** Every channel name a config can deliver to: the console (which `run --console` adds anyway), chats, notifiers. */
export function channelNames(config: Pick<Config, 'channels'>): string[] {
  const ch = config.channels;
  const names = ['console'];
  if (ch.qq) names.push('qq');
  if (ch.feishu) names.push('feishu');
  if (ch.telegram) names.push('telegram');
  for (const n of ch.notifiers) names.push(String(n.name ?? n.type));
  return names;
}

/** Each channel name in alerts.routes / fallback / escalate that names no configured channel, with its key path. */
export function unknownChannels(config: Pick<Config, 'channels' | 'alerts'>): { path: (string | number)[]; name: string }[] {
  const known = new Set(channelNames(config));
  const a = config.alerts;
  const out: { path: (string | number)[]; name: string }[] = [];
  const check = (names: string[], at: (string | number)[]) => names.forEach((n, i) => known.has(n) || out.push({ path: [...at, i], name: n }));
  a.routes?.forEach((r, i) => check(r.channels, ['alerts', 'routes', i, 'channels']));
  for (const [from, to] of Object.entries(a.fallback ?? {})) {
    if (!known.has(from)) out.push({ path: ['alerts', 'fallback', from], name: from });
    check(to, ['alerts', 'fallback', from]);
  }
  if (a.escalate) check(a.escalate.channels, ['alerts', 'escalate', 'channels']);
  return out;
}

export function deliveryPolicy(config: Pick<Config, 'channels' | 'alerts'>): DeliveryPolicy {
  const a = config.alerts;
  const escalate = a.escalate ? { afterMs: a.escalate.after, channels: a.escalate.channels } : undefined;
  const hooks = config.channels.notifiers.filter((n) => n.type === 'feishu_webhook').map((n) => String(n.name ?? n.type));
  if (config.channels.feishu && hooks.length && !a.routes && !a.fallback) {
    return { fallback: { feishu: hooks }, standby: hooks, escalate, implicitFeishuFallback: hooks };
  }
  return { routes: a.routes, fallback: a.fallback ?? {}, standby: [], escalate };
}

/** Whether a route takes the alert: by its own severity or by its incident's (a recovery follows its incident). */
const takes = (r: Route, alert: Alert) => r.severity.includes(alert.severity) || (alert.routeSeverity !== undefined && r.severity.includes(alert.routeSeverity));

/** The channels (among `available`, in their order) an alert goes to first. */
export function recipients(p: DeliveryPolicy, alert: Alert, available: string[]): string[] {
  let names: string[];
  if (alert.to) names = available.filter((n) => alert.to!.includes(n));
  else if (!p.routes) names = available.filter((n) => !p.standby.includes(n));
  else {
    const routed = new Set(p.routes.filter((r) => takes(r, alert)).flatMap((r) => r.channels));
    names = available.filter((n) => routed.has(n));
  }
  return names.filter((n) => !alert.except?.includes(n));
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, critical: 3 };

/** The worst of some severities, or undefined for none. */
export function worst(list: Severity[]): Severity | undefined {
  return list.reduce<Severity | undefined>((a, b) => (a === undefined || RANK[b] > RANK[a] ? b : a), undefined);
}
