// Feishu/Lark's forecast (hermes-gateway-current.md §9.4, §10.4): the Lark SDK retries a lost link itself, about 10
// times over about 17 minutes, then stops without telling Hermes (#64712), and Feishu reads connected while deaf. While
// its ladder climbs (the 3rd try or later: most lost links come back at the first), when it would give up.
import type { Detector } from '../../evidence.js';
import type { Finding } from '../../types.js';
import { finding, processAlive } from '../../detectors/common.js';
import { entryFact, liveEntries, withProfile } from '../../detectors/platform-entries.js';
import { inWords } from '../../detectors/time-left.js';
import { LARK_LADDER_MS, larkRetries, linkLostSince } from './link.js';
import { LARK_RETRY } from './lines.js';

/** §9.4, §10.4: "about 10 over ~17 min". */
const LARK_TRIES = 10;
const LARK_GIVES_UP_MS = 17 * 60_000;
/** A link that came back at its first or second try was a drop, not a ladder (#31367: one every ~30 min). */
const FROM_TRY = 3;

export const ladderForecast: Detector['detect'] = (ev, s) => {
  if (!processAlive(ev)) return [];
  const out: Finding[] = [];
  for (const e of liveEntries(ev)) {
    const since = linkLostSince(ev, e);
    if (since === undefined) continue;
    const elapsed = ev.now - since;
    // Past the SDK's give-up, platform_deaf.feishu_gave_up says what came of it.
    if (elapsed > LARK_LADDER_MS) continue;
    const last = larkRetries(ev, since).at(-1);
    const tries = last ? Number(LARK_RETRY.exec(last.message)![1]) : 0;
    if (tries < FROM_TRY) continue;
    const left = LARK_GIVES_UP_MS - elapsed;
    const f = finding(ev, s, {
      check: 'forecast',
      // Past its time (17 min) and before the give-up is judged (20 min): said as due now, not closed without a word
      // (issue 54 item 5): the ladder is still what it was, and gave_up takes over from it.
      text: left > 0 ? 'forecast.feishu_giveup' : 'forecast.feishu_giveup_due',
      cause: 'feishu_giveup',
      // The SDK's own ladder on Feishu: a platform finding (issue 50 item 4), and no outage of its own.
      platform: e.key,
      severity: 'warning',
      // Its own ladder is still running; a restart per lost link is churn. After the give-up, one restart (gave_up).
      restart: 'wait',
      params: { ago: inWords(elapsed), tries, max: LARK_TRIES, eta: inWords(Math.max(0, left)) },
      since,
      evidence: [entryFact(e), last!.line],
    });
    out.push(withProfile(f, e.profile));
  }
  return out;
};
