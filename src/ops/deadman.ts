// Dead man's switch, healthchecks.io style: GET url every `every` while gatewatch is healthy, url + /fail while it is
// not. If gatewatch dies or wedges the pings stop, and the service outside this host alerts someone.
import type { Logger } from 'pino';
import type { HealthReport } from './health.js';
import { deadline, every, type Clock } from '../util/clock.js';

export interface DeadmanOptions {
  url: string;
  everyMs: number;
  timeoutMs: number;
  health: () => HealthReport;
  log: Logger;
  /** Times the pings. */
  clock: Clock;
}

export interface Deadman {
  /** One ping now (also what the timer does); resolves with what was sent, never rejects. */
  ping(): Promise<{ path: 'ok' | 'fail'; status?: number; error?: string }>;
  stop(): Promise<void>;
}

export function failUrl(url: string): string {
  const u = new URL(url);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/fail`;
  return u.toString();
}

export function startDeadman(o: DeadmanOptions): Deadman {
  // The ping URL is a credential (anyone holding it can keep the switch quiet): only its host is logged.
  const host = new URL(o.url).host;
  let inFlight: Promise<Awaited<ReturnType<Deadman['ping']>>> | undefined;
  let stopped = false;

  const once = async () => {
    const h = o.health();
    const path = h.ok ? 'ok' : 'fail';
    try {
      const res = await fetch(h.ok ? o.url : failUrl(o.url), {
        signal: deadline(o.clock, o.timeoutMs),
        headers: { 'user-agent': 'gatewatch' },
      });
      await res.body?.cancel().catch(() => undefined);
      if (!res.ok) o.log.warn({ host, status: res.status, path }, 'dead man ping refused');
      else o.log.debug({ host, path }, 'dead man ping');
      return { path, status: res.status } as const;
    } catch (err) {
      o.log.warn({ host, path, err: (err as Error).message }, 'dead man ping failed');
      return { path, error: (err as Error).message } as const;
    }
  };
  const ping: Deadman['ping'] = () => {
    // A slow ping service never stacks requests up: the next tick shares the one in flight.
    inFlight ??= once().finally(() => (inFlight = undefined));
    return inFlight;
  };
  const stopPings = every(o.clock, o.everyMs, () => {
    if (!stopped) void ping();
  });
  return {
    ping,
    async stop() {
      stopped = true;
      stopPings();
      await inFlight;
    },
  };
}
