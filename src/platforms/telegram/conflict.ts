// Telegram polling conflict (hermes-gateway-current.md §6, trap 3): another getUpdates session holds the bot token.
// Hermes retries 5 times (20–60 s apart), then marks it non-retryable: Telegram stays down until someone removes the
// other poller and restarts. A conflict that recovers inside the retries is what every normal restart looks like
// (the old long-poll lives ~30 s): healthy, never reported. A second poller that runs all the time is another matter
// (§8.9): each success resets Hermes' counter, conflicts start again at (1/5) every few minutes, never reaching the
// give-up, and every update the other poller takes is lost. Those are counted per time window.
import type {
  DetectSettings,
  Detector,
  Evidence,
  LogRecord,
  TelegramPoller,
  TelegramPollerEvidence,
} from '../../evidence.js';
import type { Finding, FindingParam, Remedy } from '../../types.js';
import type { PlatformCheck } from '../../detectors/platform-rule.js';
import { textParam } from '../../i18n.js';
import {
  age,
  currentRun,
  finding,
  isRunner,
  lastIndex,
  matching,
  parseTime,
  patternGroup,
  processAlive,
  type EvidenceLine,
} from '../../detectors/common.js';
import { entryFact, liveEntries, withProfile } from '../../detectors/platform-entries.js';
import { ownFinding, ownKey } from '../platform.js';
import { en } from './words.js';

const TAG = /^\[Telegram\] /;
const EXHAUSTED = /^\[Telegram\] Telegram polling could not recover after \d+ retries/;
const FATAL = /^Fatal telegram adapter error(?: for multiplexed profile (\S+))? \(telegram_polling_conflict\)/;
const RECOVERED =
  /^\[Telegram\] (Telegram polling restarted after (conflict retry|network error)|Connected to Telegram)|^✓ telegram (connected|reconnected)/;
const CONFLICT = /^\[Telegram\] Telegram polling conflict \(\d+\/\d+\)/;
/** The first conflict of an episode: Hermes' counter starts again at 1 after every successful poll (§8.9). */
const EPISODE = /^\[Telegram\] Telegram polling conflict \(1\/\d+\)/;
/** Telegram's own long-poll of a previous session (a restart, a network reconnect) lives ~30 s: conflicts then are its. */
const RESUMED =
  /^\[Telegram\] Telegram polling restarted after network error|^✓ telegram reconnected|^Reconnecting telegram \(attempt/;

/** Every line this detector reads: the scans below see only these, in run order. */
const LINES = patternGroup(EXHAUSTED, FATAL, RECOVERED, CONFLICT, RESUMED);

/** After a start or reconnect, conflicts this long are the old session's (§7 trap 3: ~30 s, Hermes waits 20 s, 30 s). */
const SESSION_GRACE_MS = 90_000;
/** Recurring: this many episodes within the window, the last of them inside it too (the other poller still runs). */
const RECUR_EPISODES = 3;
const RECUR_WINDOW_MS = 30 * 60_000;

/** Conflict episodes of a second poller (§8.9): outside the grace after a (re)start, within the window. */
export function recurringConflicts(run: readonly LogRecord[], now: number, startedAt: number | undefined): LogRecord[] {
  const out: LogRecord[] = [];
  let fresh = startedAt;
  for (const r of run) {
    if (RESUMED.test(r.message)) fresh = r.ts;
    else if (
      EPISODE.test(r.message) &&
      now - r.ts <= RECUR_WINDOW_MS &&
      (fresh === undefined || r.ts - fresh > SESSION_GRACE_MS)
    )
      out.push(r);
  }
  return out.length >= RECUR_EPISODES ? out : [];
}

function isExhausted(r: LogRecord): boolean {
  return (TAG.test(r.message) && EXHAUSTED.test(r.message)) || (isRunner(r) && FATAL.test(r.message));
}

const telegramConflict: Detector = {
  check: 'telegram_polling_conflict',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const run = matching(ev, LINES);
    const out: Finding[] = [];
    const lastBad = lastIndex(run, isExhausted);
    const lastGood = lastIndex(run, (r) => RECOVERED.test(r.message));
    const entries = liveEntries(ev).filter((e) => e.platform === 'telegram');
    const inState = entries.filter(
      (e) => e.st.error_code === 'telegram_polling_conflict' && e.st.state !== 'connected',
    );
    // The state's entry came back after the line: it recovered (a restart after the other poller went away).
    const stateSaysUp = entries.some(
      (e) =>
        e.st.state === 'connected' && !e.profile && (parseTime(e.st.updated_at) ?? 0) > (run[lastBad]?.ts ?? Infinity),
    );
    const fromLog = lastBad >= 0 && lastBad > lastGood && !stateSaysUp;
    if (!fromLog && !inState.length) return recurring(ev, s, run);
    // Only the log says so (a writer that predates error codes): the runner's line names a multiplexed profile.
    const logProfile = lastBad >= 0 ? FATAL.exec(run[lastBad]!.message)?.[1] : undefined;
    const servedAs = ev.hermes?.serving?.role === 'served' ? ev.hermes.serving.profile : undefined;
    const keys = inState.length
      ? inState
      : [
          {
            key: logProfile ? `${logProfile}:telegram` : 'telegram',
            platform: 'telegram',
            profile: logProfile ?? servedAs,
            st: undefined,
          },
        ];
    const scan = ev.hermes?.telegramPollers;
    const named = scan?.others ?? [];
    for (const e of keys) {
      const conflicts = run.filter((r) => CONFLICT.test(r.message));
      const first = conflicts[0];
      const others = ev.processes.length > 1 ? ev.processes.map((p) => `pid ${p.pid}: ${p.cmdline}`) : [];
      // The other poller, named when it runs on this host (scanned by pid, home .env and environment; token masked).
      const pollerFacts = named.map((p) => otherPoller(p));
      const scanFact = scan?.checked && !named.length ? [noPollerHere(scan)] : [];
      const text = named.length
        ? ownFinding(en, 'telegram_polling_conflict.named')
        : scan?.checked
          ? ownFinding(en, 'telegram_polling_conflict.elsewhere')
          : undefined;
      out.push(
        withProfile(
          finding(ev, s, {
            check: 'telegram_polling_conflict',
            ...(text ? { text } : {}),
            severity: 'critical',
            restart: 'never',
            platform: e.key,
            params: {
              others: others.length
                ? String(others.length)
                : textParam('finding.telegram_polling_conflict.others.none', 'no'),
              pid: named[0] ? String(named[0].pid) : '',
              poller: named[0] ? pollerWords(named[0]) : '',
              more: named.length > 1 ? String(named.length - 1) : '0',
            },
            since: first?.ts ?? run[lastBad]?.ts,
            // Hermes gave Telegram up: once the other poller is gone, only a restart brings it back.
            remedies: stopPollers(named, 'stop_process_then_restart'),
            evidence: [
              ...(e.st ? [entryFact({ ...e, st: e.st })] : []),
              ...(first ? [first.line] : []),
              ...(lastBad >= 0 ? [run[lastBad]!.line] : []),
              ...pollerFacts,
              ...scanFact,
              ...(pollerFacts.length ? [] : others),
            ],
          }),
          e.profile,
        ),
      );
    }
    return out;
  },
};

/** A second poller that never lets Hermes reach its give-up: conflicts counted per window, not Hermes' counter. */
function recurring(ev: Evidence, s: DetectSettings, run: LogRecord[]): Finding[] {
  const episodes = recurringConflicts(run, ev.now, currentRun(ev).startedAt);
  if (!episodes.length) return [];
  const first = episodes[0]!;
  const last = episodes[episodes.length - 1]!;
  const entry = liveEntries(ev).find((e) => e.key === 'telegram');
  const servedAs = ev.hermes?.serving?.role === 'served' ? ev.hermes.serving.profile : undefined;
  const scan = ev.hermes?.telegramPollers;
  const named = scan?.others ?? [];
  const text = named.length
    ? ownFinding(en, 'telegram_polling_conflict.recurring.named')
    : scan?.checked
      ? ownFinding(en, 'telegram_polling_conflict.recurring.elsewhere')
      : ownFinding(en, 'telegram_polling_conflict.recurring');
  return [
    withProfile(
      finding(ev, s, {
        check: 'telegram_polling_conflict',
        text,
        // Its own incident: a poller that takes turns is not the one that made Hermes give up.
        cause: 'recurring',
        severity: 'critical',
        restart: 'never',
        platform: 'telegram',
        params: {
          count: String(episodes.length),
          window: age(ev.now - first.ts),
          pid: named[0] ? String(named[0].pid) : '',
          poller: named[0] ? pollerWords(named[0]) : '',
          more: String(Math.max(0, named.length - 1)),
        },
        since: first.ts,
        // Hermes still polls: stopping the other poller is the whole fix.
        remedies: stopPollers(named, 'stop_process'),
        evidence: [
          ...(entry ? [entryFact(entry)] : []),
          first.line,
          last.line,
          {
            key: 'evidence.telegram.episodes',
            params: { count: episodes.length, span: age(ev.now - first.ts), grace: age(SESSION_GRACE_MS) },
          },
          ...named.map((p) => otherPoller(p)),
          ...(scan?.checked && !named.length ? [noPollerHere(scan)] : []),
        ],
      }),
      servedAs,
    ),
  ];
}

/**
 * Stop each named poller on this host (one remedy each). The probe never names the watched gateway, its wrapper or its
 * children; the action proves that again before it signals. A poller on another machine is named by no one: no remedy.
 */
function stopPollers(named: readonly TelegramPoller[], kind: 'stop_process' | 'stop_process_then_restart'): Remedy[] {
  return named.flatMap((p) =>
    p.identity ? [{ kind, process: p.identity, why: { key: 'fix.why.poller', params: { what: pollerWords(p) } } }] : [],
  );
}

/** Why the other poller counts, in the reader's words (the probe's `what` is English). */
function pollerWords(p: TelegramPoller): FindingParam {
  const key = 'finding.telegram_polling_conflict.poller';
  if (p.via !== 'hermes_home') return textParam(`${key}.${p.via}`, p.what);
  const home = p.home ?? '?';
  if (p.profile) return { key: ownKey(en, `${key}.profile`), params: { home, profile: p.profile } };
  return {
    key: ownKey(en, p.what.startsWith('a second gateway') ? `${key}.same_home` : `${key}.home`),
    params: { home },
  };
}

/** The other poller as an evidence line: its pid, why it counts (in the reader's words), its command line. */
function otherPoller(p: TelegramPoller): EvidenceLine {
  return { key: 'evidence.telegram.other_poller', params: { pid: p.pid, what: pollerWords(p), cmdline: p.cmdline } };
}

/** The scan found no other poller here (the probe's reason, when partial, as it gave it). */
function noPollerHere(scan: TelegramPollerEvidence): EvidenceLine {
  const scanned = scan.scanned ?? '?';
  return scan.reason
    ? { key: 'evidence.telegram.no_poller_partial', params: { scanned, reason: scan.reason } }
    : { key: 'evidence.telegram.no_poller', params: { scanned } };
}

export const conflictChecks: PlatformCheck[] = [{ ...telegramConflict, before: 'platform_auth_failed' }];
