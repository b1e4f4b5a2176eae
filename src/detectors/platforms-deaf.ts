// Platforms that claim `connected` while their own lines show they cannot receive (hermes-gateway-current.md §6,
// trap 8). The state file never changes for these: only the log tells.
import type { Detector, LogRecord } from '../evidence.js';
import type { Finding, RestartAdvice } from '../types.js';
import { currentRun, finding, lastIndex, processAlive } from './common.js';
import { withProfile } from './platform-entries.js';

interface Deaf {
  platform: string;
  /** The line that shows it went deaf. */
  bad: RegExp;
  /** A later line that shows it hears again. */
  good: RegExp;
  restart: RestartAdvice;
  /** Loops, not single lines: at least this many bad lines since the last good one (default 1)… */
  minCount?: number;
  /** …within this window, the last of them inside it too (the loop still runs). */
  windowMs?: number;
  /** Where the lines are: gateway.log (default) or agent.log only (a logger that is not a gateway component). */
  source?: 'agent';
}

const RULES: Deaf[] = [
  // Session expired: Weixin sleeps 10 min and tries again, forever; only a new login (QR) or a user message revives it.
  { platform: 'weixin', bad: /^\[Weixin\] Session expired; pausing for 10 minutes/, good: /^\[Weixin\] (inbound from=|Connected account=)/, restart: 'never' },
  // The sync loop returns on a permanent auth error and nothing restarts it before the next run (every wording since
  // #111180 starts so); the reference gives no line that shows it resuming, hence no `good` line.
  { platform: 'matrix', bad: /^Matrix: permanent auth error/, good: /(?!)/, restart: 'never' },
  // WeCom's reconnect loop: the state stays `connected` while every reconnect fails; a restart fixes it.
  { platform: 'wecom', bad: /^\[Wecom\] (Reconnect failed: |Reconnect timed out after )/, good: /^\[Wecom\] Reconnected$/, restart: 'helps', minCount: 5, windowMs: 15 * 60_000 },
  // slack_bolt retries a closed aiohttp session every ~10 s forever (#85574): agent.log only; a restart fixes it.
  { platform: 'slack', bad: /^Failed to connect \(error: Session is closed\); Retrying\.\.\./, good: /(?!)/, restart: 'helps', minCount: 3, windowMs: 5 * 60_000, source: 'agent' },
  // DingTalk's stream error storm: no success line exists (the stream restarts silently), so it is a rate. Rapid
  // restarts make DingTalk stop routing for 40+ min (#7562): alert, do not restart.
  { platform: 'dingtalk', bad: /^\[Dingtalk\] Stream client error: /, good: /^\[Dingtalk\] Connected via Stream Mode/, restart: 'wait', minCount: 10, windowMs: 10 * 60_000 },
];

const platformDeaf: Detector = {
  check: 'platform_deaf',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const cur = currentRun(ev);
    const agent = (ev.hermes?.agentOnly ?? []).filter((r) => cur.startedAt === undefined || r.ts >= cur.startedAt);
    const out: Finding[] = [];
    const servedAs = ev.hermes?.serving?.role === 'served' ? ev.hermes.serving.profile : undefined;
    for (const rule of RULES) {
      const run = rule.source === 'agent' ? agent : cur.records;
      const lastBad = lastIndex(run, (r) => rule.bad.test(r.message));
      if (lastBad < 0 || lastIndex(run, (r) => rule.good.test(r.message)) > lastBad) continue;
      const lastGood = lastIndex(run, (r) => rule.good.test(r.message), lastBad);
      const inWindow = (r: LogRecord) => rule.windowMs === undefined || ev.now - r.ts <= rule.windowMs;
      const episode: LogRecord[] = run.slice(lastGood + 1, lastBad + 1).filter((r) => rule.bad.test(r.message) && inWindow(r));
      if (!episode.length || episode.length < (rule.minCount ?? 1)) continue;
      const first = episode[0] ?? run[lastBad]!;
      out.push(
        withProfile(
          finding(ev, s, {
            check: 'platform_deaf',
            text: `platform_deaf#${rule.platform}`,
            severity: 'critical',
            restart: rule.restart,
            platform: rule.platform,
            params: { count: String(episode.length) },
            since: first.ts,
            evidence: [first.line, ...(episode.length > 1 ? [run[lastBad]!.line] : [])],
          }),
          servedAs,
        ),
      );
    }
    return out;
  },
};

export const deafDetectors: Detector[] = [platformDeaf];
