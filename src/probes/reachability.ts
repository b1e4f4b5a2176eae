// "Is it us or them", from gatewatch's own vantage point: can this host reach a platform's API at all (DNS, TCP, TLS)?
// Hermes retrying a platform whose servers this host cannot reach is an outage a restart does not fix; it is worded
// and held as one. Probed only while a platform is down or retrying, and cached briefly, so it costs nothing healthy.
import { withDeadline, type Clock } from '../util/clock.js';
import type { PlatformState } from '../evidence.js';
import { platformEntryLive } from './state-file.js';

/** Each platform's API host, as the reference documents them (hermes-gateway.md §QQ, feishu-node-sdk.md, push-services.md). */
export const DEFAULT_ENDPOINTS: Readonly<Record<string, string>> = {
  qqbot: 'https://api.sgroup.qq.com',
  feishu: 'https://open.feishu.cn',
  telegram: 'https://api.telegram.org',
};

/** Each step's limit: a reachable API answers a connect in well under a second from anywhere it is reachable at all. */
const STEP_TIMEOUT_MS = 3_000;
/** How long a result stands: long enough that a restart's verification and the next checks reuse it. */
const CACHE_MS = 30_000;

export interface Reach {
  platform: string;
  /** `host:port` probed. */
  endpoint: string;
  reachable: boolean;
  /** The step that failed: name resolution, the TCP connect or the TLS handshake. */
  failedAt?: 'dns' | 'tcp' | 'tls';
  error?: string;
  at: number;
  /** Reachable: since when, as far as the probes in a row that reached it tell (the first of them). */
  since?: number;
}

function endpointOf(url: string): { host: string; port: number; tls: boolean } {
  const u = new URL(url);
  const secure = u.protocol !== 'http:';
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : secure ? 443 : 80, tls: secure };
}

/** One connect, TCP or TLS, to a resolved address; resolves with the error text or undefined when it connected. */
async function connect(
  address: string,
  port: number,
  servername: string | undefined,
  timeoutMs: number,
): Promise<string | undefined> {
  // node:tls loads node:crypto (~7 ms, ~1.7 MB): only a probe that runs, for a platform that is down, pays for it.
  const tls = servername !== undefined ? await import('node:tls') : undefined;
  const net = await import('node:net');
  return new Promise((resolve) => {
    // Any certificate will do: the question is whether the servers answer from here, not whom to trust (no data is sent).
    const s =
      tls && servername !== undefined
        ? tls.connect({
            host: address,
            port,
            servername: net.isIP(servername) ? undefined : servername,
            rejectUnauthorized: false,
          })
        : net.connect({ host: address, port });
    const done = (err?: string) => {
      s.removeAllListeners();
      s.on('error', () => undefined);
      s.destroy();
      resolve(err);
    };
    s.setTimeout(timeoutMs, () => done(`timed out after ${timeoutMs} ms`));
    s.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
    s.once(servername !== undefined ? 'secureConnect' : 'connect', () => done());
  });
}

/** Probe one platform's endpoint: DNS, then TCP, then (for https) the TLS handshake, each with a short limit. */
export async function probeReach(
  platform: string,
  url: string,
  now: number,
  clock: Pick<Clock, 'timer'>,
  timeoutMs = STEP_TIMEOUT_MS,
): Promise<Reach> {
  const ep = endpointOf(url);
  const base = { platform, endpoint: `${ep.host}:${ep.port}`, at: now };
  // Like node:tls above: a healthy check, which probes nothing, loads neither (issue 21).
  const [net, { lookup }] = await Promise.all([import('node:net'), import('node:dns/promises')]);
  let address: string;
  try {
    address = net.isIP(ep.host)
      ? ep.host
      : (await withDeadline(clock, lookup(ep.host), timeoutMs, `timed out after ${timeoutMs} ms`)).address;
  } catch (e) {
    return {
      ...base,
      reachable: false,
      failedAt: 'dns',
      error: (e as NodeJS.ErrnoException).code ?? (e as Error).message,
    };
  }
  const tcp = await connect(address, ep.port, undefined, timeoutMs);
  if (tcp) return { ...base, reachable: false, failedAt: 'tcp', error: tcp };
  if (!ep.tls) return { ...base, reachable: true };
  const handshake = await connect(address, ep.port, ep.host, timeoutMs);
  return handshake ? { ...base, reachable: false, failedAt: 'tls', error: handshake } : { ...base, reachable: true };
}

/** `detect.reachability`: false turns probing off; a map overrides (or, with false, drops) a platform's endpoint. */
export type ReachabilitySetting = false | Record<string, string | false>;

export interface Reachability {
  /** Probe these platforms (cached results are reused unless `fresh`): the result per platform that has an endpoint. */
  check(platforms: string[], o?: { fresh?: boolean }): Promise<Reach[]>;
  /**
   * The state file's platforms as a look read them: one this life marked connected after a probe failed to reach it
   * was reached, so that result goes. Standing, it would hold the next restart and tell /status "cannot be reached"
   * for the rest of its cache time. An entry the life before wrote (Hermes keeps it until the new life marks it
   * again) or one older than the probe proves nothing.
   */
  seen(platforms: Record<string, PlatformState | undefined>, live: { pid?: number; start_time?: number } | null): void;
  /** The latest result for a platform, while it stands. */
  cached(platform: string): Reach | undefined;
  /** Every result still standing, for /status. */
  recent(): Reach[];
}

/** Probes this far apart, both reaching the platform, are still one run of answers (see `since`). */
const SAME_RUN_GAP_MS = 15 * 60_000;

export function createReachability(
  setting: ReachabilitySetting | undefined,
  clock: Clock,
  o: { timeoutMs?: number; cacheMs?: number } = {},
): Reachability {
  const now = clock.now;
  const endpoints: Record<string, string> = {};
  if (setting !== false) {
    for (const [p, url] of Object.entries({ ...DEFAULT_ENDPOINTS, ...(setting ?? {}) })) if (url) endpoints[p] = url;
  }
  const cacheMs = o.cacheMs ?? CACHE_MS;
  const results = new Map<string, Reach>();
  const inFlight = new Map<string, Promise<Reach>>();
  // A served profile's platform (`ops:discord`) is reached through the same API as the root's.
  const bare = (p: string) => p.slice(p.lastIndexOf(':') + 1);
  const fresh = (p: string) => {
    const r = results.get(bare(p));
    return r && now() - r.at < cacheMs ? { ...r, platform: p } : undefined;
  };
  const one = (p: string, again = false): Promise<Reach> | undefined => {
    const name = bare(p);
    const url = endpoints[name];
    if (!url) return undefined;
    const hit = again ? undefined : fresh(p);
    if (hit) return Promise.resolve(hit);
    let run = inFlight.get(name);
    if (!run) {
      run = probeReach(name, url, now(), clock, o.timeoutMs).then((r) => {
        // Reached again after it was reached before: the same run of answers, since the first of them. The probes come
        // with the judgements, a schedule's period apart (a minute, give or take, or five): only a gap far longer than
        // that leaves nobody knowing what happened meanwhile.
        const prev = results.get(name);
        const same = r.reachable && prev?.reachable && r.at - prev.at <= Math.max(2 * cacheMs, SAME_RUN_GAP_MS);
        const out: Reach = r.reachable ? { ...r, since: same ? (prev.since ?? prev.at) : r.at } : r;
        results.set(name, out);
        return out;
      });
      run.finally(() => inFlight.delete(name)).catch(() => undefined);
      inFlight.set(name, run);
    }
    return run.then((r) => ({ ...r, platform: p }));
  };
  return {
    async check(platforms, o = {}) {
      const runs = [...new Set(platforms)]
        .map((p) => one(p, o.fresh))
        .filter((x): x is Promise<Reach> => x !== undefined);
      return Promise.all(runs);
    },
    seen(platforms, live) {
      for (const [p, st] of Object.entries(platforms)) {
        const r = results.get(bare(p));
        if (!r || r.reachable || st?.state !== 'connected' || platformEntryLive(st, live) === false) continue;
        const at = st.updated_at ? Date.parse(st.updated_at) : Number.NaN;
        if (at >= r.at) results.delete(bare(p));
      }
    },
    cached: fresh,
    recent: () => [...results.keys()].map(fresh).filter((r): r is Reach => r !== undefined),
  };
}
