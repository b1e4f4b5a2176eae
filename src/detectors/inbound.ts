// When a platform last carried an inbound message. The runner logs every one at INFO (`inbound message: platform=<p>
// user=… chat=… msg=…`); the current reference names the line (§8.7) but not its fields: `platform=` is read as the
// sample of a real gateway.log in test/fixtures/hermes/ has it. A line without it is attributed to no platform.
import type { Evidence } from '../evidence.js';
import { isRunner, matching, patternGroup } from './common.js';

const INBOUND = /^inbound message: (?:.* )?platform=([\w.-]+)/;
const INBOUND_LINES = patternGroup(INBOUND);

/** Epoch ms of the last inbound message on `platform` in the current run, counting those the run's caps dropped. */
export function lastInbound(ev: Evidence, platform: string): number | undefined {
  let last = ev.log.inboundDropped?.[platform];
  for (const r of matching(ev, INBOUND_LINES)) {
    if (isRunner(r) && INBOUND.exec(r.message)?.[1] === platform && (last === undefined || r.ts > last)) last = r.ts;
  }
  return last;
}

/**
 * How many inbound messages the current run carried after `since` on platforms other than `platform` (a run's caps
 * may have dropped some: one that left the view counts once).
 */
export function othersHeard(ev: Evidence, platform: string, since: number): number {
  let n = 0;
  for (const r of matching(ev, INBOUND_LINES)) {
    const p = isRunner(r) ? INBOUND.exec(r.message)?.[1] : undefined;
    if (p !== undefined && p !== platform && r.ts > since) n++;
  }
  for (const [p, at] of Object.entries(ev.log.inboundDropped ?? {})) if (p !== platform && at > since) n++;
  return n;
}
