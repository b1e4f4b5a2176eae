// "Us or them" (issue 44 item 1, hermes-gateway-current.md §10.5): gatewatch's own vantage points on a platform a
// finding is about, gathered for the verdict (src/detectors/scope.ts):
//   reach    the platform's API from this host, DNS + TCP + TLS (detect.reachability, src/probes/reachability.ts)
//   own bot  an authenticated call of gatewatch's own bot on that platform (its chat channel's askPlatform)
//   egress   this host's way out: DNS + TCP + TLS to a host that has nothing to do with the platform (detect.egress)
//   fleet    the platform's up gauge on the other gatewatch instances, from their Prometheus (fleet.prometheus)
// Only for platforms a finding names (a healthy platform, or a lone 4009 inside the grace, costs nothing), each result
// kept CACHE_MS so a burst of evaluations asks once, every wait on the injected clock and bounded. A look (/status,
// the daemon's `check`) never probes: it reads what the last judgement's probes left standing.
import type { ConnectProbe, ScopeProbes } from '../evidence.js';
import type { PlatformAnswer } from '../types.js';
import { probeReach, type Reach, type Reachability } from '../probes/reachability.js';
import { askFleet, type FleetSettings } from '../probes/fleet.js';
import { cachedRuns } from '../util/cached-runs.js';
import { deadline, withDeadline, type Clock } from '../util/clock.js';
import type { Config } from '../config/schema.js';

/** gatewatch's own bot on a platform: its channel, and the question it asks the platform. */
export interface OwnBot {
  /** The Hermes platform it travels over (`qqbot`). */
  platform: string;
  channel: string;
  /**
   * Loads what asking needs (a one-shot check builds its client at the first question): done before the limit starts,
   * which is the platform's time to answer, not gatewatch's to load its code in on a busy box.
   */
  prepare?: () => Promise<unknown>;
  ask(signal: AbortSignal): Promise<PlatformAnswer>;
}

export interface ScopeProbeDeps {
  clock: Clock;
  /** The target's own reachability probe (one per target: its detect.reachability), if it probes at all. */
  reach(target: string): Reachability | undefined;
  /** detect.egress: an http(s) URL, or off. */
  egress?: string;
  /** The chat channels that can ask their platform, now (a channel added later is asked too). */
  ownBots(): readonly OwnBot[];
  fleet?: FleetSettings;
  /** A bot's question and the fleet's query each end after this (default 5 s); egress steps after 3 s each. */
  timeoutMs?: number;
  cacheMs?: number;
}

export interface ScopeProbeSet {
  /**
   * What the probes found of each of `platforms` (a served profile's `ops:qqbot` by its platform's probes). `probe`:
   * run the probes whose result does not stand; otherwise only what stands is read.
   */
  gather(target: string, platforms: readonly string[], probe: boolean): Promise<Record<string, ScopeProbes>>;
}

/** The config keys the probes read: detect.egress and fleet. */
export function scopeSettings(config: Pick<Config, 'detect' | 'fleet'>): Pick<ScopeProbeDeps, 'egress' | 'fleet'> {
  const f = config.fleet;
  return {
    ...(config.detect.egress ? { egress: config.detect.egress } : {}),
    ...(f
      ? {
          fleet: { prometheus: f.prometheus, minOthers: f.min_others, ...(f.instance ? { instance: f.instance } : {}) },
        }
      : {}),
  };
}

/** As long as detect.reachability's results stand: a restart's verification and the next checks reuse them. */
export const SCOPE_CACHE_MS = 30_000;
const ASK_TIMEOUT_MS = 5_000;
const EGRESS_STEP_MS = 3_000;

const bare = (p: string) => p.slice(p.lastIndexOf(':') + 1);

const connectOf = (r: Pick<Reach, 'reachable' | 'endpoint' | 'failedAt' | 'error'>): ConnectProbe => ({
  reachable: r.reachable,
  endpoint: r.endpoint,
  ...(r.failedAt ? { failedAt: r.failedAt } : {}),
  ...(r.error ? { error: r.error } : {}),
});

export function createScopeProbes(d: ScopeProbeDeps): ScopeProbeSet {
  const { clock } = d;
  const cache = { now: clock.now, cacheMs: d.cacheMs ?? SCOPE_CACHE_MS };
  const timeoutMs = d.timeoutMs ?? ASK_TIMEOUT_MS;
  const egressUrl = d.egress;
  const egress = egressUrl
    ? cachedRuns(
        async () => connectOf(await probeReach('egress', egressUrl, clock.now(), clock, EGRESS_STEP_MS)),
        cache,
      )
    : undefined;
  const botOf = (platform: string) => d.ownBots().find((b) => b.platform === platform);
  const own = cachedRuns(async (platform): Promise<NonNullable<ScopeProbes['ownBot']>> => {
    const bot = botOf(platform)!;
    // The channel hands the signal to its request; the race covers a step that does not take one (QQ's token).
    try {
      await bot.prepare?.();
      const a = await withDeadline(
        clock,
        bot.ask(deadline(clock, timeoutMs)),
        timeoutMs,
        `no answer within ${Math.round(timeoutMs / 1000)} s`,
      );
      return { ...a, channel: bot.channel };
    } catch (err) {
      return { answer: 'no_answer', detail: (err as Error).message, channel: bot.channel };
    }
  }, cache);
  const fleetSettings = d.fleet;
  const fleet = fleetSettings
    ? cachedRuns((platform) => askFleet(platform, fleetSettings, clock, { timeoutMs }), cache)
    : undefined;

  return {
    async gather(target, platforms, probe) {
      const names = [...new Set(platforms)];
      const kinds = [...new Set(names.map(bare))];
      const reach = d.reach(target);
      if (probe && names.length)
        await Promise.allSettled([
          reach?.check(names),
          egress?.get('egress'),
          ...kinds.filter((p) => botOf(p)).map((p) => own.get(p)),
          ...(fleet ? kinds.map((p) => fleet.get(p)) : []),
        ]);
      const out: Record<string, ScopeProbes> = {};
      for (const p of names) {
        const r = reach?.cached(p);
        const e = egress?.peek('egress');
        const o = botOf(bare(p)) ? own.peek(bare(p)) : undefined;
        const f = fleet?.peek(bare(p));
        const found: ScopeProbes = {
          ...(r ? { reach: connectOf(r) } : {}),
          ...(o ? { ownBot: o } : {}),
          ...(e ? { egress: e } : {}),
          ...(f ? { fleet: f } : {}),
        };
        if (Object.keys(found).length) out[p] = found;
      }
      return out;
    },
  };
}
