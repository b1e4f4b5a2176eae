// QQ Bot causes. The QQ adapter never tells the runner it died (§4.1 of the reference), so the gateway keeps running
// with a dead QQ: these detectors read the adapter's own lines in the current run.
import type { Detector, LogRecord } from '../../evidence.js';
import type { PlatformCheck } from '../../detectors/platform-rule.js';
import type { Finding } from '../../types.js';
import { textParam } from '../../i18n.js';
import {
  age,
  body,
  currentRun,
  finding,
  findAfter,
  isQQ,
  isRunner,
  lastIndex,
  matching,
  parseTime,
  patternGroup,
  perRecord,
  processAlive,
  stateIsCurrent,
} from '../../detectors/common.js';
import { openOutage, outageEvidence, readRunOutages, unreachableSpec } from '../../detectors/outages.js';
import { ownFinding } from '../platform.js';
import { en } from './words.js';

const P = 'qqbot';

const RECOVERED_BODY = /^(Reconnected|Session resumed|Ready, session_id)/;
const RECOVERED_RUNNER = /^✓ qqbot (connected|reconnected successfully)/;
const EXHAUSTED = /^(Max reconnect attempts reached|Too many quick disconnects)/;
const LAST_FAIL = /^(Reconnect failed: |Quick disconnect \()/;
const CLOSED_4009 = /^WebSocket closed: code=4009\b/;
const LAST_TRY = /^(Reconnect failed: |Reconnecting in )/;
const LIFE_BODY =
  /^(WebSocket closed: code=|WebSocket connected to|Reconnected|Session resumed|Resume sent|Ready, session_id|Identify sent|Connected$|C2C message: |Group message: |Guild message: |Server requested reconnect)/;
const LIFE_RUNNER = /^(inbound message: platform=qqbot\b|✓ qqbot (connected|reconnected))/;
const TOKEN = /^Access token refreshed/;
const BANNED = /^Bot is (.+)\. Check QQ Open Platform\.$/;
const CLOSED = /^WebSocket closed: code=\d+/;

/** Every line these detectors scan for (QQ bodies under their tag, the runner's QQ lines), in run order. */
const QQ_LINES = patternGroup(
  new RegExp(
    `^\\[QQBot(?::[^\\]]*)?\\] (?:${[RECOVERED_BODY, EXHAUSTED, LAST_FAIL, CLOSED_4009, LAST_TRY, LIFE_BODY, TOKEN, BANNED, CLOSED].map((re) => re.source.slice(1)).join('|')})`,
    'i',
  ),
  RECOVERED_RUNNER,
  LIFE_RUNNER,
);

const RECOVERED = (r: LogRecord) =>
  (isQQ(r) && RECOVERED_BODY.test(body(r))) || (isRunner(r) && RECOVERED_RUNNER.test(r.message));

function qqState(ev: Parameters<Detector['detect']>[0]) {
  return stateIsCurrent(ev) ? ev.state?.platforms?.[P] : undefined;
}

// ---------- qq_reconnect_exhausted ----------

const reconnectExhausted: Detector = {
  check: 'qq_reconnect_exhausted',
  detect(ev, s) {
    const run = matching(ev, QQ_LINES);
    const i = lastIndex(run, (r) => isQQ(r) && EXHAUSTED.test(body(r)));
    const st = qqState(ev);
    const fromState = st?.state === 'fatal' && st.error_code === 'qq_quick_disconnect';
    if (i < 0 && !fromState) return [];
    if (i >= 0 && findAfter(run, i, RECOVERED)) return [];
    const evidence: string[] = [];
    if (i >= 0) {
      const lastFail = lastIndex(run, (r) => isQQ(r) && LAST_FAIL.test(body(r)), i);
      if (lastFail >= 0) evidence.push(run[lastFail]!.line);
      evidence.push(run[i]!.line);
    }
    if (st)
      evidence.push(
        `gateway_state.json: qqbot=${st.state}${st.error_code ? ` error_code=${st.error_code}` : ''}${st.updated_at ? ` updated_at=${st.updated_at}` : ''}`,
      );
    const quick = i >= 0 ? /^Too many quick/.test(body(run[i]!)) : true;
    return [
      finding(ev, s, {
        check: 'qq_reconnect_exhausted',
        text: ownFinding(en, quick ? 'qq_reconnect_exhausted.quick' : 'qq_reconnect_exhausted'),
        severity: 'critical',
        restart: 'helps',
        platform: P,
        params: { ago: i >= 0 ? age(ev.now - run[i]!.ts) : '?', state: st?.state ?? '-' },
        since: i >= 0 ? run[i]!.ts : undefined,
        evidence,
      }),
    ];
  },
};

// ---------- qq_session_timeout ----------

const sessionTimeout: Detector = {
  check: 'qq_session_timeout',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const run = matching(ev, QQ_LINES);
    const i = lastIndex(run, (r) => isQQ(r) && CLOSED_4009.test(body(r)));
    if (i < 0 || findAfter(run, i, RECOVERED)) return [];
    const closed = run[i]!;
    if (ev.now - closed.ts <= s.disconnectGraceMs) return [];
    const lastTry = lastIndex(run, (r) => isQQ(r) && LAST_TRY.test(body(r)));
    const outage = openOutage(readRunOutages(ev), P);
    return [
      finding(ev, s, {
        check: 'qq_session_timeout',
        severity: 'critical',
        restart: 'helps',
        platform: P,
        params: { ago: age(ev.now - closed.ts) },
        since: closed.ts,
        // Reconnects failing because QQ cannot be reached: the 4009 only began it, and Hermes is still retrying.
        ...unreachableSpec(ev, outage, P, age(ev.now - closed.ts)),
        evidence: outageEvidence(outage, [closed.line, ...(lastTry > i ? [run[lastTry]!.line] : [])]),
      }),
    ];
  },
};

// ---------- qq_zombie ----------

/** Lines that prove the QQ socket is alive: the session cycle or inbound traffic. `Access token refreshed` is not one:
 * it is a REST call that continues on a deaf socket (#19821). */
const LIFE = (r: LogRecord) => (isQQ(r) && LIFE_BODY.test(body(r))) || (isRunner(r) && LIFE_RUNNER.test(r.message));

const zombie: Detector = {
  check: 'qq_zombie',
  detect(ev, s) {
    // Silence is the signal here, so an unreadable log proves nothing.
    if (!processAlive(ev) || ev.log.error) return [];
    const st = qqState(ev);
    if (st?.state !== 'connected') return [];
    const run = currentRun(ev);
    if (run.startedAt === undefined || ev.now - run.startedAt <= s.zombieAfterMs) return [];
    const lines = matching(ev, QQ_LINES);
    const li = lastIndex(lines, LIFE);
    const lastLife = li >= 0 ? lines[li]!.ts : run.startedAt;
    const updated = parseTime(st.updated_at);
    const latest = Math.max(lastLife, updated ?? 0);
    if (ev.now - latest <= s.zombieAfterMs) return [];
    const token = lines[lastIndex(lines, (r) => isQQ(r) && TOKEN.test(body(r)))];
    const evidence = [
      `gateway_state.json: qqbot=connected${st.updated_at ? ` updated_at=${st.updated_at}` : ''}`,
      ...(li >= 0 ? [lines[li]!.line] : []),
      ...(token && token.ts > lastLife ? [token.line] : []),
    ];
    return [
      finding(ev, s, {
        check: 'qq_zombie',
        severity: 'warning',
        restart: 'helps',
        platform: P,
        params: { ago: age(ev.now - latest), expected: age(s.zombieAfterMs) },
        // Deaf since its last sign of life at the latest: when it went deaf after it is not known.
        since: latest,
        sinceIsLastSign: true,
        evidence,
      }),
    ];
  },
};

// ---------- qq_banned ----------

/** Hermes' fatal close codes become `qq_<desc>` error codes (adapter `_listen_loop`). */
const FATAL_CODES: Record<string, string> = {
  'qq_invalid opcode': '4001',
  'qq_invalid payload': '4002',
  'qq_invalid shard': '4010',
  'qq_sharding required': '4011',
  'qq_invalid API version': '4012',
  'qq_invalid intent': '4013',
  'qq_intent not authorized': '4014',
  'qq_offline/sandbox-only': '4914',
  qq_banned: '4915',
};

const banned: Detector = {
  check: 'qq_banned',
  detect(ev, s) {
    const run = matching(ev, QQ_LINES);
    const i = lastIndex(run, (r) => isQQ(r) && BANNED.test(body(r)));
    const st = qqState(ev);
    const stCode =
      st?.state === 'fatal' &&
      st.error_code &&
      (FATAL_CODES[st.error_code] !== undefined || /^qq_fatal error/.test(st.error_code))
        ? st.error_code
        : undefined;
    if (i < 0 && !stCode) return [];
    if (i >= 0 && findAfter(run, i, RECOVERED)) return [];
    const desc = i >= 0 ? BANNED.exec(body(run[i]!))![1]! : stCode!.replace(/^qq_/, '');
    const closeLine = i >= 0 ? lastIndex(run, (r) => isQQ(r) && CLOSED.test(body(r)), i) : -1;
    const code =
      (closeLine >= 0 ? /code=(\d+)/.exec(run[closeLine]!.message)?.[1] : undefined) ??
      FATAL_CODES[`qq_${desc}`] ??
      '?';
    const ban = code === '4914' || code === '4915';
    return [
      finding(ev, s, {
        check: 'qq_banned',
        text: ownFinding(en, ban ? 'qq_banned' : 'qq_banned.protocol'),
        severity: 'critical',
        restart: 'never',
        platform: P,
        // Its own first evidence: the close, else the adapter's line.
        since: closeLine >= 0 ? run[closeLine]!.ts : i >= 0 ? run[i]!.ts : undefined,
        // Hermes' description of the code, in the reader's words where the catalogue knows it.
        params: {
          desc: textParam(`finding.qq_banned.desc.${desc.toLowerCase().replace(/[^a-z]+/g, '_')}`, desc),
          code,
        },
        evidence: [
          ...(closeLine >= 0 ? [run[closeLine]!.line] : []),
          ...(i >= 0 ? [run[i]!.line] : []),
          ...(st
            ? [
                `gateway_state.json: qqbot=${st.state}${st.error_code ? ` error_code=${st.error_code}` : ''}${st.error_message ? ` error_message=${st.error_message}` : ''}`,
              ]
            : []),
        ],
      }),
    ];
  },
};

// ---------- qq_is_reconnect_regression ----------

const IS_RECONNECT = /unexpected keyword argument 'is_reconnect'/;
/** Its message only (remembered per record); a traceback's lines in `extra` grow, so they are tested each time. */
const saysIsReconnect = perRecord((r) => IS_RECONNECT.test(r.message));
const IS_RECONNECT_LINES = patternGroup(IS_RECONNECT);

/** The run's records that say it, in run order: the group's, and those whose traceback says it. */
function isReconnectHits(run: LogRecord[], said: LogRecord[]): LogRecord[] {
  if (said.length) return run.filter((r) => saysIsReconnect(r) || r.extra?.some((x) => IS_RECONNECT.test(x)));
  // Most runs: no message says it, and only the few records with continuation lines need a look (an indexed loop: no
  // call per record, not even an iterator's).
  const hits: LogRecord[] = [];
  for (let i = 0; i < run.length; i++) {
    const x = run[i]!.extra;
    if (x && x.some((l) => IS_RECONNECT.test(l))) hits.push(run[i]!);
  }
  return hits;
}

const isReconnect: Detector = {
  check: 'qq_is_reconnect_regression',
  detect(ev, s): Finding[] {
    const run = currentRun(ev).records;
    const hits = isReconnectHits(run, matching(ev, IS_RECONNECT_LINES));
    const st = qqState(ev);
    const fromState = !!st?.error_message && IS_RECONNECT.test(st.error_message);
    if (!hits.length && !fromState) return [];
    const i = run.indexOf(hits[hits.length - 1]!);
    if (hits.length && findAfter(run, i, RECOVERED)) return [];
    return [
      finding(ev, s, {
        check: 'qq_is_reconnect_regression',
        severity: 'critical',
        restart: 'never',
        platform: P,
        params: { count: String(hits.length) },
        // Its own first evidence in this run (issue 61: not the start of another cause before it).
        since: hits[0]?.ts,
        evidence: [
          ...(hits.length > 2 ? [hits[0]!, hits[hits.length - 1]!] : hits).map((r) => r.line),
          ...(fromState && !hits.length
            ? [`gateway_state.json: qqbot=${st!.state} error_message=${st!.error_message}`]
            : []),
        ],
      }),
    ];
  },
};

export const qqChecks: PlatformCheck[] = [
  ...[banned, isReconnect].map((d) => ({ ...d, before: 'platform_auth_failed' })),
  // Hermes stopped retrying QQ: only a restart brings it back.
  { ...reconnectExhausted, before: 'platform_auth_failed', gaveUp: true },
  { ...sessionTimeout, before: 'platform_auth_failed' },
  // A claimed connection with no sign of life: any named cause of QQ's outage says more.
  { ...zombie, before: 'startup_incomplete' },
];
