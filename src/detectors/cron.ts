// The cron ticker stalled while the gateway runs (hermes-gateway-current.md §9.21): jobs stop firing and nothing is
// logged. Heartbeat stale = the ticker is wedged (a restart fixes it); heartbeat fresh but no success = it loops and
// every tick fails (the error is in agent.log).
import type { Detector } from '../evidence.js';
import { CRON_TICK_ERROR } from '../probes/agent-tail.js';
import { age, finding, processAlive } from './common.js';

/** The ticker runs every 60 s; the reference's own bound for "stale" is 200 s (OTLP's cron alert: 180/300). */
const STALE_MS = 200_000;

const cronStalled: Detector = {
  check: 'cron_stalled',
  detect(ev, s) {
    const c = ev.hermes?.cron;
    if (!c || !processAlive(ev)) return [];
    // A gateway that started within the bound has not ticked yet; its files are the previous life's.
    const started = ev.process.startedAt;
    if (started === undefined || ev.now - started <= STALE_MS) return [];
    const hb = c.heartbeatAt;
    const ok = c.lastSuccessAt;
    const stale = (t: number | undefined) => t === undefined || ev.now - Math.max(t, started) > STALE_MS;
    const facts = [
      { key: 'evidence.cron.heartbeat', params: { at: hb !== undefined ? new Date(hb).toISOString() : '-' } },
      { key: 'evidence.cron.success', params: { at: ok !== undefined ? new Date(ok).toISOString() : '-' } },
    ] as const;
    if (hb !== undefined && stale(hb)) {
      // A heartbeat this life wrote and then stopped writing is a wedged ticker (a restart fixes it); one left by an
      // earlier life that this one never wrote may be a home whose ticker no longer runs: said, not restarted.
      const wedged = hb > started;
      return [
        finding(ev, s, {
          check: 'cron_stalled',
          severity: 'warning',
          restart: wedged ? 'helps' : 'wait',
          params: { ago: age(ev.now - Math.max(hb, started)) },
          since: Math.max(hb, started),
          evidence: [...facts],
        }),
      ];
    }
    if (hb !== undefined && !stale(hb) && ok !== undefined && stale(ok)) {
      const err = (ev.hermes?.agentOnly ?? []).filter((r) => CRON_TICK_ERROR.test(r.message)).at(-1);
      return [
        finding(ev, s, {
          check: 'cron_stalled',
          text: 'cron_stalled.failing',
          severity: 'warning',
          restart: 'wait',
          params: { ago: age(ev.now - Math.max(ok, started)) },
          since: Math.max(ok, started),
          evidence: [...facts, ...(err ? [err.line] : [])],
        }),
      ];
    }
    return [];
  },
};

export const cronDetectors: Detector[] = [cronStalled];
