// Telegram polling conflict (hermes-gateway-current.md §6, trap 3): another getUpdates session holds the bot token.
// Hermes retries 5 times (20–60 s apart), then marks it non-retryable: Telegram stays down until someone removes the
// other poller and restarts. A conflict that recovers inside the retries is what every normal restart looks like
// (the old long-poll lives ~30 s): healthy, never reported.
import type { Detector, LogRecord, TelegramPoller } from '../evidence.js';
import type { Finding, FindingParam } from '../types.js';
import { textParam } from '../i18n.js';
import { finding, isRunner, lastIndex, matching, parseTime, patternGroup, processAlive } from './common.js';
import { entryFact, liveEntries, withProfile } from './platform-entries.js';

const TAG = /^\[Telegram\] /;
const EXHAUSTED = /^\[Telegram\] Telegram polling could not recover after \d+ retries/;
const FATAL = /^Fatal telegram adapter error(?: for multiplexed profile (\S+))? \(telegram_polling_conflict\)/;
const RECOVERED = /^\[Telegram\] (Telegram polling restarted after (conflict retry|network error)|Connected to Telegram)|^✓ telegram (connected|reconnected)/;
const CONFLICT = /^\[Telegram\] Telegram polling conflict \(\d+\/\d+\)/;

/** Every line this detector reads: the scans below see only these, in run order. */
const LINES = patternGroup(EXHAUSTED, FATAL, RECOVERED, CONFLICT);

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
    const inState = entries.filter((e) => e.st.error_code === 'telegram_polling_conflict' && e.st.state !== 'connected');
    // The state's entry came back after the line: it recovered (a restart after the other poller went away).
    const stateSaysUp = entries.some((e) => e.st.state === 'connected' && !e.profile && (parseTime(e.st.updated_at) ?? 0) > (run[lastBad]?.ts ?? Infinity));
    const fromLog = lastBad >= 0 && lastBad > lastGood && !stateSaysUp;
    if (!fromLog && !inState.length) return [];
    // Only the log says so (a writer that predates error codes): the runner's line names a multiplexed profile.
    const logProfile = lastBad >= 0 ? FATAL.exec(run[lastBad]!.message)?.[1] : undefined;
    const servedAs = ev.hermes?.serving?.role === 'served' ? ev.hermes.serving.profile : undefined;
    const keys = inState.length
      ? inState
      : [{ key: logProfile ? `${logProfile}:telegram` : 'telegram', platform: 'telegram', profile: logProfile ?? servedAs, st: undefined }];
    const scan = ev.hermes?.telegramPollers;
    const named = scan?.others ?? [];
    for (const e of keys) {
      const conflicts = run.filter((r) => CONFLICT.test(r.message));
      const first = conflicts[0];
      const others = ev.processes.length > 1 ? ev.processes.map((p) => `pid ${p.pid}: ${p.cmdline}`) : [];
      // The other poller, named when it runs on this host (scanned by pid, home .env and environment; token masked).
      const pollerFacts = named.map((p) => `other poller: pid ${p.pid}, ${p.what}: ${p.cmdline}`);
      const scanFact = scan?.checked && !named.length ? [`no other poller of this token on this host (${scan.scanned ?? '?'} processes scanned${scan.reason ? `; ${scan.reason}` : ''}): look on other hosts`] : [];
      const text = named.length ? 'telegram_polling_conflict.named' : scan?.checked ? 'telegram_polling_conflict.elsewhere' : undefined;
      out.push(
        withProfile(
          finding(ev, s, {
            check: 'telegram_polling_conflict',
            ...(text ? { text } : {}),
            severity: 'critical',
            restart: 'never',
            platform: e.key,
            params: {
              others: others.length ? String(others.length) : textParam('finding.telegram_polling_conflict.others.none', 'no'),
              pid: named[0] ? String(named[0].pid) : '',
              poller: named[0] ? pollerWords(named[0]) : '',
              more: named.length > 1 ? String(named.length - 1) : '0',
            },
            since: first?.ts ?? run[lastBad]?.ts,
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

/** Why the other poller counts, in the reader's words (the probe's `what` is English). */
function pollerWords(p: TelegramPoller): FindingParam {
  const key = 'finding.telegram_polling_conflict.poller';
  if (p.via !== 'hermes_home') return textParam(`${key}.${p.via}`, p.what);
  const home = p.home ?? '?';
  if (p.profile) return { key: `${key}.profile`, params: { home, profile: p.profile } };
  return { key: p.what.startsWith('a second gateway') ? `${key}.same_home` : `${key}.home`, params: { home } };
}

export const telegramDetectors: Detector[] = [telegramConflict];
