// Hermes' own /health/detailed (§9.23), asked at most once a minute per gateway process: each ask reads the home's .env,
// proves the listener is the gateway's (its fds) and makes a request, which a log burst's gathers (every 10 s) need
// not repeat.
import type { HermesHealth } from '../evidence.js';
import { probeHermesHealth } from '../probes/health-api.js';

const EVERY_MS = 60_000;

export interface HealthSampler {
  sample(home: string, pid: number, now: number): Promise<HermesHealth | undefined>;
}

export function createHealthSampler(): HealthSampler {
  let last: { at: number; pid: number; value: HermesHealth | undefined } | undefined;
  return {
    async sample(home, pid, now) {
      if (last && last.pid === pid && now >= last.at && now - last.at < EVERY_MS) return last.value;
      const value = await probeHermesHealth(home, pid).catch(() => undefined);
      last = { at: now, pid, value };
      return value;
    },
  };
}
