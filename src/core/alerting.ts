// Where findings become incidents and alerts leave: the incident machine's events audited and raised, the mute,
// and alerts.escalate. The one place alerts leave is raise(): while muted nothing goes out.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Alert, AuditInput, Finding, Reply } from '../types.js';
import type { AuditLog } from '../state/audit.js';
import type { Outbox } from '../delivery/outbox.js';
import { incidentAlert, muteEndAlert, type AlertContext } from '../delivery/alerts.js';
import { worst, type DeliveryPolicy } from '../delivery/routes.js';
import { escalationAlert, planEscalations } from '../delivery/escalate.js';
import { step, openIncidents, type Incident, type IncidentEvent, type StepOptions } from '../incidents/machine.js';
import type { Clock } from '../util/clock.js';
import type { PersistedState, StateStore } from './state.js';
import type { MuteState } from '../incidents/mute.js';
import type { HistoryStore } from '../history/store.js';
import { EVIDENCE_CHARS, EVIDENCE_LINES, type IncidentEntry } from '../history/model.js';
import { writeUpOf } from './write-up.js';
import { incidentRef, summaryLines } from '../delivery/write-up.js';

/** A recovery's short write-up in the alert's locale, and its ref. */
const writeUpWords = (locale: Config['locale'], target: string, e: IncidentEntry) => {
  const ref = incidentRef(target, e);
  return { lines: summaryLines(locale, target, e), ...(ref ? { ref } : {}) };
};
import type { Dialect } from '../util/command-line.js';

/**
 * What a judgement is told beside the findings: the incident machine's options (machine.ts StepOptions), what the
 * alerts say of the restart (delivery/alerts.ts AlertContext: held, refused by the spent budget, paused, whose restart
 * brought it back), and the audit's actor and a last touch to each alert (buttons that make sense for a remote target).
 */
export type JudgeOptions = StepOptions &
  Pick<AlertContext, 'hold' | 'spent' | 'paused' | 'restarts'> & {
    /** Audit actor of the alert records; default `gatewatch`. */
    actor?: string;
    adjust?: (alert: Alert, ev: IncidentEvent) => Alert;
  };

export interface AlertingDeps {
  config: Pick<Config, 'locale' | 'alerts' | 'remediate' | 'targets'>;
  store: StateStore;
  outbox: Outbox;
  audit: AuditLog;
  policy: DeliveryPolicy;
  clock: Clock;
  log: Logger;
  /** An admin's private chat on some channel can take a login QR code now (Channel.qrReach). */
  qrReach?: () => boolean;
  /**
   * Where each incident's alert and recovery are kept for the availability figures. The recovery is passed the
   * incident's own end (`Incident.recoveredAt`) and start, the times its alert and audit record say, not the call's.
   */
  history?: Pick<
    HistoryStore,
    'incidentOpened' | 'incidentResolved' | 'incidentHandedOver' | 'incidentClosed' | 'incidentResumed'
  >;
  /** An episode's time to detect (first evidence → alert), then its time to recover (alert → recovery). */
  onIncidentTimes?: (target: string, times: { detectMs?: number; recoverMs?: number }) => void;
}

export interface Alerting {
  raise(alert: Alert): Promise<void>;
  /** Everything muted; with a target, that target's alerts muted (by the mute of everything or its own). */
  isMuted(target?: string): boolean;
  /**
   * When the mute that covered the target ran out, while its end is still to be said (the next judgement says it):
   * the history's muted span ends then.
   */
  mutedUntil(target: string): number | undefined;
  /** One target's findings through the incident machine; its events audited and raised. The caller saves. */
  /** Resolves true when an alert that says "auto-restart" went out (with `o.hold`, it told the hold). */
  judge(target: string, findings: Finding[], o?: JudgeOptions): Promise<boolean>;
  /**
   * End a mute: one summary of what is still open goes out (and is returned); undefined when nothing was muted. With
   * `target`, that target's own mute, and a summary of its incidents.
   */
  endMute(except?: string[], dialect?: Dialect, target?: string): Promise<Reply | undefined>;
  escalateDue(): Promise<void>;
  /** An escalation not yet delivered is withdrawn once its incident is acknowledged or resolved. */
  withdrawEscalations(incidentIds: string[]): Promise<number>;
}

export function createAlerting(d: AlertingDeps): Alerting {
  const { state } = d.store;
  const now = d.clock.now;
  const targetMute = (target: string) => {
    const m = state.targetMutes?.[target];
    return m && m.until > now() ? m : undefined;
  };
  const isMuted = (target?: string) =>
    (!!state.mute && state.mute.until > now()) || (target !== undefined && !!targetMute(target));
  const c: Ctx = {
    d,
    state,
    now,
    isMuted,
    targetMute,
    raise: (alert) => raise(c, alert),
    escalating: false,
    escalateDue: () => escalateDue(c),
    withdrawEscalations: (ids) => withdrawEscalations(d.outbox, ids),
  };
  return {
    raise: c.raise,
    isMuted,
    mutedUntil(target) {
      if (isMuted(target)) return undefined;
      const ends = [state.mute?.until, state.targetMutes?.[target]?.until].filter((u) => u !== undefined);
      return ends.length ? Math.max(...ends) : undefined;
    },
    judge: (name, findings, o) => judge(c, name, findings, o),
    endMute: (except, dialect = 'chat', target) =>
      target !== undefined ? endTargetMute(c, target, except, dialect) : endMute(c, except, dialect),
    escalateDue: c.escalateDue,
    withdrawEscalations: c.withdrawEscalations,
  };
}

/** What the alerting's steps share: its parts, the state they change, the mutes they go by and the one raise. */
interface Ctx {
  d: AlertingDeps;
  state: PersistedState;
  now: () => number;
  isMuted(target?: string): boolean;
  /** The target's own mute, while it holds. */
  targetMute(target: string): MuteState | undefined;
  raise(alert: Alert): Promise<void>;
  /** An escalation check is under way: one at a time. */
  escalating: boolean;
  escalateDue(): Promise<void>;
  withdrawEscalations(incidentIds: string[]): Promise<number>;
}

// The one place alerts leave: while muted nothing goes out, whatever raised it (incident, restart, escalation,
// a channel's own trouble); the end of the mute sends one summary instead. The alert is queued in the same tick
// (state.json's save waits for the outbox's enqueues under way: Outbox.enqueued).
function raise(c: Ctx, alert: Alert): Promise<void> {
  // The mute of everything first: it is the one whose summary tells what it held.
  const m = c.isMuted() ? c.state.mute! : c.targetMute(alert.target);
  if (m) {
    m.held = (m.held ?? 0) + 1;
    c.d.store.saveSoon();
    return Promise.resolve();
  }
  return c.d.outbox.enqueue(routed(c.state, alert));
}

/** A restart result follows the severity of what its target has open (alerts.routes). */
function routed(state: PersistedState, alert: Alert): Alert {
  if (alert.routeSeverity || alert.kind !== 'restart') return alert;
  const sev = worst(openIncidents(state.incidents, alert.target).map((i) => i.finding.severity));
  return sev ? { ...alert, routeSeverity: sev } : alert;
}

/**
 * alerts.escalate: checked after every judgement and on a timer of its own (the schedule may be hourly), one check at
 * a time. While muted nothing is escalated: what is still due goes out once the mute ends.
 */
async function escalateDue(c: Ctx): Promise<void> {
  const esc = c.d.policy.escalate;
  if (!esc || c.escalating || c.isMuted()) return;
  c.escalating = true;
  try {
    await escalateOnce(c, esc);
  } finally {
    c.escalating = false;
  }
}

async function escalateOnce(c: Ctx, esc: NonNullable<DeliveryPolicy['escalate']>): Promise<void> {
  const { state, now } = c;
  const { config, log, audit } = c.d;
  const planned = planEscalations(state.incidents, state.escalations, esc.afterMs, now());
  // A muted target's escalation waits for the end of its mute, as everything does for the mute of everything.
  const { start, stale } = planned;
  const due = planned.due.filter((inc) => !c.isMuted(inc.target));
  for (const id of stale) delete state.escalations[id];
  for (const id of start) state.escalations[id] = { since: now() };
  for (const inc of due) state.escalations[inc.id]!.sentAt = now();
  if (!start.length && !due.length && !stale.length) return;
  await Promise.all(
    due.map((inc) => {
      log.warn(
        { target: inc.target, check: inc.check, incident: inc.id, channels: esc.channels },
        'escalating: critical incident not acknowledged',
      );
      return Promise.all([
        c.raise(escalationAlert(inc, esc.afterMs, esc.channels, config.locale, now())),
        audit.write({
          type: 'alert.open',
          target: inc.target,
          check: inc.check,
          severity: 'critical',
          actor: 'gatewatch',
          detail: {
            kind: 'escalate',
            incident: inc.id,
            title: inc.finding.title,
            ...(inc.finding.text ? { text: inc.finding.text } : {}),
            channels: esc.channels,
          },
        }),
      ]);
    }),
  );
  await c.d.store.save();
}

/** An escalation not yet delivered is withdrawn once its incident is acknowledged or resolved. */
function withdrawEscalations(outbox: Pick<Outbox, 'cancel'>, incidentIds: string[]): Promise<number> {
  const ids = new Set(incidentIds);
  return ids.size
    ? outbox.cancel(
        (a) => a.kind === 'escalate' && a.to !== undefined && a.incidentId !== undefined && ids.has(a.incidentId),
      )
    : Promise.resolve(0);
}

/** The end of the mute of everything. `dialect`: how the one who unmuted types commands; the alert to the channels is chat's. */
async function endMute(c: Ctx, except: string[] | undefined, dialect: Dialect): Promise<Reply | undefined> {
  const { state, now } = c;
  const { locale } = c.d.config;
  const m = state.mute;
  if (!m) return undefined;
  delete state.mute;
  const open = summed(c, openIncidents(state.incidents));
  const alert = muteEndAlert(open, m, locale, now());
  await c.d.store.save();
  await c.raise(except ? { ...alert, except } : alert);
  return dialect === 'chat' ? alert.reply : muteEndAlert(open, m, locale, now(), dialect).reply;
}

/** The end of one target's own mute: the same summary, of that target's incidents. */
async function endTargetMute(
  c: Ctx,
  target: string,
  except: string[] | undefined,
  dialect: Dialect,
): Promise<Reply | undefined> {
  const { state, now } = c;
  const { locale } = c.d.config;
  const m = state.targetMutes?.[target];
  if (!m) return undefined;
  delete state.targetMutes![target];
  if (!Object.keys(state.targetMutes!).length) delete state.targetMutes;
  const open = summed(c, openIncidents(state.incidents, target));
  const alert = muteEndAlert(open, m, locale, now(), 'chat', target);
  await c.d.store.save();
  await c.raise(except ? { ...alert, except } : alert);
  return dialect === 'chat' ? alert.reply : muteEndAlert(open, m, locale, now(), dialect, target).reply;
}

/** Everything open is in a mute's summary: no separate re-announcement, and reminders count from now. */
function summed(c: Ctx, open: Incident[]): Incident[] {
  for (const inc of open) {
    // Held until now: the write-up says it was told here, not when it was found.
    if (!inc.notified) inc.toldAt = c.now();
    inc.notified = true;
    inc.lastAlertAt = c.now();
  }
  return open;
}

/**
 * An episode begins with its alert (open, or a flapping incident down again) and ends with its recovery, its write-up
 * kept with it (write-up.ts); an incident that carries on another's story (`chain`) is that story's entry, and one
 * handed over to an heir with an entry of its own ends there, not recovered. The entry the event opened or ended.
 */
function recordHistory(c: Ctx, target: string, ev: IncidentEvent, o: JudgeOptions = {}): IncidentEntry | undefined {
  const { d, now } = c;
  const inc = ev.incident;
  if (ev.kind === 'handover' || (ev.kind === 'close' && ev.how === 'replaced')) {
    if (ev.heir?.chain !== (inc.chain ?? inc.id))
      d.history?.incidentHandedOver(target, inc.chain ?? inc.id, { at: now(), to: ev.heir?.chain ?? ev.heir?.id });
    return undefined;
  }
  if (ev.kind === 'close') {
    const how = ev.how === 'replaced' || ev.how === undefined ? 'down' : ev.how;
    d.history?.incidentClosed(target, inc.chain ?? inc.id, { at: now(), how });
    return undefined;
  }
  if (ev.kind === 'resume') {
    d.history?.incidentResumed(target, inc.chain ?? inc.id);
    return undefined;
  }
  if (ev.kind === 'resolve' || ev.kind === 'settle') {
    // The incident's own end and start: the alert's downtime, the audit record's and the history's are one figure.
    const end = inc.recoveredAt ?? (ev.downtimeMs !== undefined ? inc.openedAt + ev.downtimeMs : undefined);
    const writeUp =
      ev.kind === 'resolve'
        ? writeUpOf(inc, end ?? now(), {
            ...(o.restarts ? { restarts: o.restarts } : {}),
            ...(c.state.fixes ? { fixes: c.state.fixes } : {}),
            ...(o.connects ? { connects: o.connects } : {}),
          })
        : undefined;
    const ended = d.history?.incidentResolved(
      target,
      inc.chain ?? inc.id,
      end !== undefined ? { at: end, firstAt: inc.openedAt, ...(writeUp ? { writeUp } : {}) } : undefined,
    );
    if (ended?.recoveredAt !== undefined)
      d.onIncidentTimes?.(target, { recoverMs: Math.max(0, ended.recoveredAt - ended.alertAt) });
    return ended;
  }
  if (ev.kind !== 'open' && ev.kind !== 'flap') return undefined;
  inc.recorded = true;
  if (inc.chain !== undefined) return undefined;
  const f = inc.finding;
  const firstAt = Math.min(f.since ?? inc.openedAt, inc.openedAt, now());
  const entry = d.history?.incidentOpened(target, {
    id: inc.id,
    check: inc.check,
    ...(inc.platform !== undefined ? { platform: inc.platform } : {}),
    title: f.title,
    ...(f.text ? { text: f.text } : {}),
    severity: f.severity,
    firstAt,
    alertAt: now(),
    ...(ev.muted ? { alertHeld: true as const } : {}),
    detectedAt: Math.min(inc.detectedAt ?? now(), now()),
    ...(f.sinceIsLastSign && firstAt === f.since ? { firstUncertain: true } : {}),
    ...(f.sinceSeen && firstAt === f.since ? { firstSeen: true } : {}),
    ...(f.sinceAfter !== undefined && firstAt === f.since ? { firstAfter: f.sinceAfter } : {}),
    ...(f.cause !== undefined ? { cause: f.cause } : {}),
    ...(f.scope !== undefined ? { scope: f.scope } : {}),
    evidence: f.evidence.slice(-EVIDENCE_LINES).map((l) => l.slice(0, EVIDENCE_CHARS)),
  });
  d.onIncidentTimes?.(target, { detectMs: now() - firstAt });
  return entry;
}

/** One target's findings through the incident machine; its events audited and raised. The caller saves. */
/**
 * The incident machine's own options among a judgement's: all of them, whatever StepOptions gains (one restated field
 * by field here once dropped `unjudged` on its way to the machine).
 */
function stepOptionsOf(o: JudgeOptions): StepOptions {
  const { hold: _h, spent: _s, paused: _p, restarts: _r, actor: _a, adjust: _j, ...step } = o;
  return step;
}

async function judge(c: Ctx, name: string, findings: Finding[], o: JudgeOptions = {}): Promise<boolean> {
  const { state, now } = c;
  const { config } = c.d;
  if (state.mute && !c.isMuted()) await endMute(c, undefined, 'chat');
  if (state.targetMutes?.[name] && !c.targetMute(name)) await endTargetMute(c, name, undefined, 'chat');
  const { state: next, events: all } = step(
    state.incidents,
    name,
    findings,
    now(),
    {
      remindEveryMs: config.alerts.remind_every,
      flap: { transitions: config.alerts.flap.transitions, withinMs: config.alerts.flap.within },
    },
    c.isMuted(name),
    stepOptionsOf(o),
  );
  state.incidents = next;
  // A hand-over, a close without a word and a resumption say nothing: the incident that carries it on speaks
  // (machine.ts handOver). Only the history and the audit hear them: every incident the audit saw open, it sees closed.
  const quiet = all.filter((ev) => QUIET_EVENTS.has(ev.kind));
  for (const ev of quiet) recordHistory(c, name, ev);
  const events = all.filter((ev) => !QUIET_EVENTS.has(ev.kind));
  // Every alert is queued in this same tick as the new incident state (see raise), and its audit record is taken
  // in memory right after; the record is best-effort on disk and never stands in the alert's way. The history first:
  // a recovery says its write-up, kept with its entry.
  const alerts = events.map((ev) => {
    const entry = recordHistory(c, name, ev, o);
    const alert = incidentAlert(ev, config.locale, now(), config.alerts.flap.within, {
      ...(entry && ev.kind === 'resolve' ? { writeUp: writeUpWords(config.locale, ev.incident.target, entry) } : {}),
      local: config.targets.some((t) => t.name === ev.incident.target),
      autoRestart: config.remediate.auto_restart && config.remediate.auto.includes('restart'),
      ...(o.hold ? { hold: o.hold } : {}),
      ...(o.spent ? { spent: o.spent } : {}),
      ...(o.paused ? { paused: true } : {}),
      ...(ev.incident.finding.qr !== undefined ? { qrReach: c.d.qrReach?.() ?? false } : {}),
      ...(o.restarts ? { restarts: o.restarts } : {}),
      // Another host's alerts (Alertmanager's) end by their own rules, each said as it ends: only a watched target's.
      ...(ev.kind === 'resolve' && config.targets.some((t) => t.name === ev.incident.target)
        ? { stillOpen: stillOpen(next, ev.incident) }
        : {}),
    });
    return o.adjust ? o.adjust(alert, ev) : alert;
  });
  const queued = alerts.map((a) => c.raise(a));
  const audited: Promise<void>[] = [];
  for (const [i, ev] of events.entries()) {
    audited.push(c.d.audit.write(alertRecord(name, ev, alerts[i]!.id, o.actor ?? 'gatewatch')));
    const holding = c.isMuted() ? state.mute : c.targetMute(name);
    // What came back, as its recovery says it (`demo: the gateway is back: …`), not the problem again.
    if (ev.muted && ev.kind === 'resolve' && holding)
      holding.recovered = [...new Set([...(holding.recovered ?? []), alerts[i]!.reply.title])].slice(-10);
  }
  // After the alerts: the incident that carries a closed one on has opened before the record that names it.
  for (const ev of quiet) {
    const rec = quietRecord(name, ev, o.actor ?? 'gatewatch');
    if (rec) audited.push(c.d.audit.write(rec));
  }
  await Promise.all([...queued, ...audited]);
  await c.withdrawEscalations(events.filter((ev) => ev.kind === 'resolve').map((ev) => ev.incident.id));
  await c.escalateDue();
  return events.some((ev) => ev.kind !== 'resolve' && ev.kind !== 'settle' && ev.incident.finding.restart === 'helps');
}

/** The audit record of an incident's event: the alert it raised, and what a reader of /history needs of it. */
/**
 * The critical incidents still open after a step on what `inc` was about: its platform's and the gateway's as a whole,
 * or, for the gateway's own, every one of its target's.
 */
function stillOpen(state: Record<string, Incident>, inc: Incident): Finding[] {
  return Object.values(state)
    .filter(
      (x) =>
        x.status === 'open' &&
        x.id !== inc.id &&
        x.target === inc.target &&
        x.finding.severity === 'critical' &&
        (inc.platform === undefined || x.platform === undefined || x.platform === inc.platform),
    )
    .map((x) => x.finding);
}

/** The events no alert says: a hand-over, a close without a word, a resumption (machine.ts). */
const QUIET_EVENTS: ReadonlySet<IncidentEvent['kind']> = new Set(['handover', 'close', 'resume']);

/**
 * The audit record of an event no alert says, for an incident whose alert the audit has (its `alert.open`, held by a
 * mute or not): `alert.close` with how it ended (and the incident that carries it on), or `alert.open` of kind
 * `resume` for one found again after its close. None for an incident never alerted.
 */
function quietRecord(target: string, ev: IncidentEvent, actor: string): AuditInput | undefined {
  const inc = ev.incident;
  if (!inc.alerted) return undefined;
  const detail = {
    kind: ev.kind,
    incident: inc.id,
    title: inc.finding.title,
    ...(inc.finding.cause ? { cause: inc.finding.cause } : {}),
    ...(ev.muted ? { muted: true } : {}),
  };
  if (ev.kind === 'resume')
    return { type: 'alert.open', target, check: inc.check, severity: inc.finding.severity, actor, detail };
  return {
    type: 'alert.close',
    target,
    check: inc.check,
    actor,
    detail: {
      ...detail,
      kind: 'close',
      how: ev.how ?? 'replaced',
      ...(ev.heir ? { by: ev.heir.id, by_title: ev.heir.finding.title } : {}),
    },
  };
}

function alertRecord(target: string, ev: IncidentEvent, alertId: string, actor: string): AuditInput {
  const up = ev.kind === 'resolve' || ev.kind === 'settle';
  const inc = ev.incident;
  return {
    type: up ? 'alert.resolve' : ev.kind === 'remind' ? 'alert.remind' : 'alert.open',
    target,
    check: inc.check,
    severity: up ? 'ok' : inc.finding.severity,
    actor,
    detail: {
      kind: ev.kind,
      incident: inc.id,
      // /history shows this alert's deliveries (the `delivery` records) under it.
      alert: alertId,
      title: inc.finding.title,
      // Its words not yet worded: /history says the title in its reader's locale, not the one it was written in.
      ...(inc.finding.text ? { text: inc.finding.text } : {}),
      ...(ev.kind === 'resolve' ? { how: 'recovered' } : {}),
      downtime_ms: ev.downtimeMs,
      ...(inc.finding.cause ? { cause: inc.finding.cause } : {}),
      ...(inc.flapping ? { flapping: true, downs: inc.downs.length } : {}),
      // What it is about: /history names what went down (the gateway, this platform) beside how often.
      ...(inc.platform !== undefined ? { platform: inc.platform } : {}),
      ...(ev.muted ? { muted: true } : {}),
    },
  };
}
