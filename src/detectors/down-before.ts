// The platforms that were already down when the gateway went down (issue 77 item 3): QQ's session timed out (4009) and,
// a second later, a SIGTERM stopped the gateway. The death makes what the gateway did while running moot, so the
// platform's own finding is never made; its outage is still a fault that came first, and the death's alert says it
// rather than dropping it. Read from what the dead gateway left: its state file's entry for the platform still down,
// and the log's outage open at the end of its run (lines written once its shutdown began are its shutdown's, not
// faults). An entry without such an outage in the life's own lines is an earlier life's, not said. Pure.
import type { Evidence } from '../evidence.js';
import type { PlatformBefore } from '../types.js';
import { processAlive } from './common.js';
import { latestError, openOutage, readRunOutages } from './outages.js';

const DOWN = new Set(['disconnected', 'fatal', 'retrying']);

/** An adapter's tag before its words (`[QQBot:102345678] WebSocket closed …`): the platform is named apart. */
const TAG = /^\[[^\]]*\]\s*/;

/** Each platform down before `deathAt` (the death's own first sign) in the life that ended, oldest outage first. */
export function downBefore(ev: Evidence, deathAt: number | undefined): PlatformBefore[] {
  if (processAlive(ev) || !ev.state || deathAt === undefined) return [];
  const outages = readRunOutages(ev);
  const out: PlatformBefore[] = [];
  for (const [platform, st] of Object.entries(ev.state.platforms ?? {})) {
    if (!DOWN.has(st.state)) continue;
    // Its outage in this life's own lines: an entry alone may be an earlier life's, left in the file (Hermes merges
    // its writes: a platform another Hermes served, the entries its shutdown wrote).
    const x = openOutage(outages, platform);
    if (!x) continue;
    const since = x.start.ts;
    // Down since before the death began: not its shutdown's own goodbyes.
    if (since >= deathAt) continue;
    const said = latestError(x)?.text || x.start.message || st.error_message || undefined;
    out.push({ platform, since, ...(said ? { error: said.replace(TAG, '').slice(0, 200) } : {}) });
  }
  return out.sort((a, b) => a.since - b.since);
}
