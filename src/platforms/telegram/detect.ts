// Telegram's deafness (hermes-gateway-current.md §6, §9.3): the ways it stays `connected` and hears nothing. The 409
// conflict is its own check (conflict.ts); the network ladder is read with Hermes' other ladders (hermes-current.ts).
import { definePlatform } from '../platform.js';
import { telegramLadderActive } from '../../detectors/hermes-current.js';
import { matching, patternGroup } from '../../detectors/common.js';
import { runsRelease, versionParam, wayOut } from '../../detectors/known-releases.js';
import { CONFIRMED, DEAF, PENDING, RECOVERED, STALL_REGRESSION } from './lines.js';
import { en, zhCN } from './words.js';
import { demo } from './demo.js';
import { conflictChecks } from './conflict.js';

const CONFIRMED_LINES = patternGroup(CONFIRMED);

export const telegram = definePlatform({
  platform: 'telegram',
  words: { en, 'zh-CN': zhCN },
  checks: conflictChecks,
  demo,
  // Inside its own 10-step network ladder Hermes is still on it: `retrying` is expected (§6), not a cause yet.
  holdsDown: (ev, e) => e.key === 'telegram' && telegramLadderActive(ev),
  rules: [
    // v0.21.3 (#113618): the stall repeats on every ladder attempt (backoff 5/10/20/40 s) and every fresh process goes
    // deaf the same way, `Restart=always` included: two within 15 minutes with no `confirmed healthy` is the
    // regression, and the fix is a version, not a restart.
    {
      text: 'platform_deaf.telegram_stall_regression',
      restart: 'never',
      // §9.3: every fresh process went deaf the same way; rolling back (or v0.21.4+) restored it.
      advice: 'polling_regression',
      bad: STALL_REGRESSION,
      good: CONFIRMED,
      minCount: 2,
      windowMs: 15 * 60_000,
      // The regression is v0.21.3's (fixed in v0.21.4 by PR #114221): on another known version it is the ladder's.
      quietWhile: (ev) => runsRelease(ev, 'telegram_stall') === false,
      params: (_episode, ev) => ({ version: versionParam(ev), way_out: wayOut(ev, 'telegram_stall') }),
    },
    // The deaf-socket checks (§6, #102260) fire and trigger a polling restart each; three within 15 minutes with no
    // recovery line and the consumer stays deaf. Inside the network ladder Hermes is still on it.
    // The heartbeat runs every 90 s: no deaf line for 5 minutes and it hears again.
    {
      text: 'platform_deaf.telegram',
      restart: 'helps',
      bad: DEAF,
      good: RECOVERED,
      minCount: 3,
      windowMs: 15 * 60_000,
      freshMs: 5 * 60_000,
      quietWhile: telegramLadderActive,
    },
    // #90504: a polling restart whose first getUpdates never lands. The stall detector fires at 150 s of no progress;
    // 5 minutes without `confirmed healthy` is past it and the ladder. Only where this Hermes logs the positive signal
    // (PR #90560, 2026-08-20): an older one never would.
    {
      text: 'platform_deaf.telegram_pending',
      restart: 'helps',
      bad: PENDING,
      good: CONFIRMED,
      unansweredMs: 5 * 60_000,
      quietWhile: (ev) =>
        telegramLadderActive(ev) || !matching(ev, CONFIRMED_LINES).some((r) => CONFIRMED.test(r.message)),
    },
  ],
});
