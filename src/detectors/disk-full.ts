// A full disk under a live gateway (hermes-gateway-current.md §10.2, #52383, PR #88295): every reply a user gets is
// `Sorry, I encountered an error (OSError). [Errno 28] No space left on device` (the runner logs each failed turn,
// `Agent error in session …`, with its traceback), and SQLite then says `database or disk is full`; a log the disk no
// longer takes says it in another file (CPython's `--- Logging error ---` report in launchd's stderr file), or nowhere.
// So the disk itself is asked too (issue 54): free space under Hermes' own critical tier is a full disk now, whatever
// the logs say. The disk forecast warns while it fills; this is the disk already full. A restart frees nothing (and a
// start on a full disk fails in its turn): space does, usually from what Hermes never prunes, `state-snapshots/` and
// `cron/output/` (#52383). A filesystem can be full with bytes to spare (issue 60): no inode left, on the home's or on
// one mounted under a place Hermes writes (a logs/ of its own), fails every new file with the same `[Errno 28]`.
import type { DetectSettings, Detector, Evidence, LogRecord, WritePlace } from '../evidence.js';
import { DISK_FULL } from '../probes/agent-tail.js';
import { inodesOut } from '../probes/disk.js';
import { age, finding, processAlive } from './common.js';
import { FRESH_MS, homeOf, onOneMount, runLines, saying } from './disk-lines.js';
import { bytesText, criticalFree, diskForecast } from './forecast-disk.js';
import type { Finding } from '../types.js';

const says = saying(DISK_FULL);

const diskFull: Detector = {
  check: 'disk_full',
  // A disk already full is what the disk forecast foresaw: the forecast would only repeat it.
  meaning: { explains: [{ check: 'forecast', cause: 'disk' }] },
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const lines = runLines(ev, says);
    const last = lines.at(-1);
    const d = ev.disk;
    const reading = d?.samples.filter((p) => p.at <= ev.now).at(-1);
    const full = !!d && !!reading && reading.freeBytes <= criticalFree(d);
    const fresh = !!last && ev.now - last.ts <= FRESH_MS;
    // Issue 60: bytes to spare and no inode left, on the home's filesystem or another under a place Hermes writes.
    const out = full ? undefined : onOneMount(d, (p) => inodesOut(p.inodes));
    if (out) return [inodesFull(ev, s, out, fresh ? lines : [])];
    if (!last || !fresh) return full ? tierFull(ev, s) : [];
    // A reading since the last failure above Hermes' critical line: the disk was freed.
    if (d && reading && reading.at > last.ts && !full) return [];
    const first = lines[0]!;
    return [
      finding(ev, s, {
        check: 'disk_full',
        severity: 'critical',
        // A whole-gateway cause: it holds every restart, each of which would start on the same full disk.
        restart: 'never',
        params: {
          error: says(last)!,
          count: String(lines.length),
          ago: age(ev.now - first.ts),
          home: homeOf(ev),
          free:
            d && reading
              ? { key: 'finding.disk_full.free', params: { free: bytesText(reading.freeBytes), home: d.path } }
              : '',
        },
        since: first.ts,
        evidence: [first.line, ...(lines.length > 1 ? [last.line] : []), ...(full ? [diskFact(ev)] : [])],
      }),
    ];
  },
};

/** Which of Hermes' growth sources on that filesystem holds the most files (the inodes), if measured. */
function mostFiles(ev: Evidence, on: WritePlace) {
  const places = ev.disk!.places ?? [];
  // The place a growth source lies under: `logs/` under logs/, `cron/output/` under cron/, the rest under the home.
  const holder = (dir: string) =>
    places.find((p) => p.name !== '.' && dir.startsWith(p.name)) ?? places.find((p) => p.name === '.');
  const most = (ev.disk!.dirs ?? [])
    .filter((x) => x.files && holder(x.name)?.mount === on.mount)
    .sort((a, b) => b.files! - a.files!)[0];
  if (!most) return '';
  const params = { dir: most.name, files: String(most.files) };
  const key = most.partial
    ? ('finding.disk_full.inodes.most.partial' as const)
    : ('finding.disk_full.inodes.most' as const);
  return { key, params };
}

/** No inode left on a filesystem Hermes writes to, with bytes to spare: every new file fails as on a full disk. */
function inodesFull(ev: Evidence, s: DetectSettings, out: { place: WritePlace; paths: string }, lines: LogRecord[]) {
  const p = out.place;
  const mount = p.mount ?? ev.disk!.path;
  const left = { total: String(p.inodes!.total), left: String(p.inodes!.free), free: bytesText(p.freeBytes ?? 0) };
  const since = [p.inodesOutSince, lines[0]?.ts].filter((x): x is number => x !== undefined);
  return finding(ev, s, {
    check: 'disk_full',
    text: 'disk_full.inodes',
    severity: 'critical',
    restart: 'never',
    params: {
      place: out.paths,
      mount,
      fs: p.fsType ?? 'statfs',
      ...left,
      said: lines.length
        ? {
            key: 'finding.disk_full.inodes.said',
            params: { error: says(lines.at(-1)!)!, count: String(lines.length), ago: age(ev.now - lines[0]!.ts) },
          }
        : '',
      most: mostFiles(ev, p),
    },
    ...(since.length ? { since: Math.min(...since) } : {}),
    evidence: [
      ...(lines.length ? [lines[0]!.line, ...(lines.length > 1 ? [lines.at(-1)!.line] : [])] : []),
      { key: 'evidence.disk.inodes', params: { mount, places: out.paths, ...left } },
    ],
  });
}

/** The disk's reading as a fact: its free space of its total, against Hermes' critical line. */
function diskFact(ev: Evidence) {
  const d = ev.disk!;
  const free = d.samples.filter((p) => p.at <= ev.now).at(-1)!.freeBytes;
  return {
    key: 'evidence.disk.reading' as const,
    params: { path: d.path, free: bytesText(free), total: bytesText(d.totalBytes), floor: bytesText(criticalFree(d)) },
  };
}

/** The disk itself full, no log saying so (yet): its reading under Hermes' critical tier. */
function tierFull(ev: Evidence, s: DetectSettings): Finding[] {
  const d = ev.disk!;
  const reading = d.samples.filter((p) => p.at <= ev.now).at(-1)!;
  // Since the first of the readings in a row that are under the line (a look that just began: this one).
  let since = reading.at;
  for (const p of [...d.samples].reverse()) {
    if (p.at > ev.now) continue;
    if (p.freeBytes > criticalFree(d)) break;
    since = p.at;
  }
  // Still falling at a steady pace: the disk forecast's time to nothing left, said here (it would only repeat this).
  const trend = diskForecast(ev, s)[0];
  const p = trend?.text?.params;
  return [
    finding(ev, s, {
      check: 'disk_full',
      text: 'disk_full.tier',
      severity: 'critical',
      restart: 'never',
      params: {
        home: d.path,
        free: bytesText(reading.freeBytes),
        total: bytesText(d.totalBytes),
        floor: bytesText(criticalFree(d)),
        pace: p
          ? {
              key: 'finding.disk_full.tier.pace',
              params: { rate: p.rate!, over: p.over!, full_eta: p.full_eta!, dirs: p.dirs! },
            }
          : '',
      },
      since: trend?.since ?? since,
      evidence: [diskFact(ev), ...(trend?.evidenceText ?? [])],
    }),
  ];
}

export const diskFullDetectors: Detector[] = [diskFull];
