// A gateway whose log grows abnormally fast (hermes-gateway-current.md §6: a DingTalk reconnect storm wrote 315 MB).
// A healthy gateway.log grows by kilobytes a minute even when busy; a storm writes megabytes. It fills the disk and
// buries everything else, but a restart is not the fix (the cause is usually a platform's reconnect loop, and rapid
// restarts make DingTalk stop routing for 40+ min): a warning with the rate and the line that repeats.
//
// A file of runaway size says its own rate to one look: its size against the time on its first line, when it is
// written now (issue 50 item 6b). A cold `gatewatch check` sees it as the daemon does, with the time the disk has left
// at that rate; a big file not written now (an old rotated one) or big only because it is old says nothing.
//
// A log written at hundreds of MB an hour is a fault in itself, not only by the time to a full disk (issue 60 item 5):
// an MCP server's stderr in a loop (logs/mcp-stderr.log, §9.17; its lines carry no time, so its start is the file's own
// birth), or agent.log or gateway.log that Hermes rotates at 5 MB (their pace read across the rotated copies). Each says
// the file, its writer when /proc tells it, its pace (an hour, and in lines a second) and the disk's time left.
import type { DetectSettings, Detector, Evidence, LogFileGrowth, LogGrowth } from '../evidence.js';
import type { Finding, FindingParam } from '../types.js';
import { formatTime } from '../util/time.js';
import { age, finding, type EvidenceLine } from './common.js';
import { bytesText, criticalFree } from './forecast-disk.js';
import { everyInWords, inWords } from './time-left.js';

const MiB = 1024 * 1024;
/** A file's name from its path, either separator (detectors stay pure: no node:path). */
const baseName = (file: string): string => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
/** Sustained over the window: 1 MiB/min is ~1.4 GB a day, two orders of magnitude above a busy gateway. */
const FLOOD_MIB_PER_MIN = 1;
/** Judged only once gatewatch followed the log this long: one big traceback is not a flood. */
const FLOOD_MIN_OBSERVED_MS = 5 * 60_000;
/** Still flooding: the last minute grew at least half the threshold. */
const STILL_GOING = 0.5;

const logFlood: Detector = {
  check: 'log_flood',
  detect(ev, s) {
    return [...gatewayLog(ev, s), ...otherLogs(ev, s)];
  },
};

/** The rate of a growth, MiB a minute, when it is a flood still going on. */
function flooding(g: Pick<LogGrowth, 'bytes' | 'spanMs' | 'lastMinuteBytes'>): number | undefined {
  if (g.spanMs < FLOOD_MIN_OBSERVED_MS) return undefined;
  const perMin = g.bytes / MiB / (g.spanMs / 60_000);
  if (perMin < FLOOD_MIB_PER_MIN || g.lastMinuteBytes / MiB < FLOOD_MIB_PER_MIN * STILL_GOING) return undefined;
  return perMin;
}

/** Written within this long: the file is being written now. */
const WRITTEN_NOW_MS = 5 * 60_000;

/** A file's whole life at the flood rate, its size since its first line, and written now: MiB a minute. */
function runaway(g: LogFileGrowth, now: number): number | undefined {
  const l = g.life;
  if (!l || now - l.mtimeMs > WRITTEN_NOW_MS) return undefined;
  const spanMs = l.mtimeMs - l.firstAt;
  if (spanMs < FLOOD_MIN_OBSERVED_MS) return undefined;
  const perMin = l.bytes / MiB / (spanMs / 60_000);
  return perMin >= FLOOD_MIB_PER_MIN ? perMin : undefined;
}

/** A big file's pace lately by its own stamps, written now: MiB a minute, when at the flood rate. */
function paced(g: LogFileGrowth, now: number): number | undefined {
  const p = g.pace;
  if (!p || now - p.mtimeMs > WRITTEN_NOW_MS || p.overMs <= 0) return undefined;
  const perMin = p.bytes / MiB / (p.overMs / 60_000);
  return perMin >= FLOOD_MIB_PER_MIN ? perMin : undefined;
}

/** The rate (MiB a minute) at which a file under logs/ floods by any rule, as one look or the daemon judges it. */
export function fileFloodRate(g: LogFileGrowth, now: number): number | undefined {
  return runaway(g, now) ?? paced(g, now) ?? flooding(g);
}

/** Lines a second, said to two figures with thousands marked: `1,700` (by hand: toLocaleString loads ICU's data). */
const linesText = (n: number) => String(Math.round(Number(n.toPrecision(2)))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** What every flood of a file says of it: its pace an hour and in lines, and who writes it (with their evidence). */
function pacing(g: LogFileGrowth, perMin: number): { params: Record<string, FindingParam>; lines: EvidenceLine[] } {
  const w = g.writers ?? [];
  const perSec = g.lineBytes ? (perMin * MiB) / 60 / g.lineBytes : undefined;
  const writer: FindingParam =
    w.length === 1
      ? { key: 'log_flood.writer', params: { pid: w[0]!.pid, cmdline: w[0]!.cmdline } }
      : w.length > 1
        ? { key: 'log_flood.writers', params: { count: w.length, pids: w.map((x) => x.pid).join(', ') } }
        : '';
  return {
    params: {
      hourly: bytesText(perMin * 60 * MiB),
      lines: perSec !== undefined && perSec >= 1 ? { key: 'log_flood.lines', params: { n: linesText(perSec) } } : '',
      writer,
    },
    lines: w.map((x) => ({
      key: 'evidence.log_flood.writer',
      params: { file: g.file, pid: x.pid, cmdline: x.cmdline },
    })),
  };
}

/**
 * A file growing fast now, however old and big, as one look reads its own stamps (issue 54): with the disk's time left;
 * one Hermes rotates within minutes at this pace (its stamps read across its copies) with its rotation instead.
 */
function pacedFinding(ev: Evidence, s: DetectSettings, g: LogFileGrowth, perMin: number): Finding {
  const p = g.pace!;
  const name = baseName(g.file);
  const disk = diskLeft(ev, perMin);
  const size = bytesText(g.size ?? g.life?.bytes ?? p.bytes);
  const said = pacing(g, perMin);
  const r = p.rotated;
  const rotation: Record<string, FindingParam> = r
    ? { rotates: everyInWords(r.each / ((perMin * MiB) / 60_000)), files: r.files, kept: bytesText(r.bytes) }
    : { disk: disk.say };
  return finding(ev, s, {
    check: 'log_flood',
    text: r ? 'log_flood.file.pace.rotated' : 'log_flood.file.pace',
    cause: name,
    severity: 'warning',
    restart: 'wait',
    params: { name, file: g.file, size, over: inWords(p.overMs), rate: perMin.toFixed(1), ...said.params, ...rotation },
    since: p.mtimeMs - p.overMs,
    evidence: [
      {
        key:
          p.by === 'rotations'
            ? 'evidence.log_flood.pace.rotations'
            : r
              ? 'evidence.log_flood.pace.rotated'
              : 'evidence.log_flood.pace',
        params: {
          file: g.file,
          size,
          bytes: bytesText(p.bytes),
          over: inWords(p.overMs),
          rate: perMin.toFixed(1),
          ...(r ? { files: r.files } : {}),
        },
      },
      ...said.lines,
      ...(r ? [] : disk.lines),
    ],
  });
}

/** What the disk under the home has left at this rate: to Hermes' critical tier and to full, in words. */
function diskLeft(ev: Evidence, perMin: number): { say: FindingParam; lines: EvidenceLine[] } {
  const d = ev.disk;
  const free = d?.samples.at(-1)?.freeBytes;
  if (!d || free === undefined) return { say: { key: 'log_flood.disk.unknown' }, lines: [] };
  const perMs = (perMin * MiB) / 60_000;
  const critical = criticalFree(d);
  const params = {
    free: bytesText(free),
    eta: inWords(free / perMs),
    floor: bytesText(critical),
    tier_eta: inWords(Math.max(0, free - critical) / perMs),
  };
  return {
    say: { key: free > critical ? 'log_flood.disk.tier' : 'log_flood.disk.full', params },
    lines: [{ key: 'evidence.log_flood.disk', params: { home: d.path, ...params, rate: perMin.toFixed(1) } }],
  };
}

/**
 * A runaway file as one look sees it: its size, since its first line (or its birth, when its lines carry no time),
 * written now, its writer, and the disk's time left.
 */
function runawayFinding(ev: Evidence, s: DetectSettings, g: LogFileGrowth, perMin: number): Finding {
  const l = g.life!;
  const name = baseName(g.file);
  const disk = diskLeft(ev, perMin);
  const said = pacing(g, perMin);
  return finding(ev, s, {
    check: 'log_flood',
    text: 'log_flood.file.runaway',
    cause: name,
    severity: 'warning',
    restart: 'wait',
    params: {
      name,
      file: g.file,
      size: bytesText(l.bytes),
      over: inWords(l.mtimeMs - l.firstAt),
      since: { key: l.from === 'birth' ? 'log_flood.since.birth' : 'log_flood.since.line' },
      rate: perMin.toFixed(1),
      ...said.params,
      disk: disk.say,
    },
    since: l.firstAt,
    evidence: [
      {
        key: l.from === 'birth' ? 'evidence.log_flood.life.birth' : 'evidence.log_flood.life',
        params: {
          file: g.file,
          size: bytesText(l.bytes),
          first_at: formatTime(l.firstAt),
          written_at: formatTime(l.mtimeMs),
          rate: perMin.toFixed(1),
        },
      },
      ...said.lines,
      ...disk.lines,
    ],
  });
}

/**
 * The other files under `<home>/logs`, by their size (§10.2: a plugin wrote a log to 63 GiB in about four days; the
 * dashboard's loop on a malformed state.db, 520,772 lines a day, #96591): one finding a file, an incident each.
 */
function otherLogs(ev: Evidence, s: DetectSettings): Finding[] {
  const own = baseName(ev.log.file);
  return (ev.logFiles ?? []).flatMap((g) => {
    const name = baseName(g.file);
    if (name === own) return [];
    // Its whole life first, then its pace lately by its own stamps: what a look with no earlier sample sees too, so
    // both say the same.
    const life = runaway(g, ev.now);
    if (life !== undefined) return [runawayFinding(ev, s, g, life)];
    const pace = paced(g, ev.now);
    if (pace !== undefined) return [pacedFinding(ev, s, g, pace)];
    const perMin = flooding(g);
    if (perMin === undefined) return [];
    const disk = diskLeft(ev, perMin);
    const said = pacing(g, perMin);
    return [
      finding(ev, s, {
        check: 'log_flood',
        text: 'log_flood.file',
        cause: name,
        severity: 'warning',
        restart: 'wait',
        params: {
          rate: perMin.toFixed(1),
          mb: (g.bytes / MiB).toFixed(0),
          window: age(g.spanMs),
          file: g.file,
          name,
          ...said.params,
          disk: disk.say,
        },
        since: ev.now - g.spanMs,
        evidence: [
          {
            key: 'evidence.log_flood.size',
            params: {
              file: g.file,
              mb: (g.bytes / MiB).toFixed(1),
              span: age(g.spanMs),
              rate: perMin.toFixed(1),
              last: (g.lastMinuteBytes / MiB).toFixed(1),
            },
          },
          ...said.lines,
          ...disk.lines,
        ],
      }),
    ];
  });
}

function gatewayLog(ev: Evidence, s: DetectSettings): Finding[] {
  const g = ev.logGrowth;
  const perMin = g && flooding(g);
  if (!g || perMin === undefined) {
    // Not followed long enough to judge by what the tailer read (a one-shot check, a daemon just started): its pace
    // lately by its own stamps, as for any other file.
    const own = (ev.logFiles ?? []).find((f) => baseName(f.file) === baseName(ev.log.file) && f.pace);
    const pace = own && (!g || g.spanMs < FLOOD_MIN_OBSERVED_MS) ? paced(own, ev.now) : undefined;
    return pace !== undefined ? [pacedFinding(ev, s, own!, pace)] : [];
  }
  const lastMin = g.lastMinuteBytes / MiB;
  const disk = diskLeft(ev, perMin);
  const share = g.top && g.top.sampled ? Math.round((100 * g.top.count) / g.top.sampled) : 0;
  const top: EvidenceLine[] = g.top
    ? [
        { key: 'evidence.log_flood.top', params: { count: g.top.count, sampled: g.top.sampled, line: g.top.line } },
        { key: 'evidence.log_flood.sample', params: { sample: g.top.sample } },
      ]
    : [];
  return [
    finding(ev, s, {
      check: 'log_flood',
      severity: 'warning',
      // Not 'never': a flood must not block a restart another cause needs; not 'helps': a restart is no fix.
      restart: 'wait',
      params: {
        rate: perMin.toFixed(1),
        mb: (g.bytes / MiB).toFixed(0),
        window: age(g.spanMs),
        file: g.file,
        line: g.top?.line ?? '-',
        share: String(share),
        disk: disk.say,
      },
      since: ev.now - g.spanMs,
      evidence: [
        {
          key: 'evidence.log_flood.growth',
          params: {
            file: g.file,
            mb: (g.bytes / MiB).toFixed(1),
            lines: g.lines,
            span: age(g.spanMs),
            rate: perMin.toFixed(1),
            last: lastMin.toFixed(1),
          },
        },
        ...top,
        ...disk.lines,
      ],
    }),
  ];
}

export const floodDetectors: Detector[] = [logFlood];
