// Ordinary message traffic in Hermes' log, told by native regex tests on the raw text: the runner's `inbound
// message:` / `response ready:` lines and QQ's inbound lines are most lines of a busy gateway, so they are recognised,
// counted and passed over without being parsed (the run tracker) or judged (the live watch).
import { isRecordLine } from './log-parse.js';

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
/** A traffic line trafficInboundPlatform gives no platform: a response, or an inbound line naming none. */
const NO_PLATFORM = String.raw`${PIECE_HEADER}(?:response ready:|inbound message:(?! )|inbound message: (?:(?!\bplatform=[\w.-])[^\n])*$)[^\n]*${EOL}`;
/** Sticky over traffic lines: those naming no platform, then the first inbound line naming one ($1, its platform $2). */
const NEXT_INBOUND = new RegExp(
  String.raw`(?:${NO_PLATFORM})*(${PIECE_HEADER}${BEFORE_PLATFORM}([\w.-]+)[^\n]*)${EOL}`,
  'ym',
);

/** Per platform: sticky over traffic lines naming it or no platform, the header matched once a line (`run`); `line`: a line naming it. */
const sameInbound = new Map<string, { run: RegExp; line: RegExp }>();
function samePlatform(p: string): { run: RegExp; line: RegExp } {
  let re = sameInbound.get(p);
  if (!re) {
    if (sameInbound.size >= 64) sameInbound.clear(); // platforms are few; a bound all the same
    const name = String.raw`${p.replace(/[.-]/g, '\\$&')}(?![\w.-])`;
    const run = String.raw`(?:${PIECE_HEADER}(?:response ready:[^\n]*|inbound message: (?:platform=${name}[^\n]*|(?:(?!\bplatform=[\w.-])[^\n])*(?:\bplatform=${name}[^\n]*)?)|inbound message:(?! )[^\n]*)${EOL})*`;
    re = {
      run: new RegExp(run, 'y'),
      line: new RegExp(String.raw`${PIECE_HEADER}${BEFORE_PLATFORM}${name}[^\n]*`, 'y'),
    };
    sameInbound.set(p, re);
  }
  return re;
}

/**
 * Per platform, the newest inbound line (trafficInboundPlatform's answer) among `span`, whole traffic lines: one
 * native pass per change of platform, not a JavaScript step per line.
 */
export function newestInbound(span: string): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  for (;;) {
    NEXT_INBOUND.lastIndex = pos;
    const m = NEXT_INBOUND.exec(span);
    if (!m) return out;
    const p = m[2]!;
    const first = NEXT_INBOUND.lastIndex;
    const same = samePlatform(p);
    same.run.lastIndex = first;
    same.run.test(span); // a star: it always matches, if only the empty string
    pos = same.run.lastIndex;
    // The newest line naming p: back from the end of its stretch a line at a time (a response or two, as a rule).
    let line = m[1]!;
    for (let end = pos; end > first; ) {
      const start = span.lastIndexOf('\n', end - 2) + 1;
      same.line.lastIndex = start;
      const l = same.line.exec(span);
      if (l) {
        line = l[0];
        break;
      }
      end = start;
    }
    out.set(p, line.endsWith('\r') ? line.slice(0, -1) : line);
    if (pos >= span.length) return out;
  }
}
