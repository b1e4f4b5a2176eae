// The incident state machine: a pure function from (incidents, findings of one target, now) to (incidents, events).
// Alert only on change: open, remind every remind_every until resolved or acked, resolve with the downtime,
// many transitions in a short window become one flapping alert. Mute silences delivery, not detection.
import type { Finding } from '../types.js';

export interface Incident {
  /** Stable for one episode (open → remind → resolve), so a chat card can be updated in place. */
  id: string;
  key: string;
  target: string;
  check: string;
  platform?: string;
  finding: Finding;
  status: 'open' | 'resolved';
  openedAt: number;
  resolvedAt?: number;
  lastAlertAt?: number;
  acked?: { by: string; at: number };
  flapping: boolean;
  /** Times of open/resolve transitions inside the flap window, across episodes. */
  transitions: number[];
  /** False while the open alert has not gone out (muted, or flapping). */
  notified: boolean;
}

export type IncidentState = Record<string, Incident>;

export type IncidentEventKind = 'open' | 'remind' | 'resolve' | 'flap';

export interface IncidentEvent {
  kind: IncidentEventKind;
  incident: Incident;
  /** Set for resolve: how long it was open. */
  downtimeMs?: number;
}

export interface IncidentSettings {
  remindEveryMs: number;
  flap: { transitions: number; withinMs: number };
}

export function incidentKey(f: Pick<Finding, 'target' | 'check' | 'platform'>): string {
  return `${f.target}:${f.check}${f.platform ? `:${f.platform}` : ''}`;
}

export function step(
  prev: IncidentState,
  target: string,
  findings: Finding[],
  now: number,
  s: IncidentSettings,
  muted: boolean,
): { state: IncidentState; events: IncidentEvent[] } {
  const state: IncidentState = {};
  const events: IncidentEvent[] = [];
  const emit = (kind: IncidentEventKind, inc: Incident, downtimeMs?: number) => {
    if (muted) return;
    events.push({ kind, incident: inc, downtimeMs });
    inc.lastAlertAt = now;
    if (kind !== 'resolve') inc.notified = true;
  };
  const trim = (ts: number[]) => ts.filter((t) => now - t <= s.flap.withinMs);
  const seen = new Set<string>();

  for (const f of findings) {
    const key = incidentKey(f);
    if (seen.has(key)) continue;
    seen.add(key);
    const old = prev[key];
    if (!old || old.status === 'resolved') {
      const transitions = trim([...(old?.transitions ?? []), now]);
      const flapping = transitions.length >= s.flap.transitions;
      const keepId = old && (old.flapping || flapping);
      const inc: Incident = {
        id: keepId ? old.id : `${key}@${now.toString(36)}`,
        key,
        target: f.target,
        check: f.check,
        platform: f.platform,
        finding: f,
        status: 'open',
        // The evidence may date the failure before we saw it (a 4009 judged after the grace): count downtime from there.
        openedAt: keepId ? old.openedAt : Math.min(now, f.since ?? now),
        lastAlertAt: old?.lastAlertAt,
        flapping,
        transitions,
        notified: keepId ? old.notified : false,
      };
      state[key] = inc;
      if (flapping && !old?.flapping) emit('flap', inc);
      else if (!flapping) emit('open', inc);
      continue;
    }
    const inc: Incident = { ...old, finding: f, transitions: trim(old.transitions) };
    state[key] = inc;
    if (!inc.notified && !inc.flapping) emit('open', inc);
    else if (inc.flapping && inc.transitions.length === 0) {
      // Calm for a whole window while still failing: it is a steady failure now.
      inc.flapping = false;
      emit('open', inc);
    } else if (!inc.acked && !inc.flapping && now - (inc.lastAlertAt ?? inc.openedAt) >= s.remindEveryMs) emit('remind', inc);
  }

  for (const [key, old] of Object.entries(prev)) {
    if (seen.has(key)) continue;
    if (old.target !== target) {
      state[key] = old;
      continue;
    }
    if (old.status === 'open') {
      const transitions = trim([...old.transitions, now]);
      const flapping = old.flapping || transitions.length >= s.flap.transitions;
      const inc: Incident = { ...old, status: 'resolved', resolvedAt: now, transitions, flapping };
      state[key] = inc;
      if (flapping && !old.flapping) emit('flap', inc);
      else if (!flapping && old.notified) emit('resolve', inc, now - old.openedAt);
      continue;
    }
    const transitions = trim(old.transitions);
    if (old.flapping && transitions.length === 0) {
      const inc: Incident = { ...old, flapping: false, transitions };
      if (old.notified) emit('resolve', inc, (old.resolvedAt ?? now) - old.openedAt);
      continue; // settled: forget it
    }
    // Keep resolved records only while they matter for flap detection.
    if (transitions.length > 0 || old.flapping) state[key] = { ...old, transitions };
  }
  return { state, events };
}

export function openIncidents(state: IncidentState, target?: string): Incident[] {
  return Object.values(state)
    .filter((i) => i.status === 'open' && (!target || i.target === target))
    .sort((a, b) => a.openedAt - b.openedAt);
}

/** Ack every open incident (or those of one target): no more reminders; the resolve notice still comes. */
export function ack(state: IncidentState, by: string, now: number, target?: string): Incident[] {
  const acked: Incident[] = [];
  for (const inc of openIncidents(state, target)) {
    if (inc.acked) continue;
    inc.acked = { by, at: now };
    acked.push(inc);
  }
  return acked;
}
