// Incident and restart events → Alert messages (a Reply plus the ids channels need to update cards in place).
import { randomUUID } from 'node:crypto';
import type { Alert, Finding, FindingParam, Locale, ReplyButton, RestartAdvice, Tone } from '../types.js';
import type { Incident, IncidentEvent } from '../incidents/machine.js';
import { clock, type BudgetSummary, type RestartHold, type RestartRecord } from '../actions/restart-policy.js';
import { describeRestart, restartReason } from '../actions/restart.js';
import { cannotAct, remedyId, remedyLabel } from '../actions/remedies.js';
import { formatDuration } from '../util/duration.js';
import { formatTime } from '../util/time.js';
import {
  actorName,
  actorParam,
  heldTitle,
  platformName,
  platformNames,
  platformsParam,
  t,
  wordEvidence,
  wordFinding,
  wordKey,
  wordOf,
  wordParam,
  type TextKey,
} from '../i18n.js';
import { commandButton, commandLine, type Dialect } from '../util/command-line.js';
import { FORECAST_CHECKS } from '../detectors/index.js';
import { liveQr } from '../util/qr-code.js';
import { scopeWords } from './scope-words.js';
import { recoveredBy, recoveryTitle } from './recovery.js';
import { EPISODES, outageSubject } from '../incidents/machine.js';

/**
 * The actions an alert offers, fitted to whether a restart can help: first when it is the fix, after a look at the
 * logs while the gateway may still recover by itself, and not at all when it cannot help (a banned bot).
 */
export function alertButtons(locale: Locale, target: string, restart: RestartAdvice = 'helps'): ReplyButton[] {
  // Without `confirm`: a card pressed after the gateway recovered by itself (or for a served profile, whose root serves
  // others) asks first instead of restarting a healthy gateway; while the failure lasts it restarts at once.
  const restartButton = commandButton(t(locale, 'button.restart'), { command: 'restart', target }, 'danger');
  const logs = commandButton(t(locale, 'button.logs'), { command: 'logs', lines: 50, target }, 'default');
  const ack = commandButton(t(locale, 'button.ack'), { command: 'ack', target }, 'primary');
  const mute = commandButton(t(locale, 'button.mute'), { command: 'mute', duration: '1h' }, 'default');
  if (restart === 'helps') return [restartButton, logs, ack, mute];
  if (restart === 'never') return [logs, ack, mute];
  return [logs, ack, restartButton, mute];
}

const time = (ms: number) => formatTime(ms);

/**
 * Texts that say Hermes keeps retrying and a restart now would not bring it back (its servers unreachable, failing or
 * limiting the bot, or its next retry moments away): their alerts offer no restart, as their words say.
 */
const HERMES_RETRIES: ReadonlySet<string> = new Set([
  'finding.platform_unreachable',
  'finding.platform_answering',
  'finding.platform_server_error',
  'finding.platform_rate_limited',
]);

/**
 * Whether a restart button belongs beside this finding: not where a restart does not help, where Hermes keeps retrying
 * servers a restart cannot bring back, nor while a restart is held until the platform's servers answer from here. One
 * fault, one advice (issue 55): the alert, /status and the fault in another home say the same.
 */
export function offersRestart(f: Pick<Finding, 'restart' | 'text'>, hold?: Pick<RestartHold, 'code'>): boolean {
  if (f.restart === 'never' || hold?.code === 'upstream' || cannotAct(f)) return false;
  return !(f.text && HERMES_RETRIES.has(f.text.key));
}

/** Each lever's words that say gatewatch restarts it by itself, and the same lever said for the operator's hand alone. */
const BY_HAND = new Map<string, TextKey>(
  (
    [
      'finding.service.restart.managed',
      'finding.service.restart.command',
      'finding.service.restart.container',
      'finding.service.restart.container_itself',
      'finding.service.restart.container_program',
      'finding.service.restart.supervisor',
      'finding.service.restart.pod',
    ] as const
  ).map((k) => [k, `${k}.by_hand`]),
);

/**
 * A gateway started by hand (tmux, screen, nohup, a terminal): gatewatch starts its command again only when an operator
 * asks (`/restart`, `/fix`), never by itself (src/actions/restart-policy.ts decideAutoRestart), and the line says so.
 */
function operatorOnly(f: Pick<Finding, 'text'>): boolean {
  const how = f.text?.params.restart_how;
  return typeof how === 'object' && how.key === 'finding.service.restart.unmanaged';
}

/**
 * The finding worded for this alert: where its auto-restart line says gatewatch will not restart it now (turned off,
 * paused, the budget spent), its action says "by hand" only, not "gatewatch restarts it by itself when auto-restart is
 * on" beside "no: automatic restarts are paused".
 */
function byHandWhenNot(f: Finding, c: AlertContext): Finding {
  const how = f.text?.params.restart_how;
  const wont =
    c.local !== false && !f.heldBy && (c.autoRestart === false || (f.restart === 'helps' && (!!c.spent || !!c.paused)));
  if (!wont || !f.text || typeof how !== 'object') return f;
  const key = BY_HAND.get(how.key);
  if (!key) return f;
  return { ...f, text: { ...f.text, params: { ...f.text.params, restart_how: { ...how, key } } } };
}

/**
 * How this gatewatch may act on the incident: `local` false for a pseudo-target (an Alertmanager alert from another
 * host), `autoRestart` false when remediate.auto_restart is off. The card's auto-restart line says which.
 */
export interface AlertContext {
  local?: boolean;
  autoRestart?: boolean;
  /** The automatic restart this incident calls for is held right now (cooldown, start/drain, the service manager). */
  hold?: RestartHold;
  /** It is refused: the restart budget is spent, by the decision this alert goes out with (its restarts), or before. */
  spent?: BudgetSummary;
  paused?: boolean;
  /** An admin's private chat can take a login QR code: the others are told it went there, not to do it themselves. */
  qrReach?: boolean;
  /** The target's restarts (its own and its root's): a recovery says whose restart brought it back. */
  restarts?: readonly RestartRecord[];
  /**
   * A recovery's write-up (write-up.ts summaryLines, worded by the caller: `gatewatch check` renders alerts and needs
   * none of it) and the ref its button opens.
   */
  writeUp?: { lines: string[]; ref?: string };
  /**
   * A recovery's target still has critical incidents open on what it is about (its platform, or the gateway as a
   * whole): their findings. The recovery is then no all-clear: said without the green tick, naming them.
   */
  stillOpen?: readonly Finding[];
}

/**
 * The card's auto-restart line: the advice, unless this gatewatch cannot or may not act on it by itself; a symptom
 * whose advice another cause decides names that cause (src/detectors/restart-advice.ts).
 */
function restartLine(
  locale: Locale,
  f: Pick<Finding, 'restart' | 'heldBy' | 'target' | 'text'>,
  c: AlertContext,
): string {
  const advice = f.restart;
  // An Alertmanager alert: restarted only by an operator, and only when its gateway is one of ours (advice not `never`).
  if (c.local === false) return t(locale, advice === 'never' ? 'restart.remote' : 'restart.manual');
  // Hermes gave up on a platform this host cannot reach: the restart that brings it back is gatewatch's only when on.
  if (f.heldBy?.why === 'reach' && c.autoRestart === false) return t(locale, 'restart.off');
  if (f.heldBy)
    return t(locale, `restart.held_by.${f.heldBy.why}`, {
      cause: heldTitle(locale, f.heldBy, f.target),
      name: platformName(locale, f.heldBy.platform ?? ''),
    });
  if (advice !== 'never' && cannotAct(f)) return t(locale, 'restart.cannot');
  if (advice === 'helps' && operatorOnly(f)) return t(locale, 'restart.unmanaged');
  // A death its supervisor repairs: "a restart does not fix this" beside "pm2 started it again" read as a contradiction.
  if (f.text?.key === 'finding.process_down.respawned') return t(locale, 'restart.respawned');
  if (c.autoRestart === false && advice !== 'never') return t(locale, 'restart.off');
  if (advice === 'helps' && c.spent)
    return t(locale, 'restart.spent', { used: c.spent.used, window: formatDuration(c.spent.windowMs) });
  if (advice === 'helps' && c.paused) return t(locale, 'restart.paused');
  if (advice === 'helps' && c.hold)
    return t(locale, 'restart.held', { why: holdWhy(c.hold, locale), when: holdWhen(c.hold, locale) });
  return t(locale, `restart.${advice}`);
}

/**
 * What to do while the restart this alert's auto-restart line says is held because the platforms' servers do not
 * answer here: not the finding's own "restart the gateway" (issue 51), but what that line waits for.
 */
function upstreamAction(locale: Locale, f: Pick<Finding, 'restart' | 'heldBy'>, c: AlertContext): string | undefined {
  const h = c.hold;
  if (h?.code !== 'upstream' || f.restart !== 'helps' || f.heldBy || c.local === false || c.autoRestart === false)
    return undefined;
  return t(locale, 'alert.restart.held.advice_upstream', { names: namesOf(h.platforms ?? [], locale) });
}

export function incidentAlert(
  ev: IncidentEvent,
  locale: Locale,
  now: number,
  flapWindowMs: number,
  ctx: AlertContext = {},
): Alert {
  // A hand-over is not said: the incident that carries it on speaks (src/incidents/machine.ts).
  if (ev.kind === 'handover' || ev.kind === 'close' || ev.kind === 'resume')
    throw new Error(`a ${ev.kind} has no alert`);
  const inc = ev.incident;
  const f = inc.finding;
  const w = wordFinding(locale, byHandWhenNot(f, ctx));
  const params = { target: inc.target, title: w.title };
  // Every alert of an incident (its recovery too) is routed by the incident's severity (alerts.routes).
  const base = {
    id: randomUUID(),
    incidentId: inc.id,
    target: inc.target,
    check: inc.check,
    createdAt: now,
    routeSeverity: f.severity,
  };
  const fields = [
    { label: t(locale, 'field.target'), value: inc.target },
    // A served profile watched under another name: the operator knows it by its Hermes profile name.
    ...(f.profile && f.profile !== inc.target ? [{ label: t(locale, 'field.profile'), value: f.profile }] : []),
    ...(inc.platform ? [{ label: t(locale, 'field.platform'), value: platformName(locale, inc.platform) }] : []),
    { label: t(locale, 'field.since'), value: time(inc.openedAt) },
  ];
  // Whose failure it is (this host's network, the platform, this gateway), on a failure's alert: not on its recovery.
  const scope = ev.kind === 'resolve' || ev.kind === 'settle' ? undefined : scopeWords(locale, f);
  const window = formatDuration(flapWindowMs);
  const downs = inc.downs?.length ?? 0;
  if (ev.kind === 'resolve' && FORECAST_CHECKS.has(inc.check)) {
    return {
      ...base,
      kind: 'resolve',
      severity: 'ok',
      reply: {
        title: t(locale, 'alert.withdrawn', params),
        tone: 'ok',
        fields,
        lines: [t(locale, 'alert.withdrawn.line')],
      },
    };
  }
  if (ev.kind === 'resolve') {
    // A flapping incident that is up again is said in green, with how often it went down: never as a new failure.
    // Its title says what is back and who brought it back, never the problem again (src/delivery/recovery.ts).
    const downtime = ev.downtimeMs ?? 0;
    const ref = ctx.writeUp?.ref;
    const lasted = EPISODES.has(inc.check) ? 'field.lasted' : 'field.downtime';
    const still = (ctx.stillOpen ?? []).map((x) =>
      t(locale, 'alert.resolve.still_open', { title: wordFinding(locale, x).title }),
    );
    return {
      ...base,
      kind: 'resolve',
      severity: 'ok',
      reply: {
        title: recoveryTitle(locale, inc, f, downtime, recoveredBy(inc, ctx.restarts)),
        // Back, but not all well: no green tick beside a critical incident still open on the same thing.
        tone: still.length ? 'info' : 'ok',
        fields: [...fields, { label: t(locale, lasted), value: formatDuration(downtime, locale) }],
        // What is still wrong, what a flap and Hermes' own report add to it, then the short write-up; the whole is
        // /incident's.
        lines: [...still, ...(resolveLines(locale, inc, downs, window) ?? []), ...(ctx.writeUp?.lines ?? [])],
        ...(ref
          ? { buttons: [commandButton(t(locale, 'button.writeup'), { command: 'incident', incident: ref })] }
          : {}),
      },
    };
  }
  if (ev.kind === 'settle') {
    return {
      ...base,
      kind: 'flap',
      severity: 'ok',
      reply: {
        title: t(locale, 'alert.settle', { ...params, window }),
        tone: 'ok',
        fields: fields.filter((x) => x.label !== t(locale, 'field.since')),
      },
    };
  }
  // A forecast is no failure: its reminder and its return say so.
  const forecast = FORECAST_CHECKS.has(inc.check);
  const title =
    ev.kind === 'flap'
      ? forecast
        ? t(locale, 'alert.flap.forecast', { ...params, window, count: downs })
        : t(locale, 'alert.flap', { ...params, window, count: downs, nth: ordinal(downs) })
      : t(locale, ev.kind !== 'remind' ? 'alert.open' : forecast ? 'alert.remind.forecast' : 'alert.remind', params);
  // The budget spent by this very decision: the restarts that spent it, said here rather than in a second alert.
  const spent =
    ctx.spent && f.restart === 'helps' && ctx.local !== false && ctx.autoRestart !== false
      ? budgetLines(ctx.spent, locale)
      : [];
  const lines = [
    w.explanation,
    `→ ${upstreamAction(locale, f, ctx) ?? w.action}`,
    ...spent,
    ...(ev.kind !== 'remind' ? replacedLine(locale, inc) : []),
    ...beforeLines(locale, f),
  ];
  // Only the code in memory: a finding read back from state.json holds its placeholder.
  const qr = liveQr(f.qr);
  return {
    ...base,
    kind: ev.kind,
    severity: f.severity,
    reply: {
      title,
      tone: f.severity,
      fields: [
        ...fields,
        ...(scope ? [{ label: t(locale, 'field.scope'), value: scope }] : []),
        { label: t(locale, 'field.restart'), value: restartLine(locale, f, ctx) },
      ],
      lines,
      code: f.evidence.length ? [wordEvidence(locale, f).slice(-8).join('\n')] : undefined,
      ...(qr
        ? {
            qr,
            // WhatsApp's own words (src/platforms/whatsapp/words.ts), registered as its folder loads.
            qrNote: wordKey(
              locale,
              ctx.qrReach ? 'finding.whatsapp_qr_login.note.private' : 'finding.whatsapp_qr_login.note.nowhere',
            ),
          }
        : {}),
      buttons: [
        ...fixButton(locale, inc.target, f),
        ...alertButtons(locale, inc.target, offersRestart(f, ctx.hold) ? f.restart : 'never'),
      ],
    },
  };
}

/**
 * The platforms already down when the gateway went down (Finding.before): a fault that came first is said, not dropped
 * with the rest of what the gateway did while running.
 */
function beforeLines(locale: Locale, f: Finding): string[] {
  return (f.before ?? []).map((b) =>
    t(locale, b.error ? 'alert.down_before' : 'alert.down_before.plain', {
      name: platformName(locale, b.platform),
      since: time(b.since),
      error: b.error ?? '',
    }),
  );
}

/** The alert of another cause on the same platform this incident took the place of, said as over but not back. */
function replacedLine(locale: Locale, inc: Incident): string[] {
  const r = inc.replaced;
  if (!r) return [];
  const title = wordFinding(locale, { title: r.title, explanation: '', action: '', text: r.text, target: inc.target });
  return [
    t(locale, 'alert.replaced', {
      title: title.title,
      // As that alert said it: a later look may have dated its start earlier.
      since: time(r.alertedSince ?? r.openedAt),
      name: platformName(locale, r.platform ?? ''),
    }),
  ];
}

/** How often what a flapping incident is about went down, that named: the gateway, a platform, or it. */
function flapLine(locale: Locale, inc: Incident, count: number, window: string): string {
  const subject = outageSubject(inc.finding);
  if (subject === 'gateway') return t(locale, 'flap.line.gateway', { count, window });
  if (subject) return t(locale, 'flap.line.platform', { count, window, name: platformName(locale, subject.platform) });
  return t(locale, 'flap.line', { count, window });
}

/** Under a recovery: how often a flapping incident went down, and Hermes' own report of a death (deaths-seen.ts). */
function resolveLines(locale: Locale, inc: Incident, downs: number, window: string): string[] | undefined {
  const lines = [
    ...(inc.flapping ? [flapLine(locale, inc, downs, window)] : []),
    ...(inc.hermesReport
      ? [t(locale, inc.hermesReport.oom ? 'alert.resolve.hermes_report.oom' : 'alert.resolve.hermes_report')]
      : []),
  ];
  return lines.length ? lines : undefined;
}

/**
 * The finding's first remedy as a button (`Stop pid 4242 + restart`): pressed, it asks with the remedy's exact sentence,
 * and only its own confirmation, by an admin, runs it. It carries the remedy's identity, so a press after the process
 * changed runs nothing. A restart (or start) the alert's Restart button already offers is not offered twice.
 */
function fixButton(locale: Locale, target: string, f: Finding): ReplyButton[] {
  const first = f.remedies?.[0];
  if (!first || (!('process' in first) && f.restart !== 'never')) return [];
  return [commandButton(remedyLabel(first, locale), { command: 'fix', target, remedy: remedyId(first) }, 'danger')];
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

const namesOf = (platforms: string[], locale: Locale) => platformNames(locale, platforms);

/** Why a restart is held, in a few words. */
export function holdWhy(h: RestartHold, locale: Locale): string {
  if (h.code === 'drain') return t(locale, 'alert.restart.held.drain', { count: h.agents ?? 0 });
  if (h.code === 'transition')
    return t(locale, 'alert.restart.held.transition', {
      state: wordOf(locale, 'status.lifecycle', h.state ?? 'starting'),
    });
  if (h.code === 'upstream')
    return t(locale, 'alert.restart.held.upstream', { names: namesOf(h.platforms ?? [], locale) });
  return t(locale, `alert.restart.held.${h.code}`);
}

/**
 * An automatic restart the findings call for is held (cooldown, a start or drain, the service manager's own restart):
 * say so, and when it will happen or what releases it, instead of an alert that says "auto-restart: yes" and silence.
 */
export function heldAlert(target: string, h: RestartHold, locale: Locale, now: number): Alert {
  const when = holdWhen(h, locale);
  return {
    id: randomUUID(),
    kind: 'restart',
    target,
    severity: 'warning',
    createdAt: now,
    reply: {
      title: t(locale, 'alert.restart.held', { target, why: holdWhy(h, locale) }),
      tone: 'warning',
      lines: [when],
      // Held until the platform's servers answer here: a restart now would meet them unanswering, and none is offered.
      buttons: [
        ...(h.code === 'upstream'
          ? []
          : [commandButton(t(locale, 'button.restart'), { command: 'restart', target }, 'danger')]),
        commandButton(t(locale, 'button.logs'), { command: 'logs', lines: 50, target }, 'default'),
      ],
    },
  };
}

/** When a held restart happens, or what releases it. */
function holdWhen(h: RestartHold, locale: Locale): string {
  if (h.code === 'cooldown' && h.until !== undefined)
    return t(locale, 'alert.restart.held.at', {
      at: clock(h.until),
      cooldown: formatDuration(h.cooldownMs ?? 0),
      last: clock(h.last ?? h.until),
    });
  if (h.code === 'drain' && h.until !== undefined)
    return t(locale, 'alert.restart.held.release_drain', { at: clock(h.until), drain: formatDuration(h.drainMs ?? 0) });
  if (h.code === 'transition')
    return t(locale, 'alert.restart.held.release_transition', {
      state: wordOf(locale, 'status.lifecycle', h.state ?? 'starting'),
    });
  // Hermes keeps retrying a platform whose servers do not answer, unless it gave up on it: then only a restart brings
  // it back, once they answer.
  if (h.code === 'upstream' && h.gaveUp?.length)
    return t(locale, 'alert.restart.held.release_upstream_gave_up', { names: namesOf(h.gaveUp, locale) });
  if (h.code === 'upstream')
    return t(locale, 'alert.restart.held.release_upstream', { names: namesOf(h.platforms ?? [], locale) });
  return t(locale, 'alert.restart.held.release_supervisor');
}

/** The restart that ends a hold says how long it was held, and by what. */
export function heldLine(h: RestartHold & { since: number; finished?: boolean }, locale: Locale, now: number): string {
  const held = formatDuration(Math.max(1000, now - h.since));
  // A drain ends one of two ways: the agents finished, or remediate.drain ran out with them still busy.
  if (h.code === 'drain')
    return t(locale, h.finished ? 'alert.restart.drained' : 'alert.restart.drain_ended', {
      held,
      count: h.agents ?? 0,
      at: clock(h.since),
    });
  return t(locale, 'alert.restart.was_held', { held, why: holdWhy(h, locale), at: clock(h.since) });
}

export function restartAlert(rec: RestartRecord, phase: 'begin' | 'ok' | 'fail', locale: Locale, now: number): Alert {
  // Came back, but a platform's servers do not answer from here: a warning that says whose outage it is.
  const upstream = phase === 'ok' && rec.outcome?.kind === 'upstream' ? rec.outcome.platforms : undefined;
  const tone: Tone = upstream ? 'warning' : phase === 'ok' ? 'ok' : phase === 'fail' ? 'critical' : 'info';
  const fields = [
    { label: t(locale, 'field.reason'), value: restartReason(rec, locale) },
    // Who asked, as a person names them (the console's operator is `local` only in the audit).
    { label: t(locale, 'field.actor'), value: actorName(locale, rec.actor) },
  ];
  if (rec.durationMs !== undefined)
    fields.push({ label: t(locale, 'field.duration'), value: formatDuration(rec.durationMs, locale) });
  const detail = describeRestart(rec, locale);
  if (detail) fields.push({ label: t(locale, 'field.detail'), value: detail });
  // A start of a gateway `hermes update` left stopped is said as a start, and why it was needed.
  const titleText: FindingParam = upstream
    ? { key: 'alert.restart.upstream', params: { target: rec.target, names: platformsParam(upstream) } }
    : {
        key:
          rec.start === 'update'
            ? `alert.start_after_update.${phase}`
            : rec.start
              ? `alert.start.${phase}`
              : `alert.restart.${phase}`,
        params: { target: rec.target, duration: formatDuration(rec.durationMs ?? 0) },
      };
  return {
    id: randomUUID(),
    kind: 'restart',
    target: rec.target,
    severity: tone,
    createdAt: now,
    titleText,
    reply: {
      title: wordParam(locale, titleText),
      tone,
      fields,
      buttons: phase === 'fail' ? [commandButton(t(locale, 'button.logs'), { command: 'logs', lines: 50 })] : undefined,
    },
  };
}

/** The restart budget is used up: name the restarts that used it, what each was for, and when it frees up. */
export function escalateAlert(target: string, b: BudgetSummary, locale: Locale, now: number): Alert {
  const lines = budgetLines(b, locale);
  return {
    id: randomUUID(),
    kind: 'escalate',
    target,
    severity: 'critical',
    createdAt: now,
    reply: {
      title: t(locale, 'alert.escalate', { target }),
      tone: 'critical',
      lines,
      buttons: [
        commandButton(t(locale, 'button.restart'), { command: 'restart', target }, 'danger'),
        commandButton(t(locale, 'button.logs'), { command: 'logs', lines: 50 }),
      ],
    },
  };
}

/** The restarts that spent the budget, what each was for, that restarts are paused, and when the budget frees up. */
function budgetLines(b: BudgetSummary, locale: Locale): string[] {
  const window = formatDuration(b.windowMs);
  const lines = [
    t(locale, 'alert.escalate.did_not_stick', { used: b.used, window }),
    ...b.counted.map((r) => {
      const what = restartReason(r, locale);
      const detail = r.ok ? undefined : describeRestart(r, locale);
      const how = r.ok
        ? t(locale, 'alert.escalate.came_back')
        : detail
          ? t(locale, 'alert.escalate.failed_detail', { detail })
          : t(locale, 'alert.escalate.failed');
      return t(locale, 'alert.escalate.restart_line', { at: clock(r.at), what, how });
    }),
    t(locale, 'alert.escalate.paused'),
  ];
  if (b.nextFreeAt !== undefined) lines.push(t(locale, 'alert.escalate.frees_at', { at: clock(b.nextFreeAt) }));
  return lines;
}

/**
 * The end of a mute: one summary of what is still open (acked ones marked), instead of announcing each again. With
 * `target`, the end of that target's own mute.
 */
export function muteEndAlert(
  open: Incident[],
  m: { held?: number; recovered?: string[] },
  locale: Locale,
  now: number,
  dialect: Dialect = 'chat',
  target?: string,
): Alert {
  const lines = open.map((i) => {
    const line = { target: i.target, title: wordFinding(locale, i.finding).title, since: clock(i.openedAt) };
    return i.acked
      ? t(locale, 'alert.unmute.open_line_acked', { ...line, by: actorParam(i.acked.by) })
      : t(locale, 'alert.unmute.open_line', line);
  });
  if (m.recovered?.length)
    lines.push(t(locale, 'alert.unmute.recovered', { list: m.recovered.join(t(locale, 'list.semicolon')) }));
  if (m.held)
    lines.push(t(locale, 'alert.unmute.held', { count: m.held, cmd: commandLine({ command: 'history' }, dialect) }));
  const unacked = open.filter((i) => !i.acked);
  const rank: Record<Tone, number> = { ok: 0, info: 1, warning: 2, critical: 3 };
  const tone: Tone =
    open.length === 0
      ? 'ok'
      : unacked.length === 0
        ? 'info'
        : unacked.map((i) => i.finding.severity as Tone).reduce((a, b) => (rank[b] > rank[a] ? b : a), 'info');
  return {
    id: randomUUID(),
    kind: 'notice',
    target: 'gatewatch',
    severity: tone,
    createdAt: now,
    reply: {
      title:
        target !== undefined
          ? open.length
            ? t(locale, 'alert.unmute.title_open_target', { target, count: open.length })
            : t(locale, 'alert.unmute.title_none_target', { target })
          : open.length
            ? t(locale, 'alert.unmute.title_open', { count: open.length })
            : t(locale, 'alert.unmute.title_none'),
      tone,
      lines: lines.length ? lines : undefined,
    },
  };
}
