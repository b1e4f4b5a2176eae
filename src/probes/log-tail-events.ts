// What wakes a log tail (log-tail.ts) between its polls: file events in the log's directory, folded into one read per
// batch window.
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

  function onEvent(): void {
    if (batchMs === 0) return read();
    if (cancelBatch) {
      eventInBatch = true;
      return;
    }
    read();
    openBatch();
  }

  function openBatch(): void {
    cancelBatch = clock.timer(() => {
      cancelBatch = null;
      if (!eventInBatch || o.stopped()) return;
      eventInBatch = false;
      read();
      openBatch();
    }, batchMs);
  }

  return {
    watch() {
      if (!o.watch || watcher || o.stopped()) return;
      try {
        const w = watch(o.dir, (_ev, name) => {
          // Some platforms give no name: treat it as "something changed".
          if (!name || name === o.base || name.startsWith(`${o.base}.`)) onEvent();
        });
        w.on('error', () => {
          w.close();
          if (watcher === w) watcher = null; // polling carries on; retried on the next tick
        });
        watcher = w;
      } catch {
        watcher = null; // directory missing or watch unsupported
      }
    },
    watching: () => watcher !== null,
    stop() {
      cancelBatch?.();
      cancelBatch = null;
      watcher?.close();
      watcher = null;
    },
  };
}
