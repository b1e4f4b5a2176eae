// Follows gateway.log from a saved byte position, reading only new bytes (log-tail-read.ts: the reads, across
// rotations and truncations), on file events (log-tail-events.ts) with a poll as a safety net.
import path from 'node:path';
import type { Clock } from '../util/clock.js';
import { DEFAULT_MAX_LINE_BYTES } from './line-decoder.js';
import { createTailEvents } from './log-tail-events.js';
import { createTailReader, type LogPosition } from './log-tail-read.js';

export { splitLines, DEFAULT_MAX_LINE_BYTES } from './line-decoder.js';
export type { LogPosition } from './log-tail-read.js';

/** The safety-net poll while fs.watch delivers events. */
const WATCHED_POLL_MS = 5_000;
/**
 * Hermes writes each line with a write() of its own: 50 lines a second are 50 file events. The first event after a
 * quiet spell is read at once (a failure line is judged without delay); the writes of the next `batchMs` are answered
 * by one read at its end, with the watch stopped meanwhile (log-tail-events.ts), so a busy log costs a wake-up and a
 * read per window, not one per line (with the evaluations' own half-second throttle, a line amid a burst is judged
 * within 0.75 s).
 */
export const DEFAULT_BATCH_MS = 250;

export interface LogTailOptions {
  file: string;
  /** Where to resume. Without one, an existing file is followed from its end (history is log-history's job). */
  position?: LogPosition;
  /** Without a position: `end` (default) follows new lines only, `start` reads the existing file first. */
  startAt?: 'end' | 'start';
  /** Polling fallback, because file events are missing on some filesystems (NFS, some containers). */
  pollMs?: number;
  /** Use fs.watch on the directory for low latency (default true). */
  watch?: boolean;
  /** File events this soon after the read an event began are folded into one read at the window's end (DEFAULT_BATCH_MS). */
  batchMs?: number;
  /** The batch window's and the poll's timers. */
  clock: Pick<Clock, 'timer'>;
  /**
   * The safety-net poll's timer while file events arrive, when it may come a little early or late: one whose wake-ups
   * serve other work too (the liveness pulse's beats), so the poll costs the idle daemon no wake-up of its own.
   */
  backstop?: Pick<Clock, 'timer'>;
  /** Longer lines are cut to this many bytes; the rest of the line is dropped. */
  maxLineBytes?: number;
  chunkBytes?: number;
  /** onLines is handed pieces of whole lines, not single lines: the reader splits out only the lines it needs. */
  pieces?: boolean;
  /**
   * `bytes`: what the lines took in the file, newlines included (a reader counting growth need not measure each line).
   * With `pieces`, each string is one or more whole lines joined by `\n` (see LineDecoder.take).
   */
  onLines(lines: string[], position: LogPosition, bytes: number): void | Promise<void>;
  /** Unexpected read errors, reported once per distinct error until a read succeeds. A missing file is not one. */
  onError?(err: Error): void;
}

export interface TailStats {
  bytesRead: number;
  passes: number;
  /** File events that woke the tail. */
  events: number;
  /** Strings handed to onLines: lines, or pieces with `pieces`. */
  lines: number;
}

export interface LogTail {
  start(): void;
  /** Stops watching and closes the file once an in-flight read is done. Final. */
  stop(): Promise<void>;
  /** Reads whatever is new now; resolves after a read that began after this call. Never rejects. */
  readNow(): Promise<void>;
  position(): LogPosition | undefined;
  stats(): TailStats;
  /** Why the last read failed (e.g. `… is not a regular file (a FIFO)`); undefined after a good read or a missing file. */
  error(): string | undefined;
}

// A catch-up after a burst reads in few, large steps; a quiet log's reads are as small as what was written.
const DEFAULT_CHUNK = 1024 * 1024;

export function createLogTail(opts: LogTailOptions): LogTail {
  const file = path.resolve(opts.file);
  const dir = path.dirname(file);
  const base = path.basename(file);
  const pollMs = Math.max(10, opts.pollMs ?? 1000);
  const maxLine = Math.max(256, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const chunk = Math.max(4096, opts.chunkBytes ?? DEFAULT_CHUNK);
  const batchMs = Math.max(0, opts.batchMs ?? DEFAULT_BATCH_MS);
  const { clock } = opts;

  let stopped = false;
  let started = false;
  let cancelPoll: (() => void) | null = null;
  let chain: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  let lastErr: string | undefined;
  let currentErr: string | undefined;
  const stats: TailStats = { bytesRead: 0, passes: 0, events: 0, lines: 0 };

  /** Reported once per distinct error until a read succeeds. */
  function report(e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    const key = (err as NodeJS.ErrnoException).code ?? err.message;
    if (key === lastErr) return;
    lastErr = key;
    opts.onError?.(err);
  }

  const reader = createTailReader({
    file,
    position: opts.position,
    startAt: opts.startAt ?? 'end',
    maxLineBytes: maxLine,
    chunkBytes: chunk,
    pieces: opts.pieces === true,
    stats,
    onLines: (lines, position, bytes) => opts.onLines(lines, position, bytes),
    report,
    stopped: () => stopped,
  });

  async function pass(): Promise<void> {
    if (stopped) return;
    stats.passes++;
    try {
      await reader.pass();
      lastErr = undefined;
      currentErr = undefined;
    } catch (e) {
      currentErr = e instanceof Error ? e.message : String(e);
      report(e);
      // Start over from the last good position on the next pass.
      await reader.startOver();
    }
  }

  function readNow(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (queued) return queued;
    const next = chain.then(() => {
      queued = null;
      return pass();
    });
    queued = next;
    chain = next;
    return next;
  }

  const kick = () => void readNow();
  const events = createTailEvents({
    dir,
    base,
    batchMs,
    clock,
    watch: opts.watch !== false,
    read: kick,
    woke: () => void stats.events++,
    stopped: () => stopped,
  });

  return {
    start() {
      if (started || stopped) return;
      started = true;
      events.watch();
      // While file events arrive the poll is only a safety net (an event lost, a watcher that died quietly): a
      // quiet gateway's log is not stat'ed every second.
      const wait = () =>
        events.watching()
          ? (opts.backstop ?? clock).timer(tick, Math.max(pollMs, WATCHED_POLL_MS))
          : clock.timer(tick, pollMs);
      const tick = () => {
        events.watch();
        kick();
        if (!stopped) cancelPoll = wait();
      };
      cancelPoll = wait();
      kick();
    },
    async stop() {
      stopped = true;
      cancelPoll?.();
      cancelPoll = null;
      events.stop();
      await chain;
      await reader.close();
    },
    readNow,
    position: reader.position,
    stats: () => ({ ...stats }),
    error: () => currentErr,
  };
}
