// The incident state machine: a pure function from (incidents, findings of one target, now) to (incidents, events).
// Alert only on change: open, remind every remind_every until resolved or acked, resolve with the downtime.
// Flapping is a property of an incident, not an event of its own: an incident that changed state flap.transitions
// times within flap.within is flapping. Every outage is still announced (as an update of the flapping incident) and
// every recovery is a recovery (green, saying how often it went down: every outage of the same thing in the window,
// whichever incident told it); after a quiet flap window one notice says it settled. Mute silences delivery, not detection: events are still returned, marked muted, for the audit log.
// A death is not a recovery: while the gateway is down, incidents no longer found close quietly.
import type { Finding } from '../types.js';
import { checksThat, FORECAST_CHECKS, gatewayDown } from '../detectors/index.js';
import { clockSpan } from '../util/duration.js';

import {
  MAX_TURNS,
  REVISION_RESEND_MS,
  incidentKey,
  legacyKey,
  migrateIncident,
  type CloseHow,
  type FollowedIncident,
  type Incident,
  type IncidentEvent,
  type IncidentEventKind,
  type IncidentSettings,
  type IncidentState,
  type Turn,
} from './incident.js';

// What an incident is, read where the machine is imported.
export * from './incident.js';

/**
 * Checks about many short outages, not one (a disconnect storm: drops that each came back): over when the checks no
 * longer find them, not at the first reconnect.
 */
export const EPISODES: ReadonlySet<string> = checksThat('episode');

/**
 * Checks that say a platform is not connected without naming why (issue 61): one of them following another on the same
 * platform is one cause still under way, and one alert; a check that names its cause after one of them carries on its
 * outage. Two checks that each name a cause are two causes: the later one is an incident of its own, from its own start.
 */
export const UNEXPLAINED: ReadonlySet<string> = checksThat('unexplained');

/** A process's start time is read from /proc against the boot time, which /proc/stat gives in whole seconds. */
const START_SLACK_MS = 2_000;

export interface StepOptions {
  /**
   * When the target's gateway now running served again (epoch ms: its platforms connected, detectors/process.ts
   * servingSince): a death of the gateway ended then, though the check that sees it back may come much later.
   */
  upAt?: number;
  /**
   * The target's gateway process runs but does not serve yet (its platforms still connecting): a death it came back
   * from is not over, and stays open until it serves.
   */
  starting?: boolean;
  /**
   * The target's gateway is not running, whether or not a finding says so (an operator's stop, the supervisor
   * relaunching it): what it did while running is moot, not recovered.
   */
  down?: boolean;
  /**
   * The gateway that is down was stopped on purpose (its operator, `hermes update`): what it did while running closes
   * as stopped, not as replaced by a failure.
   */
  stopped?: boolean;
  /**
   * Nothing of the target was judged this step (`hermes update` holds the home, and every finding but lint waits for
   * it): an open incident not found is not over, and stays open as it was.
   */
  held?: boolean;
  /** Checks this step could not judge (their manager did not answer): an open incident of one stays as it was. */
  unjudged?: ReadonlySet<string>;
  /**
   * Each platform's connect lines in the live gateway's run (outage-starts.ts connectTimes): an outage of a platform
   * ended at the first of them after it began, though the check that sees it back comes later; the history dates it
   * the same way, so the alert's downtime and /uptime's are one figure.
   */
  connects?: Record<string, readonly number[]>;
}

export function step(
  prevIn: IncidentState,
  target: string,
  findings: Finding[],
  now: number,
  s: IncidentSettings,
  muted: boolean,
  o: StepOptions = {},
): { state: IncidentState; events: IncidentEvent[] } {
  const prev: IncidentState = {};
  for (const [k, v] of Object.entries(prevIn)) prev[k] = migrateIncident(v);
  const events: IncidentEvent[] = [];
  // The gateway is down: what it did while running (a storm, a platform's outage) is moot, not over. Nothing of this
  // target recovered; what is no longer found closes without a word, like a lapsed finding.
  const downFound = gatewayDown(findings.filter((f) => !f.lapsed));
  const c: Step = {
    prev,
    state: {},
    seen: new Set(),
    target,
    now,
    s,
    muted,
    o,
    downFound,
    down: !!o.down || downFound,
    found: new Set(findings.filter((f) => !f.lapsed).map(incidentKey)),
    handovers: [],
    closes: [],
    emit(kind, inc, downtimeMs) {
      events.push({ kind, incident: inc, downtimeMs, ...(muted ? { muted: true } : {}) });
      if ((kind === 'open' || kind === 'flap') && !inc.alerted)
        inc.alerted = {
          at: now,
          title: inc.finding.title,
          ...(inc.finding.text ? { text: inc.finding.text } : {}),
          since: inc.openedAt,
        };
      if (muted) return;
      inc.lastAlertAt = now;
      if (kind === 'open' || kind === 'flap') inc.notified = true;
    },
    trim: (ts) => ts.filter((t) => now - t <= s.flap.withinMs),
  };
  for (const f of findings) stepFound(c, f);
  for (const [key, old] of Object.entries(prev)) if (!c.seen.has(key)) stepGone(c, key, old);
  for (const ev of c.handovers) events.push(ev);
  for (const ev of c.closes) events.push(ev);
  return { state: c.state, events };
}

/** One step's inputs and what it builds: the incidents before, the ones after, the keys found this time. */
interface Step {
  prev: IncidentState;
  state: IncidentState;
  seen: Set<string>;
  target: string;
  now: number;
  s: IncidentSettings;
  muted: boolean;
  o: StepOptions;
  /** A finding says the gateway is down. */
  downFound: boolean;
  /** The gateway is down (a finding says so, or the caller knows it is not running). */
  down: boolean;
  /** The keys of this step's findings (not lapsed): an open incident not among them is over, or handed over. */
  found: ReadonlySet<string>;
  /** The hand-overs of this step, said after the other events (the heirs' own open events come first). */
  handovers: IncidentEvent[];
  /** Its closes without a word and its resumptions, said last (the incident that replaced one has opened by then). */
  closes: IncidentEvent[];
  emit(kind: IncidentEventKind, inc: Incident, downtimeMs?: number): void;
  /** The times still inside the flap window. */
  trim(ts: number[]): number[];
}

/** A finding of this step: its incident opened, carried on (and reminded of), or closed quietly when it lapsed. */
function stepFound(c: Step, f: Finding): void {
  const key = incidentKey(f);
  if (c.seen.has(key)) return;
  carryLegacy(c, f, key);
  const old = c.prev[key];
  if (f.lapsed) {
    // Its evidence went stale without showing the end: not a recovery. An open incident closes without a word (no
    // event, so no alert and no "Recovered"); none is opened, and a closed one is left to age out below.
    if (old?.status === 'open') {
      c.seen.add(key);
      c.state[key] = {
        ...old,
        status: 'resolved',
        resolvedAt: c.now,
        transitions: c.trim(old.transitions),
        downs: c.trim(old.downs),
      };
      c.closes.push(closeEvent(c, c.state[key]!, 'lapsed'));
    }
    return;
  }
  c.seen.add(key);
  if (!old || old.status === 'resolved') open(c, key, f, old);
  else carryOn(c, key, f, old);
}

/** An incident opened by the previous version under its causeless key: carried on under the new key. */
function carryLegacy(c: Step, f: Finding, key: string): void {
  const { prev } = c;
  const legacy = legacyKey(f);
  if (
    !prev[key] &&
    legacy !== key &&
    prev[legacy] &&
    !prev[legacy]!.finding.cause &&
    !prev[legacy]!.finding.profile &&
    !c.seen.has(legacy)
  ) {
    prev[key] = { ...prev[legacy]!, key };
    delete prev[legacy];
  }
}

/** A finding with no open incident: one opens (or a flapping one goes down again). */
function open(c: Step, key: string, f: Finding, old: Incident | undefined): void {
  const { now } = c;
  // Said before its gateway died and found again once it is back: the same story goes on, not a second alert. A
  // forecast within the flap window (what it warns of outlived the restart); anything else found from evidence older
  // than the death that closed it (agent.log's stalls before a restart: the same lines, the same `since`).
  if (
    old?.closedDown &&
    old.notified &&
    ((FORECAST_CHECKS.has(f.check) && now - (old.resolvedAt ?? 0) <= c.s.flap.withinMs) ||
      (f.since !== undefined && f.since < (old.resolvedAt ?? 0)))
  ) {
    const { resolvedAt: _r, closedDown: _c, ...rest } = old;
    c.state[key] = { ...rest, finding: f, status: 'open' };
    c.closes.push({ kind: 'resume', incident: c.state[key]!, ...(c.muted ? { muted: true } : {}) });
    return;
  }
  const transitions = c.trim([...(old?.transitions ?? []), now]);
  // Another incident of the same thing still open (a death now found by another check, a platform's outage under a
  // more specific cause): the outage it told of goes on, not a new one.
  const others = sameSubject(c, key, f);
  const downs = c.trim(outages(old, others, others.some((i) => i.status === 'open') ? [] : [now]));
  const flapping = !!old?.flapping || transitions.length >= c.s.flap.transitions;
  const inc: Incident = {
    // While flapping, one incident id across outages: cards update in place.
    id: old && flapping ? old.id : `${key}@${now.toString(36)}`,
    key,
    target: f.target,
    check: f.check,
    platform: f.platform,
    finding: f,
    status: 'open',
    // The evidence may date the failure before we saw it (a 4009 judged after the grace): count downtime from there.
    openedAt: Math.min(now, f.since ?? now),
    detectedAt: now,
    lastAlertAt: old?.lastAlertAt,
    flapping,
    transitions,
    downs,
    notified: false,
  };
  c.state[key] = inc;
  // The same platform still down without a cause named, after another such finding whose alert went out (a start-up
  // that left QQ out, now QQ disconnected past the grace): one cause, one alert. It takes that one's place this step
  // (handOver) and that alert stands for this one.
  const told = UNEXPLAINED.has(inc.check) ? toldBefore(c, inc) : undefined;
  if (told) {
    // Its outage's count too: not a second outage.
    Object.assign(inc, {
      notified: true,
      lastAlertAt: told.lastAlertAt,
      transitions: c.trim(told.transitions),
      downs: c.trim(told.downs),
      flapping: told.flapping,
      ...(told.alerted ? { alerted: told.alerted } : {}),
      ...(told.acked ? { acked: told.acked } : {}),
    });
    return;
  }
  // What it says is expected to be over soon: its alert waits (carryOn sends it if it is not).
  if (quiet(f, now)) return;
  c.emit(flapping ? 'flap' : 'open', inc);
}

/**
 * What an incident is an outage of, for "went down 3 times": the gateway, whatever took it down (a SIGKILL and a
 * SIGTERM are two incidents of one gateway that went down twice), or one platform, whichever check found it down. A
 * forecast, a storm of drops and anything else is its own.
 */
function subjectOf(target: string, key: string, f: Finding): string {
  if (FORECAST_CHECKS.has(f.check) || EPISODES.has(f.check)) return key;
  if (gatewayDown([f])) return `${target} gateway`;
  if (f.platform !== undefined) return `${target} ${f.platform}${f.profile ? `@${f.profile}` : ''}`;
  return key;
}

/**
 * What an incident's "went down N times" counts (subjectOf), to name it where it is said: the gateway, a platform, or
 * (undefined) the incident's own episodes.
 */
export function outageSubject(
  f: Pick<Finding, 'check' | 'platform' | 'cause'>,
): 'gateway' | { platform: string } | undefined {
  if (FORECAST_CHECKS.has(f.check) || EPISODES.has(f.check)) return undefined;
  if (gatewayDown([f])) return 'gateway';
  return f.platform !== undefined ? { platform: f.platform } : undefined;
}

/** The target's other incidents (before this step) that are outages of the same thing as `f`. */
function sameSubject(c: Step, key: string, f: Finding): Incident[] {
  const subject = subjectOf(c.target, key, f);
  return Object.values(c.prev).filter(
    (i) => i.key !== key && i.target === c.target && subjectOf(i.target, i.key, i.finding) === subject,
  );
}

/** The times it went down, over its own incident and the others of the same thing (and `more`): each outage once. */
function outages(own: Incident | undefined, others: readonly Incident[], more: number[] = []): number[] {
  const all = new Set([...(own?.downs ?? []), ...others.flatMap((i) => i.downs ?? []), ...more]);
  return [...all].sort((a, b) => a - b);
}

/** The open incident naming no cause, said already, that this step hands over to `inc` (heirOf): not found again. */
function toldBefore(c: Step, inc: Incident): Incident | undefined {
  if (c.down) return undefined;
  return Object.values(c.prev).find(
    (old) =>
      old.status === 'open' &&
      UNEXPLAINED.has(old.check) &&
      (old.notified || !!old.owed) &&
      !c.found.has(old.key) &&
      carries(c, old, inc),
  );
}

/** A finding whose alert waits for what it expects (Finding.quietUntil). */
const quiet = (f: Finding, now: number) => f.quietUntil !== undefined && now < f.quietUntil;

/** A finding whose incident is open: it carries on, and its alert goes out, or is sent again, when that is due. */
function carryOn(c: Step, key: string, f: Finding, old: Incident): void {
  const { now, muted } = c;
  const transitions = c.trim(old.transitions);
  // A failure that has not changed for a whole flap window is a steady failure, no longer flapping.
  // A later look may date the outage earlier than the first one could (the log read further back): the downtime
  // counts from the earliest start known. Not a death: gatewatch dated it by its own sight of the process gone, and
  // a later look (a gatewatch restarted since, without that sight) has only an older sign of life to go by, which
  // says when it was last known alive, not when it died. A death keeps the time it was first given.
  const openedAt = gatewayDown([old.finding]) ? old.openedAt : Math.min(old.openedAt, f.since ?? old.openedAt);
  const turns = turned(old, f, now);
  const inc: Incident = {
    ...old,
    openedAt,
    finding: f,
    ...(turns ? { turns } : {}),
    transitions,
    downs: c.trim(old.downs),
    flapping: old.flapping && transitions.length > 0,
  };
  c.state[key] = inc;
  if (!inc.notified) {
    if (!muted && !quiet(f, now)) c.emit(inc.flapping ? 'flap' : 'open', inc);
  }
  // Its alert said a restart would wait (Hermes retrying, a platform that cannot be reached) and now one helps: a
  // restart comes next, and the operator hears why before it happens, not only its result.
  // Once: advice that goes back and forth (a probe that reaches the platform one minute and not the next) is not a
  // push every time it turns.
  else if (!muted && !inc.acked && !old.helpsTold && f.restart === 'helps' && old.finding.restart !== 'helps') {
    inc.helpsTold = true;
    c.emit('remind', inc);
  }
  // What the operator acts on changed (a new login QR code replaced the one sent): sent again, but not after an ack
  // and at most once per REVISION_RESEND_MS; a revision skipped here is simply the one the next re-send replaces.
  else if (
    !muted &&
    !inc.acked &&
    f.revision !== undefined &&
    f.revision !== old.finding.revision &&
    now - (inc.lastAlertAt ?? inc.openedAt) >= REVISION_RESEND_MS
  )
    c.emit('remind', inc);
  else if (!inc.acked && !muted && !f.once && now - (inc.lastAlertAt ?? inc.openedAt) >= c.s.remindEveryMs)
    c.emit('remind', inc);
}

const says = (f: Pick<Finding, 'title' | 'text'>) => f.text?.key ?? f.title;
const turnOf = (at: number, f: Pick<Finding, 'title' | 'text'>): Turn => ({
  at,
  title: f.title,
  ...(f.text ? { text: f.text } : {}),
});

/** Its turns with this finding's: one more, dated now, when it says something else than it did. */
function turned(old: Incident, f: Finding, now: number): Turn[] | undefined {
  if (says(old.finding) === says(f)) return old.turns;
  const before = old.turns ?? [turnOf(old.detectedAt ?? old.openedAt, old.finding)];
  return [...before, turnOf(now, f)].slice(-MAX_TURNS);
}

/** An incident not found this step: another target's is kept; this target's recovers, closes quietly or ages out. */
function stepGone(c: Step, key: string, old: Incident): void {
  const { now } = c;
  if (old.target !== c.target) {
    c.state[key] = old;
    return;
  }
  if (old.status === 'open' && (c.o.held || c.o.unjudged?.has(old.check))) {
    c.state[key] = old;
    return;
  }
  if (old.status === 'open' && c.down) {
    // The death's own incident, while nothing else says the gateway is down (the supervisor relaunching it): still
    // down, so still open; it recovers when the gateway is back.
    if (!c.downFound && gatewayDown([old.finding])) {
      c.state[key] = old;
      return;
    }
    c.state[key] = {
      ...old,
      status: 'resolved',
      resolvedAt: now,
      closedDown: true,
      transitions: c.trim(old.transitions),
      downs: c.trim(old.downs),
    };
    c.closes.push(closedDown(c, c.state[key]!));
    return;
  }
  if (old.status === 'open' && c.o.starting && gatewayDown([old.finding])) {
    c.state[key] = old;
    return;
  }
  if (old.status === 'open') return recover(c, key, old);
  const transitions = c.trim(old.transitions);
  if (transitions.length === 0) {
    // Quiet for a whole flap window: a flapping incident has settled; either way the record is no longer needed.
    if (old.flapping && old.notified) c.emit('settle', { ...old, transitions, downs: [], flapping: false });
    return;
  }
  c.state[key] = { ...old, transitions, downs: c.trim(old.downs) };
}

/**
 * The open incident of this target, found in this step, that carries on what `old` was about: the same platform still
 * failing under another finding (a startup's missing platform, now down for good), or, for a death of the gateway, a
 * platform still down in the gateway that came back.
 */
function heirOf(c: Step, old: Incident): Incident | undefined {
  return Object.values(c.state)
    .filter((i) => i.status === 'open' && c.seen.has(i.key) && carries(c, old, i))
    .sort((a, b) => a.openedAt - b.openedAt)[0];
}

/**
 * Whether `i` (of this target) carries on what `old` was about. A forecast says what comes, not that anything is down:
 * it neither carries nor is carried on. Another Hermes profile's platform of the same name is another platform.
 */
function carries(c: Step, old: Incident, i: Incident): boolean {
  if (FORECAST_CHECKS.has(old.check)) return false;
  const death = gatewayDown([old.finding]);
  if (!death && old.platform === undefined) return false;
  return (
    i.target === c.target &&
    i.key !== old.key &&
    i.platform !== undefined &&
    !FORECAST_CHECKS.has(i.check) &&
    !gatewayDown([i.finding]) &&
    (death || (i.platform === old.platform && i.finding.profile === old.finding.profile))
  );
}

/**
 * Two causes on one platform, each named by its check (QQ banned, then Hermes' is_reconnect bug): the later one is not
 * the earlier one's story but its own.
 */
const otherCause = (old: Incident, heir: Incident) =>
  old.platform !== undefined && !UNEXPLAINED.has(old.check) && !UNEXPLAINED.has(heir.check);

/**
 * `old` is no longer found, but what it was about is not over: `heir` carries its outage on, counted from its start,
 * and owes its recovery to whoever heard of `old`. An heir with no history entry of its own yet joins `old`'s story
 * (`chain`): one incident, told once at its end, not a "Recovered" for a platform that is still down.
 */
function handOver(c: Step, key: string, old: Incident, heir: Incident): void {
  const { now } = c;
  c.state[key] = {
    ...old,
    status: 'resolved',
    resolvedAt: now,
    handedTo: heir.id,
    transitions: c.trim(old.transitions),
    downs: c.trim(old.downs),
  };
  const was: FollowedIncident = {
    id: old.id,
    check: old.check,
    ...(old.platform !== undefined ? { platform: old.platform } : {}),
    title: old.alerted?.title ?? old.finding.title,
    ...((old.alerted?.text ?? old.finding.text) ? { text: old.alerted?.text ?? old.finding.text } : {}),
    openedAt: old.openedAt,
    ...(old.detectedAt !== undefined ? { detectedAt: old.detectedAt } : {}),
    ...(old.alerted ? { alertedAt: old.alerted.at } : {}),
    ...(old.alerted?.since !== undefined ? { alertedSince: old.alerted.since } : {}),
    at: now,
    ...(old.turns ? { turns: old.turns } : {}),
  };
  if (otherCause(old, heir)) {
    // A new cause: its own start and story. The earlier one ends here, not recovered; the heir's alert says which it
    // replaced (when that one was said), and whoever heard of it hears the platform's recovery.
    if (old.notified) heir.replaced = was;
  } else {
    heir.openedAt = Math.min(heir.openedAt, old.openedAt);
    if (!heir.recorded && heir.chain === undefined) heir.chain = old.chain ?? old.id;
    heir.follows = [...(old.follows ?? []), was, ...(heir.follows ?? [])].slice(-8);
  }
  if (old.notified || old.owed) heir.owed = true;
  c.handovers.push({
    kind: 'handover',
    incident: c.state[key]!,
    heir,
    how: 'replaced',
    ...(c.muted ? { muted: true } : {}),
  });
}

/** A close without a word (CloseHow), said to the audit and the history only. */
function closeEvent(c: Step, inc: Incident, how: CloseHow, heir?: Incident): IncidentEvent {
  return { kind: 'close', incident: inc, how, ...(heir ? { heir } : {}), ...(c.muted ? { muted: true } : {}) };
}

/**
 * An incident closed because its gateway is not running: stopped on purpose, replaced by the incident that says why
 * it is down (the death, the stop's reminder), or, while nothing says why yet, down.
 */
function closedDown(c: Step, inc: Incident): IncidentEvent {
  if (c.o.stopped) return closeEvent(c, inc, 'stopped');
  const why = Object.values(c.state)
    .filter((i) => i.status === 'open' && i.target === c.target && i.key !== inc.key && gatewayDown([i.finding]))
    .sort((a, b) => a.openedAt - b.openedAt)[0];
  return why ? closeEvent(c, inc, 'replaced', why) : closeEvent(c, inc, 'down');
}

/** An open incident no longer found: a recovery, dated when its outage ended (or a hand-over, when it is not over). */
function recover(c: Step, key: string, old: Incident): void {
  const heir = heirOf(c, old);
  if (heir) return handOver(c, key, old, heir);
  const { now, o } = c;
  const transitions = c.trim([...old.transitions, now]);
  const flapping = old.flapping || transitions.length >= c.s.flap.transitions;
  // A death ends when the gateway serves again, not when a check first judges it so. A return well before the
  // death is not this death's (another process's figure): the check's time is all we know then.
  const back =
    o.upAt !== undefined && o.upAt >= old.openedAt - START_SLACK_MS && o.upAt <= now && gatewayDown([old.finding]);
  const p = old.finding.platform;
  // A storm's drops each came back: the first connect after its start ended its first drop, not the storm; the first
  // after its last drop did.
  const after = EPISODES.has(old.check) ? old.finding.latest : old.openedAt;
  const reconnected =
    p === undefined || gatewayDown([old.finding]) || after === undefined
      ? undefined
      : o.connects?.[p]?.find((t) => t >= after && t <= now);
  const end = back ? Math.max(o.upAt!, old.openedAt) : (reconnected ?? now);
  const inc: Incident = {
    ...old,
    status: 'resolved',
    resolvedAt: now,
    recoveredAt: end,
    transitions,
    downs: c.trim(outages(old, sameSubject(c, key, old.finding))),
    flapping,
  };
  c.state[key] = inc;
  // Every recovery is announced as one, flapping or not; one never announced (muted) is only recorded. One whose story
  // began with another incident's alert is owed too.
  // Down as long as its clock times say (since 12:00:03, back at 12:00:07: 4s).
  if (old.notified || old.owed || c.muted) c.emit('resolve', inc, clockSpan(old.openedAt, end));
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
