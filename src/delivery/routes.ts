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
   * Set when the policy was not written but implied: a chat channel plus notifiers that stand by for it (a Feishu app
   * bot and feishu_webhook notifiers) and neither `alerts.routes` nor `alerts.fallback` keeps the behaviour such
   * configs always had. Names the standbys.
   */
  impliedStandby?: string[];
}

export const NO_POLICY: DeliveryPolicy = { fallback: {}, standby: [] };

/** Every channel name a config can deliver to: the console (which `run --console` adds anyway), chats, notifiers. */
export function channelNames(config: Pick<Config, 'channelList'>): string[] {
  return ['console', ...config.channelList.map((c) => c.name)];
}

export function deliveryPolicy(config: Pick<Config, 'channelList' | 'alerts'>): DeliveryPolicy {
  const a = config.alerts;
  const escalate = a.escalate ? { afterMs: a.escalate.after, channels: a.escalate.channels } : undefined;
  if (!a.routes && !a.fallback) {
    // Notifiers that stand by for a configured chat channel (the Feishu webhook for the Feishu app bot) keep doing so.
    const fallback: Record<string, string[]> = {};
    for (const c of config.channelList) {
      const chat = c.standbyFor && config.channelList.find((x) => x.kind === 'chat' && x.type === c.standbyFor);
      if (chat) (fallback[chat.name] ??= []).push(c.name);
    }
    const standby = Object.values(fallback).flat();
    if (standby.length) return { fallback, standby, escalate, impliedStandby: standby };
  }
  return { routes: a.routes, fallback: a.fallback ?? {}, standby: [], escalate };
}

/** Whether a route takes the alert: by its own severity or by its incident's (a recovery follows its incident). */
const takes = (r: Route, alert: Alert) =>
  r.severity.includes(alert.severity) ||
  (alert.routeSeverity !== undefined && r.severity.includes(alert.routeSeverity));

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

/**
 * Why `recipients` found no channel for an alert, for the log: alerts.routes only where they are written (without
 * them every channel gets every alert, so an alert that goes nowhere went nowhere for another reason).
 */
export function unroutedReason(p: DeliveryPolicy, alert: Alert, available: string[]): string {
  if (available.length === 0) return 'no alert channel is configured';
  const open = available.filter((n) => !alert.except?.includes(n));
  if (open.length === 0)
    return available.length === 1
      ? 'the only channel is the one it answers'
      : 'the only channels are the ones it answers';
  if (alert.to) return `none of the channels it is addressed to (${alert.to.join(', ')}) is configured`;
  if (p.routes) return `no route in alerts.routes takes ${alert.routeSeverity ?? alert.severity}`;
  return `only standby channels, which carry alerts as a fallback (${open.join(', ')})`;
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, critical: 3 };

/** The worst of some severities, or undefined for none. */
export function worst(list: Severity[]): Severity | undefined {
  return list.reduce<Severity | undefined>((a, b) => (a === undefined || RANK[b] > RANK[a] ? b : a), undefined);
}
