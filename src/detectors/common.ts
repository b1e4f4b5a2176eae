// Shared helpers for the detectors: reading the current run, building findings with localized text and redacted
// evidence. Everything here is pure.
import type { DetectSettings, Evidence, LogRecord } from '../evidence.js';
import type { Finding, FindingParam, Remedy, RestartAdvice, Severity } from '../types.js';
import { findingKey, wordParam, wordText, type FindingKey } from '../i18n.js';
import { formatDuration } from '../util/duration.js';
import { redact } from '../util/redact.js';
import { elideBodies } from '../util/message-bodies.js';
import { adapterLoopOf } from './adapter-loops.js';
import { serviceParams } from './service-words.js';
import { RUN_CLASSES, type RecordClassifier, type RunClasses } from '../probes/run-classes.js';

/** A finding's text parameters: values quoted from the evidence, or texts of their own (`{key, params}`). */
export type Params = Record<string, FindingParam>;

/** A finding's text id: a key of src/text/findings-en.ts without its `finding.` (`process_down`, `qq_banned.protocol`). */
type FindingId = FindingKey extends `finding.${infer Id}` ? Id : never;

const MAX_LINE = 400;
/** A message body is measured within this much of a line (its length is all an alert shows). */
const MAX_BODY_SCAN = 20_000;

/**
 * One evidence line: what users wrote elided (an alert may quote an `inbound message` line to a group chat, a
 * notifier, the state file), redacted and bounded.
 */
export function line(text: string): string {
  const r = redact(elideBodies(text.length > MAX_BODY_SCAN ? text.slice(0, MAX_BODY_SCAN) : text, (n) => `<${n} chars>`));
  return r.length > MAX_LINE ? `${r.slice(0, MAX_LINE - 1)}…` : r;
}

/**
 * An evidence line: a log line as it is, or a fact in our own words (`{ key, params }`), worded in the reader's locale
 * when it is rendered. Its parameters quote the evidence (a path, an error): redacted like a line.
 */
export type EvidenceLine = FindingParam;

function redactFact(p: FindingParam): FindingParam {
  if (typeof p === 'string') return line(p);
  if (typeof p === 'number') return p;
  return p.params ? { key: p.key, params: Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, redactFact(v)])) } : { key: p.key };
}

export function lines(records: LogRecord[]): string[] {
  return records.map((r) => line(r.line));
}

export function age(ms: number): string {
  return formatDuration(ms);
}

export interface FindingSpec {
  check: string;
  /**
   * Its text when it is not the check's own: a variant (`state_stale_running.killed`), or one named after the platform
   * (`platform_deaf.<platform>`), which falls back to the check's own text for a platform without one.
   */
  text?: FindingId | `${'platform_auth_failed' | 'platform_deaf'}.${string}`;
  severity: Severity;
  restart: RestartAdvice;
  /** A restart makes it worse: holds every restart (Finding.worse). */
  worse?: boolean;
  platform?: string;
  /** What set it off, where one check has several causes; part of the incident key. */
  cause?: string;
  params?: Params;
  evidence: EvidenceLine[];
  /** When the failure began, when the evidence dates it. */
  since?: number;
  /** Fixes beyond the restart its advice implies (a process to stop), narrowest first. */
  remedies?: Remedy[];
}

/**
 * The finding, with its text key and parameters: renderers word it in their reader's locale. Its title, explanation
 * and action are also worded here, once, in the configured locale, for what keeps them as strings (audit records).
 */
export function finding(ev: Evidence, s: DetectSettings, spec: FindingSpec): Finding {
  const key = findingKey(spec.text ?? spec.check);
  if (!key) throw new Error(`no text for finding ${spec.text ?? spec.check}`);
  const params: Params = { target: ev.target, ...serviceParams(ev), ...(spec.platform ? { platform: spec.platform } : {}) };
  // Params can quote the log (a fatal reason, tool names): redact them like evidence.
  for (const [k, v] of Object.entries(spec.params ?? {})) params[k] = typeof v === 'string' ? line(v) : v;
  const text = { key, params };
  const facts = spec.evidence.map(redactFact);
  return {
    check: spec.check,
    target: ev.target,
    severity: spec.severity,
    ...(spec.platform ? { platform: spec.platform } : {}),
    ...(spec.cause ? { cause: spec.cause } : {}),
    text,
    ...wordText(s.locale, text),
    evidence: facts.map((p) => wordParam(s.locale, p)),
    ...(facts.some((p) => typeof p === 'object') ? { evidenceText: facts } : {}),
    restart: spec.restart,
    ...(spec.worse ? { worse: true } : {}),
    ...(spec.since !== undefined ? { since: spec.since } : {}),
    ...(spec.remedies?.length ? { remedies: spec.remedies } : {}),
  };
}

// ---------- process ----------

/** A gateway process of this home exists (the pid file's, or any `gateway run` seen in the process table). */
export function processAlive(ev: Evidence): boolean {
  return ev.process.alive || ev.processes.length > 0;
}

/** The state file was written by the live process (or we cannot tell): its platform states can be trusted. */
export function stateIsCurrent(ev: Evidence): boolean {
  const sp = ev.state?.pid;
  const pp = ev.process.alive ? ev.process.pid : undefined;
  return sp === undefined || pp === undefined || sp === pp;
}

// ---------- the current run ----------

/** A second instance that started, lost to the live one and exited: its start line does not begin a new run. */
const LOSER =
  /^(PID file race lost to another gateway instance|Gateway runtime lock is already held by another instance|Another gateway instance is already running|Gateway hit a non-retryable startup conflict)/;

export interface Run {
  records: LogRecord[];
  /** Epoch ms the run started, if known. */
  startedAt?: number;
}

const runs = new WeakMap<Evidence, Run>();

/** The current run's records (memoised per evidence: every detector reads it). */
export function currentRun(ev: Evidence): Run {
  let run = runs.get(ev);
  if (!run) {
    run = readCurrentRun(ev);
    runs.set(ev, run);
  }
  return run;
}

function readCurrentRun(ev: Evidence): Run {
  const { run, previous, runStartSeen } = ev.log;
  if (runStartSeen && processAlive(ev) && previous.length && run.some((r) => r.logger === 'gateway.run' && LOSER.test(r.message))) {
    // The live process belongs to the run before the loser's start; previous is only its tail.
    return { records: [...previous, ...run], startedAt: ev.process.startedAt };
  }
  return { records: run, startedAt: runStartSeen ? run[0]?.ts : ev.process.startedAt };
}

// ---------- per-record facts, computed once ----------
// The run tracker keeps a record across many evaluations (a busy log is judged up to twice a second), and a record's
// message never changes: what a detector derives from it alone is worth keeping with the record.

const UNSET = Symbol('unset');

// Every fact of a record in one small array: a WeakMap per fact held a hash table sized for the run's thousands of
// records each (256 KB apiece on a busy log, over 2 MB of the daemon's heap in all). The array hangs off the record
// itself under a hidden key: a whole-run scan looks a fact up for every record on every evaluation, and a property
// read costs a fraction of a WeakMap's lookup (issue 21). Not enumerable: spread, JSON and equality never see it.
const FACTS = Symbol('facts');
type WithFacts = LogRecord & { [FACTS]?: unknown[] };
/** A record that cannot take the key (frozen, sealed): its facts live here instead. */
const facts = new WeakMap<LogRecord, unknown[]>();
let slots = 0;

/** The record being sorted for the run tracker, and its facts for that moment only (see `classify`). */
let sorting: LogRecord | undefined;
const sortingFacts: unknown[] = [];

function factsOf(r: LogRecord): unknown[] {
  const own = (r as WithFacts)[FACTS];
  if (own) return own;
  if (r === sorting) return sortingFacts;
  let f = facts.get(r);
  if (f) return f;
  f = [];
  if (Object.isExtensible(r)) Object.defineProperty(r, FACTS, { value: f });
  else facts.set(r, f);
  return f;
}

/** `fn`, remembered per record. `fn` must read only the record's message and logger (its `extra` still grows). */
export function perRecord<T>(fn: (r: LogRecord) => T): (r: LogRecord) => T {
  const slot = slots++;
  return (r) => {
    const f = factsOf(r);
    const v = f[slot] as T | typeof UNSET | undefined;
    if (v !== undefined) return v === UNSET ? (undefined as T) : v;
    const x = fn(r);
    f[slot] = x === undefined ? UNSET : x;
    return x;
  };
}

// ---------- pattern groups: only the records a detector's patterns can match ----------
// A detector that scans the whole run for a few line patterns (last bad line, a later good one) reads the same answer
// from just the records that match one of its patterns, in run order. Each group is one union regex, tested once per
// record; one pass per evaluation lists every group's records.

const groupRes: RegExp[] = [];

/**
 * Register the message patterns one scan needs; returns the group for `matching`. Only the `i` flag is allowed (a
 * union of patterns is then a superset of each: the detector still tests its own patterns on what it gets).
 */
export function patternGroup(...res: RegExp[]): number {
  for (const re of res) if (re.flags.replace('i', '') !== '') throw new Error(`patternGroup: unsupported flags /${re.source}/${re.flags}`);
  if (groupRes.length >= 30) throw new Error('patternGroup: too many groups');
  groupRes.push(new RegExp(res.map((re) => `(?:${re.source})`).join('|'), res.some((re) => re.flags.includes('i')) ? 'i' : ''));
  return groupRes.length - 1;
}

const MASK_SLOT = slots++;
let anyGroup: { n: number; re: RegExp } | undefined;
const TWO32 = 2 ** 32;
// The union (3.7 KB, case-insensitive) takes V8 longer to compile than testing each group on a thousand records, and
// a matching line is tested against each group anyway: a check, which reads a few dozen lines, spent ~8 ms of its
// start on it (issue 21). The daemon builds it once it has tested this many records group by group.
const UNION_AFTER = 1000;
let testedAlone = 0;

/** Whether this process has built the union of every group (a short run should not pay for it). */
export const groupUnionBuilt = (): boolean => anyGroup !== undefined;

/** Bit g set: the record may match group g. Kept with the number of groups it was computed for. */
function groupMask(r: LogRecord): number {
  const f = factsOf(r);
  const v = f[MASK_SLOT] as number | undefined;
  const n = groupRes.length;
  if (v !== undefined && Math.floor(v / TWO32) === n) return v % TWO32;
  let mask = 0;
  // Most lines of a quiet log match no group: one test of all groups' union says so.
  if (anyGroup?.n !== n && testedAlone >= UNION_AFTER) anyGroup = { n, re: new RegExp(groupRes.map((re) => `(?:${re.source})`).join('|'), groupRes.some((re) => re.flags.includes('i')) ? 'i' : '') };
  if (anyGroup?.n === n) {
    if (anyGroup.re.test(r.message)) for (let g = 0; g < n; g++) if (groupRes[g]!.test(r.message)) mask |= 1 << g;
  } else {
    testedAlone++;
    for (let g = 0; g < n; g++) if (groupRes[g]!.test(r.message)) mask |= 1 << g;
  }
  f[MASK_SLOT] = mask + n * TWO32;
  return mask;
}

// ---------- record groups: records picked by a test of the record alone ----------
// For a reading that skips every record its test fails (the outage reading): it reads the group instead of the run.

/** Bits above every pattern group's (at most 30 of them). */
const RECORD_GROUP_BIT = 30;
const recordTests: ((r: LogRecord) => boolean)[] = [];

/** Register a test of a record's message and logger alone; returns the group for `matching`. */
export function recordGroup(test: (r: LogRecord) => boolean): number {
  if (recordTests.length >= 1) throw new Error('recordGroup: too many groups');
  recordTests.push(test);
  return RECORD_GROUP_BIT + recordTests.length - 1;
}

/** Every group the record may belong to, as bits. */
function classOf(r: LogRecord): number {
  let mask = groupMask(r);
  for (let i = 0; i < recordTests.length; i++) if (recordTests[i]!(r)) mask |= 1 << (RECORD_GROUP_BIT + i);
  return mask;
}

/**
 * The groups, for the run tracker to keep as records come and go (createRunTracker's `classes`): a view then hands
 * `matching` its groups without a pass over the whole run.
 */
export const runGroups: RecordClassifier = { classify, version: () => groupRes.length * 4 + recordTests.length };

/**
 * classOf for the run tracker, which sorts every record of a busy log as it settles: facts computed on the way are not
 * kept with a record that has none yet. Most records belong to no group and are never looked at again; the facts array
 * (with its slots, and the hidden key's property store) was a third of a record's size, old-space garbage at 50
 * records a second (issue 21). A record a detector reads later gets its facts then.
 */
function classify(r: LogRecord): number {
  if ((r as WithFacts)[FACTS] || facts.has(r)) return classOf(r);
  sortingFacts.length = 0;
  sorting = r;
  try {
    return classOf(r);
  } finally {
    sorting = undefined;
  }
}

const groupIndex = new WeakMap<Evidence, LogRecord[][]>();

/** The current run's records that may match group `g`'s patterns, in run order (memoised per evidence). */
export function matching(ev: Evidence, g: number): LogRecord[] {
  let idx = groupIndex.get(ev);
  if (!idx) {
    idx = [];
    const kept = (ev.log as { [RUN_CLASSES]?: RunClasses })[RUN_CLASSES];
    const records = currentRun(ev).records;
    if (kept && kept.run === records && kept.version === runGroups.version()) {
      for (const s of kept.slices) for (let i = s.start; i < s.end; i++) addTo(idx, s.records[i]!, s.masks[i]!);
    } else for (const r of records) addTo(idx, r, classOf(r));
    groupIndex.set(ev, idx);
  }
  return (idx[g] ??= []);
}

function addTo(idx: LogRecord[][], r: LogRecord, mask: number): void {
  for (let b = 0; mask; b++, mask >>>= 1) if (mask & 1) (idx[b] ??= []).push(r);
}

export function lastIndex(records: readonly LogRecord[], pred: (r: LogRecord) => boolean, from = records.length - 1): number {
  for (let i = from; i >= 0; i--) if (pred(records[i]!)) return i;
  return -1;
}

export function findAfter(records: LogRecord[], i: number, pred: (r: LogRecord) => boolean): LogRecord | undefined {
  for (let j = i + 1; j < records.length; j++) if (pred(records[j]!)) return records[j];
  return undefined;
}

export function isRunner(r: LogRecord): boolean {
  return r.logger === 'gateway.run';
}

// ---------- platforms ----------

const QQ_TAG = /^\[QQBot(?::[^\]]*)?\] /i;
const FEISHU_TAG = /^\[(Feishu|Lark)\] /i;

export const isQQ = perRecord((r): boolean => QQ_TAG.test(r.message));

export const isFeishu = perRecord((r): boolean => FEISHU_TAG.test(r.message));

/** The message without its `[QQBot:123] ` / `[Feishu] ` tag. */
export const body = perRecord((r): string => r.message.replace(/^\[[^\]]+\] /, ''));

/** Which platform a record is about, if any. */
export const platformOf = perRecord(readPlatform);

function readPlatform(r: LogRecord): string | undefined {
  if (isQQ(r)) return 'qqbot';
  if (isFeishu(r)) return 'feishu';
  const runner = /^[✓✗] (\w+) (?:connected|failed to connect|error:|reconnected|disconnected)/.exec(r.message);
  if (runner) return runner[1]!.toLowerCase();
  // The runner's reconnect watcher (reference §4.0): `Reconnecting qqbot (attempt 2)...`, `Reconnect qqbot failed, …`.
  const watcher = isRunner(r) && /^(?:Reconnecting (\w+) \(attempt|Reconnect (\w+)(?: failed| error:|:)|Fatal (\w+) adapter error)/.exec(r.message);
  if (watcher) return (watcher[1] ?? watcher[2] ?? watcher[3])!.toLowerCase();
  const tag = /^\[(Telegram|Discord|Slack|Whatsapp|Qqbot)\] /i.exec(r.message);
  if (tag) return tag[1]!.toLowerCase() === 'qqbot' ? 'qqbot' : tag[1]!.toLowerCase();
  const loop = adapterLoopOf(r.message);
  if (loop) return loop.loop.platform;
  if (/\bdisconnected to wss?:\/\/|receive message loop exit/.test(r.message)) return 'feishu';
  return undefined;
}

/** A line showing the platform's connection is (re-)established. */
export const isConnectLine = perRecord((r): boolean => {
  const b = body(r);
  if (isQQ(r)) return /^(WebSocket connected to|Reconnected|Session resumed|Ready, session_id|Connected$)/.test(b);
  if (isFeishu(r)) return /^Connected in /.test(b);
  const loop = adapterLoopOf(r.message);
  if (loop) return !!loop.loop.connect?.test(loop.body);
  return isRunner(r) && /^✓ \w+ (connected|reconnected successfully)/.test(r.message);
});

/** A line showing the platform's connection dropped. */
export const isDrop = perRecord((r): boolean => {
  const b = body(r);
  return (
    /^(WebSocket closed\b|WebSocket error: |Quick disconnect \()/.test(b) ||
    ((isQQ(r) || isFeishu(r)) && b === 'Disconnected') ||
    !!adapterLoopOf(r.message)?.loop.drop.test(b) ||
    /\bdisconnected to wss?:\/\//.test(r.message)
  );
});

/** The start of a shutdown: later disconnect lines are the gateway stopping, not drops. */
export function isShutdownStart(r: LogRecord): boolean {
  return isRunner(r) && /^(Received SIG\w+|Stopping gateway|No connected messaging platforms remain\. Shutting down)/.test(r.message);
}

export function parseTime(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

export function since(ev: Evidence, ts: number): string {
  return age(ev.now - ts);
}
