// Current Hermes (v0.19 – v0.22, hermes-gateway-current.md): a wedged event loop behind a live pid, update windows.
// Pure functions of ev.hermes; with no ev.hermes (older gatewatch evidence) they find nothing.
import { causeParam, loopDeaths, SUPERVISOR_LOOP_DEATHS, supervisorFacts, supervisorParam } from './supervisor.js';
import { settingOf, settingWords } from './deployment-setting.js';
import type { DetectSettings, Detector, Evidence } from '../evidence.js';
import type { Finding } from '../types.js';
import { textParam, wordParam } from '../i18n.js';
import {
  age,
  finding,
  lastIndex,
  matching,
  parseTime,
  patternGroup,
  livesMet,
  processAlive,
  stateIsCurrent,
  type EvidenceLine,
} from './common.js';
import { liveEntries } from './platform-entries.js';
import { updateStoppedForGood } from './process.js';

/** Hermes' own TTL is 120 s (2× the 60-s tick); one more tick of slack so a slow disk never reads as a wedge. */
const HEARTBEAT_STALE_MS = 180_000;
/** While starting or draining a slow loop is expected; judge only once the state has sat there this long. */
const TRANSITION_GRACE_MS = 5 * 60_000;

function pidOf(ev: Evidence): string {
  return String(ev.process.pid ?? ev.hermes?.control?.identify?.pid ?? ev.state?.pid ?? '?');
}

function inTransition(ev: Evidence): boolean {
  const st = ev.state?.gateway_state;
  if (st !== 'starting' && st !== 'draining') return false;
  const at = parseTime(ev.state?.updated_at);
  return at === undefined || ev.now - at < TRANSITION_GRACE_MS;
}

function pidAlive(ev: Evidence): EvidenceLine {
  return { key: 'evidence.pid_alive', params: { pid: pidOf(ev) } };
}

const gatewayUnresponsive: Detector = {
  check: 'gateway_unresponsive',
  meaning: { atOnce: true },
  detect(ev, s) {
    const h = ev.hermes;
    if (!h || !processAlive(ev) || inTransition(ev)) return [];
    const c = h.control;
    if (c?.outcome === 'silent') {
      return [
        finding(ev, s, {
          check: 'gateway_unresponsive',
          severity: 'critical',
          restart: 'helps',
          params: { pid: pidOf(ev), wait: age(c.waitedMs ?? 0) },
          evidence: [
            { key: 'evidence.control_silent', params: { path: c.path ?? 'gateway.sock', wait: age(c.waitedMs ?? 0) } },
            pidAlive(ev),
          ],
        }),
      ];
    }
    // An answer proves the loop; without one, a version that re-stamps updated_at every 60 s tells us by its stamp.
    if (c?.outcome === 'answered' || !h.version.restampsUpdatedAt || !ev.state || !stateIsCurrent(ev)) return [];
    if (ev.state.gateway_state !== 'running' && ev.state.gateway_state !== 'degraded') return [];
    const stamped = parseTime(ev.state.updated_at);
    if (stamped === undefined || ev.now - stamped <= HEARTBEAT_STALE_MS) return [];
    return [
      finding(ev, s, {
        check: 'gateway_unresponsive',
        text: 'gateway_unresponsive.heartbeat',
        severity: 'critical',
        restart: 'helps',
        params: { pid: pidOf(ev), ago: age(ev.now - stamped), version: h.version.version ?? '' },
        since: stamped,
        evidence: [
          {
            key: 'evidence.state_stamp',
            params: { at: ev.state.updated_at ?? '?', ago: age(ev.now - stamped), state: ev.state.gateway_state },
          },
          pidAlive(ev),
          { key: 'evidence.restamps', params: { version: h.version.version ?? '?' } },
        ],
      }),
    ];
  },
};

/** `hermes update` holds the home: the gateway is down on purpose. */
export function updateWindowLive(ev: Evidence): boolean {
  return ev.hermes?.update?.marker?.live === true;
}

function shaMatches(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/** What the pid file says of a gateway that is down (its liveness reason; "not running" when it gave none). */
function pidWhy(ev: Evidence): EvidenceLine {
  return {
    key: 'evidence.gateway_pid.why',
    params: {
      reason: textParam(
        `process.reason.${(ev.process.reason ?? 'not running').replace(/ /g, '_')}`,
        ev.process.reason ?? '',
      ),
    },
  };
}

const updateStuck: Detector = {
  check: 'update_stuck',
  // Why the gateway is down: it stays when it is.
  meaning: { roles: ['whileDown'] },
  detect(ev, s) {
    const u = ev.hermes?.update;
    if (!u) return [];
    const down = !processAlive(ev) && !ev.service.restarting;
    if (down && u.incomplete?.length) {
      return [
        finding(ev, s, {
          check: 'update_stuck',
          text: 'update_stuck.incomplete',
          severity: 'critical',
          restart: 'never',
          params: { markers: u.incomplete.join(', ') },
          evidence: [
            ...u.incomplete.map((m) => ({ key: 'evidence.present', params: { what: m } }) as const),
            pidWhy(ev),
          ],
        }),
      ];
    }
    const m = u.marker;
    if (down && m && !m.live) {
      return [
        finding(ev, s, {
          check: 'update_stuck',
          severity: 'critical',
          restart: 'helps',
          params: {
            ago: age(ev.now - m.startedAt),
            pid: String(m.pid),
            owner: { key: m.ownerAlive ? 'finding.update_stuck.owner.alive' : 'finding.update_stuck.owner.gone' },
          },
          since: m.startedAt,
          evidence: [
            {
              key: 'evidence.update_marker',
              params: {
                pid: m.pid,
                owner: { key: m.ownerAlive ? 'evidence.alive' : 'evidence.gone' },
                at: new Date(m.startedAt).toISOString(),
                ago: age(ev.now - m.startedAt),
              },
            },
            pidWhy(ev),
          ],
        }),
      ];
    }
    const expected = u.fleetRestartPending?.expectedSha;
    const running = ev.hermes?.control?.identify?.code_sha ?? (stateIsCurrent(ev) ? ev.state?.code_sha : undefined);
    if (!processAlive(ev) || updateWindowLive(ev) || !expected || !running || shaMatches(expected, running)) return [];
    return [
      finding(ev, s, {
        check: 'update_stuck',
        text: 'update_stuck.sha',
        severity: 'warning',
        // Not worth waking anyone with a restart: the gateway serves, on the old code.
        restart: 'wait',
        params: { expected: expected.slice(0, 12), running: running.slice(0, 12) },
        evidence: [
          `fleet_restart_pending: expected_sha=${expected}`,
          {
            key: 'evidence.running_sha',
            params: { sha: running, from: ev.hermes?.control?.identify?.code_sha ? 'identify' : 'gateway_state.json' },
          },
        ],
      }),
    ];
  },
};

/** Hermes' breaker defaults (`gateway.respawn_storm.max_starts` / `.window_seconds`): more than 5 starts in 120 s. */
const STORM_MAX_STARTS = 5;
const STORM_WINDOW_MS = 120_000;
/** Starts counted: the last 15 min. */
const STORM_RECENT_MS = 15 * 60_000;
/** The storm goes on while starts keep coming: Hermes' longest back-off (300 s) plus a minute. */
const STORM_ONGOING_MS = 6 * 60_000;

/**
 * A loop too slow for that breaker (#79519, v0.20.0: a launchd profile restarted every ~15–30 s for hours, each start
 * sending its "online" notice to chat): this many starts within the window, each life a minute or less on average…
 */
const SLOW_MIN_STARTS = 10;
const SLOW_WINDOW_MS = 10 * 60_000;
/** …and still going: the last start this recent (two of its lives at most). */
const SLOW_ONGOING_MS = 2 * 60_000;

const BREAKER = /^Gateway \(re\)started \d+ times in [\d.]+s — backing off/;

/** The densest burst of starts within the window, among the recent ones. */
function stormBurst(starts: number[], now: number): number[] {
  const recent = starts.filter((t) => now - t <= STORM_RECENT_MS).sort((a, b) => a - b);
  let best: number[] = [];
  for (let i = 0, j = 0; j < recent.length; j++) {
    while (recent[j]! - recent[i]! > STORM_WINDOW_MS) i++;
    if (j - i + 1 > best.length) best = recent.slice(i, j + 1);
  }
  return best;
}

const respawnStorm: Detector = {
  check: 'respawn_storm',
  // Hermes' breaker sleeps between starts (§5): the race lines of the starts that each lost to a stale lock are that
  // storm, not two gateways replacing each other (a second live process would be listed, and still said). Lark's slow
  // churn, a restart from outside every half hour, is no breaker: it explains no race.
  meaning: {
    roles: ['loop'],
    explains: [{ check: 'duplicate_processes', key: 'finding.duplicate_processes.log', when: { notCause: 'lark' } }],
  },
  // A supervisor whose count of deaths did not answer this look says nothing of its loop's end.
  unjudged: (ev) => ev.service.deathsUnknown === true,
  detect(ev, s) {
    // Its slow kind, a restart after each Feishu link drop, is Feishu's own (src/platforms/feishu/churn.ts).
    return crashLoop(ev, s);
  },
};

function crashLoop(ev: Evidence, s: DetectSettings): Finding[] {
  if (updateWindowLive(ev)) return [];
  // Hermes' own breaker line (agent.log/errors.log only, never gateway.log).
  const breaker = (ev.hermes?.agentOnly ?? [])
    .filter((r) => BREAKER.test(r.message) && ev.now - r.ts <= STORM_ONGOING_MS)
    .at(-1);
  const starts = ev.hermes?.starts ?? [];
  const burst = stormBurst(starts, ev.now);
  const recent = starts.filter((t) => ev.now - t <= STORM_RECENT_MS);
  const fromStarts = burst.length > STORM_MAX_STARTS && ev.now - recent[recent.length - 1]! <= STORM_ONGOING_MS;
  if (breaker && !fromStarts) {
    const count = /started (\d+) times in ([\d.]+)s/.exec(breaker.message);
    return [
      finding(ev, s, {
        check: 'respawn_storm',
        severity: 'critical',
        restart: 'never',
        params: { count: count?.[1] ?? '?', window: count ? age(Number(count[2]) * 1000) : '?' },
        since: breaker.ts,
        evidence: [breaker.line],
      }),
    ];
  }
  if (!fromStarts) {
    const slow = slowLoop(ev, s, starts);
    return slow.length ? slow : supervisorLoop(ev, s);
  }
  return [
    finding(ev, s, {
      check: 'respawn_storm',
      severity: 'critical',
      // The supervisor restarts it already, over and over: one more restart from us only feeds the storm.
      restart: 'never',
      params: { count: String(recent.length), window: age(ev.now - recent[0]!) },
      since: burst[0],
      evidence: [
        {
          key: 'evidence.starts_burst',
          params: {
            count: burst.length,
            span: age(burst[burst.length - 1]! - burst[0]!),
            max: STORM_MAX_STARTS,
            window: age(STORM_WINDOW_MS),
          },
        },
        { key: 'evidence.last_start', params: { ago: age(ev.now - recent[recent.length - 1]!) } },
        ...(breaker ? [breaker.line] : []),
      ],
    }),
  ];
}

/** The slow kind: restarted every 15–60 s for ten minutes and on, under Hermes' breaker; a restart adds one more start. */
function slowLoop(ev: Evidence, s: DetectSettings, starts: readonly number[]): Finding[] {
  const recent = starts.filter((t) => t <= ev.now && ev.now - t <= SLOW_WINDOW_MS).sort((a, b) => a - b);
  const last = recent.at(-1);
  if (recent.length < SLOW_MIN_STARTS || last === undefined || ev.now - last > SLOW_ONGOING_MS) return [];
  return [
    finding(ev, s, {
      check: 'respawn_storm',
      text: 'respawn_storm.slow',
      severity: 'critical',
      // Its supervisor restarts it already, over and over: one more restart from us is one more start of the loop.
      restart: 'never',
      params: {
        count: String(recent.length),
        window: age(ev.now - recent[0]!),
        cadence: age((last - recent[0]!) / (recent.length - 1)),
        last: age(ev.now - last),
      },
      since: recent[0],
      evidence: [
        { key: 'evidence.starts_recent', params: { count: recent.length, span: age(last - recent[0]!) } },
        { key: 'evidence.last_start', params: { ago: age(ev.now - last) } },
      ],
    }),
  ];
}

/** A live gateway whose last death is this old has left the loop. */
const LOOP_ENDED_MS = 30_000;

/**
 * The loop as its supervisor counts it, where Hermes keeps no count of its starts (before v0.21) or its lives die
 * before Hermes writes anything: pm2's exits in pm2.log, supervisord's in its main log, the lives runit ran.
 */
function supervisorLoop(ev: Evidence, s: DetectSettings): Finding[] {
  const d = loopDeaths(ev);
  if (!d || d.count < SUPERVISOR_LOOP_DEATHS || ev.service.gaveUp) return [];
  // The gateway has outlived the loop: up, its last death long enough ago (the supervisor's window still counts them),
  // and this life as old: a life seconds old (supervisord's STARTING) has outlived nothing, whatever the log dates.
  // The youngest life met: the pid file's, or one only the scan found (its pid file not yet written).
  const starts = livesMet(ev).map((p) => p.startedAt);
  const life = starts.some((t) => t === undefined)
    ? Number.POSITIVE_INFINITY
    : ev.now - Math.max(...(starts as number[]));
  if (processAlive(ev) && d.lastAt !== undefined && ev.now - d.lastAt > LOOP_ENDED_MS && life > LOOP_ENDED_MS)
    return [];
  // A container that cannot start as it is set up: its settings are what to change.
  const setting = settingOf(ev);
  const refused =
    setting && settingWords(ev, setting, { kind: 'loop', count: d.count, windowS: d.windowS }, supervisorParam(ev));
  return [
    finding(ev, s, {
      check: 'respawn_storm',
      text: refused ? refused.text : 'respawn_storm.supervisor',
      severity: 'critical',
      restart: 'never',
      params: refused
        ? refused.params
        : {
            supervisor: supervisorParam(ev),
            count: String(d.count),
            window: age(d.windowS * 1000),
            cause: causeParam(ev),
          },
      ...(d.firstAt !== undefined && d.firstAt <= ev.now ? { since: d.firstAt } : {}),
      evidence: supervisorFacts(ev),
    }),
  ];
}

export const hermesCurrentDetectors: Detector[] = [gatewayUnresponsive, updateStuck, respawnStorm];

const isUpdateStop = (f: Finding) => f.check === 'gateway_stopped' && f.cause === 'update';

/**
 * Rules across findings: while `hermes update` holds a live claim nothing opens (the stop is planned; only lint stays);
 * a stuck update is the cause of the gateway being down, so it replaces process_down & co.
 */
export function applyHermesRules(
  ev: Evidence,
  found: Finding[],
  isLint: (f: Finding) => boolean,
  s?: DetectSettings,
): Finding[] {
  // …but a gateway the update says it stopped for good is left down by it whatever the update does next: said at once.
  if (updateWindowLive(ev))
    return found.filter((f) => isLint(f) || (isUpdateStop(f) && !processAlive(ev) && updateStoppedForGood(ev)));
  const stuck = found.some((f) => f.check === 'update_stuck' && f.severity === 'critical');
  if (stuck) return found.filter((f) => f.check === 'update_stuck' || f.check === 'duplicate_processes' || isLint(f));
  const entries = new Map(liveEntries(ev).map((e) => [e.key, e]));
  return found.map((f) => {
    if (f.check !== 'platform_down' || !f.platform) return f;
    const cli = f.platform === 'signal' && s ? signalCliUnreachable(ev) : undefined;
    const platform = f.platform;
    const e = entries.get(platform);
    if (cli) {
      const params = {
        line: cli.message,
        state: e ? textParam(`status.state.${e.st.state}`, e.st.state) : '?',
        ago: f.since !== undefined ? age(ev.now - f.since) : '?',
      };
      f = finding(ev, s!, {
        check: 'platform_down',
        text: 'platform_down.signal_cli',
        severity: f.severity,
        restart: 'never',
        platform,
        params,
        evidence: [...(f.evidenceText ?? f.evidence), cli.line],
        ...(f.since !== undefined ? { since: f.since } : {}),
      });
    }
    // Hermes dates the retry episode itself (v0.19+): the outage began then, and a profile's entry names it.
    const began = parseTime(e?.st.retrying_since ?? undefined);
    const out: Finding = { ...f, ...(e?.profile && !f.profile ? { profile: e.profile } : {}) };
    if (began !== undefined && (f.since === undefined || began < f.since)) out.since = began;
    if (e?.st.needs_attention) {
      const fact = { key: 'evidence.needs_attention', params: { since: e.st.retrying_since ?? '?' } } as const;
      out.evidence = [...f.evidence, wordParam(s?.locale ?? 'en', fact)];
      out.evidenceText = [...(f.evidenceText ?? f.evidence), fact];
    }
    return out;
  });
}

const SIGNAL_CLI_DOWN = /^Signal: (cannot reach signal-cli at |health check failed \(status \d+\))/;
const SIGNAL_UP = /^Signal: connected to /;
const SIGNAL_LINES = patternGroup(SIGNAL_CLI_DOWN, SIGNAL_UP);

/** Signal is down because signal-cli is (hermes-gateway-current.md §6): restart signal-cli, not Hermes. */
function signalCliUnreachable(ev: Evidence) {
  const run = matching(ev, SIGNAL_LINES);
  const bad = lastIndex(run, (r) => SIGNAL_CLI_DOWN.test(r.message));
  return bad >= 0 && lastIndex(run, (r) => SIGNAL_UP.test(r.message)) < bad ? run[bad] : undefined;
}

/** Telegram's own network ladder: 10 attempts, 5·2^(n−1) s capped at 60 (≈ 7 min), plus the connect times. */
const TELEGRAM_LADDER_MS = 10 * 60_000;
const LADDER_STEP = /^\[Telegram\] (Telegram network error \(attempt \d+\/\d+\)|Telegram polling degraded \()/;
const LADDER_END =
  /^\[Telegram\] (Telegram polling could not reconnect after \d+ network error retries|Connected to Telegram)|^✓ telegram (connected|reconnected)/;
const LADDER_LINES = patternGroup(LADDER_STEP, LADDER_END);

/** Telegram is inside its own reconnect ladder (trap 4): `retrying` is expected then, not a cause yet. */
export function telegramLadderActive(ev: Evidence): boolean {
  const run = matching(ev, LADDER_LINES);
  const last = lastIndex(run, (r) => LADDER_STEP.test(r.message));
  if (last < 0 || lastIndex(run, (r) => LADDER_END.test(r.message)) > last) return false;
  const end = lastIndex(run, (r) => LADDER_END.test(r.message), last);
  const first = run.slice(end + 1, last + 1).find((r) => LADDER_STEP.test(r.message))!;
  return ev.now - first.ts < TELEGRAM_LADDER_MS;
}
