// A profile the root multiplexes: the runner's lines about it are in the root's gateway.log (§2.6). Followed from the
// first evaluation that finds the profile served; a line naming it is news for it.
import type { Logger } from 'pino';
import type { LogView } from '../evidence.js';
import { createLogTail, type LogTail } from '../probes/log-tail.js';
import { readLogHistory, tailStart } from '../probes/log-history.js';
import { createRunTracker, type RunTracker } from '../probes/run-tracker.js';
import { namedProfile } from '../probes/profile-log.js';
import { parseLogLine } from '../probes/log-parse.js';
import type { Clock } from '../util/clock.js';

export interface RootLogOptions {
  /** The served profile's own target name, for the log. */
  target: string;
  log: Logger;
  clock: Clock;
  /** The tail's safety-net poll's timer (LogTailOptions.backstop). */
  backstop?: Pick<Clock, 'timer'>;
  /** A line of the root's log naming the profile. */
  news(): void;
}

export interface RootLog {
  /** The root's log `file`, caught up now: followed (and live, once started) from the first call on. */
  view(file: string, profile: string): Promise<LogView>;
  /** Follows the root's log live, once it is followed. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createRootLog(o: RootLogOptions): RootLog {
  let started = false;
  let rootStarted = false;
  const startRoot = (t: LogTail) => {
    if (rootStarted) return;
    rootStarted = true;
    t.start();
  };
  let rootLog: Promise<{ tr: RunTracker; tail: LogTail }> | undefined;
  const followRoot = (file: string, profile: string) =>
    (rootLog ??= (async () => {
      const history = await readLogHistory(file);
      const tr = createRunTracker(history);
      const rootTail = createLogTail({
        file,
        clock: o.clock,
        backstop: o.backstop,
        ...tailStart(history),
        onLines: (lines) => {
          tr.pushLines(lines);
          if (
            lines.some((l) => {
              const r = parseLogLine(l);
              return !!r && namedProfile(r) === profile;
            })
          )
            o.news();
        },
        onError: (err) => o.log.debug({ err: String(err), target: o.target, file }, 'root log tail error'),
      });
      if (started) startRoot(rootTail);
      return { tr, tail: rootTail };
    })());

  return {
    async view(file, profile) {
      const root = await followRoot(file, profile);
      await root.tail.readNow().catch(() => undefined);
      return root.tr.view();
    },
    async start() {
      started = true;
      if (rootLog !== undefined) startRoot((await rootLog).tail);
    },
    async stop() {
      if (rootLog !== undefined) await (await rootLog).tail.stop();
    },
  };
}
