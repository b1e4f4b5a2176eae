// The daemon's loop: the schedule, the live watch of every target (log bursts and process changes), and the timer of
// alerts.escalate. Everything it starts, stop() stops.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { TargetWatch } from '../watch/target.js';
import { leadingThrottle } from '../watch/throttle.js';
import { openIncidents } from '../incidents/machine.js';
import { every, type Clock } from '../util/clock.js';
import { cronSchedule, runSchedule } from '../util/schedule.js';
import type { PersistedState } from './state.js';
import type { Evaluation } from './evaluation.js';
import type { Alerting } from './alerting.js';

export interface LoopRuntime {
  /** Last scheduled tick (clock); set at start too, since the first tick is due within one period. */
  scheduledAt?: number;
  /** Longest gap between the schedule's next runs. */
  schedulePeriodMs?: number;
}

export interface LoopDeps {
  config: Pick<Config, 'schedule'>;
  watches: Map<string, TargetWatch>;
  evaluation: Pick<Evaluation, 'kick' | 'lastResult' | 'unsettledSince' | 'whenUnsettled'>;
  alerting: Pick<Alerting, 'escalateDue'>;
  /** alerts.escalate is configured: check what is due on a timer of its own (the schedule may be hourly). */
  escalate: boolean;
  state: Pick<PersistedState, 'incidents'>;
  runtime: LoopRuntime;
  clock: Clock;
  log: Logger;
  /** How long the rest of a log burst is gathered before it is judged (default 500 ms). */
  logBatchMs?: number;
}

/**
 * A judgement that could record nothing yet for a platform (the gateway starting, a drop inside the grace) is followed
 * by another this often, for at most SETTLE_FOR_MS of the same spell (the same platforms of the same process): the
 * files it read may have been a moment behind the log (a state file still saying "connecting" beside its connect
 * line), and the next log line or scheduled check may come only after the next change. Until a judgement records the
 * platform, its last state runs on in the history (down, after a death): a recovery went unrecorded until the next
 * kill, and an outage counted 6 s long for 12. The timer runs only while a spell is followed: an idle daemon's every
 * wake-up is CPU it pays for nothing (issue 62 item 5).
 */
export const SETTLE_EVERY_MS = 2_000;
export const SETTLE_FOR_MS = 60_000;

export async function startLoop(d: LoopDeps): Promise<{ stop(): void }> {
  const { watches, evaluation, log, runtime } = d;
  const timers: (() => void)[] = [];
  const schedule = await cronSchedule(d.config.schedule);
  const settling = followSpells(d);
  timers.push(settling.stop);
  evaluation.whenUnsettled(settling.follow);
  if ([...watches.keys()].some((name) => evaluation.unsettledSince(name) !== undefined)) settling.follow();
  for (const [name, watch] of watches) {
    // The first line of a burst is judged at once, the rest of the burst half a second later in one evaluation;
    // a gateway that logs without pause is still judged twice a second. A process change is judged at once.
    const onLog = leadingThrottle(() => evaluation.kick(name, 'log'), d.logBatchMs ?? 500, d.clock);
    timers.push(() => onLog.cancel());
    await watch.start((why) => {
      // Message traffic, and lines no detector reads, cannot raise anything on a gateway judged healthy: the schedule
      // judges them, not each line (src/probes/line-news.ts). Not while an incident is open (the result may be from a
      // check that did not judge, e.g. mid-restart).
      if (
        why === 'traffic' &&
        evaluation.lastResult(name)?.findings.length === 0 &&
        openIncidents(d.state.incidents, name).length === 0
      )
        return;
      if (why === 'log' || why === 'traffic') return onLog.call();
      onLog.cancel();
      evaluation.kick(name, why, true);
    });
    evaluation.kick(name, 'start');
  }
  runtime.scheduledAt = d.clock.now();
  timers.push(
    runSchedule(d.clock, schedule, () => {
      runtime.scheduledAt = d.clock.now();
      for (const name of watches.keys()) evaluation.kick(name, 'schedule');
    }),
  );
  if (d.escalate)
    timers.push(
      every(d.clock, 15_000, () =>
        d.alerting.escalateDue().catch((err) => log.error({ err }, 'escalation check failed')),
      ),
    );
  runtime.schedulePeriodMs = schedule.periodAfter(d.clock.now());
  return { stop: () => timers.forEach((t) => t()) };
}

/** The settling judgements (SETTLE_EVERY_MS): `follow` when a spell begins; the timer stops when none is left. */
function followSpells(d: LoopDeps): { follow(): void; stop(): void } {
  const { evaluation, watches } = d;
  let timer: (() => void) | undefined;
  const stop = () => {
    timer?.();
    timer = undefined;
  };
  const tick = () => {
    let left = false;
    for (const name of watches.keys()) {
      const since = evaluation.unsettledSince(name);
      if (since === undefined) continue;
      const age = d.clock.now() - since;
      if (age > SETTLE_FOR_MS) continue;
      left = true;
      // A clock stepped back (age below 0) is not a spell just begun: followed only once it is one again.
      if (age >= 0) evaluation.kick(name, 'settle');
    }
    if (!left) stop();
  };
  return {
    follow: () => void (timer ??= every(d.clock, SETTLE_EVERY_MS, tick)),
    stop,
  };
}
