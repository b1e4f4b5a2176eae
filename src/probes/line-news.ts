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
import { parseLogLine } from './log-parse.js';
import { isTrafficLine, TRAFFIC_INFO_RUN } from './log-traffic.js';
import type { RecordClassifier } from './run-classes.js';
import { isImportantLine } from './run-keep.js';

/**
 * Whether `raw`, one whole line, is news: anything but a blank line (nothing reads one), the runner's or QQ's message
 * traffic and a plain INFO or DEBUG record that no class of `classes` takes (without classes, every line but those).
 */
export function isNewsLine(raw: string, classes: RecordClassifier | undefined): boolean {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (!line || isTrafficLine(line)) return false;
  // Not a record (a traceback's line), or one run-keep.ts keeps: warnings and errors, lifecycle and connection lines.
  if (!classes || isImportantLine(line)) return true;
  const r = parseLogLine(line);
  return !r || classes.classify(r) !== 0;
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
