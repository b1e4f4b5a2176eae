// What a new line of gateway.log is to the live watch, classified once as the run tracker takes it: news (a line some
// detector may read, so the gateway is judged again), or a line that cannot raise anything on a gateway judged
// healthy: ordinary message traffic (log-traffic.ts), or a record no detector reads. A busy Hermes writes many of the
// latter (the QQ adapter's `After processing:` after every message, a platform's chatter): judged twice a second, they
// cost a busy daemon most of its CPU (issue 56).
//
// "No detector reads it" is what the detectors register (record-index.ts: their pattern groups and record tests, the
// classes the run tracker sorts records into), and what the tracker keeps from a long run's middle (run-keep.ts:
// warnings and errors, the runner's lifecycle lines, connection lines): a line either may name is news, and so is
// every line that is not a plain record (a traceback attaches to the record before it). test/probes/line-news.test.ts
// holds every detector case to it: its findings stay the same without the lines this calls unread.
import type { LogLevel, LogRecord } from '../evidence.js';
import { isRecordLine } from './log-parse.js';
import { isTrafficLine, TRAFFIC_INFO_RUN } from './log-traffic.js';
import type { RecordClassifier } from './run-classes.js';
import { isImportantLine } from './run-keep.js';

/** One record the classifier reads at a time: the tracker's lines are never kept through it. */
const scratch: LogRecord = { ts: 0, level: 'INFO', logger: '', message: '', line: '' };

/**
 * Whether `raw`, one whole line, is news: anything but a blank line (nothing reads one), the runner's or QQ's message
 * traffic and a plain INFO or DEBUG record that no class of `classes` takes (without classes, every line but those).
 */
export function isNewsLine(raw: string, classes: RecordClassifier | undefined): boolean {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (!line || isTrafficLine(line)) return false;
  if (!classes || !isRecordLine(line) || isImportantLine(line)) return true;
  // `YYYY-MM-DD HH:MM:SS,mmm LEVEL[ [tag]] logger: message`: an unimportant record is INFO or DEBUG (run-keep.ts).
  const info = line.startsWith('INFO ', 24);
  let p = info ? 29 : 30;
  if (line.charCodeAt(p) === 91 /* [ */) p = line.indexOf('] ', p) + 2;
  const colon = line.indexOf(': ', p);
  scratch.level = (info ? 'INFO' : 'DEBUG') as LogLevel;
  scratch.logger = line.slice(p, colon);
  scratch.message = line.slice(colon + 2);
  scratch.line = line;
  try {
    return classes.classify(scratch) !== 0;
  } finally {
    scratch.logger = scratch.message = scratch.line = '';
  }
}

/**
 * Whether text[from, to), whole lines of the runner's traffic (TRAFFIC_RUN's), holds news: the lines at INFO are passed
 * over natively, any other (at DEBUG, or ending in `\r`) is asked as a line.
 */
export function trafficNews(text: string, from: number, to: number): boolean {
  for (let pos = from; ; ) {
    TRAFFIC_INFO_RUN.lastIndex = pos;
    TRAFFIC_INFO_RUN.test(text);
    const end = TRAFFIC_INFO_RUN.lastIndex;
    if (end >= to) return false;
    let nl = text.indexOf('\n', end);
    if (nl < 0 || nl > to) nl = to;
    if (isNewsLine(text.slice(end, nl), undefined)) return true;
    if (nl >= to) return false;
    pos = nl + 1;
  }
}
