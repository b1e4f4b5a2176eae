// Parses gateway.log text (`%(asctime)s %(levelname)s%(session_tag)s %(name)s: %(message)s`) into records.
// Lines that do not start a record are continuation lines (tracebacks) of the previous one; anything before the
// first record, or that cannot be read, is skipped: a garbage line is never fatal.
import type { LogLevel, LogRecord } from '../evidence.js';
import { instantOf, type WriterZone } from './log-zone.js';

const RECORD =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3}) (DEBUG|INFO|WARNING|ERROR|CRITICAL)(?: \[[^\]]*\])? ([A-Za-z0-9_.\-]+): (.*)$/;

/** RECORD without its groups: the same lines, tested faster. */
const RECORD_LINE =
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} (?:DEBUG|INFO|WARNING|ERROR|CRITICAL)(?: \[[^\]]*\])? [A-Za-z0-9_.\-]+: .*$/;

// The local-time conversion (new Date with fields) is most of a line's parse cost; a log's lines share their minute. Zone transitions fall on minute boundaries, so a minute's start plus seconds and milliseconds is
// the same instant.
let minuteKey = '';
let minuteZone: WriterZone;
let minuteMs = NaN;

/** `zone`: the writer's (log-zone.ts zoneOf the file the line is from); undefined, this host's. */
export function parseLogLine(line: string, zone?: WriterZone): LogRecord | null {
  const m = RECORD.exec(line);
  if (!m) return null;
  // Indexed, not destructured: the daemon's interpreter-only V8 makes an iterator result per destructured element.
  const key = line.slice(0, 16);
  if (key !== minuteKey || zone !== minuteZone) {
    minuteKey = key;
    minuteZone = zone;
    minuteMs = instantOf(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, 0, 0, zone);
  }
  const ts = minuteMs + +m[6]! * 1000 + +m[7]!;
  if (Number.isNaN(ts)) return null;
  return { ts, level: m[8] as LogLevel, logger: m[9]!, message: m[10]!, line };
}

/** Whether `line` starts a record (parseLogLine would read it), without building one. */
export function isRecordLine(line: string): boolean {
  return RECORD_LINE.test(line);
}

/** A line that continues the record before it (a traceback), as parseLogLines attaches them. */
export function isContinuationLine(line: string): boolean {
  return line.length < 4096 && (line.startsWith(' ') || line.startsWith('\t') || CONTINUATION.test(line));
}

const CONTINUATION = /^[A-Za-z_][\w.]*(Error|Exception)\b|^Traceback/;

/** How many more brackets a text opens than it closes: a message a newline cut in two leaves some open. */
export function openBrackets(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) n++;
    else if ((c === 41 || c === 93 || c === 125) && n > 0) n--;
  }
  return n;
}

/**
 * Parse a chunk of complete lines. `prev` is the last record of the previous chunk, to attach continuations to. Besides
 * a traceback's lines, a line continues the record before it while that record's message is cut open: a library's
 * message may itself hold a newline (slack_sdk's `Failed to connect (error: The request … failed. (url: …)` then
 * `The server responded with: {…}); Retrying...`).
 */
export function parseLogLines(lines: Iterable<string>, prev?: LogRecord, zone?: WriterZone): LogRecord[] {
  const out: LogRecord[] = [];
  let last = prev;
  let open = 0;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line) continue;
    const rec = parseLogLine(line, zone);
    if (rec) {
      out.push(rec);
      last = rec;
      open = openBrackets(rec.message);
    } else if (last && (open > 0 || isContinuationLine(line))) {
      if (open > 0 && line.length < 4096) open = openBrackets('('.repeat(open) + line);
      // Bound what a runaway traceback can hold in memory.
      if (!last.extra) last.extra = [];
      if (last.extra.length < 200) last.extra.push(line);
    }
  }
  return out;
}

export function parseLogText(text: string, zone?: WriterZone): LogRecord[] {
  return parseLogLines(text.split('\n'), undefined, zone);
}

export const START_MESSAGE = 'Starting Hermes Gateway...';

export function isRunStart(r: LogRecord): boolean {
  return r.logger === 'gateway.run' && r.message === START_MESSAGE;
}

/** Split records into the current run (from the last start line) and what came before it. */
export function splitRuns(records: LogRecord[]): { run: LogRecord[]; previous: LogRecord[]; runStartSeen: boolean } {
  for (let i = records.length - 1; i >= 0; i--) {
    if (isRunStart(records[i]!)) return { run: records.slice(i), previous: records.slice(0, i), runStartSeen: true };
  }
  return { run: records, previous: [], runStartSeen: false };
}
