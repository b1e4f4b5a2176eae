// Another process polls our bot token (409 Conflict): commands may not reach us. Tell the operators through every
// channel, at most once per `everyMs`; the poller keeps retrying meanwhile (poll.ts).
import type { Logger } from 'pino';
import type { Locale, Reply } from '../../types.js';
import { say } from './words.js';
import { formatDuration } from '../../util/duration.js';

/** The notice, in the operators' words. Pure. */
export function conflictNotice(locale: Locale, description: string, retryEveryMs: number): Reply {
  return {
    title: say(locale, 'telegram.conflict.title'),
    tone: 'warning',
    lines: [
      say(locale, 'telegram.conflict.what', { description, every: formatDuration(retryEveryMs) }),
      say(locale, 'telegram.conflict.fix'),
    ],
  };
}

export interface ConflictDeps {
  raise(reply: Reply): Promise<void>;
  locale: Locale;
  log: Logger;
  now: () => number;
  /** At most one notice per this long. */
  everyMs: number;
  /** How often the poller tries again, for the notice. */
  retryEveryMs: number;
}

/** The poller's onConflict. */
export function conflictNotifier(d: ConflictDeps): (description: string) => void {
  let lastAt: number | undefined;
  return (description) => {
    const at = d.now();
    if (lastAt !== undefined && at - lastAt < d.everyMs) return;
    lastAt = at;
    void d
      .raise(conflictNotice(d.locale, description, d.retryEveryMs))
      .catch((err: Error) => d.log.warn({ err: err.message }, 'telegram conflict notice failed'));
  };
}
