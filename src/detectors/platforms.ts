// A platform that is down while the gateway runs, for longer than the grace: the state file reports it not connected,
// or (issue 54) its own lines, whoever logged them, have been only failures and retries since some moment while its
// entry still says connected. More specific platform causes (QQ loop exhausted, 4009 stuck, banned, …) win over this one
// in runDetectors.
import type { DetectSettings, Detector, Evidence } from '../evidence.js';
import type { Finding } from '../types.js';
import { platformParam, textParam } from '../i18n.js';
import {
  age,
  currentRun,
  finding,
  isConnectLine,
  lastIndex,
  parseTime,
  platformOf,
  processAlive,
  stateIsCurrent,
} from './common.js';
import {
  latestError,
  openOutage,
  outageEvidence,
  readRunOutages,
  RETRY_QUIET_MS,
  unreachableSpec,
  type Outage,
} from './outages.js';
import { lastInbound } from './inbound.js';
import { classifyError, type ErrorKind } from '../util/error-kind.js';
import { retiredEntry } from './platform-entries.js';

const DOWN = new Set(['disconnected', 'fatal', 'retrying']);

const platformDown: Detector = {
  check: 'platform_down',
  meaning: { roles: ['unexplained'] },
  detect(ev, s) {
    if (!processAlive(ev) || !ev.state || !stateIsCurrent(ev)) return [];
    const run = currentRun(ev).records;
    const outages = readRunOutages(ev);
    const out: Finding[] = [];
    for (const [platform, st] of Object.entries(ev.state.platforms ?? {})) {
      // A platform the operator removed: its earlier life's entry stays in the file, and is history (issue 50 item 5).
      if (!DOWN.has(st.state) || retiredEntry(ev, platform)) continue;
      const updated = parseTime(st.updated_at);
      const lastUp = lastIndex(run, (r) => platformOf(r) === platform && isConnectLine(r));
      // The log saw it come back after the state was written: the state file is behind.
      if (lastUp >= 0 && updated !== undefined && run[lastUp]!.ts > updated) continue;
      const outage = openOutage(outages, platform);
      // Each failed reconnect rewrites updated_at, so the start of the outage dates it.
      const candidates = [updated, outage?.start.ts].filter((t): t is number => t !== undefined);
      const earliest = candidates.length ? Math.min(...candidates) : undefined;
      // An entry older than this run's start line was carried over from the previous run (Hermes keeps the entries
      // across a restart, e.g. after `hermes update`): it dates no outage of this run; the grace counts from the start.
      const started = ev.log.runStartSeen ? currentRun(ev).startedAt : undefined;
      const since = earliest !== undefined && started !== undefined ? Math.max(earliest, started) : earliest;
      if (since !== undefined && ev.now - since <= s.disconnectGraceMs) continue;
      const detail = [
        st.error_code && `error_code=${st.error_code}`,
        st.error_message && `error_message=${st.error_message}`,
      ]
        .filter(Boolean)
        .join(' ');
      const stateLine = `gateway_state.json: ${platform}=${st.state}${st.updated_at ? ` updated_at=${st.updated_at}` : ''}${detail ? ` ${detail}` : ''}`;
      const ago = since !== undefined ? age(ev.now - since) : '?';
      const held = unreachableSpec(ev, outage, platform, ago);
      out.push(
        finding(ev, s, {
          check: 'platform_down',
          severity: 'critical',
          restart: 'helps',
          platform,
          params: { state: textParam(`status.state.${st.state}`, st.state), ago },
          since,
          ...held,
          evidence: outageEvidence(outage, [stateLine]),
        }),
      );
    }
    return [...out, ...keepsFailing(ev, s, outages)];
  },
};

/**
 * Refusals only the operator can end, each in its own words, never restarted: credentials refused, and another client
 * holding what the platform grants one at a time (a second poller on the bot token: a restart starts the same fight).
 */
const REFUSED: Partial<Record<ErrorKind, 'platform_refused' | 'platform_conflict'>> = {
  auth: 'platform_refused',
  conflict: 'platform_conflict',
};

/** Failures of a known kind at least: one or two are a blip a retry mends. */
const FAILING_MIN = 3;

/**
 * How long after its last failure a loop still counts as going on: a few of its own intervals (the median gap between
 * its failures), at least two minutes, at most RETRY_QUIET_MS. A loop whose success logs nothing (Email's fetch, Slack's
 * rebuild) is over once its failures stop coming at their pace.
 */
function stillGoing(failures: readonly { record: { ts: number } }[]): number {
  const gaps = failures
    .slice(1)
    .map((e, i) => e.record.ts - failures[i]!.record.ts)
    .sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)] ?? 0;
  return Math.min(RETRY_QUIET_MS, Math.max(2 * 60_000, 2.5 * median));
}

/**
 * One rule for a platform that keeps failing, whatever its words (issue 54): its lines since some moment are only
 * failures of a known kind and retries, at least three failures, the latest still recent, with no line that it is up,
 * no message heard and no `connected` written after them, for longer than the grace, while the gateway lives and its
 * entry says connected (or it has none: the entry-driven rule above judges the rest). Severity critical; the kind of
 * its latest error says what a restart can do: none for refused credentials or a second client (409), none yet while
 * Hermes retries servers that cannot be reached or answer with errors, and the scope says whose failure it is
 * (src/detectors/scope.ts).
 */
function keepsFailing(ev: Evidence, s: DetectSettings, outages: Outage[]): ReturnType<Detector['detect']> {
  const known = new Set([...ev.expectedPlatforms, ...Object.keys(ev.state?.platforms ?? {})]);
  const out: ReturnType<Detector['detect']> = [];
  for (const platform of new Set(outages.map((x) => x.platform))) {
    const st = ev.state?.platforms?.[platform];
    if (!known.has(platform) || (st && st.state !== 'connected') || (st && retiredEntry(ev, platform))) continue;
    const x = openOutage(outages, platform);
    if (!x || x.gaveUp) continue;
    const failures = x.errors.filter((e) => classifyError(e.text) !== undefined);
    if (failures.length < FAILING_MIN || ev.now - x.lastActivity.ts > stillGoing(failures)) continue;
    const last = failures.at(-1)!;
    const heard = lastInbound(ev, platform);
    const written = st ? parseTime(st.updated_at) : undefined;
    if ((heard !== undefined && heard > x.start.ts) || (written !== undefined && written > last.record.ts)) continue;
    if (ev.now - x.start.ts <= s.disconnectGraceMs) continue;
    const ago = age(ev.now - x.start.ts);
    const name = platformParam(platform);
    const kind = classifyError(latestError(x)?.text ?? last.text)?.kind;
    const refusal = kind && REFUSED[kind];
    const spec = refusal
      ? { text: refusal, restart: 'never' as const, params: { name, ago, error: last.text } }
      : (() => {
          const held = unreachableSpec(ev, x, platform, ago);
          return held.text
            ? held
            : { text: 'platform_failing' as const, params: { name, ago, error: last.text, count: failures.length } };
        })();
    out.push(
      finding(ev, s, {
        check: 'platform_down',
        severity: 'critical',
        restart: 'helps',
        platform,
        since: x.start.ts,
        ...spec,
        params: { state: textParam('status.state.connected', 'connected'), ago, ...spec.params },
        evidence: outageEvidence(x, []),
      }),
    );
  }
  return out;
}

export const platformDetectors: Detector[] = [platformDown];
