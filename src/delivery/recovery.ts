// What a recovery says (issue 55): what happened now, never the problem again. "QQ is back: Hermes reconnected it,
// down 1m 47s", not "Recovered — QQ cannot be reached from this host; Hermes keeps retrying". Who brought it back is
// read from what happened within the incident: gatewatch's restart (or start) that came back with it, an operator's
// (the one of a /demo heal, which undid the fault first, said as that), a gateway started again outside gatewatch,
// Hermes' own reconnect, or nothing at all (no longer found).
import type { Finding, FindingParam, Locale } from '../types.js';
import type { Incident } from '../incidents/machine.js';
import { EPISODES } from '../incidents/machine.js';
import type { RestartRecord } from '../actions/restart-policy.js';
import { DEMO_HEAL } from '../actions/restart.js';
import { gatewayDown } from '../detectors/index.js';
import { actorParam, platformName, t, wordFinding } from '../i18n.js';
import { formatDuration as formatted } from '../util/duration.js';

/** Who brought it back. `source`: an alert from another host, resolved where it came from. */
export type RecoveredBy =
  /** `start`: an operator's was a start (the start remedy of gatewatch's fix, for a gateway that was down). */
  | { by: 'restart' | 'start' | 'operator' | 'heal'; actor: string; at: number; start?: true }
  | { by: 'outside' | 'hermes' | 'itself' | 'source' }
  /** The supervisor its finding names (a death it repaired, a crash loop it ended): started it again by itself. */
  | { by: 'supervisor'; supervisor: FindingParam };

/** A restart begun this long before the incident opened may be its own: one whose stop the incident saw. */
const BEFORE_MS = 1_000;

/**
 * Whether a restart is of the incident opened at `openedAt` and ended at `end`: begun within it, or begun just before
 * it and not back yet when it opened. One back before then is the story before (a second fault a second after a
 * restart: the recovery listed both restarts).
 */
export function restartOf(r: RestartRecord, openedAt: number, end: number): boolean {
  if (r.at > end || r.at < openedAt - BEFORE_MS) return false;
  const back = r.backAt ?? r.endedAt;
  return r.at >= openedAt || back === undefined || back >= openedAt;
}

/**
 * The restart that brought it back: the last begun within the incident that came back with what the incident is
 * about. A restart whose gateway came back without this platform (its servers unreachable) did not bring it back.
 */
function restartThatEnded(inc: Incident, restarts: readonly RestartRecord[]): RestartRecord | undefined {
  const end = inc.recoveredAt ?? inc.resolvedAt ?? Number.POSITIVE_INFINITY;
  const within = restarts.filter((r) => r.ok === true && restartOf(r, inc.openedAt, end));
  const last = within.at(-1);
  if (!last) return undefined;
  const p = inc.platform;
  if (p !== undefined && last.outcome?.kind === 'upstream' && last.outcome.platforms.includes(p)) return undefined;
  return last;
}

/** A gateway death, or a story that began with one (an heir of a death: machine.ts handOver). */
const wasDeath = (inc: Incident) =>
  gatewayDown([inc.finding]) || (inc.follows ?? []).some((x) => x.platform === undefined);

/** Whose restart it was: gatewatch's restart or start, an operator's, or the one of an operator's /demo heal. */
function whoseRestart(r: RestartRecord): 'restart' | 'start' | 'operator' | 'heal' {
  if (r.actor === 'gatewatch') return r.start ? 'start' : 'restart';
  return r.reason === DEMO_HEAL ? 'heal' : 'operator';
}

/** What its supervisor ends by itself, restarting the gateway: a death it repaired, a crash loop that stopped. */
const BY_SUPERVISOR: ReadonlySet<string> = new Set([
  'finding.process_down.respawned',
  'finding.respawn_storm.supervisor',
]);

export function recoveredBy(inc: Incident, restarts: readonly RestartRecord[] = []): RecoveredBy {
  if (inc.finding.text?.key === 'finding.alertmanager') return { by: 'source' };
  const r = restartThatEnded(inc, restarts);
  if (r) {
    const by = whoseRestart(r);
    return { by, actor: r.actor, at: r.at, ...(by === 'operator' && r.start ? { start: true as const } : {}) };
  }
  if (inc.platform !== undefined && !gatewayDown([inc.finding])) return { by: 'hermes' };
  const supervisor = BY_SUPERVISOR.has(inc.finding.text?.key ?? '') ? inc.finding.text?.params.supervisor : undefined;
  if (supervisor !== undefined) return { by: 'supervisor', supervisor };
  if (wasDeath(inc)) return { by: 'outside' };
  return { by: 'itself' };
}

export function byWords(locale: Locale, b: RecoveredBy): string {
  // A start is a start, and whose: an operator's, through gatewatch's fix (chat or the command line).
  if (b.by === 'operator' && b.start) return t(locale, 'alert.back.by.operator_start', { actor: actorParam(b.actor) });
  if (b.by === 'operator' || b.by === 'heal') return t(locale, `alert.back.by.${b.by}`, { actor: actorParam(b.actor) });
  if (b.by === 'supervisor') return t(locale, 'alert.back.by.supervisor', { supervisor: b.supervisor });
  return t(locale, `alert.back.by.${b.by}`);
}

/** The drops a storm's finding counts (its `{count}`), and how many its first alert said. */
function stormCounts(inc: Incident): { count: string; alerted: string } | undefined {
  const count = inc.finding.text?.params.count;
  const alerted = inc.alerted?.text?.params.count ?? count;
  return typeof count === 'string' && typeof alerted === 'string' ? { count, alerted } : undefined;
}

/** The recovery's title: what is back, who brought it back, and for how long it was down (or how long it lasted). */
export function recoveryTitle(locale: Locale, inc: Incident, f: Finding, downtimeMs: number, b: RecoveredBy): string {
  const downtime = formatted(downtimeMs);
  const by = byWords(locale, b);
  const target = inc.target;
  // An alert from another host is named by its alert's name: several of one instance may be open.
  if (b.by === 'source') return t(locale, 'alert.back.source', { target, title: wordFinding(locale, f).title });
  const storm = EPISODES.has(inc.check) ? stormCounts(inc) : undefined;
  if (storm)
    return t(locale, 'alert.back.storm', {
      target,
      // The finding's platforms are a name to word in this locale, not a string.
      name: f.text?.params.platforms || platformName(locale, inc.platform ?? ''),
      ...storm,
    });
  // A crash loop its supervisor ended: the gateway is back, as after a death.
  if (gatewayDown([f]) || b.by === 'supervisor') return t(locale, 'alert.back.gateway', { target, by, downtime });
  if (inc.platform !== undefined)
    return t(locale, 'alert.back.platform', { target, name: platformName(locale, inc.platform), by, downtime });
  return t(locale, 'alert.back.other', { target, by, downtime });
}
