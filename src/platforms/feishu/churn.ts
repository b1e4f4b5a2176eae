// respawn_storm at the pace of Feishu's link drops (hermes-gateway-current.md §9.4, #31367).
import type { DetectSettings, Evidence, LogRecord } from '../../evidence.js';
import type { Finding } from '../../types.js';
import type { PlatformCheck } from '../../detectors/platform-rule.js';
import { age, finding } from '../../detectors/common.js';
import { ownFinding } from '../platform.js';
import { en } from './words.js';

// §9.4: the Lark SDK drops its link now and then (`receive message loop exit`, about every 30 min in #31367) and
// reconnects by itself. A gateway restarted after each drop (a watchdog reading that line, or Hermes v0.14 itself)
// reconnects every platform and notifies every chat each time, forever: a respawn storm at the drops' own pace, which
// Hermes' breaker (more than 5 starts in 120 s) never sees. Read over hours, across the restarts (Evidence.hermes.hours).

/** A start this soon after a drop, before any shutdown line, is a restart for that drop. */
const DROP_RESTART_MS = 10 * 60_000;
/** Restarts after drops in a row: a restart or two is an operator; four is a habit. */
const CHURN_RESTARTS = 4;
/** …over at least this long (a crash loop's burst is respawn_storm's). */
const CHURN_SPAN_MS = 60 * 60_000;
/** Still going on: the last such restart within three of the usual gaps between them (at least this long). */
const CHURN_ONGOING_MIN_MS = 60 * 60_000;

/**
 * §9.4, hermes-gateway.md §4.2: the SDK's receive loop ended (`receive message loop exit, err: {e}`, logger `Lark`:
 * agent.log/errors.log only); the SDK reconnects by itself. Kept over hours from agent.log (lines.ts HOURS_NEEDLES).
 */
export const LOOP_EXIT = /^receive message loop exit\b/;

const RUN_START = /^Starting Hermes Gateway\.\.\.$/;
const SHUTDOWN = /^(?:Received SIG\w+ |Stopping gateway\b)/;

interface ChurnRestart {
  drop: LogRecord;
  start: LogRecord;
}

/** The restarts that each followed a Lark drop, the latest unbroken streak of them (a drop ridden out breaks it). */
function churnStreak(hours: readonly LogRecord[], now: number): ChurnRestart[] {
  let streak: ChurnRestart[] = [];
  let drop: LogRecord | undefined;
  let stopping = false;
  const riddenOut = (until: number) => drop !== undefined && until - drop.ts > DROP_RESTART_MS;
  for (const r of hours) {
    const start = r.logger === 'gateway.run' && RUN_START.test(r.message);
    if (riddenOut(r.ts)) {
      // The gateway lived on past a drop: whatever restarts it does not do so for the drops.
      streak = [];
      drop = undefined;
    }
    if (start) {
      if (drop) streak.push({ drop, start: r });
      drop = undefined;
      stopping = false;
    } else if (r.logger === 'gateway.run' && SHUTDOWN.test(r.message)) stopping = true;
    // A drop during a shutdown is the stop's own doing, not a reason for it.
    else if (r.logger === 'Lark' && LOOP_EXIT.test(r.message) && !stopping) drop ??= r;
  }
  return riddenOut(now) ? [] : streak;
}

/** respawn_storm's slow kind: the restarts after Lark's drops, when they go on over hours. */
function larkChurn(ev: Evidence, s: DetectSettings): Finding[] {
  const streak = churnStreak(ev.hermes?.hours ?? [], ev.now);
  if (streak.length < CHURN_RESTARTS) return [];
  const first = streak[0]!;
  const last = streak.at(-1)!;
  if (last.start.ts - first.start.ts < CHURN_SPAN_MS) return [];
  const gaps = streak
    .slice(1)
    .map((x, i) => x.start.ts - streak[i]!.start.ts)
    .sort((a, b) => a - b);
  const cadence = gaps[Math.floor(gaps.length / 2)]!;
  if (ev.now - last.start.ts > Math.max(CHURN_ONGOING_MIN_MS, 3 * cadence)) return [];
  return [
    finding(ev, s, {
      check: 'respawn_storm',
      text: ownFinding(en, 'respawn_storm.lark'),
      cause: 'lark',
      severity: 'warning',
      // §9.4: "a restart per `loop exit` line only adds churn"; the SDK reconnects by itself.
      restart: 'never',
      platform: 'feishu',
      params: {
        count: String(streak.length),
        window: age(ev.now - first.drop.ts),
        cadence: age(cadence),
      },
      since: first.drop.ts,
      evidence: [first.drop.line, last.drop.line, last.start.line],
    }),
  ];
}

/** Said beside a crash loop, not instead: a cause of the gateway's restarts, not one platform's (unranked). */
export const churnCheck: PlatformCheck = { check: 'respawn_storm', detect: larkChurn };
