// Every channel's credentials, asked of its service at start and then now and again, each channel on its own and none
// waited for by start-up or by another: a token revoked at noon is found at noon, not at the 3 a.m. alert. A definite
// refusal is a channel that cannot deliver (ChannelTrouble says it once on the channels that work); no answer is a
// network problem, kept as that and never called a rejected credential.
import type { Logger } from 'pino';
import type { Channel, CredentialVerdict } from '../types.js';
import type { Clock } from '../util/clock.js';
import { redact } from '../util/redact.js';
import type { ChannelTrouble } from './channel-trouble.js';

/** A service that could not be reached at a channel's last check. */
export interface Unreachable {
  channel: string;
  service: string;
  reason: string;
  at: number;
}

export interface CredentialChecks {
  /**
   * Ask every channel that can be asked (one not answering within the limit is `unreachable`); resolves with each
   * answer. `channels`: these instead of the app's (`gatewatch doctor` with no daemon: channels built, never started).
   */
  round(channels?: readonly Channel[]): Promise<{ channel: string; verdict: CredentialVerdict }[]>;
  /** A round now, then one every period; resolves with the first round's answers. */
  start(): Promise<{ channel: string; verdict: CredentialVerdict }[]>;
  stop(): void;
  /** The channels whose service could not be reached at their last check. */
  unreachable(): Unreachable[];
}

export const CREDENTIAL_RECHECK_MS = 60 * 60_000;

export function createCredentialChecks(o: {
  channels: () => readonly Channel[];
  trouble: ChannelTrouble;
  clock: Clock;
  log: Logger;
  everyMs?: number;
  timeoutMs?: number;
}): CredentialChecks {
  const everyMs = o.everyMs ?? CREDENTIAL_RECHECK_MS;
  const timeoutMs = o.timeoutMs ?? 5_000;
  const unreachable = new Map<string, Unreachable>();
  const running = new Map<string, Promise<CredentialVerdict>>();
  let cancel: (() => void) | undefined;
  let stopped = false;

  const ask = async (ch: Channel): Promise<CredentialVerdict> => {
    const ac = new AbortController();
    let timer: (() => void) | undefined;
    // The channel passes the signal to its request; the race covers one that does not.
    const late = new Promise<CredentialVerdict>((resolve) => {
      timer = o.clock.timer(() => {
        ac.abort();
        resolve({
          state: 'unreachable',
          service: ch.name,
          reason: `no answer within ${Math.round(timeoutMs / 1000)} s`,
        });
      }, timeoutMs);
    });
    try {
      return await Promise.race([ch.checkCredentials!(ac.signal), late]);
    } catch (err) {
      return { state: 'unreachable', service: ch.name, reason: (err as Error).message };
    } finally {
      timer?.();
    }
  };

  const judge = (name: string, v: CredentialVerdict) => {
    if (stopped) return;
    if (v.state === 'unreachable') {
      const reason = redact(v.reason);
      if (!unreachable.has(name))
        o.log.warn(
          { channel: name, service: v.service, reason },
          'credential check: service not reached (a network problem, not a rejected credential)',
        );
      unreachable.set(name, { channel: name, service: v.service, reason, at: o.clock.now() });
      return;
    }
    unreachable.delete(name);
    const was = o.trouble.list().find((d) => d.channel === name);
    if (v.state === 'rejected') {
      const answer = redact(v.answer);
      const host = v.refused === 'host';
      o.trouble.down(
        name,
        host ? `${v.service} refused this host (${answer})` : `${v.service} rejected its credentials (${answer})`,
        'send',
        v.fix,
        { service: v.service, answer, ...(host ? { host } : {}) },
      );
    } else if (was?.credentials && was.when !== 'start') {
      // Taken again (the secret was put back): it can deliver, and the others hear so.
      o.trouble.delivered(name);
    }
  };

  const round: CredentialChecks['round'] = async (channels = o.channels()) => {
    const asked = channels.filter((c) => c.checkCredentials);
    return Promise.all(
      asked.map(async (ch) => {
        // One check of a channel at a time: a slow service is not asked again while it has not answered.
        let p = running.get(ch.name);
        if (!p) {
          p = ask(ch).finally(() => running.delete(ch.name));
          running.set(ch.name, p);
        }
        const verdict = await p;
        judge(ch.name, verdict);
        return { channel: ch.name, verdict };
      }),
    );
  };

  const schedule = () => {
    cancel = o.clock.timer(() => {
      if (stopped) return;
      void round().catch((err) => o.log.error({ err }, 'credential check failed'));
      schedule();
    }, everyMs);
  };

  return {
    round,
    start() {
      schedule();
      return round();
    },
    stop() {
      stopped = true;
      cancel?.();
    },
    unreachable: () => [...unreachable.values()],
  };
}
