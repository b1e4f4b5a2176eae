// Platforms that claim `connected` while their own lines show they cannot receive (hermes-gateway-current.md §6,
// trap 8). The state file never changes for these: only the log tells.
import type { Detector, Evidence, LogRecord } from '../evidence.js';
import type { Finding, RestartAdvice } from '../types.js';
import { currentRun, finding, lastIndex, matching, patternGroup, processAlive } from './common.js';
import { withProfile } from './platform-entries.js';
import { telegramLadderActive } from './hermes-current.js';

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
  /** Text variant when one platform has several rules (default `platform_deaf.<platform>`). */
  text?: `platform_deaf.${string}`;
  /** Hermes is handling it right now: not a cause yet. */
  quietWhile?: (ev: Evidence) => boolean;
}

const TELEGRAM_DEAF =
  /^\[Telegram\] (Telegram polling heartbeat: \d+ update\(s\) queued but not consumed|getUpdates consumer appears wedged|Telegram polling heartbeat: updater stopped while in polling mode|Telegram updater is not running \(long-poll task gone\)|Telegram polling stalled: no getUpdates progress|Telegram reconnect task wedged for|Telegram ingress is healthy but deaf: )|^\[Telegram\] .* \(likely CLOSE-WAIT socket\)$/;

// Earlier rules win for a platform: one platform_deaf finding per platform.
const RULES: Deaf[] = [
  // Session expired: Weixin sleeps 10 min and tries again, forever; only a new login (QR) or a user message revives it.
  { platform: 'weixin', bad: /^\[Weixin\] Session expired; pausing for 10 minutes/, good: /^\[Weixin\] (inbound from=|Connected account=)/, restart: 'never' },
  // Any other getUpdates/poll failure: Hermes backs off 30 s after 3 and recycles the poll session itself. Only a loop
  // that outlasts many recycles with nothing received is a cause; a restart does what the recycle does.
  {
    platform: 'weixin',
    text: 'platform_deaf.weixin_poll',
    bad: /^\[Weixin\] (getUpdates failed ret=|poll error \(\d+\/\d+\): )/,
    good: /^\[Weixin\] (inbound from=|Connected account=)/,
    restart: 'wait',
    minCount: 9,
    windowMs: 15 * 60_000,
  },
  // The sync loop returns on a permanent auth error and nothing restarts it before the next run (every wording since
  // #111180 starts so); the reference gives no line that shows it resuming, hence no `good` line.
  { platform: 'matrix', bad: /^Matrix: permanent auth error/, good: /(?!)/, restart: 'never' },
  // WeCom's reconnect loop, or half-alive after a reconnect (sends refused: not subscribed, #29667): the state stays
  // `connected`; a restart fixes it.
  {
    platform: 'wecom',
    bad: /^\[Wecom\] (Reconnect failed: |Reconnect timed out after )|errcode 846609: aibot websocket not subscribed/,
    good: /^\[Wecom\] Reconnected$/,
    restart: 'helps',
    minCount: 5,
    windowMs: 15 * 60_000,
  },
  // slack_bolt retries a closed aiohttp session every ~10 s forever (#85574): agent.log only; a restart fixes it.
  { platform: 'slack', bad: /^Failed to connect \(error: Session is closed\); Retrying\.\.\./, good: /(?!)/, restart: 'helps', minCount: 3, windowMs: 5 * 60_000, source: 'agent' },
  // Socket Mode's own reconnect failing over and over (gateway.log): the same outcome, the same fix.
  { platform: 'slack', text: 'platform_deaf.slack_socket', bad: /^\[Slack\] Socket Mode reconnect failed: /, good: /(?!)/, restart: 'helps', minCount: 5, windowMs: 15 * 60_000 },
  // DingTalk's stream error storm: no success line exists (the stream restarts silently), so it is a rate. Rapid
  // restarts make DingTalk stop routing for 40+ min (#7562): alert, do not restart.
  { platform: 'dingtalk', bad: /^\[Dingtalk\] Stream client error: /, good: /^\[Dingtalk\] Connected via Stream Mode/, restart: 'wait', minCount: 10, windowMs: 10 * 60_000 },
  // Telegram's deaf-socket detectors (#102260): each triggers a polling restart; when they keep firing with no
  // recovery line, the consumer stays deaf. Inside the network ladder Hermes is still on it.
  {
    platform: 'telegram',
    bad: TELEGRAM_DEAF,
    good: /^\[Telegram\] (Telegram polling restarted after |Connected to Telegram)|^✓ telegram (connected|reconnected)/,
    restart: 'helps',
    minCount: 3,
    windowMs: 15 * 60_000,
    quietWhile: telegramLadderActive,
  },
  // The WhatsApp bridge crash loop (428/503 closes, Node unhandled rejections): the bridge dies minutes after each
  // reconnect and the state flaps. Hermes respawns it forever; a restart does not fix the cause. (A logged-out
  // bridge exits too: platform_auth_failed names that, and wins for the platform.)
  {
    platform: 'whatsapp',
    bad: /^\[Whatsapp\] WhatsApp bridge process exited unexpectedly \(code -?\d+\)\./,
    good: /(?!)/,
    restart: 'never',
    minCount: 3,
    windowMs: 60 * 60_000,
  },
];

/** The gateway.log lines any rule reads. */
const DEAF_LINES = patternGroup(...RULES.filter((r) => r.source !== 'agent').flatMap((r) => [r.bad, r.good]));

const platformDeaf: Detector = {
  check: 'platform_deaf',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const cur = currentRun(ev);
    const agent = (ev.hermes?.agentOnly ?? []).filter((r) => cur.startedAt === undefined || r.ts >= cur.startedAt);
    const out: Finding[] = [];
    const servedAs = ev.hermes?.serving?.role === 'served' ? ev.hermes.serving.profile : undefined;
    const done = new Set<string>();
    for (const rule of RULES) {
      if (done.has(rule.platform) || rule.quietWhile?.(ev)) continue;
      const run = rule.source === 'agent' ? agent : matching(ev, DEAF_LINES);
      const lastBad = lastIndex(run, (r) => rule.bad.test(r.message));
      if (lastBad < 0 || lastIndex(run, (r) => rule.good.test(r.message)) > lastBad) continue;
      const lastGood = lastIndex(run, (r) => rule.good.test(r.message), lastBad);
      const inWindow = (r: LogRecord) => rule.windowMs === undefined || ev.now - r.ts <= rule.windowMs;
      const episode: LogRecord[] = run.slice(lastGood + 1, lastBad + 1).filter((r) => rule.bad.test(r.message) && inWindow(r));
      if (!episode.length || episode.length < (rule.minCount ?? 1)) continue;
      const first = episode[0] ?? run[lastBad]!;
      done.add(rule.platform);
      out.push(
        withProfile(
          finding(ev, s, {
            check: 'platform_deaf',
            text: rule.text ?? `platform_deaf.${rule.platform}`,
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
