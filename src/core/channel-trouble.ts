// Which channels cannot deliver for a reason retrying will not fix, and saying so: once per channel (until it delivers
// again) on every channel that works. A channel that could not start is said once start-up is over, when every
// channel that works is there to hear it; one refused later is said at once.
import type { Logger } from 'pino';
import type { Alert, InLocales, Locale } from '../types.js';
import { channelBackAlert, channelDownAlert, isCredentialRefusal, type DownWhen } from '../delivery/channel-down.js';
import type { Clock } from '../util/clock.js';

export interface ChannelTrouble {
  /**
   * The channel cannot deliver (`start`: it could not start; `send`: a send was refused for good). `fix`: what to do,
   * when the channel knows (its credential check at start); else it is read from the reason.
   */
  down(channel: string, reason: string, when: DownWhen, fix?: string, refusal?: Refusal): void;
  /**
   * The channel delivered: if it was down, the others hear it is back. A send that began (`startedAt`) before the
   * channel was said down proves nothing about now (a token revoked while it was in flight): it is not a return.
   */
  delivered(channel: string, startedAt?: number): void;
  /** Start-up is over: the channels that could not start are said now. */
  started(): void;
  /** The channels down now, with why; `credentials`: the service rejected the channel's token or secret. */
  list(): ChannelDown[];
}

/** The service that refused the channel's credentials, and its answer (`401 Unauthorized`). */
export interface Refusal {
  service: string;
  answer: string;
  /** It refused this host (an IP whitelist), not the credentials. */
  host?: boolean;
}

export interface ChannelDown {
  channel: string;
  reason: string;
  when: DownWhen;
  fix?: string;
  /** The channel's own fix for refused credentials, in each locale (its credentialsFix). */
  own?: InLocales;
  credentials: boolean;
  refusal?: Refusal;
}

export function createChannelTrouble(o: {
  locale: Locale;
  clock: Pick<Clock, 'now'>;
  log: Logger;
  /** The channels there are (started or not). */
  channels: () => string[];
  raise(alert: Alert): Promise<void>;
  /** A channel's own fix for refused credentials, in each locale, if it has one. */
  ownFix?(channel: string): InLocales | undefined;
}): ChannelTrouble {
  const down = new Map<
    string,
    { reason: string; when: DownWhen; fix?: string; own?: InLocales; refusal?: Refusal; at: number }
  >();
  let starting = true;
  const working = () => o.channels().filter((n) => !down.has(n));
  const say = (channel: string, reason: string, when: DownWhen, fix?: string, own?: InLocales) => {
    const to = working();
    o.log.error({ channel, reason, told: to }, 'channel cannot deliver');
    if (to.length)
      void o.raise(channelDownAlert({ channel, reason, when, fix, own, to, locale: o.locale, now: o.clock.now() }));
  };
  return {
    down(channel, reason, when, fix, refusal) {
      if (down.has(channel)) return;
      const own = o.ownFix?.(channel);
      down.set(channel, { reason, when, fix, refusal, ...(own ? { own } : {}), at: o.clock.now() });
      if (!starting) say(channel, reason, when, fix, own);
    },
    delivered(channel, startedAt) {
      const d = down.get(channel);
      if (!d || (startedAt !== undefined && startedAt < d.at)) return;
      down.delete(channel);
      o.log.info({ channel }, 'channel delivers again');
      const to = working().filter((n) => n !== channel);
      if (to.length) void o.raise(channelBackAlert({ channel, to, locale: o.locale, now: o.clock.now() }));
    },
    started() {
      if (!starting) return;
      starting = false;
      for (const [channel, d] of down) say(channel, d.reason, d.when, d.fix, d.own);
    },
    list: () =>
      [...down].map(([channel, { at: _at, ...d }]) => ({
        channel,
        ...d,
        credentials: !!d.refusal || isCredentialRefusal(d.reason),
      })),
  };
}
