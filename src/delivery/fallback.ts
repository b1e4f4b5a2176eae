// `alerts.fallback` on one outbox entry: when a channel cannot deliver, its fallbacks are added to the entry (each
// remembering whom it stands in for); the first of them to deliver covers the channel, which then stops retrying, so
// a channel that recovers does not send again what a fallback delivered. Chains (a fallback's own fallback) stand in
// for the channel that failed first.
import type { Alert, Locale, OutboxEntry } from '../types.js';
import { t } from '../i18n.js';
import { redact } from '../util/redact.js';

/**
 * `channel` cannot deliver `e` for now. Returns the fallbacks added, and the channels covered at once because one of
 * their fallbacks had already delivered this alert.
 */
export function fallBack(
  e: OutboxEntry,
  channel: string,
  map: Record<string, string[]>,
): { added: string[]; covered: string[] } {
  const targets = map[channel] ?? [];
  if (targets.length === 0 || !e.pending.includes(channel)) return { added: [], covered: [] };
  if (!e.fellBack?.includes(channel)) e.fellBack = [...(e.fellBack ?? []), channel];
  const already = targets.find((t) => e.sent?.includes(t));
  if (already) return { added: [], covered: coverDelivered(e, already, map) };
  const origin = e.via?.[channel] ?? channel;
  const added = targets.filter(
    (t) => t !== channel && t !== origin && !e.pending.includes(t) && !e.alert.except?.includes(t),
  );
  if (added.length) {
    e.via = { ...e.via };
    for (const t of added) e.via[t] = origin;
    e.pending = [...e.pending, ...added];
  }
  return { added, covered: [] };
}

/**
 * `channel` delivered `e`. Channels it stands in for (directly or through a chain) are covered and leave the entry;
 * fallbacks still pending for a channel that is done are no longer needed. Returns the covered channels.
 */
export function coverDelivered(e: OutboxEntry, channel: string, map: Record<string, string[]>): string[] {
  const covered: string[] = [];
  const done = new Set([channel]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of e.pending) {
      if (!e.fellBack?.includes(p) || !(map[p] ?? []).some((f) => done.has(f))) continue;
      e.pending = e.pending.filter((c) => c !== p);
      done.add(p);
      covered.push(p);
      changed = true;
      break;
    }
  }
  if (e.via) e.pending = e.pending.filter((c) => !(e.via![c] && !e.pending.includes(e.via![c]!)));
  return covered;
}

/** The alert as a fallback channel sends it: marked, with why the channel it stands in for could not. */
export function viaFallback(alert: Alert, primary: string, why: string | undefined, locale: Locale): Alert {
  const reason = why ? redact(why).slice(0, 200) : undefined;
  const line = reason
    ? t(locale, 'fallback.line_reason', { primary, reason })
    : t(locale, 'fallback.line', { primary });
  return {
    ...alert,
    reply: {
      ...alert.reply,
      title: t(locale, 'fallback.title', { title: alert.reply.title, primary }),
      lines: [line, ...(alert.reply.lines ?? [])],
    },
  };
}
