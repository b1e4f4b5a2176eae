// Strangers get one refusal, not one per message: 300 messages from someone who is not an operator are one reply and
// one audit record per window, and the next record says how many were left unanswered meanwhile. Bounded: the
// oldest senders are forgotten first.
export interface StrangerGate {
  /** A message from a stranger at `now`: answer and audit it, or stay silent; `suppressed` since the last record. */
  note(sender: string, now: number): { answer: boolean; suppressed: number };
}

export const STRANGER_WINDOW_MS = 10 * 60_000;
const MAX_SENDERS = 1_000;

export function strangerGate(windowMs = STRANGER_WINDOW_MS): StrangerGate {
  const seen = new Map<string, { since: number; suppressed: number }>();
  return {
    note(sender, now) {
      const s = seen.get(sender);
      if (s && now - s.since < windowMs) {
        s.suppressed++;
        return { answer: false, suppressed: 0 };
      }
      seen.delete(sender);
      seen.set(sender, { since: now, suppressed: 0 });
      if (seen.size > MAX_SENDERS) seen.delete(seen.keys().next().value!);
      return { answer: true, suppressed: s?.suppressed ?? 0 };
    },
  };
}
