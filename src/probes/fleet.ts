// The fleet's view of a platform (issue 44 item 1, §10.5: "the same platform failing on most instances at once = the
// platform"): the Prometheus that already scrapes every gatewatch (fleet.prometheus) is asked, with its HTTP query API,
// for `gatewatch_platform_up` of the platform across instances. Asked only while the platform fails here, with a
// deadline on the injected clock and a bounded answer: a Prometheus that hangs or answers megabytes holds up nothing
// and grows nothing.
import { deadline, type Clock } from '../util/clock.js';
import { readBodyCapped } from '../util/read-body.js';
import { redact } from '../util/redact.js';
import type { FleetView } from '../evidence.js';

export interface FleetSettings {
  /** The Prometheus server's base URL (`http://prom:9090`, or with its path prefix). */
  prometheus: string;
  /** This gatewatch's own `instance` label there; without it, one instance that sees the platform down is counted as this one. */
  instance?: string;
  /** The fewest other instances whose answer the majority counts (fleet.min_others). */
  minOthers: number;
}

/** A series is a few hundred bytes: this is some thousand of them, more than any fleet of gatewatches needs. */
export const MAX_ANSWER_BYTES = 256 * 1024;
export const FLEET_TIMEOUT_MS = 5_000;

/** The PromQL asked: the platform's up gauge on every instance, a served profile's (`ops:qqbot`) included. */
export function fleetQuery(platform: string): string {
  // Hermes' platform names are [a-z0-9_]: nothing in them is special to a regex or a label matcher.
  return `gatewatch_platform_up{platform=~"${platform}|.+:${platform}"}`;
}

/**
 * What Prometheus answered (`/api/v1/query`'s JSON: `{status, data: {resultType: "vector", result: [{metric, value:
 * [t, "1"]}]}}`) as the fleet's view: an instance (its `instance` label) is up when any of its series says 1, down
 * when they all say 0; NaN says nothing. This instance is left out: by its label when fleet.instance names it, else as
 * one of those that see the platform down (it does: it only asks while the platform fails here).
 */
export function fleetView(answer: unknown, s: Pick<FleetSettings, 'instance' | 'minOthers'>): FleetView {
  const a = answer as { status?: unknown; error?: unknown; data?: { resultType?: unknown; result?: unknown } } | null;
  if (!a || typeof a !== 'object') return { error: 'not a Prometheus answer' };
  if (a.status !== 'success')
    return { error: `Prometheus: ${typeof a.error === 'string' ? a.error.slice(0, 160) : String(a.status)}` };
  if (a.data?.resultType !== 'vector' || !Array.isArray(a.data.result)) return { error: 'not an instant vector' };
  const up = new Map<string, boolean>();
  let self = false;
  for (const r of a.data.result as unknown[]) {
    const series = r as { metric?: { instance?: unknown }; value?: unknown } | null;
    const value = Array.isArray(series?.value) ? Number(series.value[1]) : Number.NaN;
    if (value !== 0 && value !== 1) continue;
    const instance = typeof series?.metric?.instance === 'string' ? series.metric.instance : '';
    if (s.instance !== undefined && instance === s.instance) {
      self = true;
      continue;
    }
    up.set(instance, (up.get(instance) ?? false) || value === 1);
  }
  let down = [...up.values()].filter((u) => !u).length;
  let reporting = up.size;
  // fleet.instance that names no series (`host` for `host:9464`) leaves this instance among the others: counted out as
  // one of those that see the platform down, as without the key.
  if (!self && down > 0) {
    down--;
    reporting--;
  }
  return { reporting, down, quorum: s.minOthers };
}

/** Ask the fleet's Prometheus about one platform. Never throws: no answer is `{error}`. */
export async function askFleet(
  platform: string,
  s: FleetSettings,
  clock: Pick<Clock, 'timer'>,
  o: { timeoutMs?: number; maxBytes?: number } = {},
): Promise<FleetView> {
  const base = s.prometheus.endsWith('/') ? s.prometheus : `${s.prometheus}/`;
  const url = new URL('api/v1/query', base);
  url.searchParams.set('query', fleetQuery(platform));
  // fetch refuses a URL that carries credentials: they go as basic auth.
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (user || password) headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const max = o.maxBytes ?? MAX_ANSWER_BYTES;
  // The URL may carry basic-auth credentials: no error names it.
  const scrub = (text: string) => redact(text, [password, user].filter(Boolean));
  const signal = deadline(clock, o.timeoutMs ?? FLEET_TIMEOUT_MS);
  try {
    const res = await fetch(url, { headers, redirect: 'error', signal });
    const body = await readBodyCapped(res, max + 1);
    if (body.length > max) return { error: `answer larger than ${Math.round(max / 1024)} KB` };
    if (signal.aborted) return { error: 'timed out' };
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return { error: `HTTP ${res.status}, not JSON` };
    }
    return fleetView(json, s);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    return { error: scrub(signal.aborted ? 'timed out' : (e.cause?.code ?? e.cause?.message ?? e.message)) };
  }
}
