// "Us or them" (hermes-gateway-current.md §10.5): whose failure a platform's is, from gatewatch's own vantage point.
// Nobody else has it: gatewatch probes the platform's API from this host, asks the platform with its own bot's
// credentials, checks this host's way out to the internet, and asks the fleet's Prometheus. The verdict is a pure
// function of what those probes found (src/core/scope-probes.ts gathers them, only while a platform fails):
//
//   only this gateway     gatewatch's own bot gets its answers (first: whatever the fleet or the egress host say); or
//                         the fleet has it up and its servers answer here
//   this host's network   the egress check fails too and nothing reached the platform from here; or the fleet has the
//                         platform up while it does not answer here
//   the platform          most of the fleet sees it down; gatewatch's own bot gets a 5xx; Hermes gets a 5xx
//   unknown               anything else, the platform unanswering while the egress check gets through included (one
//                         vantage point cannot tell a route or a block to one API from the platform, §10.5)
//
// `host_network` and `platform` hold the platform's restarts (src/detectors/restart-advice.ts): a restart of the gateway
// brings back neither, except once Hermes gave up on the platform, when only a restart brings it back.
import type { Evidence, FleetView, ScopeProbes } from '../evidence.js';
import type { Finding, FindingParam, PlatformScope } from '../types.js';
import type { TextKey } from '../text/en.js';
import { latestError, openOutage, readRunOutages, type AttemptError } from './outages.js';
import { platformParam, platformsParam } from '../i18n.js';
import { classifyError, HOST_WAY_OUT } from '../util/error-kind.js';

export interface ScopeInput extends ScopeProbes {
  /** Hermes' latest error of the platform's outage is an HTTP 5xx from the platform's servers: its status. */
  hermes5xx?: number;
  /** Other platforms of the same gateway connected meanwhile (their keys): the host reaches out. */
  othersUp?: string[];
  /** Hermes' own log says this host's way out fails: several platforms failing alike in the same minutes. */
  logNetwork?: LogNetwork;
}

/** What Hermes' log alone says of this host's network (see hostNetworkFromLog). */
export interface LogNetwork {
  /** The platforms failing together (their keys). */
  names: string[];
  /** The latest error of one of them. */
  error: string;
  /** `dns`: two or more fail name resolution; `all`: every platform of the gateway fails to connect. */
  how: 'dns' | 'all';
}

export interface ScopeVerdict {
  scope: PlatformScope;
  /** What it rests on (a `scope.why.*` text); absent when no probe had anything to say. */
  why?: FindingParam;
}

/**
 * The fleet's majority: more than half of the other instances reporting the platform, and at least its `quorum`
 * (fleet.min_others) of them reporting at all. Neither, when they split evenly or too few report.
 */
export interface FleetMajority {
  /** Most others see the platform down. */
  down: boolean;
  /** Most others see it up. */
  up: boolean;
}

export function fleetMajority(f: FleetView | undefined): FleetMajority {
  if (!f || 'error' in f || f.reporting < Math.max(1, f.quorum)) return { down: false, up: false };
  return { down: f.down * 2 > f.reporting, up: (f.reporting - f.down) * 2 > f.reporting };
}

/** Hermes' own error text that is the platform's servers failing (an HTTP 5xx answer, however worded): its status. */
export function serverErrorOf(text: string): number | undefined {
  const c = classifyError(text);
  return c?.kind === 'server' ? c.status : undefined;
}

type WhyKey = Extract<TextKey, `scope.why.${string}`> extends `scope.why.${infer K}` ? K : never;
const why = (key: WhyKey, params: Record<string, FindingParam>): FindingParam => ({ key: `scope.why.${key}`, params });

/** Where a connect failed, for the words: `TCP api.sgroup.qq.com:443: ECONNREFUSED`. */
const connectError = (c: NonNullable<ScopeProbes['reach']>) =>
  `${(c.failedAt ?? '').toUpperCase()} ${c.endpoint}: ${c.error ?? '?'}`.trim();

/** The verdict for one platform (`name`: as people call it, `QQ`). Pure: every rule is a row of test/detectors/scope.test.ts. */
export function scopeVerdict(p: ScopeInput, name: FindingParam): ScopeVerdict {
  const fleet = fleetMajority(p.fleet);
  const counts = p.fleet && !('error' in p.fleet) ? p.fleet : undefined;
  const up = counts ? counts.reporting - counts.down : 0;
  const own = p.ownBot;
  // A connect that did not get through, said as it failed: our own bot's (it asks what the gateway asks), else the API
  // probe's. Our bot's answer, when there is one, outweighs a bare connect.
  const unreached =
    own?.answer === 'no_answer'
      ? own.detail
      : !own && p.reach && !p.reach.reachable
        ? connectError(p.reach)
        : undefined;

  // Our own bot answered from this host: the platform serves and this host reaches it, whatever a fleet of gateways
  // that may share this one's fault reports, or an egress host's blip.
  if (own?.answer === 'answered') return { scope: 'gateway', why: why('own_ok', { name }) };
  // The egress check failing says this host's network only when nothing reached the platform from here either.
  if (p.egress && !p.egress.reachable && !p.reach?.reachable)
    return { scope: 'host_network', why: why('egress', { egress: p.egress.endpoint, error: connectError(p.egress) }) };
  if (fleet.down)
    return { scope: 'platform', why: why('fleet_down', { name, down: counts!.down, reporting: counts!.reporting }) };
  if (own?.answer === 'server_error') return { scope: 'platform', why: why('own_5xx', { name, status: own.status }) };
  if (p.hermes5xx !== undefined)
    return {
      scope: 'platform',
      why: p.othersUp?.length
        ? why('hermes_5xx_others_up', { name, status: p.hermes5xx, others: platformsParam(p.othersUp) })
        : why('hermes_5xx', { name, status: p.hermes5xx }),
    };
  // Unrelated servers failing alike at once: the way out of this host, unless gatewatch's egress host got through.
  const net = p.logNetwork;
  if (net && !p.egress?.reachable)
    return {
      scope: 'host_network',
      why: why(net.how === 'dns' ? 'log_dns' : 'log_all_down', { names: platformsParam(net.names), error: net.error }),
    };
  if (unreached !== undefined) {
    if (fleet.up)
      return {
        scope: 'host_network',
        why: why('fleet_up_unreached', { name, up, reporting: counts!.reporting, error: unreached }),
      };
    // One vantage point cannot tell the platform down from a route, a proxy or a block to its API alone (§10.5).
    if (p.egress?.reachable)
      return {
        scope: 'unknown',
        why: why('unreached_egress_ok', { name, error: unreached, egress: p.egress.endpoint }),
      };
    return { scope: 'unknown', why: why('unreached', { name, error: unreached }) };
  }
  if (fleet.up && (p.reach?.reachable || p.egress?.reachable))
    return { scope: 'gateway', why: why('fleet_up', { name, up, reporting: counts!.reporting }) };
  if (fleet.up) return { scope: 'unknown', why: why('fleet_up_only', { name, up, reporting: counts!.reporting }) };
  if (p.reach?.reachable) return { scope: 'unknown', why: why('reached', { name, endpoint: p.reach.endpoint }) };
  if (p.fleet && 'error' in p.fleet) return { scope: 'unknown', why: why('fleet_error', { error: p.fleet.error }) };
  return { scope: 'unknown' };
}

/** Two failed attempts count as failing together when both are this recent (Hermes retries at least every 5 min). */
export const TOGETHER_MS = 10 * 60_000;

const bareOf = (p: string) => p.slice(p.lastIndexOf(':') + 1);

/** Each platform's open outage and its latest error, when that error is recent: the platforms failing now. */
function failingNow(ev: Evidence): Map<string, AttemptError> {
  const outages = readRunOutages(ev);
  const out = new Map<string, AttemptError>();
  for (const platform of new Set(outages.map((x) => x.platform))) {
    const x = openOutage(outages, platform);
    const e = x && latestError(x);
    // A served profile's `ops:telegram` talks to the same servers as `telegram`: one platform.
    if (e && e.text && ev.now - e.record.ts <= TOGETHER_MS) out.set(bareOf(platform), e);
  }
  return out;
}

/**
 * "Us or them" from Hermes' own log (issue 50 item 2): two platforms with unrelated servers failing name resolution
 * in the same minutes, or every platform of the gateway failing to connect (two or more), is this host's way out,
 * whatever probe gatewatch has or has not.
 */
export function hostNetworkFromLog(ev: Evidence, failing = failingNow(ev)): LogNetwork | undefined {
  const kinds = [...failing].map(([p, e]) => ({ p, e, kind: classifyError(e.text)?.kind }));
  const dns = kinds.filter((k) => k.kind === 'dns');
  if (dns.length >= 2) return { names: dns.map((k) => k.p).sort(), error: dns.at(-1)!.e.text, how: 'dns' };
  const way = kinds.filter((k) => k.kind !== undefined && HOST_WAY_OUT.has(k.kind));
  const all = new Set([...ev.expectedPlatforms, ...Object.keys(ev.state?.platforms ?? {})].map(bareOf));
  if (way.length >= 2 && [...all].every((p) => way.some((k) => k.p === p)))
    return { names: way.map((k) => k.p).sort(), error: way.at(-1)!.e.text, how: 'all' };
  return undefined;
}

/** The gateway's other platforms the state file calls connected: this host reaches their servers. */
function othersUp(ev: Evidence, platform: string, failing: Map<string, AttemptError>): string[] {
  return Object.entries(ev.state?.platforms ?? {})
    .filter(([p, st]) => st.state === 'connected' && bareOf(p) !== bareOf(platform) && !failing.has(bareOf(p)))
    .map(([p]) => bareOf(p));
}

/**
 * Every platform finding with its scope: the verdict on what the probes found of its platform (a served profile's
 * `ops:qqbot` by its own probes, else by the platform's) and on Hermes' own latest error. Findings of no platform are
 * as they were.
 */
export function withScope(ev: Evidence, findings: readonly Finding[]): Finding[] {
  const verdicts = new Map<string, ScopeVerdict>();
  // Read from the log once, and only when some finding is about a platform (a healthy look reads nothing).
  let log: { failing: Map<string, AttemptError>; net: LogNetwork | undefined } | undefined;
  const verdictOf = (platform: string): ScopeVerdict => {
    let v = verdicts.get(platform);
    if (!v) {
      if (!log) {
        const failing = failingNow(ev);
        log = { failing, net: hostNetworkFromLog(ev, failing) };
      }
      const { failing, net } = log;
      const bare = platform.slice(platform.lastIndexOf(':') + 1);
      const probes = ev.scope?.[platform] ?? ev.scope?.[bare] ?? {};
      const outage = openOutage(readRunOutages(ev), platform);
      const e = outage && latestError(outage);
      const hermes5xx = e ? serverErrorOf(e.text) : undefined;
      const up = hermes5xx !== undefined ? othersUp(ev, platform, failing) : [];
      const mine = net && failing.has(bare) ? net : undefined;
      v = scopeVerdict(
        {
          ...probes,
          ...(hermes5xx !== undefined ? { hermes5xx } : {}),
          ...(up.length ? { othersUp: up } : {}),
          ...(mine ? { logNetwork: mine } : {}),
        },
        platformParam(platform),
      );
      verdicts.set(platform, v);
    }
    return v;
  };
  return findings.map((f) => {
    if (f.platform === undefined) return f;
    const v = verdictOf(f.platform);
    const { scopeWhy: _was, ...rest } = f;
    return { ...rest, scope: v.scope, ...(v.why !== undefined ? { scopeWhy: v.why } : {}) };
  });
}

/** The scopes whose failure a restart of the gateway cannot fix. */
export const NOT_OURS: ReadonlySet<PlatformScope> = new Set(['host_network', 'platform']);
