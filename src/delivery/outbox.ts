// The persisted outbox: an alert is written to disk before any send, fans out to every alert channel, is retried
// with backoff, and leaves only when each channel has confirmed it. A gatewatch killed mid-send delivers on restart.
// The list in memory is the truth: when the disk refuses outbox.json the alert is still delivered, and the file is
// written again once it can be. Each channel sends from its own loop (workers.ts), one attempt at a time, each under
// the send timeout with an AbortSignal (attempt.ts): a channel whose endpoint hangs delays no other channel.
import path from 'node:path';
import type { Logger } from 'pino';
import type { Alert, Channel, DeliveryOutcome, Locale, OutboxEntry, OutboxView } from '../types.js';
import { writeJsonAtomic } from '../state/atomic.js';
import { checkOutboxFile, loadChecked } from '../state/schemas.js';
import type { StateDirHealth } from '../state/health.js';
import { safeAlert } from '../util/text-out.js';
import { NO_POLICY, recipients, unroutedReason, type DeliveryPolicy } from './routes.js';
import { coverDelivered, fallBack, viaFallback } from './fallback.js';
import { attempt, type Attempt } from './attempt.js';
import type { Clock } from '../util/clock.js';
import { joinLate } from './join-late.js';
import { createWorkers, type Workers } from './workers.js';
import { privateDir } from '../util/private-dir.js';

export interface Outbox extends OutboxView {
  enqueue(alert: Alert): Promise<void>;
  /**
   * Settles once every alert enqueued so far is in the list and its write to outbox.json is done (or failed): state.json
   * may say an incident was alerted only once outbox.json holds the alert, so a kill -9 between the two writes costs a
   * duplicate at worst, never the alert.
   */
  enqueued(): Promise<unknown>;
  entries(): OutboxEntry[];
  /** Try every due delivery once, all channels at once; resolves when all are done, fallbacks they hand to included. */
  flush(): Promise<void>;
  start(): void;
  /** Stops the retries and aborts the sends under way (their alerts stay queued for the next start). */
  stop(): Promise<void>;
  /**
   * The channels that deliver now. Entries for channels not (yet) among them wait; nothing is dropped. Alerts raised
   * during start-up go to the channels added since as their routes say, even those already delivered elsewhere.
   */
  setChannels(channels: Channel[]): void;
  /**
   * The full set of configured channel names, once every channel has been added: start-up is over (open entries that
   * no channel takes leave), and entries still pending only for channels that are no longer configured are dropped
   * (logged once per channel).
   */
  retainChannels(names: string[]): void;
  /** True while outbox.json is behind the list in memory (the last write failed). */
  unsaved(): boolean;
  /** Withdraw queued alerts that no longer need to go out (an escalation once acked); returns how many. */
  cancel(which: (alert: Alert) => boolean): Promise<number>;
}

export interface OutboxOptions {
  stateDir: string;
  log: Logger;
  /** Reads the time, times the retries and the send timeouts (tests fire those by hand). */
  clock: Clock;
  /** Cap so a long outage cannot grow the file without bound; oldest entries go first. */
  maxEntries?: number;
  /** One attempt on one channel; then its send is aborted and counts as failed (`alerts.send_timeout`). */
  sendTimeoutMs?: number;
  /**
   * The channels are still being added (the daemon's start-up) until retainChannels(): an alert raised meanwhile
   * waits for the channels added later instead of going only to those there so far, or nowhere.
   */
  startingUp?: boolean;
  tickMs?: number;
  health?: StateDirHealth;
  /** Observer of each delivery attempt's outcome (metrics, the audit log's `delivery` records). */
  onDelivery?: (
    channel: string,
    result: DeliveryOutcome['status'],
    /** `startedAt`: when the attempt began (on the clock), absent for a delivery a channel confirmed later. */
    attempt?: { alertId: string; reason?: string; permanent?: boolean; startedAt?: number },
  ) => void;
  /** Routes and fallbacks (src/delivery/routes.ts); none: every channel gets everything. */
  policy?: DeliveryPolicy;
  /** Failed attempts of one alert on a channel before its fallbacks carry it (at once when deferred or permanent). */
  fallbackAfter?: number;
  /** For the "via fallback" note. */
  locale?: Locale;
}

const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;
const DEFAULT_SEND_TIMEOUT_MS = 10_000;

export async function openOutbox(opts: OutboxOptions): Promise<Outbox> {
  const file = path.join(opts.stateDir, 'outbox.json');
  const b: Box = {
    opts,
    file,
    now: opts.clock.now,
    maxEntries: opts.maxEntries ?? 500,
    sendTimeoutMs: opts.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS,
    policy: opts.policy ?? NO_POLICY,
    fallbackAfter: opts.fallbackAfter ?? 2,
    list: await loadChecked(file, checkOutboxFile, opts.log, opts.clock),
    channels: [],
    ticking: false,
    retrying: false,
    startingUp: opts.startingUp ?? false,
    early: [],
    stopping: false,
    inFlight: new Map(),
    dirty: false,
    workers: createWorkers(
      (name) => pass(b, name),
      (channel, err) => opts.log.error({ channel, err }, 'outbox flush failed'),
    ),
  };
  let enqueuing: Promise<unknown> = Promise.resolve();
  return {
    enqueue(alert) {
      const queued = enqueue(b, alert);
      enqueuing = Promise.allSettled([enqueuing, queued]);
      return queued;
    },
    enqueued: () => enqueuing,
    entries: () => b.list,
    pendingFor(channel) {
      return b.list.filter((e) => e.pending.includes(channel)).map((e) => e.alert);
    },
    async confirm(alertId, channel, detail) {
      await settle(b, alertId, channel, { status: 'sent', detail });
    },
    async flush() {
      kickAll(b);
      await b.workers.idle();
    },
    start: () => start(b),
    async stop() {
      b.ticking = false;
      b.stopTicks?.();
      b.stopTicks = undefined;
      b.stopping = true;
      for (const f of b.inFlight.values()) f.a.withdraw('gatewatch is stopping');
      await b.workers.idle();
      b.stopping = false;
    },
    setChannels(cs) {
      b.channels = [...cs];
      if (join(b)) void save(b);
    },
    retainChannels: (configured) => retainChannels(b, configured),
    unsaved: () => b.dirty,
    cancel: (which) => cancel(b, which),
  };
}

/** The outbox: its settings, its list (the truth) and what is under way. */
interface Box {
  opts: OutboxOptions;
  file: string;
  now: () => number;
  maxEntries: number;
  sendTimeoutMs: number;
  policy: DeliveryPolicy;
  fallbackAfter: number;
  list: OutboxEntry[];
  channels: Channel[];
  /** Started and not stopped: the retry tick may run. */
  ticking: boolean;
  /** The retry tick armed, while the outbox owes anything (arm). */
  stopTicks?: () => void;
  /** A retried write of outbox.json under way: one at a time, a disk that hangs must not collect a queue of writes. */
  retrying: boolean;
  startingUp: boolean;
  /**
   * Start-up alerts that every channel there so far has delivered: a channel added later may still be owed them. In
   * memory only, until start-up is over (a kill meanwhile costs the late channels these alerts, nothing more).
   */
  early: OutboxEntry[];
  stopping: boolean;
  /** The attempt each channel has under way, so a withdrawn alert or a stop can abort it. */
  inFlight: Map<string, { alertId: string; a: Attempt }>;
  /** outbox.json is behind the list (its last write failed). */
  dirty: boolean;
  workers: Workers;
}

/** Never throws: a failed write is reported to the state_dir health and retried on the next tick. */
async function save(b: Box): Promise<void> {
  const { opts, file } = b;
  b.dirty = true;
  // Every change of the list is saved: from here the tick follows what it owes (a disk that hangs holds up no retry).
  arm(b);
  try {
    await privateDir(path.dirname(file));
    await writeJsonAtomic(file, { entries: b.list });
    b.dirty = false;
    opts.health?.report(file);
  } catch (err) {
    if (opts.health) opts.health.report(file, err);
    else opts.log.error({ file, err: (err as Error).message }, 'cannot write the outbox; keeping it in memory');
  }
}

async function enqueue(b: Box, alert: Alert): Promise<void> {
  const { opts, policy } = b;
  const names = recipients(
    policy,
    alert,
    b.channels.map((c) => c.name),
  );
  // During start-up the channels that would take it may not be there yet: it waits for them.
  if (names.length === 0 && !b.startingUp) {
    opts.log.info(
      { alert: alert.id, severity: alert.severity, kind: alert.kind },
      `not sent: ${unroutedReason(
        policy,
        alert,
        b.channels.map((c) => c.name),
      )}`,
    );
    return;
  }
  b.list.push({
    alert: safeAlert(alert),
    pending: names,
    attempts: {},
    nextAttemptAt: {},
    deferred: {},
    lastError: {},
    ...(b.startingUp ? { open: true } : {}),
  });
  if (b.list.length > b.maxEntries) {
    const dropped = b.list.splice(0, b.list.length - b.maxEntries);
    opts.log.error({ dropped: dropped.length }, 'outbox full: dropped the oldest alerts');
  }
  await save(b);
  for (const n of names) void b.workers.kick(n);
}

/** One attempt's outcome on one channel: delivered, deferred, or failed (retried with backoff, its fallbacks told). */
async function settle(
  b: Box,
  alertId: string,
  channel: string,
  outcome: DeliveryOutcome,
  startedAt?: number,
): Promise<void> {
  const { opts } = b;
  const e = b.list.find((x) => x.alert.id === alertId);
  if (!e || !e.pending.includes(channel)) return;
  opts.onDelivery?.(channel, outcome.status, {
    alertId,
    reason: outcome.detail,
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(outcome.status === 'failed' && outcome.permanent ? { permanent: true } : {}),
  });
  if (outcome.status === 'sent') sent(b, e, channel, outcome);
  else if (outcome.status === 'deferred') {
    e.deferred[channel] = true;
    // Read by a person, in a fallback channel's note: the channel's own words for them when it has them.
    if (outcome.detail) e.lastError[channel] = outcome.said ?? outcome.detail;
    noteFallback(b, e, channel);
  } else {
    const n = (e.attempts[channel] = (e.attempts[channel] ?? 0) + 1);
    const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 10));
    const jitter = Math.random() * 0.2 * backoff;
    e.nextAttemptAt[channel] = b.now() + Math.max(outcome.retryAfterMs ?? 0, backoff + jitter);
    e.lastError[channel] = outcome.said ?? outcome.detail;
    if (outcome.permanent || n >= b.fallbackAfter) noteFallback(b, e, channel);
  }
  if (e.pending.length === 0) {
    b.list = b.list.filter((x) => x !== e);
    if (e.open) b.early = [...b.early, e].slice(-b.maxEntries);
  }
  await save(b);
}

/** Delivered on a channel: it and the channels it covers for are no longer owed the alert. */
function sent(b: Box, e: OutboxEntry, channel: string, outcome: DeliveryOutcome): void {
  const { opts } = b;
  // What the remote end said is kept in our log: a 200 right after a reconnect is not proof of delivery.
  opts.log.info(
    {
      channel,
      alert: e.alert.id,
      detail: outcome.detail,
      ...(e.via?.[channel] ? { fallback_for: e.via[channel] } : {}),
    },
    'alert delivered',
  );
  e.pending = e.pending.filter((c) => c !== channel);
  delete e.lastError[channel];
  e.sent = [...(e.sent ?? []), channel];
  for (const c of coverDelivered(e, channel, b.policy.fallback))
    opts.log.info(
      { channel: c, alert: e.alert.id, via: channel },
      'alert delivered by a fallback: the channel will not send it again',
    );
  // Channels no longer owed it (covered, or fallbacks withdrawn) must not still be sending it.
  withdrawUnowed(b, e, 'no longer needed: another channel delivered it');
}

function withdrawUnowed(b: Box, e: OutboxEntry, why: string): void {
  const owed = b.list.includes(e) ? e.pending : [];
  for (const [name, f] of b.inFlight) if (f.alertId === e.alert.id && !owed.includes(name)) f.a.withdraw(why);
}

/** The channel cannot deliver for now: its fallbacks carry the alert (it keeps retrying until one of them has). */
function noteFallback(b: Box, e: OutboxEntry, channel: string): void {
  const { log } = b.opts;
  const r = fallBack(e, channel, b.policy.fallback);
  if (r.added.length)
    log.warn({ channel, alert: e.alert.id, fallback: r.added }, `${channel} cannot deliver: sending via its fallback`);
  for (const c of r.covered)
    log.info(
      { channel: c, alert: e.alert.id },
      'a fallback already delivered this alert: the channel will not send it again',
    );
  // Tried in this same flush, each from its own loop.
  for (const c of r.added) void b.workers.kick(c);
}

/** One pass of one channel's loop: its due entries, oldest first, one attempt at a time. */
async function pass(b: Box, name: string): Promise<void> {
  const { opts } = b;
  for (const e of [...b.list]) {
    const ch = b.channels.find((c) => c.name === name);
    if (b.stopping || !ch) return;
    if (!b.list.includes(e) || !e.pending.includes(name) || e.deferred[name] || (e.nextAttemptAt[name] ?? 0) > b.now())
      continue;
    const primary = e.via?.[name];
    // A fallback lets the channel it stands in for finish its attempt at this alert first: if that delivers, the
    // fallback must not. It waits for this one alert only (one send timeout at most), and is kicked when it ends.
    if (primary && b.inFlight.get(primary)?.alertId === e.alert.id) continue;
    const a = attempt(
      ch,
      primary ? viaFallback(e.alert, primary, e.lastError[primary], opts.locale ?? 'en') : e.alert,
      b.sendTimeoutMs,
      opts.clock,
    );
    const startedAt = b.now();
    b.inFlight.set(name, { alertId: e.alert.id, a });
    const outcome = await a.result.finally(() => b.inFlight.delete(name));
    // Withdrawn: gatewatch is stopping, or the alert is no longer owed here. Nothing to count.
    if (!outcome) continue;
    if (outcome.status === 'failed')
      opts.log.warn({ channel: name, alert: e.alert.id, err: outcome.detail }, 'alert delivery failed; will retry');
    await settle(b, e.alert.id, name, outcome, startedAt);
    // Its fallbacks that held back for this attempt go now (if it delivered, they have nothing left to send).
    for (const c of e.pending) if (e.via?.[c] === name) void b.workers.kick(c);
  }
}

function kickAll(b: Box): void {
  for (const c of b.channels) void b.workers.kick(c.name);
}

function start(b: Box): void {
  b.ticking = true;
  arm(b);
  kickAll(b);
}

/**
 * The tick (every second: the retries due, a write of outbox.json that failed) runs while the outbox owes anything:
 * an entry still pending, or the file behind the list. An idle daemon's outbox owes nothing, and its tick woke the
 * daemon every second for nothing, a third of what it paid at idle (issue 62 item 5).
 */
function arm(b: Box): void {
  if (!b.ticking || b.stopTicks || (!b.list.length && !b.dirty)) return;
  b.stopTicks = b.opts.clock.timer(() => {
    b.stopTicks = undefined;
    if (b.dirty && !b.retrying) {
      b.retrying = true;
      void save(b).finally(() => (b.retrying = false));
    }
    // A channel still busy with a send is only asked for one more pass: the others go ahead.
    kickAll(b);
    arm(b);
  }, b.opts.tickMs ?? 1_000);
}

/** Channels were added: start-up alerts their routes give them join, those already delivered elsewhere again. */
function join(b: Box): boolean {
  const names = b.channels.map((c) => c.name);
  let joined = false;
  for (const e of b.list) if (e.open && joinLate(e, b.policy, names).length) joined = true;
  const back = b.early.filter((e) => joinLate(e, b.policy, names).length);
  if (back.length) {
    b.early = b.early.filter((e) => !back.includes(e));
    b.list = [...b.list, ...back];
  }
  return joined || back.length > 0;
}

/** Start-up is over: open entries take the channels there are, and those no channel takes leave. */
function close(b: Box): void {
  join(b);
  b.startingUp = false;
  b.early = [];
  const none = b.list.filter((e) => e.open && e.pending.length === 0);
  for (const e of b.list) delete e.open;
  const names = b.channels.map((c) => c.name);
  for (const e of none)
    b.opts.log.info(
      { alert: e.alert.id, severity: e.alert.severity, kind: e.alert.kind },
      `not sent: ${unroutedReason(b.policy, e.alert, names)}`,
    );
  b.list = b.list.filter((e) => !none.includes(e));
}

function retainChannels(b: Box, configured: string[]): void {
  const opened = b.startingUp || b.early.length > 0 || b.list.some((e) => e.open);
  if (opened) close(b);
  // Entries queued for channels that are no longer configured would never leave.
  const keep = new Set(configured);
  const gone = new Map<string, number>();
  for (const e of b.list) {
    for (const n of e.pending) if (!keep.has(n)) gone.set(n, (gone.get(n) ?? 0) + 1);
    e.pending = e.pending.filter((n) => keep.has(n));
  }
  b.list = b.list.filter((e) => e.pending.length > 0);
  for (const [channel, alerts] of gone)
    b.opts.log.warn(
      { channel, alerts },
      `dropped ${alerts} pending alert(s) for channel ${channel}: it is no longer configured`,
    );
  if (opened || gone.size) void save(b);
}

async function cancel(b: Box, which: (alert: Alert) => boolean): Promise<number> {
  const before = b.list.length;
  b.list = b.list.filter((e) => !which(e.alert));
  b.early = b.early.filter((e) => !which(e.alert));
  if (b.list.length === before) return 0;
  for (const [, f] of b.inFlight) if (!b.list.some((e) => e.alert.id === f.alertId)) f.a.withdraw('withdrawn');
  await save(b);
  return before - b.list.length;
}
