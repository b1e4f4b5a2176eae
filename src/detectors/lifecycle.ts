// Gateway-lifecycle causes read from the runner's own lines: fatal config (exit 78), an incomplete startup, and a
// disconnect storm (the event loop is likely blocked).
import type { Detector, Evidence, LogRecord } from '../evidence.js';
import type { Finding } from '../types.js';
import {
  age,
  currentRun,
  finding,
  isConnectLine,
  isDrop,
  isRunner,
  lastIndex,
  matching,
  patternGroup,
  platformOf,
  processAlive,
  runIsLive,
  startingUnwritten,
  STARTUP_END,
  stateIsCurrent,
} from './common.js';
import {
  openOutage,
  outageEvidence,
  parseQueuedForRetry,
  readRunOutages,
  resumedAtOnce,
  unreachableSpec,
} from './outages.js';
import { platformNotStarted } from './hermes-platforms.js';
import { listParam, platformsParam } from '../i18n.js';

// ---------- config_fatal ----------

const FATAL_RUN = /^(Exiting with code 78\b|Gateway hit a non-retryable startup conflict: )/;

/** Exit 78: the gateway refused to start on its config. Null when not the case. */
export function configFatalGlobal(ev: Evidence): { records: LogRecord[]; reason?: string } | null {
  if (processAlive(ev)) return null;
  const run = ev.log.run;
  const records = run.filter((r) => isRunner(r) && FATAL_RUN.test(r.message));
  if (records.length) {
    const conflict = records.find((r) => r.message.startsWith('Gateway hit'));
    return {
      records,
      reason:
        conflict?.message.replace(/^Gateway hit a non-retryable startup conflict: /, '') ??
        ev.state?.exit_reason ??
        undefined,
    };
  }
  // Only the state file to go on (log unreadable or empty): startup_failed with a reason and no process.
  if ((ev.log.error || run.length === 0) && ev.state?.gateway_state === 'startup_failed' && ev.state.exit_reason) {
    return { records: [], reason: ev.state.exit_reason };
  }
  return null;
}

/** Platform-level config errors: missing credentials, missing SDK, or the credential held by another gateway. */
const PLATFORM_CONFIG_LINE: [RegExp, string][] = [
  [/QQ startup failed: QQ_APP_ID and QQ_CLIENT_SECRET are required/, 'qqbot'],
  [/QQBot app ID already in use \(PID \d+\)/i, 'qqbot'],
  [
    /^\[Feishu\] (FEISHU_APP_ID or FEISHU_APP_SECRET not set|lark-oapi not installed|Unsupported FEISHU_CONNECTION_MODE=)/,
    'feishu',
  ],
  [/already using this Feishu app_id/, 'feishu'],
];
const CONFIG_LINES = patternGroup(...PLATFORM_CONFIG_LINE.map(([re]) => re));
const PLATFORM_CONFIG_CODES = new Set(['qq_missing_credentials', 'qqbot-appid_lock', 'feishu_app_lock']);

function platformConfigErrors(ev: Evidence): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (p: string, l: string) => {
    const a = out.get(p) ?? [];
    if (a.length < 3 && !a.includes(l)) a.push(l);
    out.set(p, a);
  };
  const hits = matching(ev, CONFIG_LINES);
  for (const r of hits) {
    for (const [re, p] of PLATFORM_CONFIG_LINE) if (re.test(r.message)) add(p, r.line);
  }
  // A later successful connect means it was fixed in this run.
  const run = currentRun(ev).records;
  for (const p of [...out.keys()]) {
    const lastHit = hits[lastIndex(hits, (r) => PLATFORM_CONFIG_LINE.some(([re, q]) => q === p && re.test(r.message)))];
    const lastErr = lastHit ? run.lastIndexOf(lastHit) : -1;
    if (run.slice(lastErr + 1).some((r) => platformOf(r) === p && isConnectLine(r))) out.delete(p);
  }
  if (ev.state && stateIsCurrent(ev)) {
    for (const [p, st] of Object.entries(ev.state.platforms ?? {})) {
      if (st.state === 'fatal' && st.error_code && PLATFORM_CONFIG_CODES.has(st.error_code)) {
        add(
          p,
          `gateway_state.json: ${p}=fatal error_code=${st.error_code}${st.error_message ? ` error_message=${st.error_message}` : ''}`,
        );
      }
    }
  }
  return out;
}

const configFatal: Detector = {
  check: 'config_fatal',
  meaning: { roles: ['down'] },
  detect(ev, s) {
    const out: Finding[] = [];
    const g = configFatalGlobal(ev);
    if (g) {
      const st = ev.state;
      out.push(
        finding(ev, s, {
          check: 'config_fatal',
          severity: 'critical',
          restart: 'never',
          params: { reason: g.reason ?? '-' },
          evidence: [
            ...g.records.map((r) => r.line),
            ...(st
              ? [
                  `gateway_state.json: gateway_state=${st.gateway_state ?? '?'}${st.exit_reason ? `, exit_reason=${st.exit_reason}` : ''}`,
                ]
              : []),
          ],
        }),
      );
    }
    // The global exit quotes the platform's reason already: one finding for one cause.
    for (const [platform, evidence] of g ? [] : platformConfigErrors(ev)) {
      out.push(
        finding(ev, s, {
          check: 'config_fatal',
          text: 'config_fatal.platform',
          severity: 'critical',
          restart: 'never',
          platform,
          evidence,
        }),
      );
    }
    return out;
  },
};

// ---------- startup_incomplete ----------

export { STARTUP_END };

const startupIncomplete: Detector = {
  check: 'startup_incomplete',
  meaning: { roles: ['unexplained'] },
  detect(ev, s) {
    // A start-up is judged from the live gateway's own lines, never from a dead life's stale ones.
    if (!processAlive(ev) || !ev.log.runStartSeen || !runIsLive(ev)) return [];
    // Nor from the life before's while the live one has not written its own: it is starting (servingSince says so too),
    // not a start-up that left platforms out.
    if (startingUnwritten(ev, s)) return [];
    const run = currentRun(ev);
    const records = run.records;
    const endIdx = records.findIndex((r) => isRunner(r) && STARTUP_END.test(r.message));
    const startup = endIdx >= 0 ? records.slice(0, endIdx + 1) : records;
    const out: Finding[] = [];

    if (endIdx < 0) {
      // Still starting: only a finding once it has taken longer than the grace.
      const started = run.startedAt ?? records[0]?.ts;
      if (started !== undefined && ev.now - started > s.disconnectGraceMs) {
        out.push(
          finding(ev, s, {
            check: 'startup_incomplete',
            text: 'startup_incomplete.stuck',
            severity: 'warning',
            restart: 'helps',
            params: { ago: age(ev.now - started) },
            evidence: records.slice(-3).map((r) => r.line),
          }),
        );
      }
      return out;
    }

    const failed = new Map<string, LogRecord>();
    for (const r of startup) {
      const m = /^✗ (\w+) (failed to connect|error: )/.exec(r.message);
      if (isRunner(r) && m) failed.set(m[1]!, r);
    }
    const end = records[endIdx]!;
    // `… queued for retry: qqbot: QQ startup failed: …; feishu: …`: the platforms, not their error texts.
    for (const q of parseQueuedForRetry(end.message, ev.expectedPlatforms) ?? [])
      if (!failed.has(q.platform)) failed.set(q.platform, end);

    const connected = new Set(
      startup.flatMap((r) => (isRunner(r) ? (/^✓ (\w+) connected/.exec(r.message)?.[1] ?? []) : [])),
    );
    const running = /^Gateway running with (\d+) platform\(s\)/.exec(end.message);
    const count = running ? Number(running[1]) : 0;
    const missing = ev.expectedPlatforms.filter((p) => !connected.has(p) && !failed.has(p));

    // Connected since the startup (the runner's watcher or the adapter itself): the startup finding is over.
    const recovered = (p: string) => {
      const st = stateIsCurrent(ev) ? ev.state?.platforms?.[p] : undefined;
      if (st?.state === 'connected') return true;
      return records.slice(endIdx + 1).some((r) => platformOf(r) === p && isConnectLine(r));
    };

    const outages = readRunOutages(ev);
    for (const [platform, r] of failed) {
      if (recovered(platform)) continue;
      const outage = openOutage(outages, platform);
      out.push(
        finding(ev, s, {
          check: 'startup_incomplete',
          severity: 'warning',
          restart: 'helps',
          platform,
          params: { count: String(count), expected: String(ev.expectedPlatforms.length) },
          ...unreachableSpec(ev, outage, platform, age(ev.now - (outage?.start.ts ?? r.ts))),
          since: outage?.start.ts ?? r.ts,
          evidence: outageEvidence(outage, [r.line, end.line]),
        }),
      );
    }
    // A platform its folder explains (skipped without a line, for a cause of its own): said as its own, not counted.
    const explained = new Map(
      running && count < ev.expectedPlatforms.length
        ? missing
            .filter((p) => !recovered(p))
            .flatMap((p) => {
              const why = platformNotStarted(ev, p);
              return why ? [[p, why] as const] : [];
            })
        : [],
    );
    if (running && count < ev.expectedPlatforms.length && out.length === 0 && failed.size === 0) {
      const notUp = missing.filter((p) => !recovered(p) && !explained.has(p));
      if (notUp.length) {
        out.push(
          finding(ev, s, {
            check: 'startup_incomplete',
            text: 'startup_incomplete.count',
            severity: 'warning',
            restart: 'helps',
            ...(notUp.length === 1 ? { platform: notUp[0] } : {}),
            params: {
              count: String(count),
              expected: String(ev.expectedPlatforms.length),
              missing: platformsParam(notUp),
            },
            // Not connected since this run began: the start platform_down dates it from too (one outage, one start).
            since: run.startedAt ?? end.ts,
            evidence: [end.line],
          }),
        );
      }
    }
    for (const [platform, why] of explained)
      out.push(
        finding(ev, s, {
          check: 'startup_incomplete',
          text: why.text,
          severity: 'warning',
          restart: why.restart,
          platform,
          params: { count: String(count), expected: String(ev.expectedPlatforms.length), ...why.params },
          since: end.ts,
          evidence: [end.line, ...(why.evidence ?? [])],
        }),
      );
    return out;
  },
};

// ---------- disconnect_storm ----------

const storm: Detector = {
  check: 'disconnect_storm',
  meaning: { roles: ['episode'] },
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const windowStart = ev.now - s.storm.withinMs;
    // Outages, not drop lines: the retry noise inside one outage (a failed reconnect, then `WebSocket error`) is not
    // a new drop; and a startup that never connected is startup_incomplete's (every platform's own loop counts:
    // adapter-loops.ts). A drop resumed at once (QQ's routine 4009, resumed in 2 s, even a minute apart on the real
    // v0.17 gateway) hurt nobody and says nothing of a blocked loop: it counts only when long tool calls in the window
    // are the evidence of one. A drop that came back late (its reconnect ran late: the loop was blocked) or not yet
    // always counts.
    const outages = readRunOutages(ev).filter(
      (x) => !x.atStartup && isDrop(x.start) && x.start.ts >= windowStart && x.start.ts <= ev.now,
    );
    const tools = ev.slowTools
      .filter((t) => t.ts >= windowStart && t.ts <= ev.now)
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 3);
    const drops = outages.filter((x) => tools.length || !resumedAtOnce(x)).map((x) => x.start);
    if (drops.length < s.storm.disconnects) return [];
    const platforms = [...new Set(drops.map((r) => platformOf(r)!))];
    const shown = drops.length > 6 ? [...drops.slice(0, 3), ...drops.slice(-3)] : drops;
    return [
      finding(ev, s, {
        check: 'disconnect_storm',
        text: tools.length ? 'disconnect_storm.tools' : 'disconnect_storm',
        severity: 'warning',
        restart: 'wait',
        // One platform's storm is that platform's: a more specific cause of its own (a deaf DingTalk) wins over it.
        ...(platforms.length === 1 ? { platform: platforms[0]! } : {}),
        params: {
          count: String(drops.length),
          window: age(s.storm.withinMs),
          platforms: platformsParam(platforms),
          // Each with its time as the reader's units say it (`terminal (5m 22s)`, `terminal（5 分钟 22 秒）`).
          tools: listParam(
            tools.map((t) => ({ key: 'tool.call', params: { tool: t.tool, duration: age(t.seconds * 1000) } })),
          ),
        },
        // Its first drop is its first sign, its last drop the one whose reconnect ended it (issue 61).
        since: drops[0]!.ts,
        latest: drops.at(-1)!.ts,
        evidence: [...tools.map((t) => t.line), ...shown.map((r) => r.line)],
      }),
    ];
  },
};

export const lifecycleDetectors: Detector[] = [configFatal, startupIncomplete, storm];
