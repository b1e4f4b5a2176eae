// A watched gateway's own log (target.ts): its history read once, then followed live by a tail into a run tracker and
// the flood meter.
import type { Logger } from 'pino';
import type { TargetConfig } from '../config/schema.js';
import type { Evidence } from '../evidence.js';
import { createLogTail, type LogPosition, type LogTail } from '../probes/log-tail.js';
import { readLogHistory, tailStart } from '../probes/log-history.js';
import { createRunTracker, type RunTracker } from '../probes/run-tracker.js';
import { createFloodMeter } from '../probes/log-flood.js';
import { feedLogHours } from '../probes/log-hours.js';
import { hoursNeedles } from '../probes/hours-needles.js';
import { runGroups } from '../detectors/common.js';
import { limiter } from '../util/limit.js';
import type { OpenRegular } from '../util/look-files.js';
import type { Clock } from '../util/clock.js';

// A first history read may hold up to its byte budget (8 MB) in memory: 50 profiles starting together read a few at
// a time, not all at once.
const historySlots = limiter(4);

export interface TargetLogOptions {
  target: TargetConfig;
  log: Logger;
  clock: Clock;
  /** The tail's safety-net poll's timer (LogTailOptions.backstop). */
  backstop?: Pick<Clock, 'timer'>;
  /** Where an earlier run's tail stopped. */
  position?: LogPosition;
  onPosition?: (p: LogPosition) => void;
  /**
   * New lines: `traffic` when none of them is news (src/probes/line-news.ts: each is ordinary message traffic or a
   * record no detector reads), else `log`.
   */
  news(why: 'log' | 'traffic'): void;
}

export interface TargetLog {
  /**
   * Reads the history and makes the tail, once; a later call waits for the first. `files`: how the history opens the
   * log (the look's shared opening, src/util/look-files.ts); the tail opens its own, which it keeps. True when this
   * call read the history: the log as it is now, which a catch-up right after would read again.
   */
  open(files?: OpenRegular): Promise<boolean>;
  /** Whether open() was called. */
  opened(): boolean;
  /** The tail reads what is new now (after open); never rejects. */
  catchUp(): Promise<void>;
  /** The log as the tracker holds it now, and its growth rate at `t`: what a gather and a glance read alike. */
  at(t: number): Pick<Evidence, 'log' | 'logGrowth'>;
  /** Follows the log live (after open). */
  start(): void;
  stop(): Promise<void>;
  position(): LogPosition | undefined;
}

export function createTargetLog(o: TargetLogOptions): TargetLog {
  const { target, clock } = o;
  const now = clock.now;
  let tail: LogTail | undefined;
  let tracker: RunTracker | undefined;
  // log_flood: the growth rate from the bytes the tailer reads anyway.
  const flood = createFloodMeter({ file: target.log_file, startedAt: now() });

  // The history read ends where tailing must begin, or lines written in between are lost. A saved position from an
  // earlier run is only a fallback: the history already covers the current run.
  let ready: Promise<void> | undefined;
  const open = async (files?: OpenRegular) => {
    if (ready !== undefined) return ready.then(() => false);
    await (ready = (async () => {
      const history = await historySlots(() => readLogHistory(target.log_file, {}, files));
      // The detectors' groups kept as records come and go: a view hands them over without a pass over the whole run.
      const tr = createRunTracker(history, undefined, runGroups);
      tail = createLogTail({
        file: target.log_file,
        clock,
        backstop: o.backstop,
        ...tailStart(history, o.position),
        // Pieces of whole lines: the tracker (which says whether any is news) and the flood meter each cut out only the
        // lines they need.
        pieces: true,
        onLines: (pieces, pos, bytes) => {
          const news = tr.pushText(pieces);
          flood.pushText(pieces, now(), bytes);
          // The hours' lines of gateway.log (log-hours.ts): from these, not read from the file again.
          feedLogHours(target.log_file, hoursNeedles(), pieces, pos, bytes);
          if (pieces.length) o.news(news ? 'log' : 'traffic');
          o.onPosition?.(pos);
        },
        onError: (err) => o.log.debug({ err: String(err), target: target.name }, 'log tail error'),
      });
      tracker = tr;
    })());
    return true;
  };

  return {
    open,
    opened: () => ready !== undefined,
    catchUp: () => tail!.readNow().catch(() => undefined),
    at(t) {
      const log = tracker!.view();
      // The tailer's own failure (the log became a FIFO, lost its permissions) is news the history read cannot give.
      const tailError = tail!.error();
      if (tailError) log.error = tailError;
      const growth = flood.snapshot(t);
      return growth ? { log, logGrowth: growth } : { log };
    },
    start: () => tail!.start(),
    stop: async () => tail?.stop(),
    position: () => tail?.position(),
  };
}
