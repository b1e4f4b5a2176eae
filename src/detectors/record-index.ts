// What the detectors derive from a record alone, kept with the record; and the record groups (patterns one scan
// needs, tests of a record alone) the run tracker sorts records into as they come, so a detector reads only the
// records its patterns can match. The registries are module-level: a detector module registers its groups as it loads.
import type { Evidence, LogRecord } from '../evidence.js';
import { RUN_CLASSES, type RecordClassifier, type RunClasses } from '../probes/run-classes.js';
import { currentRun } from './run.js';

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
  for (const re of res)
    if (re.flags.replace('i', '') !== '') throw new Error(`patternGroup: unsupported flags /${re.source}/${re.flags}`);
  if (groupRes.length >= 30) throw new Error('patternGroup: too many groups');
  groupRes.push(
    new RegExp(res.map((re) => `(?:${re.source})`).join('|'), res.some((re) => re.flags.includes('i')) ? 'i' : ''),
  );
  return groupRes.length - 1;
}

const MASK_SLOT = slots++;
let anyGroup: { n: number; re: RegExp } | undefined;
const TWO32 = 2 ** 32;
// The union (3.7 KB, case-insensitive) takes V8 longer to compile than testing each group on a thousand records, and
// a matching line is tested against each group anyway: a check, which reads a few dozen lines, spent ~8 ms of its
// start on it (issue 21). The daemon builds it once it has tested this many records group by group.
const UNION_AFTER = 1000;
// A busy log's records are mostly message traffic some group reads (inbound message, response ready): for them the
// union only adds a test (every group is tested after it matches), and its compile plus V8's recompiling it as it
// warms (some 45 ms) landed on the first check of a big log (issue 62). It is built and used while at least half of
// the records lately sorted matched no group. The counts are halved as they grow: a log's mix may change.
const MIX_WINDOW = 10_000;
let sorted = 0;
let matchedNone = 0;

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
  const quiet = sorted >= UNION_AFTER && matchedNone * 2 >= sorted;
  if (quiet && anyGroup?.n !== n)
    anyGroup = {
      n,
      re: new RegExp(
        groupRes.map((re) => `(?:${re.source})`).join('|'),
        groupRes.some((re) => re.flags.includes('i')) ? 'i' : '',
      ),
    };
  if (quiet && anyGroup?.n === n) {
    if (anyGroup.re.test(r.message)) for (let g = 0; g < n; g++) if (groupRes[g]!.test(r.message)) mask |= 1 << g;
  } else for (let g = 0; g < n; g++) if (groupRes[g]!.test(r.message)) mask |= 1 << g;
  sorted++;
  if (!mask) matchedNone++;
  if (sorted >= MIX_WINDOW) (sorted /= 2), (matchedNone /= 2);
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
