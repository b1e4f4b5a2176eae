// Reading a history file (state_dir/history/<target>.json) without holding the loop or the memory. JSON.parse and a
// schema over a whole file at its bound held the loop for seconds and the daemon's memory at hundreds of megabytes
// (the parsed tree, the schema's copy of it, both kept by the heap's high-water mark). Here the file is read in
// slices, pausing between them: a platform's changes are matched one by one into typed arrays (9 bytes a change),
// then each platform's become the history's arrays already within the bound (record.ts: compactColumns), one platform
// at a time; incidents, restarts and versions are parsed an entry at a time and checked by hand. A file larger than
// any gatewatch writes (hand-made, or of a state file gone wrong) costs no more than the bound: platforms past
// MAX_PLATFORMS, changes past MAX_CHANGES a platform and entries past MAX_ENTRIES are not kept.
import { lstat } from '../util/file-calls.js';
import { t } from '../i18n.js';
import { monotonicMs } from '../util/clock.js';
import { MAX_STATE_BYTES } from '../state/atomic.js';
import type { Locale } from '../types.js';
import { openTextPieces, type TextPieces } from '../util/read-capped.js';
import {
  EVIDENCE_CHARS,
  EVIDENCE_LINES,
  HEALTHS,
  HISTORY_VERSION,
  MAX_STEPS,
  type Change,
  type IncidentEntry,
  type IncidentStep,
  type RestartEntry,
  type TargetHistory,
  type VersionChange,
} from './model.js';
import { changeCap, compactColumns, MAX_CHANGES, MAX_ENTRIES, MAX_PLATFORMS, type ChangeColumns } from './record.js';

/** Why a history file was not read: what the daemon logs as it sets the file aside, and the CLI says. */
export interface Unreadable {
  why: 'too_big' | 'not_file' | 'unreadable' | 'corrupt' | 'version' | 'format' | 'link';
  /** The file's own version (`version`), the system's error code (`unreadable`). */
  detail?: string;
}

/**
 * Work between two pauses, in changes matched (about a microsecond each on a slow core, without the optimising
 * compiler the daemon runs with): a slice holds the loop for about 10 ms. Characters skipped and entries parsed are
 * counted in the same unit. A slice also ends once it has taken SLICE_MS, looked at every CHECK units: on a core
 * shared with other work, or under the daemon's flags, 10,000 changes took 70 ms.
 */
const SLICE = 10_000;
const CHECK = 500;
const SLICE_MS = 8;
const CHARS_A_UNIT = 32;
const UNITS_AN_ENTRY = 20;
/**
 * The file is read and decoded this many bytes at a time: the text of a whole file at the old bound (7 MB) took
 * 35 ms to decode in one piece, a 28 MB one 140 ms, and its string stayed for the whole read.
 */
export const CHUNK_BYTES = 256 * 1024;
/** Text kept read ahead of the parser: a change is matched only where it is wholly read. */
const AHEAD = 4096;

class Refused extends Error {
  constructor(
    readonly why: 'corrupt' | 'format' | 'version',
    readonly detail?: string,
  ) {
    super(why);
  }
}
const corrupt = () => new Refused('corrupt');
const format = () => new Refused('format');

/** The file's text as the parser reads it: what is read and not yet parsed, the next piece on demand. */
interface Reader {
  s: string;
  i: number;
  /** No more text to read. */
  eof: boolean;
  /** Where a value being read began (text from there is kept as more is read), or -1. */
  mark: number;
  next: () => Promise<string | undefined>;
  /** Work done since the last look at the clock, and looks since the last pause. */
  work: number;
  looks: number;
  since: number;
  pause: () => Promise<void>;
}

async function tick(r: Reader, units: number): Promise<void> {
  r.work += units;
  if (r.work < CHECK) return;
  r.looks += Math.floor(r.work / CHECK);
  r.work = 0;
  if (r.looks < SLICE / CHECK && monotonicMs() - r.since < SLICE_MS) return;
  r.looks = 0;
  await r.pause();
  r.since = monotonicMs();
}

/** The next piece of the file after what is read; what is parsed is let go (from `mark` on, a value being read is kept). */
async function more(r: Reader): Promise<boolean> {
  const piece = await r.next();
  if (piece === undefined) {
    r.eof = true;
    return false;
  }
  const cut = r.mark >= 0 ? Math.min(r.mark, r.i) : r.i;
  r.s = r.s.slice(cut) + piece;
  r.i -= cut;
  if (r.mark >= 0) r.mark -= cut;
  return true;
}

/** At least AHEAD characters read past the parser, or the whole rest of the file. */
async function fill(r: Reader): Promise<void> {
  while (r.s.length - r.i < AHEAD && (await more(r)));
}

const WS = /[ \t\n\r]*/y;
/** Past whitespace in what is read; false when it ran to the end of that. */
function ws(r: Reader): boolean {
  WS.lastIndex = r.i;
  WS.test(r.s);
  r.i = WS.lastIndex;
  return r.i < r.s.length;
}

/** Past whitespace, reading on where it runs to the end of what is read. */
async function space(r: Reader): Promise<void> {
  while (!ws(r) && (await more(r)));
}

async function eat(r: Reader, ch: string): Promise<void> {
  if (!ws(r)) await space(r);
  if (r.s[r.i] !== ch) throw corrupt();
  r.i++;
}

/** The index just past the string that starts at `i`, or -1 when its end is not read yet; `from`: no quote before it. */
function stringEnd(s: string, i: number, from = i + 1): number {
  for (let j = Math.max(i + 1, from); ; j++) {
    j = s.indexOf('"', j);
    if (j === -1) return -1;
    let k = j - 1;
    while (s.charCodeAt(k) === 92) k--;
    if ((j - 1 - k) % 2 === 0) return j + 1;
  }
}

/** The end of the string at r.i, reading on until it is read (the string's start is kept: it is at r.i). */
async function stringAt(r: Reader): Promise<number> {
  let from = r.i + 1;
  for (;;) {
    const end = stringEnd(r.s, r.i, from);
    if (end >= 0) return end;
    // Searched up to what is read: the next search starts there (indices move with the text let go before r.i).
    const searched = r.s.length - r.i;
    if (!(await more(r))) throw corrupt();
    from = r.i + searched;
  }
}

async function string(r: Reader): Promise<string> {
  if (!ws(r)) await space(r);
  if (r.s[r.i] !== '"') throw corrupt();
  const end = await stringAt(r);
  const out = JSON.parse(r.s.slice(r.i, end)) as string;
  r.i = end;
  return out;
}

/** A quote or a backslash: in a string, where its end may be. */
const STRING_STOP = /["\\]/g;

/** Past the rest of a string whose opening quote is behind r.i, letting its text go as it is read (a skipped value). */
async function pastString(r: Reader): Promise<void> {
  let from = r.i;
  for (;;) {
    STRING_STOP.lastIndex = r.i;
    const m = STRING_STOP.exec(r.s);
    if (!m) r.i = r.s.length;
    else if (m[0] === '"') {
      r.i = m.index + 1;
      return tick(r, (r.i - from) / CHARS_A_UNIT);
    } else r.i = m.index + 2; // past the backslash and the character it escapes
    if (r.i < r.s.length) continue;
    const over = r.i - r.s.length; // the escaped character, not read yet
    r.i = r.s.length;
    await tick(r, (r.i - from) / CHARS_A_UNIT);
    if (!(await more(r))) throw corrupt();
    r.i += over;
    from = r.i;
  }
}

/** Past one value, pausing on a long one; its text is checked by JSON.parse where it is used. */
async function skip(r: Reader): Promise<void> {
  if (!ws(r)) await space(r);
  let depth = 0;
  let from = r.i;
  do {
    if (r.i >= r.s.length) {
      await tick(r, (r.i - from) / CHARS_A_UNIT);
      if (!(await more(r))) throw corrupt();
      from = r.i;
      continue;
    }
    const ch = r.s.charCodeAt(r.i);
    if (ch === 34) {
      await tick(r, (++r.i - from) / CHARS_A_UNIT);
      await pastString(r);
      from = r.i;
    } else if (ch === 123 || ch === 91) depth++, r.i++;
    else if (ch === 125 || ch === 93) {
      if (depth === 0) throw corrupt();
      depth--;
      r.i++;
    } else if (depth === 0) {
      // A number, true, false or null: up to what ends it, which may be in text not read yet.
      for (;;) {
        while (r.i < r.s.length && !/[,}\]\s]/.test(r.s[r.i]!)) r.i++;
        if (r.i < r.s.length || !(await more(r))) break;
      }
    } else r.i++;
    if (r.i - from >= SLICE * CHARS_A_UNIT) {
      await tick(r, (r.i - from) / CHARS_A_UNIT);
      from = r.i;
    }
  } while (depth > 0);
  await tick(r, (r.i - from) / CHARS_A_UNIT);
}

async function value(r: Reader): Promise<unknown> {
  if (!ws(r)) await space(r);
  r.mark = r.i;
  await skip(r);
  const text = r.s.slice(r.mark, r.i);
  r.mark = -1;
  try {
    return JSON.parse(text);
  } catch {
    throw corrupt();
  }
}

async function members(r: Reader, each: (key: string) => Promise<void>): Promise<void> {
  await eat(r, '{');
  if (!ws(r)) await space(r);
  if (r.s[r.i] === '}') return void r.i++;
  for (;;) {
    const key = await string(r);
    await eat(r, ':');
    await each(key);
    if (!ws(r)) await space(r);
    const ch = r.s[r.i++];
    if (ch === '}') return;
    if (ch !== ',') throw corrupt();
  }
}

async function elements(r: Reader, each: () => Promise<void>): Promise<void> {
  await eat(r, '[');
  if (!ws(r)) await space(r);
  if (r.s[r.i] === ']') return void r.i++;
  for (;;) {
    await each();
    if (!ws(r)) await space(r);
    const ch = r.s[r.i++];
    if (ch === ']') return;
    if (ch !== ',') throw corrupt();
  }
}

/** One change, `[at, "state"]`, matched where it stands (no array is made for it). */
const CHANGE = new RegExp(
  `\\[[ \\t\\n\\r]*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)[ \\t\\n\\r]*,[ \\t\\n\\r]*"(${HEALTHS.join('|')})"[ \\t\\n\\r]*\\]`,
  'y',
);
const STATE_OF = new Map(HEALTHS.map((h, i) => [h, i]));

/** A platform's changes as read: the newest MAX_CHANGES of them, in typed arrays until they are kept. */
interface Read {
  at: Float64Array;
  state: Uint8Array;
  n: number;
  /** Where the newest MAX_CHANGES start once more were read (a ring). */
  start: number;
}

async function changes(r: Reader): Promise<Read> {
  const out: Read = { at: new Float64Array(16), state: new Uint8Array(16), n: 0, start: 0 };
  await eat(r, '[');
  if (!ws(r)) await space(r);
  if (r.s[r.i] === ']') {
    r.i++;
    return out;
  }
  // Most of a file: one change after another, matched where they stand, with no await between them but a pause.
  for (;;) {
    if (r.s.length - r.i < AHEAD && !r.eof) await fill(r);
    CHANGE.lastIndex = r.i;
    const m = CHANGE.exec(r.s);
    if (m) {
      r.i = CHANGE.lastIndex;
      const at = Number(m[1]);
      if (!Number.isFinite(at)) throw format();
      push(out, at, STATE_OF.get(m[2] as Change[1])!);
    } else {
      // Not JSON: corrupt; JSON of another shape: format. A change spread over more text than is read ahead is one.
      const v = await value(r);
      if (!Array.isArray(v) || v.length !== 2 || !isNum(v[0]) || !STATE_OF.has(v[1] as Change[1])) throw format();
      push(out, v[0], STATE_OF.get(v[1] as Change[1])!);
    }
    if (!ws(r)) await space(r);
    const ch = r.s[r.i++];
    if (ch === ']') return out;
    if (ch !== ',') throw corrupt();
    if (++r.work >= CHECK) await tick(r, 0);
  }
}

function push(l: Read, at: number, state: number): void {
  if (l.n < MAX_CHANGES && l.n === l.at.length) {
    const size = Math.min(MAX_CHANGES, l.n * 2);
    const bigger = { at: new Float64Array(size), state: new Uint8Array(size) };
    bigger.at.set(l.at);
    bigger.state.set(l.state);
    l.at = bigger.at;
    l.state = bigger.state;
  }
  if (l.n < MAX_CHANGES) {
    l.at[l.n] = at;
    l.state[l.n++] = state;
    return;
  }
  l.at[l.start] = at;
  l.state[l.start] = state;
  l.start = (l.start + 1) % MAX_CHANGES;
}

/** The changes read, oldest first. */
function columnsOf(l: Read): ChangeColumns {
  if (l.n < MAX_CHANGES || l.start === 0) return { at: l.at, state: l.state, n: l.n };
  const at = new Float64Array(l.n);
  const state = new Uint8Array(l.n);
  at.set(l.at.subarray(l.start));
  at.set(l.at.subarray(0, l.start), l.n - l.start);
  state.set(l.state.subarray(l.start));
  state.set(l.state.subarray(0, l.start), l.n - l.start);
  return { at, state, n: l.n };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const SEVERITIES = new Set(['critical', 'warning', 'info']);
const CLOSED_HOW = new Set(['stopped', 'down', 'lapsed']);

function incident(v: unknown): IncidentEntry {
  if (!isObject(v)) throw format();
  const { id, check, platform, title, text, severity, firstAt, alertAt, recoveredAt, handedOverAt, handedTo } = v;
  if (!isStr(id) || !isStr(check) || !isStr(title) || !isNum(firstAt) || !isNum(alertAt)) throw format();
  if (!SEVERITIES.has(severity as string)) throw format();
  if (platform !== undefined && !isStr(platform)) throw format();
  if (recoveredAt !== undefined && !isNum(recoveredAt)) throw format();
  if (handedOverAt !== undefined && !isNum(handedOverAt)) throw format();
  if (handedTo !== undefined && !isStr(handedTo)) throw format();
  const { closedAt, closedHow } = v;
  const closed = isNum(closedAt) && CLOSED_HOW.has(closedHow as string);
  return {
    id,
    check,
    ...(platform !== undefined ? { platform } : {}),
    title,
    // Its words for the reader's locale, when they look like a finding's; else its title as recorded serves.
    ...(isObject(text) && isStr(text.key) && text.key.startsWith('finding.') && isObject(text.params)
      ? { text: text as unknown as NonNullable<IncidentEntry['text']> }
      : {}),
    severity: severity as IncidentEntry['severity'],
    firstAt,
    alertAt,
    ...(recoveredAt !== undefined ? { recoveredAt } : {}),
    ...(handedOverAt !== undefined ? { handedOverAt } : {}),
    ...(handedTo !== undefined ? { handedTo } : {}),
    ...(closed ? { closedAt, closedHow: closedHow as NonNullable<IncidentEntry['closedHow']> } : {}),
    ...writeUp(v),
  };
}

const isText = (v: unknown): v is NonNullable<IncidentEntry['text']> =>
  isObject(v) && isStr(v.key) && v.key.startsWith('finding.') && isObject(v.params);

const STEPS = new Set<IncidentStep['what']>([
  'restart',
  'start',
  'fix',
  'hermes_reconnected',
  'hermes_report',
  'became',
]);

function holdOf(v: Record<string, unknown>): NonNullable<IncidentStep['held']> {
  return {
    since: v.since as number,
    code: v.code as string,
    ...(Array.isArray(v.platforms) && v.platforms.every(isStr) ? { platforms: v.platforms } : {}),
    ...(isStr(v.state) ? { state: v.state } : {}),
    ...(isNum(v.agents) ? { agents: v.agents } : {}),
  };
}

function step(v: unknown): IncidentStep[] {
  if (!isObject(v) || !isNum(v.at) || !STEPS.has(v.what as IncidentStep['what'])) return [];
  const out: IncidentStep = { at: v.at, what: v.what as IncidentStep['what'] };
  if (isStr(v.actor)) out.actor = v.actor;
  if (typeof v.ok === 'boolean') out.ok = v.ok;
  if (isNum(v.endedAt)) out.endedAt = v.endedAt;
  if (Array.isArray(v.partial) && v.partial.every(isStr)) out.partial = v.partial;
  if (isStr(v.platform)) out.platform = v.platform;
  if (isText(v.text)) out.text = v.text;
  if (isStr(v.title)) out.title = v.title;
  if (isStr(v.kind)) out.kind = v.kind;
  if (isObject(v.held) && isNum(v.held.since) && isStr(v.held.code)) out.held = holdOf(v.held);
  return [out];
}

/**
 * An entry's write-up (model.ts): what this version keeps beyond the figures. A part it cannot read is left out, not
 * the entry: the figures stand without it.
 */
function writeUp(v: Record<string, unknown>): Partial<IncidentEntry> {
  const out: Partial<IncidentEntry> = {};
  if (isNum(v.n) && v.n >= 1) out.n = Math.floor(v.n);
  if (isNum(v.detectedAt)) out.detectedAt = v.detectedAt;
  if (v.firstUncertain === true) out.firstUncertain = true;
  if (v.alertHeld === true) out.alertHeld = true;
  if (isNum(v.toldAt)) out.toldAt = v.toldAt;
  if (v.firstSeen === true) out.firstSeen = true;
  if (isNum(v.firstAfter) && isNum(v.firstAt) && v.firstAfter < v.firstAt) out.firstAfter = v.firstAfter;
  for (const k of ['cause', 'scope', 'by', 'actor', 'endTitle', 'endPlatform'] as const) if (isStr(v[k])) out[k] = v[k];
  if (isText(v.endText)) out.endText = v.endText;
  if (Array.isArray(v.steps)) out.steps = v.steps.slice(-MAX_STEPS).flatMap(step);
  if (Array.isArray(v.evidence))
    out.evidence = v.evidence
      .filter(isStr)
      .slice(-EVIDENCE_LINES)
      .map((l) => l.slice(0, EVIDENCE_CHARS));
  return out;
}

function restart(v: unknown): RestartEntry {
  if (!isObject(v) || !isNum(v.at) || typeof v.ok !== 'boolean' || !isStr(v.actor)) throw format();
  return { at: v.at, ok: v.ok, actor: v.actor };
}

function versionChange(v: unknown): VersionChange {
  if (!Array.isArray(v) || v.length !== 3 || !isNum(v[0]) || !(v[1] === null || isStr(v[1])) || !isStr(v[2]))
    throw format();
  return [v[0], v[1], v[2]];
}

/** An array's entries, checked one by one; the newest MAX_ENTRIES kept. */
async function entries<T>(r: Reader, check: (v: unknown) => T): Promise<T[]> {
  let out: T[] = [];
  await elements(r, async () => {
    out.push(check(await value(r)));
    if (out.length >= 2 * MAX_ENTRIES) out = out.slice(-MAX_ENTRIES);
    await tick(r, UNITS_AN_ENTRY);
  });
  return out.slice(-MAX_ENTRIES);
}

/** The history in a file's text, or why it is not one this version reads. */
export function parseHistory(
  text: string,
  target: string,
  o: { now: number; pause: () => Promise<void> },
): Promise<TargetHistory | Unreadable> {
  let given = false;
  const next = async () => (given ? undefined : ((given = true), text));
  return parsePieces(next, target, o);
}

/** The history in text read a piece at a time (`next`: the next piece, undefined at the end). */
export async function parsePieces(
  next: () => Promise<string | undefined>,
  target: string,
  o: { now: number; pause: () => Promise<void> },
): Promise<TargetHistory | Unreadable> {
  const r: Reader = {
    s: '',
    i: 0,
    eof: false,
    mark: -1,
    next,
    work: 0,
    looks: 0,
    since: monotonicMs(),
    pause: o.pause,
  };
  const seen: Record<string, unknown> = {};
  const read = new Map<string, Read>();
  try {
    await members(r, async (key) => {
      if (key === 'platforms') {
        await members(r, async (p) => {
          if (read.size >= MAX_PLATFORMS && !read.has(p)) return skip(r);
          read.set(p, await changes(r));
        });
        seen.platforms = true;
        return;
      }
      if (key === 'incidents') return void (seen.incidents = await entries(r, incident));
      if (key === 'restarts') return void (seen.restarts = await entries(r, restart));
      if (key === 'versions') return void (seen.versions = await entries(r, versionChange));
      if (['version', 'target', 'since', 'seenAt'].includes(key)) {
        seen[key] = await value(r);
        // A later gatewatch's file is said as such, whatever follows.
        if (key === 'version' && isNum(seen.version) && seen.version !== HISTORY_VERSION)
          throw new Refused('version', String(seen.version));
        return;
      }
      await skip(r); // a key this version does not know
    });
    await space(r);
    if (r.i !== r.s.length) throw corrupt();
  } catch (err) {
    if (err instanceof Refused) return { why: err.why, ...(err.detail !== undefined ? { detail: err.detail } : {}) };
    throw err;
  }
  r.s = '';
  const { version, since, seenAt, incidents, restarts, versions } = seen;
  if (version !== HISTORY_VERSION || !isStr(seen.target) || !isNum(since) || !isNum(seenAt)) return { why: 'format' };
  if (!seen.platforms || !incidents || !restarts) return { why: 'format' };
  const h: TargetHistory = {
    version: HISTORY_VERSION,
    target,
    since,
    seenAt,
    platforms: {},
    incidents: incidents as IncidentEntry[],
    restarts: restarts as RestartEntry[],
    ...(versions ? { versions: versions as VersionChange[] } : {}),
  };
  // Each platform's arrays are made within the bound one at a time: the whole file's never exist at once.
  const cap = changeCap([...read.values()].map((l) => l.n));
  for (const [p, l] of read) {
    read.delete(p);
    if (!l.n) continue;
    h.platforms[p] = compactColumns(columnsOf(l), o.now, cap);
    // Folding a long list takes tens of milliseconds: a pause after each.
    await tick(r, l.n > cap ? SLICE : l.n);
  }
  return h;
}

/** Why a file could not be read, from the error its read threw. */
function readError(err: unknown): Unreadable | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return undefined;
  if (code === 'EFBIG') return { why: 'too_big' };
  if (code === 'ENOTREG') return { why: 'not_file' };
  return { why: 'unreadable', detail: code ?? (err as Error).message };
}

/**
 * A history file read: the history, why it is not one, or undefined when there is none. Read and parsed a piece of
 * `chunkBytes` at a time: the file's whole text never exists at once.
 */
export async function readHistory(
  file: string,
  target: string,
  o: { now: number; pause: () => Promise<void>; chunkBytes?: number },
): Promise<TargetHistory | Unreadable | undefined> {
  let pieces: TextPieces;
  try {
    // A link is not followed: what it points at is not the history's to read (nor, at a save, to replace).
    if ((await lstat(file)).isSymbolicLink()) return { why: 'link' };
    pieces = await openTextPieces(file, MAX_STATE_BYTES, o.chunkBytes ?? CHUNK_BYTES);
  } catch (err) {
    return readError(err);
  }
  try {
    return await parsePieces(pieces.next, target, o);
  } catch (err) {
    // The file grew past the cap, or a read failed, as it was being read.
    if (!(err as NodeJS.ErrnoException).code) throw err;
    return readError(err) ?? { why: 'unreadable', detail: 'ENOENT' };
  } finally {
    await pieces.close();
  }
}

export const isUnreadable = (x: TargetHistory | Unreadable): x is Unreadable => 'why' in x;

/** Why a file was not read, in words. */
export const unreadableReason = (locale: Locale, u: Unreadable): string =>
  t(locale, `uptime.unread.${u.why}`, { detail: u.detail ?? '' });

/** What the CLI says of a file it did not read. */
export function unreadableWords(locale: Locale, file: string, u: Unreadable): string {
  return t(locale, 'uptime.unread', { file, why: unreadableReason(locale, u) });
}
