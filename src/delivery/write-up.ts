// An incident's write-up in words (issue 55 item 12): the few lines a recovery carries, and the whole that
// `/incident <ref>` (and `gatewatch incident <ref> --json`) gives: what happened, by kind and scope; the timeline from
// the first sign in the log to the recovery, with times; time to detect and to recover, and which of them is not
// certain; what gatewatch did and what Hermes did by itself; what would prevent it (the fix the reference gives); the
// lines that showed it. From the history entry (src/history/model.ts) alone, in the reader's locale, at phone width:
// no check id, no platform key, no internal incident id (the public ref is `<target>-<n>`).
import type { IncidentEntry, IncidentStep } from '../history/model.js';
import type { Locale, Reply, ReplyField } from '../types.js';
import {
  actorParam,
  causeName,
  findingVariant,
  pastTitle,
  platformName,
  platformNames,
  t,
  wordFinding,
} from '../i18n.js';
import type { RestartHold } from '../actions/restart-policy.js';
import { holdWhy } from './alerts.js';
import { clockSpan, formatDuration } from '../util/duration.js';
import { localStamp, shortStamp } from '../util/time.js';
import { byWords, type RecoveredBy } from './recovery.js';
import { DEMO_HEAL } from '../actions/restart.js';
import { gatewayDown } from '../detectors/index.js';

/** The public name of an incident: `/incident demo-7`. Undefined for an entry of an older version (no number). */
export const incidentRef = (target: string, e: Pick<IncidentEntry, 'n'>): string | undefined =>
  e.n !== undefined ? `${target}-${e.n}` : undefined;

const hhmmss = (ms: number) => localStamp(ms).slice(11, 19);
const stamp = (ms: number) => localStamp(ms).slice(5, 19);

/** Its first words: the problem it was alerted for, in the reader's locale. */
export function problemTitle(locale: Locale, target: string, e: Pick<IncidentEntry, 'title' | 'text'>): string {
  return wordFinding(locale, { title: e.title, explanation: '', action: '', text: e.text, target }).title;
}

/** How it ended, where another finding carried it on. */
function endTitle(locale: Locale, target: string, e: IncidentEntry): string | undefined {
  if (e.endTitle === undefined) return undefined;
  return pastTitle(locale, { title: e.endTitle, text: e.endText, target });
}

const names = (locale: Locale, ps: readonly string[]) => platformNames(locale, ps);

function result(locale: Locale, s: IncidentStep): string {
  if (!s.ok) return t(locale, 'writeup.result.failed');
  const at = hhmmss(s.endedAt ?? s.at);
  return s.partial?.length
    ? t(locale, 'writeup.result.partial', { at, names: names(locale, s.partial) })
    : t(locale, 'writeup.result.ok', { at });
}

/** A restart that was held first says so, as its own message did: how long, and why. */
function withHold(locale: Locale, s: IncidentStep, what: string): string {
  if (!s.held) return what;
  const held = formatDuration(Math.max(1000, clockSpan(s.held.since, s.at)), locale);
  return t(locale, 'writeup.held', { what, held, why: holdWhy(s.held as RestartHold, locale) });
}

/** One step, as the timeline says it beside its time (who did it is the line's subject, or said here). */
export function stepWords(locale: Locale, s: IncidentStep, target: string): string {
  return withHold(locale, s, bareStep(locale, s, target));
}

function bareStep(locale: Locale, s: IncidentStep, target: string): string {
  switch (s.what) {
    case 'restart':
    case 'start':
      return s.actor === 'gatewatch' || s.actor === undefined
        ? t(locale, `writeup.step.${s.what}.gatewatch`, { result: result(locale, s) })
        : t(locale, s.kind === DEMO_HEAL ? 'writeup.step.restart.heal' : `writeup.step.${s.what}.operator`, {
            actor: actorParam(s.actor),
            result: result(locale, s),
          });
    case 'fix':
      return t(locale, 'writeup.step.fix', { actor: actorParam(s.actor ?? ''), result: result(locale, s) });
    case 'hermes_reconnected':
      return t(locale, 'writeup.step.hermes_reconnected', { name: platformName(locale, s.platform ?? '') });
    case 'hermes_report':
      return t(locale, s.ok === false ? 'writeup.step.hermes_report.oom' : 'writeup.step.hermes_report');
    case 'became':
      return t(locale, 'writeup.step.became', {
        title: pastTitle(locale, { title: s.title ?? '', text: s.text, target }),
      });
  }
}

/** A step with its time in front, as a list of them says it. */
const timed = (locale: Locale, s: IncidentStep, target: string) => `${hhmmss(s.at)} ${stepWords(locale, s, target)}`;

const isHermes = (s: IncidentStep) => s.what === 'hermes_reconnected' || s.what === 'hermes_report';
const isAction = (s: IncidentStep) => s.what === 'restart' || s.what === 'start' || s.what === 'fix';
/** gatewatch's own actions, apart from an operator's through it (/restart, /fix, /demo heal): who did it is said right. */
const isOwn = (s: IncidentStep) => isAction(s) && (s.actor === 'gatewatch' || s.actor === undefined);
const isByHand = (s: IncidentStep) => isAction(s) && !isOwn(s);

/**
 * Time to detect (first sign → alert) and to recover (alert → back), as /uptime averages them. In words, each as its
 * clock times show it (clockSpan: the two add up to the downtime, to the second); for machines (`exact`), to the ms.
 */
function times(e: IncidentEntry, exact = false): { detectMs: number; recoverMs?: number; downMs?: number } {
  const span = exact ? (a: number, b: number) => Math.max(0, b - a) : clockSpan;
  return {
    detectMs: span(e.firstAt, e.alertAt),
    ...(e.recoveredAt !== undefined
      ? { recoverMs: span(e.alertAt, e.recoveredAt), downMs: span(e.firstAt, e.recoveredAt) }
      : {}),
  };
}

/** The lines a recovery carries: what happened, what gatewatch and Hermes did, how long it took, where the rest is. */
export function summaryLines(locale: Locale, target: string, e: IncidentEntry): string[] {
  const first = problemTitle(locale, target, e);
  const end = endTitle(locale, target, e);
  const steps = e.steps ?? [];
  const did = steps.filter(isOwn).map((s) => timed(locale, s, target));
  const byHand = steps.filter(isByHand).map((s) => timed(locale, s, target));
  const hermes = steps.filter((s) => s.what === 'hermes_reconnected').map((s) => timed(locale, s, target));
  const x = times(e);
  const ref = incidentRef(target, e);
  return [
    end && end !== first
      ? t(locale, 'writeup.what_then', { title: first, then: end })
      : t(locale, 'writeup.what', { title: first }),
    did.length
      ? t(locale, 'writeup.gatewatch', { what: did.join(t(locale, 'list.semicolon')) })
      : t(
          locale,
          e.alertHeld && e.toldAt === undefined ? 'writeup.gatewatch.nothing_held' : 'writeup.gatewatch.nothing',
        ),
    ...(byHand.length ? [t(locale, 'writeup.operator', { what: byHand.join(t(locale, 'list.semicolon')) })] : []),
    ...(hermes.length ? [t(locale, 'writeup.hermes', { what: hermes.join(t(locale, 'list.semicolon')) })] : []),
    t(
      locale,
      e.firstUncertain
        ? 'writeup.times.uncertain'
        : e.firstAfter !== undefined
          ? 'writeup.times.window'
          : e.firstSeen
            ? 'writeup.times.seen'
            : 'writeup.times',
      {
        detect: formatDuration(x.detectMs),
        recover: formatDuration(x.recoverMs ?? 0),
        at: hhmmss(e.firstAt),
        from: e.firstAfter !== undefined ? hhmmss(e.firstAfter) : '',
        most: e.firstAfter !== undefined ? formatDuration(clockSpan(e.firstAfter, e.alertAt)) : '',
      },
    ),
    ...(ref ? [t(locale, 'writeup.more', { cmd: `/incident ${ref}` })] : []),
  ];
}

/**
 * How an incident ended, as every list says it (/incident, /uptime, the weekly report): its downtime as its recovery
 * said it (the whole seconds its clock times show), carried on, closed and how, or still open.
 */
export function incidentOutcome(locale: Locale, e: IncidentEntry): string {
  if (e.recoveredAt !== undefined)
    return t(locale, 'report.recovered', { duration: formatDuration(clockSpan(e.firstAt, e.recoveredAt), locale) });
  if (e.handedOverAt !== undefined) return t(locale, 'incident.at.handed_over');
  if (e.closedHow !== undefined) return t(locale, `incident.at.closed.${e.closedHow}`);
  return t(locale, 'report.still_open');
}

/** One line for a list of incidents (/incident, /uptime): its ref, when, what, how it ended. */
export function incidentLine(locale: Locale, target: string, e: IncidentEntry, tz?: string): string {
  return t(locale, 'incident.list.line', {
    ref: incidentRef(target, e) ?? target,
    at: shortStamp(e.alertAt, tz),
    title: problemTitle(locale, target, e),
    outcome: incidentOutcome(locale, e),
  });
}

/** The state an entry is in, as the title of its write-up says it. */
function headline(locale: Locale, target: string, e: IncidentEntry): string {
  const title = problemTitle(locale, target, e);
  if (e.recoveredAt !== undefined)
    return t(locale, 'incident.headline.recovered', {
      title,
      downtime: formatDuration(clockSpan(e.firstAt, e.recoveredAt)),
    });
  if (e.handedOverAt !== undefined) return t(locale, 'incident.headline.handed_over', { title });
  if (e.closedHow !== undefined)
    return t(locale, 'incident.headline.closed', { title, how: t(locale, `incident.at.closed.${e.closedHow}`) });
  return t(locale, 'incident.headline.open', { title, since: stamp(e.firstAt) });
}

/** The timeline, a line each: first sign, found, alerted, each step, back. */
function timeline(locale: Locale, target: string, e: IncidentEntry, by?: string): string[] {
  const rows: [number, string][] = [
    // A death only gatewatch's sights date: it came between its last sight alive and its first sight gone.
    ...(e.firstAfter !== undefined ? [[e.firstAfter, t(locale, 'incident.at.last_alive')] as [number, string]] : []),
    [
      e.firstAt,
      t(
        locale,
        e.firstUncertain
          ? 'incident.at.first_uncertain'
          : e.firstAfter !== undefined
            ? 'incident.at.first_gone'
            : e.firstSeen
              ? 'incident.at.first_seen'
              : 'incident.at.first',
      ),
    ],
    ...(e.detectedAt !== undefined && e.detectedAt !== e.alertAt
      ? [[e.detectedAt, t(locale, 'incident.at.detected')] as [number, string]]
      : []),
    // What reached the operator: an alert a mute held is said held then, and told when the mute's summary told it.
    [e.alertAt, t(locale, e.alertHeld ? 'incident.at.alert_held' : 'incident.at.alerted')],
    ...(e.toldAt !== undefined ? [[e.toldAt, t(locale, 'incident.at.alert_told')] as [number, string]] : []),
    ...(e.steps ?? []).map((s): [number, string] => [
      s.at,
      isHermes(s)
        ? t(locale, 'incident.at.hermes', { what: stepWords(locale, s, target) })
        : stepWords(locale, s, target),
    ]),
    ...(e.recoveredAt !== undefined
      ? [
          [e.recoveredAt, t(locale, 'incident.at.recovered', { by: by ?? t(locale, 'alert.back.by.itself') })] as [
            number,
            string,
          ],
        ]
      : []),
    ...(e.handedOverAt !== undefined
      ? [[e.handedOverAt, t(locale, 'incident.at.handed_over')] as [number, string]]
      : []),
    ...(e.closedAt !== undefined && e.closedHow !== undefined
      ? [[e.closedAt, t(locale, `incident.at.closed.${e.closedHow}`)] as [number, string]]
      : []),
  ];
  return rows.sort((a, b) => a[0] - b[0]).map(([at, what]) => `${hhmmss(at)}  ${what}`);
}

/** Who brought it back, in words, from what the entry kept. */
function byOf(locale: Locale, e: IncidentEntry): string | undefined {
  if (e.by === undefined) return undefined;
  const b = (
    e.by === 'restart' || e.by === 'start' || e.by === 'operator' || e.by === 'heal'
      ? { by: e.by, actor: e.actor ?? '', at: 0 }
      : { by: e.by }
  ) as RecoveredBy;
  return byWords(locale, b);
}

function fieldsOf(locale: Locale, target: string, e: IncidentEntry, by?: string): ReplyField[] {
  const x = times(e);
  // The cause by its one name, as its restart and /history name it (a gateway stopped by SIGTERM did not die); a signal
  // its name does not carry, beside it.
  const name = causeName(locale, {
    check: e.check,
    variant: findingVariant({ check: e.check, ...(e.text ? { text: e.text } : {}) }),
    ...(e.cause !== undefined ? { cause: e.cause } : {}),
  });
  const signal = e.cause && /^SIG[A-Z0-9]+$/.test(e.cause) && !name.includes(e.cause) ? [e.cause] : [];
  const cause = [name, ...signal].join(' · ');
  return [
    { label: t(locale, 'field.target'), value: target },
    ...(e.platform !== undefined || e.endPlatform !== undefined
      ? [{ label: t(locale, 'field.platform'), value: platformName(locale, e.endPlatform ?? e.platform ?? '') }]
      : []),
    { label: t(locale, 'incident.field.kind'), value: cause },
    ...(e.scope ? [{ label: t(locale, 'field.scope'), value: t(locale, `scope.${e.scope as 'unknown'}`) }] : []),
    {
      label: t(locale, 'incident.field.detect'),
      value: formatDuration(x.detectMs, locale) + (e.firstUncertain ? t(locale, 'incident.at_most') : ''),
    },
    ...(x.recoverMs !== undefined
      ? [{ label: t(locale, 'incident.field.recover'), value: formatDuration(x.recoverMs, locale) }]
      : []),
    // Downtime where something was down (the gateway, a platform); how long it lasted otherwise (issue 80 item 4: the
    // event loop stalled for minutes while the gateway served was "9 m 12 s of downtime").
    ...(x.downMs !== undefined
      ? [{ label: t(locale, wasDown(e) ? 'field.downtime' : 'field.lasted'), value: formatDuration(x.downMs, locale) }]
      : []),
    ...(by ? [{ label: t(locale, 'incident.field.by'), value: by }] : []),
  ];
}

/** Something was down in it: the gateway (a death, a stop, a loop of starts) or a platform, at its start or end. */
const wasDown = (e: IncidentEntry) =>
  e.platform !== undefined ||
  e.endPlatform !== undefined ||
  gatewayDown([{ check: e.check, ...(e.cause !== undefined ? { cause: e.cause } : {}) }]);

/** `/incident <ref>`: the whole write-up, and the same as data for `--json`. */
export function incidentReply(locale: Locale, target: string, e: IncidentEntry): Reply {
  const by = byOf(locale, e);
  const steps = e.steps ?? [];
  const did = steps.filter(isOwn).map((s) => timed(locale, s, target));
  const byHand = steps.filter(isByHand).map((s) => timed(locale, s, target));
  const hermes = steps.filter(isHermes).map((s) => timed(locale, s, target));
  // The fix the reference gives for its cause; how to restart it now is moot once it is back.
  const text = e.text ? { ...e.text, params: { ...e.text.params, restart_how: '' } } : undefined;
  const prevent = wordFinding(locale, { title: e.title, explanation: '', action: '', text, target })
    .action.replace(/ {2,}/g, ' ')
    .trim();
  const ref = incidentRef(target, e);
  return {
    title: t(locale, 'incident.title', { ref: ref ?? target, headline: headline(locale, target, e) }),
    tone: e.recoveredAt !== undefined ? 'ok' : e.severity,
    fields: fieldsOf(locale, target, e, by),
    lines: [
      t(locale, 'incident.timeline'),
      ...timeline(locale, target, e, by).map((l) => `  ${l}`),
      did.length
        ? t(locale, 'incident.gatewatch_did', { what: did.join(t(locale, 'list.semicolon')) })
        : t(
            locale,
            e.alertHeld && e.toldAt === undefined ? 'incident.gatewatch_nothing_held' : 'incident.gatewatch_nothing',
          ),
      ...(byHand.length
        ? [t(locale, 'incident.operator_did', { what: byHand.join(t(locale, 'list.semicolon')) })]
        : []),
      hermes.length
        ? t(locale, 'incident.hermes_did', { what: hermes.join(t(locale, 'list.semicolon')) })
        : t(locale, 'incident.hermes_nothing'),
      ...(prevent ? [t(locale, 'incident.prevent', { action: prevent })] : []),
    ],
    ...(e.evidence?.length ? { code: [e.evidence.join('\n')] } : {}),
    data: incidentJson(target, e),
  };
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms) / 1000);

/** `gatewatch incident <ref> --json`: the entry's facts, ids and keys as they are (for machines), times ISO. */
export function incidentJson(target: string, e: IncidentEntry) {
  const x = times(e, true);
  return {
    ref: incidentRef(target, e) ?? null,
    target,
    check: e.check,
    platform: e.endPlatform ?? e.platform ?? null,
    cause: e.cause ?? null,
    scope: e.scope ?? null,
    severity: e.severity,
    title: e.title,
    first_sign: iso(e.firstAt),
    // When the death came is not known to the second: after its last sign of life (first_sign), or in a window gatewatch
    // saw it in, after its last sight alive (died_after) and by its sight of it gone (first_sign).
    first_sign_uncertain: !!e.firstUncertain || e.firstAfter !== undefined,
    ...(e.firstAfter !== undefined ? { died_after: iso(e.firstAfter) } : {}),
    detected: iso(e.detectedAt ?? e.alertAt),
    alerted: iso(e.alertAt),
    // Held by a mute: nothing went out at `alerted`; `told`, when the mute's summary told it.
    ...(e.alertHeld ? { alert_held: true, told: iso(e.toldAt) } : {}),
    recovered: iso(e.recoveredAt),
    handed_over: iso(e.handedOverAt),
    // Closed without a recovery (the gateway stopped on purpose or stopped running, its evidence aged out): when, how.
    ...(e.closedAt !== undefined ? { closed: iso(e.closedAt), closed_how: e.closedHow ?? null } : {}),
    time_to_detect_s: seconds(x.detectMs),
    time_to_recover_s: seconds(x.recoverMs),
    downtime_s: seconds(x.downMs),
    by: e.by ?? null,
    steps: (e.steps ?? []).map((s) => ({
      ...s,
      at: iso(s.at),
      ...(s.endedAt !== undefined ? { endedAt: iso(s.endedAt) } : {}),
      ...(s.held ? { held: { ...s.held, since: iso(s.held.since) } } : {}),
    })),
    evidence: e.evidence ?? [],
  };
}
