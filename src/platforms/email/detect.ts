// Email over IMAP (hermes-gateway-current.md §10.1): fetch errors the adapter swallows (#80016), and blank `EMAIL_*`
// settings that enable it with nothing to reach (#40715). An IMAP call that blocks past its timeout logs nothing
// (PR #87176): no line to read, so it is not judged here.
import type { Detector, LogRecord } from '../../evidence.js';
import { age, currentRun, finding, isRunner, processAlive } from '../../detectors/common.js';
import { definePlatform } from '../platform.js';
import { CONNECT_FAILED, FETCH_ERROR, NOT_CONNECTED } from './lines.js';
import { classifyError } from '../../util/error-kind.js';
import { en, zhCN } from './words.js';

/** The runner retries every ~30 s (#40715): still looping when its last failure is this recent. */
const LOOP_FRESH_MS = 5 * 60_000;
/** Two rounds at least: one failed connect is the network's as often as the config's. */
const LOOP_MIN = 2;

/**
 * #40715: `.env` assigns an `EMAIL_*` key an empty value, and the adapter cannot resolve the server it was given
 * (nothing): the platform cannot start on its configuration, and a restart reads the same .env. Only with the blank
 * keys in hand: the same DNS error with settings filled in is the network's, not this.
 */
const blankSettings: Detector['detect'] = (ev, s) => {
  const blank = (ev.hermes?.blankEnv ?? []).filter((k) => k.startsWith('EMAIL_'));
  if (!blank.length || !processAlive(ev)) return [];
  const run = currentRun(ev).records;
  // Whatever the resolver's words: `[Errno -2] Name or service not known` on Linux, `nodename nor servname provided`
  // on macOS, `getaddrinfo failed` on Windows.
  const failed = run.filter((r) => classifyError(CONNECT_FAILED.exec(r.message)?.[1] ?? '')?.kind === 'dns');
  const last = failed.at(-1);
  if (failed.length < LOOP_MIN || !last || ev.now - last.ts > LOOP_FRESH_MS) return [];
  const runner = run.filter((r: LogRecord) => isRunner(r) && NOT_CONNECTED.test(r.message)).at(-1);
  return [
    finding(ev, s, {
      check: 'config_fatal',
      text: 'config_fatal.email_blank',
      severity: 'critical',
      restart: 'never',
      platform: 'email',
      params: {
        keys: blank.join(', '),
        env: ev.hermes?.envFile ?? '.env',
        count: String(failed.length),
        ago: age(ev.now - failed[0]!.ts),
      },
      since: failed[0]!.ts,
      evidence: [
        failed[0]!.line,
        last.line,
        ...(runner ? [runner.line] : []),
        { key: 'evidence.email.blank', params: { keys: blank.join(', '), env: ev.hermes?.envFile ?? '.env' } },
      ],
    }),
  ];
};

export const email = definePlatform({
  platform: 'email',
  words: { en, 'zh-CN': zhCN },
  rules: [
    // #80016: a fetch that fails looks like an empty inbox, with no state change and no fatal error, and only a restart
    // clears it. The adapter polls: failing on every poll is five in ten minutes or more, the last within five, over
    // three minutes at least, and no mail heard since. Gmail's read timeouts (#92358: 0.3 % → 1.7 % of polls over two
    // weeks, "no mail is lost") never come that dense: a trend, not an outage.
    {
      text: 'platform_deaf.email',
      restart: 'helps',
      bad: FETCH_ERROR,
      inboundClears: true,
      minCount: 5,
      windowMs: 10 * 60_000,
      freshMs: 5 * 60_000,
      minSpanMs: 3 * 60_000,
      params: (episode) => ({ error: FETCH_ERROR.exec(episode.at(-1)!.message)?.[1] ?? '?' }),
    },
  ],
  deaf: [blankSettings],
});
