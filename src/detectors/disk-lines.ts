// What the disk findings share (disk-full.ts, disk-readonly.ts): the current run's records that say a write failed, in
// gateway.log and beside it, and the places Hermes writes as the host found them (issue 60). Hermes logs a failed
// turn as `Agent error in session …` with its traceback (real v0.17 line), the error in the traceback's last line.
import type { DiskTrend, Evidence, LogRecord, WritePlace } from '../evidence.js';
import { DISK_FULL, READ_ONLY } from '../probes/agent-tail.js';
import { INBOUND_MSG } from '../probes/traffic-lines.js';
import { currentRun, matching, patternGroup } from './common.js';

/** The runner's line for a turn that failed; its traceback says why (real v0.17 line). */
const AGENT_ERROR = /^Agent error in session /;
const LINES = patternGroup(DISK_FULL, READ_ONLY, AGENT_ERROR);

/** Still so: the last such line is this recent (a turn fails at each message; a disk put right logs nothing). */
export const FRESH_MS = 15 * 60_000;

/** A user's message quotes whatever it quotes: the words there say nothing of this disk. */
const quotesUser = (r: LogRecord) => INBOUND_MSG.test(r.message);

/** The words of `words` a record or its traceback says (a user's message says none). */
export const saying =
  (words: RegExp) =>
  (r: LogRecord): string | undefined =>
    quotesUser(r) ? undefined : [r.message, ...(r.extra ?? [])].map((l) => words.exec(l)?.[0]).find(Boolean);

/** The current run's records that `says` something, in gateway.log and beside it, up to now, oldest first, each once. */
export function runLines(ev: Evidence, says: (r: LogRecord) => string | undefined): LogRecord[] {
  const start = currentRun(ev).startedAt;
  const seen = new Set<string>();
  return [...matching(ev, LINES), ...(ev.hermes?.agentOnly ?? [])]
    .filter(
      (r) =>
        r.ts <= ev.now &&
        (start === undefined || r.ts >= start) &&
        says(r) !== undefined &&
        !seen.has(r.line) &&
        seen.add(r.line),
    )
    .sort((a, b) => a.ts - b.ts);
}

/** The home a finding names: the disk reading's, else gateway.log's (it lives in `<home>/logs/`). */
export const homeOf = (ev: Evidence): string =>
  ev.disk?.path ?? (ev.log.file.replace(/[\\/]logs[\\/][^\\/]+$/, '') || 'HERMES_HOME');

/** A place as the operator finds it: the home itself for `.`. */
export const placePath = (home: string, name: string): string =>
  name === '.' ? home : `${home}/${name.replace(/\/$/, '')}`;

/**
 * The places `hit` picks on the first filesystem among them: one place of it (its reading) and the paths it holds, the
 * home alone when the home itself is among them (everything of it on that filesystem).
 */
export function onOneMount(
  d: DiskTrend | undefined,
  hit: (p: WritePlace) => boolean,
): { place: WritePlace; paths: string } | undefined {
  const all = (d?.places ?? []).filter(hit);
  const place = all[0];
  if (!place) return undefined;
  const same = all.filter((p) => p.mount === place.mount);
  const paths = same.some((p) => p.name === '.') ? [d!.path] : same.map((p) => placePath(d!.path, p.name));
  return { place, paths: paths.join(', ') };
}
