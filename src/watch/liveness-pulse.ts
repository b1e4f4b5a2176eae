// One timer for the liveness of every watched target. A SIGKILLed gateway writes nothing: the poll (every
// liveness_interval) is what notices, and it noticed up to a whole interval late (2.1–3.05 s from kill to alert on the
// real v0.17, issue 62 item 5). Between two polls a look tells whether the process the poll last found is gone: its
// stat line read in the same turn (a zombie is gone too, as a lazy init leaves a killed orphan for up to a second),
// nothing more, so a look costs little beyond its wake-up, and one timer for all targets keeps that one wake-up however
// many targets there are. At the default 2 s that is a beat every 667 ms: no more wake-ups than the idle daemon had
// before (the outbox's tick and the settling timer, which woke it for nothing, no longer run at idle), and a death seen
// within 0.67 s, then judged. Other work that need not be on time (the log tails' backstop polls) waits for a beat
// too (`timer`): the wake-up the looks make anyway serves it, where a timer of its own woke the daemon once more.
// A member whose death wakes the daemon by itself (a gateway's gateway.lock waited on: lock-wake.ts) needs no looks:
// while every member is so, the pulse beats once a poll (a third of the wake-ups), and it beats three times again from
// the next beat on that finds one that is not.
import { every, type Clock } from '../util/clock.js';

/** The beats per liveness poll (the poll the last of them), none closer together than BEAT_MIN_MS. */
const BEATS_PER_POLL = 3;
const BEAT_MIN_MS = 500;

/** How often the pulse beats for a poll every `intervalMs`, and every how many beats it polls. */
export function liveCadence(intervalMs: number): { every: number; beats: number } {
  const beats = Math.max(1, Math.min(BEATS_PER_POLL, Math.floor(intervalMs / BEAT_MIN_MS)));
  return { every: intervalMs / beats, beats };
}

export interface PulseMember {
  /** The look, on the beats between polls. */
  look(): void;
  /** True while something else wakes the daemon at this member's death, so that its looks are not needed. */
  quiet?(): boolean;
  /** The poll, every liveness_interval. */
  poll(): Promise<unknown>;
}

export interface LivenessPulse {
  /** `m` looks and polls from now on; returns what ends it. The timer runs while anyone has joined or waits. */
  join(m: PulseMember): () => void;
  /**
   * Clock.timer on the beats: calls `fn` on the beat nearest `ms` from now (at most half a beat early or late), unless
   * the returned function is called first. Beats further apart than `ms` (a long liveness_interval) are not near
   * enough: then it is the clock's timer.
   */
  timer(fn: () => unknown, ms: number): () => void;
}

/** `paced`: told the beats a poll each time they change (the daemon's debug log). */
export function createLivenessPulse(
  clock: Clock,
  intervalMs: number,
  paced?: (beatsPerPoll: number) => void,
): LivenessPulse {
  const fast = liveCadence(intervalMs);
  const slow = fast.beats > 1 ? { every: intervalMs, beats: 1 } : fast;
  let cadence = fast;
  const members = new Set<PulseMember>();
  // A timer counts the beats it has left; `off` cancels one handed to the clock when the beats grew longer than it.
  const waiting = new Set<{ left: number; fn: () => unknown; off?: () => void }>();
  let stop: (() => void) | undefined;
  let beat = 0;
  const idle = () => {
    if (members.size || waiting.size) return;
    stop?.();
    stop = undefined;
  };
  const wanted = () => {
    for (const m of members) if (!m.quiet?.()) return fast;
    return members.size ? slow : fast;
  };
  /** The beats from now on `next`'s: each waiting timer's count in the new beats, and a beat's timer of its length. */
  const pace = (next: typeof fast) => {
    if (next === cadence) return;
    for (const w of waiting) {
      const ms = w.left * cadence.every;
      // Due sooner than half a beat of the new length, the nearest beat would be later than promised: the clock's.
      if (ms < next.every / 2) waiting.delete(w), (w.off = clock.timer(w.fn, ms));
      else w.left = Math.round(ms / next.every);
    }
    cadence = next;
    beat = 0;
    paced?.(next.beats);
    stop?.();
    stop = undefined;
    if (members.size || waiting.size) run();
  };
  const onBeat = () => {
    // Nothing allocated on a beat with nothing due: most beats of an idle daemon.
    let fns: (() => unknown)[] | undefined;
    for (const w of waiting) {
      if (--w.left > 0) continue;
      waiting.delete(w);
      (fns ??= []).push(w.fn);
    }
    // Called once the count is done: one that waits again (a poll that re-arms) waits from this beat on.
    const due = fns?.map((fn) => fn());
    const polls = ++beat % cadence.beats === 0 ? [...members].map((m) => m.poll()) : undefined;
    if (!polls) for (const m of members) m.look();
    idle();
    // On a poll's beat only, so that polls stay a liveness_interval apart.
    if (stop && polls) pace(wanted());
    // The polls' and the timers' promises go back to the clock: a test's clock waits for them before the next beat.
    return polls || due ? Promise.all([...(due ?? []), ...(polls ?? [])]) : undefined;
  };
  const run = () => void (stop ??= every(clock, cadence.every, onBeat));
  return {
    join(m) {
      members.add(m);
      pace(fast);
      run();
      return () => {
        members.delete(m);
        idle();
      };
    },
    timer(fn, ms) {
      if (cadence.every > ms) return clock.timer(fn, ms);
      const w: { left: number; fn: () => unknown; off?: () => void } = {
        left: Math.max(1, Math.round(ms / cadence.every)),
        fn,
      };
      waiting.add(w);
      run();
      return () => {
        waiting.delete(w);
        w.off?.();
        idle();
      };
    },
  };
}
