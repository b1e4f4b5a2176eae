// How fast gateway.log grows, and which line makes it grow (hermes-gateway-current.md §6 DingTalk: a reconnect storm
// wrote 315 MB). Fed with the lines the live tailer has just read, so it costs nothing beyond the new bytes: no stat
// loop, no re-read. The tailer already copes with rotation (it finishes the renamed inode, then follows the new file)
// and copytruncate (it starts over at 0): every byte reaches us once.
import type { LogGrowth } from '../evidence.js';
import { redact } from '../util/redact.js';

export interface FloodMeterOptions {
  file: string;
  /** The rate is judged over this window (default 10 min). */
  windowMs?: number;
  /** Granularity of the window (default 30 s). */
  bucketMs?: number;
  /** Lines normalised per bucket to find the repeating one; the rest are only counted (bounds the CPU of a storm). */
  samplePerBucket?: number;
  /** Distinct normalised lines kept per bucket. */
  maxKeys?: number;
  /** When following began (epoch ms); default: the first lines pushed. */
  startedAt?: number;
}

export interface FloodMeter {
  /**
   * Lines the tailer read, at `at` (epoch ms). Only new lines: the tailer resumes where the history read ended.
   * `bytes`: what they took in the file, when the reader knows (else each line is measured: a tenth of a busy log's cost).
   */
  push(lines: readonly string[], at: number, bytes?: number): void;
  /** As push, for pieces of whole lines joined by `\n` (LineDecoder.take's `pieces`): only the sampled lines are split out. */
  pushText(pieces: readonly string[], at: number, bytes?: number): void;
  snapshot(now: number): LogGrowth | undefined;
}

interface Bucket {
  start: number;
  bytes: number;
  lines: number;
  sampled: number;
  counts: Map<string, { n: number; sample: string }>;
}

const STAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[,.]\d+)?\s+/;
const MAX_KEY = 300;

/** Uuids, hex ids and numbers masked: none of the masks matches a newline, so lines joined are masked alike. */
const maskIds = (text: string): string =>
  text
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '<id>')
    .replace(/\d+(?:\.\d+)?/g, '#');

/** The line with what changes between repeats masked: timestamp, uuids, hex ids, numbers. */
export function normaliseLine(line: string): string {
  return maskIds(line.replace(STAMP, '').slice(0, MAX_KEY)).trim();
}

/** STAMP at a line's start inside lines joined by `\n` (its spaces never the newline). */
const STAMPS = /(^|\n)\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[,.]\d+)?(?:(?!\n)\s)+/g;

/**
 * normaliseLine of each line, each mask run once over the lines joined (one native pass each, not three calls a
 * line): the keys split back one to one. A line longer than a key is cut first: line by line.
 */
export function normaliseLines(lines: readonly string[]): string[] {
  for (const l of lines) if (l.length > MAX_KEY) return lines.map(normaliseLine);
  const keys = maskIds(lines.join('\n').replace(STAMPS, '$1')).split('\n');
  for (let i = 0; i < keys.length; i++) keys[i] = keys[i]!.trim();
  return keys;
}

export function createFloodMeter(o: FloodMeterOptions): FloodMeter {
  const windowMs = o.windowMs ?? 10 * 60_000;
  const bucketMs = o.bucketMs ?? 30_000;
  const samplePer = o.samplePerBucket ?? 2000;
  const maxKeys = o.maxKeys ?? 500;
  const buckets: Bucket[] = [];
  let since: number | undefined = o.startedAt;

  const bucketAt = (at: number): Bucket => {
    const start = at - (at % bucketMs);
    let b = buckets[buckets.length - 1];
    if (!b || b.start !== start) {
      b = { start, bytes: 0, lines: 0, sampled: 0, counts: new Map() };
      buckets.push(b);
    }
    return b;
  };

  /** Normalise lines into the bucket's counts until it has sampled samplePer; `joined`: all at once (normaliseLines). */
  const sample = (b: Bucket, lines: readonly string[], joined = false) => {
    const keys = joined ? normaliseLines(lines) : undefined;
    for (let i = 0; i < lines.length && b.sampled < samplePer; i++) {
      const l = lines[i]!;
      if (!l.trim()) continue;
      b.sampled++;
      const key = keys ? keys[i]! : normaliseLine(l);
      const c = b.counts.get(key);
      if (c) c.n++;
      else if (b.counts.size < maxKeys) b.counts.set(key, { n: 1, sample: l.slice(0, 500) });
    }
  };

  const prune = (now: number) => {
    while (buckets.length && buckets[0]!.start + bucketMs <= now - windowMs) buckets.shift();
  };

  return {
    push(lines, at, bytes) {
      since ??= at;
      if (!lines.length) return;
      prune(at);
      const b = bucketAt(at);
      b.lines += lines.length;
      if (bytes !== undefined) b.bytes += bytes;
      else for (const l of lines) b.bytes += Buffer.byteLength(l) + 1;
      sample(b, lines);
    },
    pushText(pieces, at, bytes) {
      since ??= at;
      if (!pieces.length) return;
      prune(at);
      const b = bucketAt(at);
      for (const t of pieces) {
        // A piece of n lines holds n - 1 newlines (found natively, no copy of the piece made), and each line had its own in
        // the file.
        let n = 1;
        for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) n++;
        b.lines += n;
        if (bytes === undefined) b.bytes += Buffer.byteLength(t) + 1;
        const need = samplePer - b.sampled;
        if (need <= 0) continue;
        // Blank lines are not sampled: a split cut at `need` lines may come short, then the piece is split whole.
        const head = t.split('\n', need);
        sample(b, head, true);
        if (b.sampled < samplePer && head.length < n) sample(b, t.split('\n').slice(head.length), true);
      }
      if (bytes !== undefined) b.bytes += bytes;
    },
    snapshot(now) {
      if (since === undefined) return undefined;
      prune(now);
      const spanMs = Math.min(windowMs, now - since);
      let bytes = 0;
      let lines = 0;
      let sampled = 0;
      let lastMinuteBytes = 0;
      const totals = new Map<string, { n: number; sample: string }>();
      for (const b of buckets) {
        bytes += b.bytes;
        lines += b.lines;
        sampled += b.sampled;
        if (b.start + bucketMs > now - 60_000) lastMinuteBytes += b.bytes;
        for (const [k, v] of b.counts) {
          const t = totals.get(k);
          if (t) t.n += v.n;
          else totals.set(k, { ...v });
        }
      }
      let top: [string, { n: number; sample: string }] | undefined;
      for (const e of totals) if (!top || e[1].n > top[1].n) top = e;
      return {
        file: o.file,
        bytes,
        lines,
        spanMs,
        lastMinuteBytes,
        ...(top ? { top: { line: redact(top[0]), sample: redact(top[1].sample), count: top[1].n, sampled } } : {}),
      };
    },
  };
}
