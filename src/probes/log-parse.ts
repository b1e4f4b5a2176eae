// Parses gateway.log text (`%(asctime)s %(levelname)s%(session_tag)s %(name)s: %(message)s`) into records.
// Lines that do not start a record are continuation lines (tracebacks) of the previous one; anything before the
// first record, or that cannot be read, is skipped: a garbage line is never fatal.
import type { LogLevel, LogRecord } from '../evidence.js';

const RECORD =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3}) (DEBUG|INFO|WARNING|ERROR|CRITICAL)(?: \[[^\]]*\])? ([A-Za-z0-9_.\-]+): (.*)$/;

/** RECORD without its groups: the same lines, tested faster. */
const RECORD_LINE =
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} (?:DEBUG|INFO|WARNING|ERROR|CRITICAL)(?: \[[^\]]*\])? [A-Za-z0-9_.\-]+: .*$/;

// The local-time conversion (new Date with fields) is most of a line's parse cost; a log's lines share their minute.
// Zone transitions fall on minute boundaries, so a minute's start plus seconds and milliseconds is the same instant.
let minuteKey = '';
let minuteMs = NaN;

export function parseLogLine(line: string): LogRecord | null {
  const m = RECORD.exec(line);
  if (!m) return null;
  // Indexed, not destructured: the daemon's interpreter-only V8 makes an iterator result per destructured element.
  const key = line.slice(0, 16);
  if (key !== minuteKey) {
    minuteKey = key;
    minuteMs = new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!).getTime();
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

/** Parse a chunk of complete lines. `prev` is the last record of the previous chunk, to attach continuations to. */
export function parseLogLines(lines: Iterable<string>, prev?: LogRecord): LogRecord[] {
  const out: LogRecord[] = [];
  let last = prev;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line) continue;
    const rec = parseLogLine(line);
    if (rec) {
      out.push(rec);
      last = rec;
    } else if (last && isContinuationLine(line)) {
      // Bound what a runaway traceback can hold in memory.
      if (!last.extra) last.extra = [];
      if (last.extra.length < 200) last.extra.push(line);
    }
  }
  return out;
}

export function parseLogText(text: string): LogRecord[] {
  return parseLogLines(text.split('\n'));
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
