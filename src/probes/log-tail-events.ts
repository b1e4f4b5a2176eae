// What wakes a log tail (log-tail.ts) between its polls: file events in the log's directory, folded into one read per
// batch window. Hermes writes each record with a write() of its own, and each write is a file event that wakes the
// process: at 50 lines a second that cost as much as the reads (issue 56). So the first event of a window stops the
// watch for the rest of it; the window's end watches again, then reads what came meanwhile. A busy log wakes the
// tail about once a window, a quiet one at every write (the first line of a burst is read at once).
import { watch, type FSWatcher } from 'node:fs';
import type { Clock } from '../util/clock.js';

export interface TailEventsOptions {
  dir: string;
  /** The log's file name: events for it and its rotations (`<base>.1`) wake the tail. */
  base: string;
  /** Events this soon after the read an event began are folded into one read at the window's end; 0: each is read. */
  batchMs: number;
  clock: Pick<Clock, 'timer'>;
  /** false: no watcher, the poll alone. */
  watch: boolean;
  /** Asks for a read. */
  read(): void;
  /** Called for each file event that woke the tail (TailStats.events). */
  woke?(): void;
  /** The tail was stopped: a window's end reads nothing. */
  stopped(): boolean;
}

export interface TailEvents {
  /** Watches the directory, unless it already does (or may not); a watcher that failed is tried again. */
  watch(): void;
  watching(): boolean;
  stop(): void;
}

export function createTailEvents(o: TailEventsOptions): TailEvents {
  const { batchMs, clock, read } = o;
  let watcher: FSWatcher | null = null;
  // The open batch window, and whether an event came during it.
  let cancelBatch: (() => void) | null = null;
  let eventInBatch = false;
  // The watch was stopped for the rest of the window: its end watches again and reads.
  let paused = false;

  function onEvent(): void {
    o.woke?.();
    if (batchMs === 0) return read();
    if (cancelBatch) {
      eventInBatch = true;
      pause();
      return;
    }
    read();
    pause();
    openBatch();
  }

  function pause(): void {
    if (!watcher) return;
    watcher.close();
    watcher = null;
    paused = true;
  }

  function openBatch(): void {
    cancelBatch = clock.timer(() => {
      cancelBatch = null;
      if (o.stopped()) return;
      // Watched again before the read: a write after it is an event, one before it is in the read.
      const resumed = paused;
      if (paused) {
        paused = false;
        start();
      }
      if (!eventInBatch && !resumed) return;
      eventInBatch = false;
      read();
      openBatch();
    }, batchMs);
  }

  function start(): void {
    if (!o.watch || watcher || o.stopped()) return;
    try {
      const w = watch(o.dir, (_ev, name) => {
        // Some platforms give no name: treat it as "something changed".
        if (watcher === w && (!name || name === o.base || name.startsWith(`${o.base}.`))) onEvent();
      });
      w.on('error', () => {
        w.close();
        if (watcher === w) watcher = null; // polling carries on; retried on the next tick
      });
      watcher = w;
    } catch {
      watcher = null; // directory missing or watch unsupported
    }
  }

  return {
    watch: start,
    // A watch stopped for the rest of a window is watched again at its end.
    watching: () => watcher !== null || paused,
    stop() {
      cancelBatch?.();
      cancelBatch = null;
      watcher?.close();
      watcher = null;
      paused = false;
    },
  };
}
