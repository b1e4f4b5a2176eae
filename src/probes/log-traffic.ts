// Ordinary message traffic in Hermes' log, told by native regex tests on the raw text: the runner's `inbound
// message:` / `response ready:` lines and QQ's inbound lines are most lines of a busy gateway, so they are recognised,
// counted and passed over without being parsed (the run tracker) or judged (the live watch).
import { isRecordLine } from './log-parse.js';
import { escapeRegExp } from '../util/escape-regexp.js';

/**
 * The runner's message traffic at INFO or DEBUG, as a record line's header and message start: most lines of a busy
 * gateway. One native regex test answers them (startsWith at an offset costs more, several times over).
 */
export const RUNNER_TRAFFIC =
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} (?:INFO|DEBUG)(?: \[[^\]]*\])? gateway\.run: (?:inbound message|response ready):/;

/**
 * RUNNER_TRAFFIC on a whole record line (RECORD_LINE's `.*$`): such a line is a record (isRecordLine), not a start
 * record, and not important. One test of it answers all three for most lines of a busy log.
 */
export const RUNNER_TRAFFIC_LINE = new RegExp(`${RUNNER_TRAFFIC.source}.*$`);

const INBOUND = 'inbound message: ';
/** `platform=<p>` in a runner inbound line's message (RUNNER_INBOUND's tail, searched from its lastIndex). */
const INBOUND_PLATFORM = /\bplatform=([\w.-]+)/g;
const PLATFORM_KEY = 'platform=';

/** A character of INBOUND_PLATFORM's `[\w.-]`. */
const isPlatformChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;

/**
 * RUNNER_INBOUND's platform, for a line known to be the runner's traffic (RUNNER_TRAFFIC_LINE): no header to check.
 * `known`, the platform of the last inbound line, is answered by comparison, without a match: a busy gateway's
 * inbound lines mostly name the platform the one before named.
 */
export function trafficInboundPlatform(line: string, known?: string): string | undefined {
  let p = line.startsWith('INFO ', 24) ? 28 : 29; // the space before the logger or the session tag
  if (line.charCodeAt(p + 1) === 91 /* [ */) p = line.indexOf(']', p) + 1;
  const msg = p + 1 + 'gateway.run: '.length;
  if (!line.startsWith(INBOUND, msg)) return undefined;
  const at = msg + INBOUND.length;
  // `platform=` right after `inbound message: ` is INBOUND_PLATFORM's first match (a space before it: a word boundary).
  if (
    known &&
    line.startsWith(PLATFORM_KEY, at) &&
    line.startsWith(known, at + PLATFORM_KEY.length) &&
    !isPlatformChar(line.charCodeAt(at + PLATFORM_KEY.length + known.length))
  )
    return known;
  INBOUND_PLATFORM.lastIndex = at;
  return INBOUND_PLATFORM.exec(line)?.[1];
}

const RUNNER_TRAFFIC_INFO =
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} INFO(?: \[[^\]]*\])? gateway\.run: (?:inbound message|response ready):.*$/;

/** A QQ adapter's inbound-message line (hermes-gateway.md §4.1 `[%s] C2C message: …`; group and guild alike). */
const QQ_INBOUND = /^\[QQBot(?::[^\]]*)?\] (?:C2C|Group|Guild) message: /;

/**
 * A line of ordinary message traffic: the runner's `inbound message:` / `response ready:` and the QQ adapter's inbound
 * messages, at INFO. On a healthy gateway such a line cannot raise a finding (it only proves a socket alive), so a
 * busy gateway's traffic need not be judged line by line: the schedule still judges it.
 */
export function isTrafficLine(line: string): boolean {
  // The common case in one test: the runner's traffic at INFO, a whole record line (RECORD's `(.*)$`).
  if (RUNNER_TRAFFIC_INFO.test(line)) return true;
  if (!line.startsWith('INFO ', 24) || !isRecordLine(line)) return false;
  let p = 29;
  if (line.charCodeAt(p) === 91 /* [ */) p = line.indexOf('] ', p) + 2;
  const colon = line.indexOf(': ', p);
  if (colon < 0) return false;
  const logger = line.slice(p, colon);
  const msg = colon + 2;
  if (logger === 'gateway.run')
    return line.startsWith('inbound message:', msg) || line.startsWith('response ready:', msg);
  return logger.includes('qqbot') && QQ_INBOUND.test(line.slice(msg, msg + 40));
}

/** Sticky at a line start: the lines from there on that RUNNER_TRAFFIC_INFO matches (see PIECE_HEADER). */
export const TRAFFIC_INFO_RUN =
  /(?:\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} INFO(?: \[[^\]\n]*\])? gateway\.run: (?:inbound message|response ready):[^\n\r\u2028\u2029]*(?:\n|$))*/y;

/** The runner's inbound line and its platform (`inbound message: platform=<p> user=…`), read from the raw line. */
export const RUNNER_INBOUND =
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} (?:INFO|DEBUG)(?: \[[^\]]*\])? gateway\.run: inbound message: [^\n]*?\bplatform=([\w.-]+)/;

// ---- runs of traffic in a piece ----
// A piece's traffic lines are found and skipped by native regex passes (irregexp runs compiled code even where
// JavaScript is not optimized, as under the daemon's --no-turbofan): only the lines that are not the runner's traffic,
// and the traffic lines that stay in the tail, are cut out as strings. A line's `[^\]]*` becomes `[^\]\n]*` and its
// `.` becomes `[^\n\r\u2028\u2029]`, so no match runs into the next line.

/** A runner traffic line's header up to `gateway.run: `, inside a piece (RUNNER_TRAFFIC's). */
const PIECE_HEADER = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} (?:INFO|DEBUG)(?: \[[^\]\n]*\])? gateway\.run: `;
/** The end of a line in a piece: its newline, or the end of the piece. */
const EOL = String.raw`(?:\n|$)`;

/** Sticky at a line start: the lines from there on that RUNNER_TRAFFIC_LINE matches (a trailing `\r` allowed). */
export const TRAFFIC_RUN = new RegExp(
  String.raw`(?:${PIECE_HEADER}(?:inbound message|response ready):[^\n\r\u2028\u2029]*\r?${EOL})*`,
  'y',
);

/** The rest of an inbound line before trafficInboundPlatform's first `platform=<p>`. */
const BEFORE_PLATFORM = String.raw`inbound message: (?:(?!\bplatform=[\w.-])[^\n])*\bplatform=`;

/** Per platform, sticky at a line start: a traffic line naming it (trafficInboundPlatform's answer). */
const namingLine = new Map<string, RegExp>();
function naming(p: string): RegExp {
  let re = namingLine.get(p);
  if (!re) {
    if (namingLine.size >= 64) namingLine.clear(); // platforms are few; a bound all the same
    re = new RegExp(String.raw`${PIECE_HEADER}${BEFORE_PLATFORM}${escapeRegExp(p)}(?![\w.-])[^\n]*`, 'y');
    namingLine.set(p, re);
  }
  return re;
}

/**
 * Per set of platforms already found, the runner's inbound lines that may name another: every one but those whose
 * message starts `platform=<one of them>` (the first `platform=`, so theirs for certain). A literal and a lookahead,
 * searched natively; the lines of the known platforms, most inbound lines, are passed over without a match.
 */
const otherInbound = new Map<string, RegExp>();
function mayNameOther(known: readonly string[]): RegExp {
  const key = known.join('\n');
  let re = otherInbound.get(key);
  if (!re) {
    if (otherInbound.size >= 64) otherInbound.clear();
    const names = known.length ? String.raw`(?! platform=(?:${known.map(escapeRegExp).join('|')})(?![\w.-]))` : '';
    re = new RegExp(String.raw`gateway\.run: inbound message:${names}`, 'g');
    otherInbound.set(key, re);
  }
  return re;
}

/**
 * Per platform, the newest inbound line (trafficInboundPlatform's answer) among `span`, whole traffic lines, in the
 * order the platforms first appear: a native search for lines that may name a platform not found yet (each such line
 * asked in JavaScript), then for each platform a search back from the end for its newest line. A busy gateway's
 * inbound lines name one platform or a few: one native pass, not a JavaScript step per line (issue 62).
 */
export function newestInbound(span: string): Map<string, string> {
  const known: string[] = [];
  let re = mayNameOther(known);
  for (let pos = 0; pos < span.length; ) {
    re.lastIndex = pos;
    const m = re.exec(span);
    if (!m) break;
    let eol = span.indexOf('\n', m.index);
    if (eol < 0) eol = span.length;
    const p = trafficInboundPlatform(span.slice(span.lastIndexOf('\n', m.index) + 1, eol));
    if (p !== undefined && !known.includes(p)) {
      known.push(p);
      re = mayNameOther(known);
    }
    pos = eol + 1;
  }
  const out = new Map<string, string>();
  for (const p of known) {
    const line = naming(p);
    // Each line naming p holds `platform=<p>`: back from the end to the newest such line that is p's (a response or
    // two after it, as a rule).
    for (let from = span.length; from >= 0; ) {
      const at = span.lastIndexOf(`platform=${p}`, from);
      if (at < 0) break;
      const start = span.lastIndexOf('\n', at) + 1;
      line.lastIndex = start;
      const l = line.exec(span)?.[0];
      if (l !== undefined) {
        out.set(p, l.endsWith('\r') ? l.slice(0, -1) : l);
        break;
      }
      from = start - 2;
    }
  }
  return out;
}
