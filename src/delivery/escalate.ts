// `alerts.escalate`: a critical incident nobody acknowledged within `after` goes to the escalation channels, once per
// outage. What was escalated is kept in state.json (incident id → when), so a restarted gatewatch neither repeats
// an escalation nor forgets one that is due. /ack and the recovery stop it (see app.ts: pending ones are withdrawn).
import { randomUUID } from 'node:crypto';
import type { Alert, Locale } from '../types.js';
import { openIncidents, type Incident, type IncidentState } from '../incidents/machine.js';
import { formatDuration } from '../util/duration.js';
import { formatTime } from '../util/time.js';
import { pick } from '../i18n.js';
import { alertButtons } from './alerts.js';

/** Open, critical, announced, unacknowledged incidents past `afterMs` and not escalated yet, oldest first. */
export function dueEscalations(incidents: IncidentState, escalated: Record<string, number>, afterMs: number, now: number): Incident[] {
  return openIncidents(incidents).filter((i) => i.finding.severity === 'critical' && !i.acked && i.notified !== false && escalated[i.id] === undefined && now - i.openedAt >= afterMs);
}

/** Escalation records of incidents that are no longer open: the next outage may escalate again. */
export function staleEscalations(incidents: IncidentState, escalated: Record<string, number>): string[] {
  const open = new Set(openIncidents(incidents).map((i) => i.id));
  return Object.keys(escalated).filter((id) => !open.has(id));
}

export function escalationAlert(inc: Incident, afterMs: number, channels: string[], locale: Locale, now: number): Alert {
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  const f = inc.finding;
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
      title: L(`Escalated: ${inc.target}: ${f.title} — not acknowledged for ${after}`, `升级告警：${inc.target}：${f.title} — ${after} 内无人确认`),
      tone: 'critical',
      fields: [{ label: L('open since', '开始于'), value: formatTime(inc.openedAt) }],
      lines: [L(`escalated: not acknowledged for ${after}`, `已升级：${after} 内无人确认`), f.explanation, `→ ${f.action}`],
      buttons: alertButtons(locale, inc.target, f.restart),
    },
  };
}
