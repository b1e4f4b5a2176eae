// Per platform, the newest inbound line a run tracker's caps dropped (raw: parsed only when a view is asked for). A
// busy run's traffic leaves the view, but "when did Telegram last hear anything" must not.
import { parseLogLine } from './log-parse.js';
import type { WriterZone } from './log-zone.js';
import { RUNNER_INBOUND, trafficInboundPlatform } from './log-traffic.js';
import { own } from './run-keep.js';

export interface InboundMemory {
  /** A dropped line of the runner's traffic: noted if it is an inbound line naming a platform. */
  traffic(raw: string): void;
  /** Any other dropped line (a record, a line with continuation lines): noted if it is the runner's inbound line. */
  record(raw: string): void;
  /** `p`'s newest dropped inbound line; `last`: `p` is what the next traffic line likely names too. */
  set(p: string, raw: string, last: boolean): void;
  /** The lines noted during a batch own their text, once the batch is in (see `own`). */
  own(): void;
  /** A new run: nothing dropped yet. */
  clear(): void;
  /** Each platform's newest dropped inbound line's time; undefined when none. */
  stamps(): Record<string, number> | undefined;
}

/** `seen`: the times a run's earlier reader noted (a history read's view, handed on to the tracker that tails on). */
/** `zone`: the zone the log's lines are written in, as the log last said (log-zone.ts). */
export function createInboundMemory(seen: Record<string, number> | undefined, zone: () => WriterZone): InboundMemory {
  let lines = new Map<string, string>();
  let before = new Map(Object.entries(seen ?? {}));
  // Lines set during this batch, still cut from the tailer's read: owned once the batch is in (a busy batch sets
  // thousands, of which only the last per platform stays).
  let cut = false;
  let lastPlatform: string | undefined;
  const set = (p: string, raw: string, last: boolean) => {
    lines.set(p, raw);
    cut = true;
    if (last) lastPlatform = p;
  };
  return {
    traffic(raw) {
      const p = trafficInboundPlatform(raw, lastPlatform);
      if (p) set(p, raw, true);
    },
    record(raw) {
      if (!raw.includes(' gateway.run: inbound message: ')) return;
      const p = RUNNER_INBOUND.exec(raw)?.[1];
      if (p) set(p, raw, false);
    },
    set,
    own() {
      if (!cut) return;
      cut = false;
      for (const [p, raw] of lines) lines.set(p, own(raw));
    },
    clear() {
      lines = new Map();
      before = new Map();
    },
    stamps() {
      if (!lines.size && !before.size) return undefined;
      // A line dropped since is the newer: it was written after all the earlier reader saw.
      const at: Record<string, number> = Object.fromEntries(before);
      for (const [p, raw] of lines) {
        const ts = parseLogLine(raw, zone())?.ts;
        if (ts !== undefined) at[p] = ts;
      }
      return at;
    },
  };
}
