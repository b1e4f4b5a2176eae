// The operator's phone in app-level tests: an in-process channel that records every alert handed to it, and waits on
// them by event rather than by sleeping. Its remote end may answer from a script of outcomes (then `sent`).
import type { Alert, Channel, DeliveryOutcome } from '../../src/types.js';

export interface Phone {
  ch: Channel;
  got: Alert[];
  titles(): string[];
  /** The first alert received (already or later) that matches; rejects after `ms`. */
  first(match: (a: Alert) => boolean, ms?: number): Promise<Alert>;
  /** The first alert received from now on that matches; rejects after `ms`. */
  next(match: (a: Alert) => boolean, ms?: number): Promise<Alert>;
  /** What the remote end answers next, in order; `sent` once they are used up. */
  outcomes: DeliveryOutcome[];
}

export function phone(name = 'phone', outcomes: DeliveryOutcome[] = []): Phone {
  const got: Alert[] = [];
  const waiters = new Set<(a: Alert) => void>();
  const wait = (from: number, match: (a: Alert) => boolean, ms: number) =>
    new Promise<Alert>((resolve, reject) => {
      const seen = got.slice(from).find(match);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => {
        waiters.delete(on);
        reject(
          new Error(
            `no matching alert within ${ms} ms; got: ${JSON.stringify(got.map((a) => `${a.kind}: ${a.reply.title}`))}`,
          ),
        );
      }, ms);
      const on = (a: Alert) => {
        if (!match(a)) return;
        clearTimeout(timer);
        waiters.delete(on);
        resolve(a);
      };
      waiters.add(on);
    });
  const ch: Channel = {
    name,
    interactive: false,
    start: async () => {},
    stop: async () => {},
    deliver: async (a) => {
      got.push(a);
      for (const w of [...waiters]) w(a);
      return outcomes.shift() ?? { status: 'sent' };
    },
    health: () => ({ name, ok: true, summary: 'ok' }),
  };
  return {
    ch,
    got,
    titles: () => got.map((a) => a.reply.title),
    first: (match, ms = 45_000) => wait(0, match, ms),
    next: (match, ms = 45_000) => wait(got.length, match, ms),
    outcomes,
  };
}
