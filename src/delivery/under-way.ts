// A restart while it runs, in words: the message that says it began (gatewatch's own, once it has run a while), the line
// of what it waits for, and what /status and /restart say of it. Its end is the restart alert's (alerts.ts).
import type { Alert, Locale, ReplyField } from '../types.js';
import { restartReason, type RestartUnderWay } from '../actions/restart.js';
import { clock } from '../actions/restart-policy.js';
import { actorName, platformNames, t } from '../i18n.js';
import { formatDuration } from '../util/duration.js';
import { restartAlert } from './alerts.js';

/** What its verification waits for: the platforms connected, or (none expected) the gateway running. */
function waitsFor(u: Pick<RestartUnderWay, 'platforms'>, locale: Locale): string {
  return u.platforms.length
    ? t(locale, 'restart.waits.platforms', { names: platformNames(locale, u.platforms) })
    : t(locale, 'restart.waits.gateway');
}

/** "Waiting for Feishu, QQ connected, until 12:01:33 at the latest." */
export function waitingLine(u: Pick<RestartUnderWay, 'platforms' | 'until'>, locale: Locale): string {
  return t(locale, 'restart.waiting', { what: waitsFor(u, locale), until: clock(u.until) });
}

/**
 * The field /status and /restart say it in: "restarting: since 12:00:03 (45s), by gatewatch, for gateway died; waiting
 * for Feishu, QQ connected until 12:01:33" (a start: "starting").
 */
export function underWayField(u: RestartUnderWay, locale: Locale, now: number): ReplyField {
  const label = t(locale, u.start ? 'status.field.starting' : 'status.field.restarting');
  const value = t(locale, 'restart.under_way', {
    at: clock(u.at),
    ago: formatDuration(Math.max(0, now - u.at), locale),
    actor: actorName(locale, u.actor),
    reason: restartReason(u, locale),
    what: waitsFor(u, locale),
    until: clock(u.until),
  });
  return { label, value };
}

/** The message of a restart gatewatch began by itself and has not ended yet: since when, why, what it waits for. */
export function restartBeginAlert(u: RestartUnderWay, locale: Locale, now: number): Alert {
  const a = restartAlert(u, 'begin', locale, now);
  return {
    ...a,
    reply: {
      ...a.reply,
      fields: [{ label: t(locale, 'field.since'), value: clock(u.at) }, ...(a.reply.fields ?? [])],
      lines: [waitingLine(u, locale)],
    },
  };
}
