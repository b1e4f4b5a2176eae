// /status's rows for a target's platforms: each as the state file says, when the live process wrote it, with its
// outage's start as far as the log and the kept outage starts show, a reconnect the state file has not caught up with,
// and whether it is still within the disconnect grace.
import type { EvalResult, Evidence } from '../src/evidence.js';
import type { Locale, ReplyField } from '../src/types.js';
import { currentRun, isConnectLine, isDrop, lastIndex, parseTime, platformOf } from '../src/detectors/common.js';
import { retiredEntry } from '../src/detectors/platform-entries.js';
import { formatTime } from '../src/util/time.js';
import { formatDuration } from '../src/util/duration.js';
import { codeParam, platformName, t, wordOf } from '../src/i18n.js';

const DOWN = new Set(['disconnected', 'retrying', 'fatal']);

/**
 * A platform the state file reports down: when its outage began as far as this evaluation's log shows (its first drop
 * after its last connect, or the state file's time), or when the log saw it reconnect after the state file was written.
 */
function downInfo(
  ev: Evidence,
  platform: string,
  updatedAt: number | undefined,
): { since?: number; reconnectedAt?: number } {
  const run = currentRun(ev).records;
  const lastUp = lastIndex(run, (r) => platformOf(r) === platform && isConnectLine(r));
  if (lastUp >= 0 && updatedAt !== undefined && run[lastUp]!.ts > updatedAt) return { reconnectedAt: run[lastUp]!.ts };
  const firstDrop = run.slice(lastUp + 1).find((r) => platformOf(r) === platform && isDrop(r));
  const times = [updatedAt, firstDrop?.ts].filter((x): x is number => x !== undefined);
  return times.length ? { since: Math.min(...times) } : {};
}

export interface PlatformRows {
  fields: ReplyField[];
  /** A platform is down and Hermes is still reconnecting it, unexplained by any finding. */
  recovering: boolean;
  /** A platform has not reported yet, or is connecting. */
  starting: boolean;
}

/** `trusted`: the state file is the live process's (only then are its states the truth). */
export function platformRows(
  r: EvalResult,
  o: { locale: Locale; now: number; trusted: boolean; graceMs: number },
): PlatformRows {
  const { locale, now, trusted } = o;
  const grace = o.graceMs;
  const word = (state: string) => wordOf(locale, 'status.state', state);
  const ev = r.evidence;
  const st = ev.state;
  const fields: ReplyField[] = [];
  let recovering = false;
  let starting = false;
  const platforms = new Set([...ev.expectedPlatforms, ...Object.keys(st?.platforms ?? {})]);
  for (const pl of platforms) {
    const ps = st?.platforms[pl];
    const updated = parseTime(ps?.updated_at);
    const at = updated !== undefined ? formatTime(updated) : undefined;
    let value: string;
    if (!trusted) {
      value = !ps
        ? t(locale, 'status.platform.unknown')
        : at
          ? t(locale, 'status.platform.last_seen_at', { state: word(ps.state), at })
          : t(locale, 'status.platform.last_seen', { state: word(ps.state) });
    } else if (!ps) {
      starting = true;
      value = t(locale, 'status.platform.not_reported');
    } else if (ps.state === 'disabled') {
      // Parked by Hermes on purpose (ingress shared with the default profile, a duplicate credential): not a fault.
      value = t(locale, 'status.platform.disabled', { code: codeParam(ps.error_code ?? 'disabled') });
    } else if (retiredEntry(ev, pl)) {
      // The operator removed it; Hermes merges its writes, so the earlier life's entry stays: history, not down.
      value = t(locale, 'status.platform.retired', { state: word(ps.state), at: at ?? '?' });
    } else if (ps.state === 'connected') {
      value = at ? t(locale, 'status.platform.connected_since', { at }) : word('connected');
    } else {
      const read = DOWN.has(ps.state) ? downInfo(ev, pl, updated) : {};
      // The outage's start as kept across evaluations and gatewatch restarts: the state file's time moves on every
      // failed reconnect, the first drop may have left the log's view since.
      const kept = read.reconnectedAt === undefined ? r.outageStarts?.[pl] : undefined;
      const down = kept !== undefined ? { ...read, since: Math.min(kept, read.since ?? kept) } : read;
      const explained = r.findings.some((f) => f.platform === pl);
      if (!explained && down.reconnectedAt !== undefined) {
        // Hermes has not rewritten the state file since the reconnect it logged.
        const back = formatTime(down.reconnectedAt);
        value = t(locale, 'status.platform.reconnected', { at: back, state: word(ps.state) });
      } else if (!explained && down.since !== undefined && now - down.since <= grace) {
        // Hermes is still reconnecting: not a problem yet, and not healthy either.
        recovering = true;
        value = t(locale, 'status.platform.in_grace', {
          state: word(ps.state),
          ago: formatDuration(now - down.since),
          grace: formatDuration(grace),
        });
      } else {
        if (!explained && DOWN.has(ps.state)) recovering = true;
        else if (!explained) starting = true; // connecting
        value =
          down.since !== undefined
            ? t(locale, 'status.platform.down_since', {
                state: word(ps.state),
                at: formatTime(down.since),
                ago: formatDuration(Math.max(1000, now - down.since)),
              })
            : at
              ? t(locale, 'status.platform.since', { state: word(ps.state), at })
              : word(ps.state);
      }
      // Hermes' own words, quoted as such.
      if (ps.error_message && down.reconnectedAt === undefined)
        value += t(locale, 'status.platform.said', { message: ps.error_message });
    }
    fields.push({ label: platformName(locale, pl), value });
  }
  return { fields, recovering, starting };
}
