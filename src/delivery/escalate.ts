// `alerts.escalate`: a critical incident nobody acknowledged within `after` goes to the escalation channels, once per
// outage. Each clock and what was escalated are kept in state.json, so a restarted gatewatch neither repeats an
// escalation nor forgets one that is due. /ack and the recovery stop it (see app.ts: pending ones are withdrawn).
import { randomUUID } from 'node:crypto';
import type { Alert, Locale } from '../types.js';
import { openIncidents, type Incident, type IncidentState } from '../incidents/machine.js';
import { formatDuration } from '../util/duration.js';
import { formatTime } from '../util/time.js';
import { t, wordFinding } from '../i18n.js';
import { alertButtons } from './alerts.js';

/** One incident's escalation clock: it starts when gatewatch first sees the incident announced, not when the outage
 * began (a gateway found dead since an hour must still give the operator `after` to react). */
export interface EscalationRecord {
  since: number;
  sentAt?: number;
}

export interface EscalationPlan {
  /** Incidents whose clock starts now. */
  start: string[];
  /** Incidents to escalate now, oldest first. */
  due: Incident[];
  /** Records of incidents no longer open (or acked): dropped, so the next outage escalates again. */
  stale: string[];
}

/** What to do for open, critical, announced, unacknowledged incidents. Pure. */
export function planEscalations(
  incidents: IncidentState,
  records: Record<string, EscalationRecord>,
  afterMs: number,
  now: number,
): EscalationPlan {
  const watched = openIncidents(incidents).filter(
    (i) => i.finding.severity === 'critical' && !i.acked && i.notified !== false,
  );
  const ids = new Set(watched.map((i) => i.id));
  return {
    start: watched.filter((i) => !records[i.id]).map((i) => i.id),
    due: watched.filter(
      (i) => records[i.id] && records[i.id]!.sentAt === undefined && now - records[i.id]!.since >= afterMs,
    ),
    stale: Object.keys(records).filter((id) => !ids.has(id)),
  };
}

export function escalationAlert(
  inc: Incident,
  afterMs: number,
  channels: string[],
  locale: Locale,
  now: number,
): Alert {
  const f = inc.finding;
  const w = wordFinding(locale, f);
  const after = formatDuration(afterMs);
  return {
    id: randomUUID(),
    kind: 'escalate',
    incidentId: inc.id,
    target: inc.target,
    check: inc.check,
    severity: 'critical',
    routeSeverity: 'critical',
    to: channels,
    urgent: true,
    createdAt: now,
    reply: {
      title: t(locale, 'escalation.title', { target: inc.target, title: w.title, after }),
      tone: 'critical',
      fields: [{ label: t(locale, 'escalation.field.open_since'), value: formatTime(inc.openedAt) }],
      lines: [t(locale, 'escalation.line', { after }), w.explanation, `→ ${w.action}`],
      buttons: alertButtons(locale, inc.target, f.restart),
    },
  };
}
