// Incident and restart events → Alert messages (a Reply plus the ids channels need to update cards in place).
import { randomUUID } from 'node:crypto';
import type { Alert, Locale, ReplyButton, RestartAdvice, Tone } from '../types.js';
import type { IncidentEvent } from '../incidents/machine.js';
import type { RestartRecord } from '../actions/restart-policy.js';
import { formatDuration } from '../util/duration.js';
import { formatTime } from '../util/time.js';
import { t } from '../i18n.js';

/**
 * The actions an alert offers, fitted to whether a restart can help: first when it is the fix, after a look at the
 * logs while the gateway may still recover by itself, and not at all when it cannot help (a banned bot).
 */
export function alertButtons(locale: Locale, target: string, restart: RestartAdvice = 'helps'): ReplyButton[] {
  const restartButton: ReplyButton = { label: t(locale, 'button.restart'), command: `/restart ${target} confirm`, style: 'danger' };
  const logs: ReplyButton = { label: t(locale, 'button.logs'), command: `/logs 50 ${target}`, style: 'default' };
  const ack: ReplyButton = { label: t(locale, 'button.ack'), command: `/ack ${target}`, style: 'primary' };
  const mute: ReplyButton = { label: t(locale, 'button.mute'), command: `/mute 1h`, style: 'default' };
  if (restart === 'helps') return [restartButton, logs, ack, mute];
  if (restart === 'never') return [logs, ack, mute];
  return [logs, ack, restartButton, mute];
}

const time = (ms: number) => formatTime(ms);

export function incidentAlert(ev: IncidentEvent, locale: Locale, now: number, flapWindowMs: number): Alert {
  const inc = ev.incident;
  const f = inc.finding;
  const params = { target: inc.target, title: f.title };
  const base = { id: randomUUID(), incidentId: inc.id, target: inc.target, check: inc.check, createdAt: now };
  const fields = [
    { label: t(locale, 'field.target'), value: inc.target },
    ...(inc.platform ? [{ label: t(locale, 'field.platform'), value: inc.platform }] : []),
    { label: t(locale, 'field.since'), value: time(inc.openedAt) },
  ];
  if (ev.kind === 'resolve') {
    return {
      ...base,
      kind: 'resolve',
      severity: 'ok',
      reply: {
        title: t(locale, 'alert.resolve', params),
        tone: 'ok',
        fields: [...fields, { label: t(locale, 'field.downtime'), value: formatDuration(ev.downtimeMs ?? 0) }],
      },
    };
  }
  const title = t(locale, ev.kind === 'remind' ? 'alert.remind' : ev.kind === 'flap' ? 'alert.flap' : 'alert.open', params);
  const lines = [f.explanation, `→ ${f.action}`];
  if (ev.kind === 'flap') lines.unshift(t(locale, 'flap.line', { count: inc.transitions.length, window: formatDuration(flapWindowMs) }));
  return {
    ...base,
    kind: ev.kind,
    severity: f.severity,
    reply: {
      title,
      tone: f.severity,
      fields: [...fields, { label: t(locale, 'field.restart'), value: t(locale, `restart.${f.restart}`) }],
      lines,
      code: f.evidence.length ? [f.evidence.slice(-8).join('\n')] : undefined,
      buttons: alertButtons(locale, inc.target, f.restart),
    },
  };
}

export function restartAlert(rec: RestartRecord, phase: 'begin' | 'ok' | 'fail', locale: Locale, now: number): Alert {
  const tone: Tone = phase === 'ok' ? 'ok' : phase === 'fail' ? 'critical' : 'info';
  const fields = [
    { label: t(locale, 'field.reason'), value: rec.reason },
    { label: t(locale, 'field.actor'), value: rec.actor },
  ];
  if (rec.durationMs !== undefined) fields.push({ label: t(locale, 'field.duration'), value: formatDuration(rec.durationMs) });
  if (rec.detail) fields.push({ label: t(locale, 'field.detail'), value: rec.detail });
  return {
    id: randomUUID(),
    kind: 'restart',
    target: rec.target,
    severity: tone,
    createdAt: now,
    reply: {
      title: t(locale, `alert.restart.${phase}`, { target: rec.target, duration: formatDuration(rec.durationMs ?? 0) }),
      tone,
      fields,
      buttons: phase === 'fail' ? [{ label: t(locale, 'button.logs'), command: '/logs 50' }] : undefined,
    },
  };
}

export function escalateAlert(target: string, reason: string, locale: Locale, now: number): Alert {
  return {
    id: randomUUID(),
    kind: 'escalate',
    target,
    severity: 'critical',
    createdAt: now,
    reply: {
      title: t(locale, 'alert.escalate', { target }),
      tone: 'critical',
      lines: [t(locale, 'escalate.line', { reason })],
      buttons: [
        { label: t(locale, 'button.restart'), command: `/restart ${target} confirm`, style: 'danger' },
        { label: t(locale, 'button.logs'), command: '/logs 50' },
      ],
    },
  };
}
