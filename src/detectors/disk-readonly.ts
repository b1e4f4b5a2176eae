// A filesystem Hermes writes to, read-only under a live gateway (issue 60): a NAS that went away, an overlay or an ext4
// the kernel remounted read-only after an I/O error. Every write fails, CPython's `[Errno 30] Read-only file system`
// and SQLite's `attempt to write a readonly database`, and the gateway chats on and saves nothing. The host is asked at
// every look, whatever the logs say (the mount's flags, for the home and each place Hermes writes under it); the lines
// alone say it where no mount table can be read. A restart does nothing: the gateway starts on the same mount.
import type { DetectSettings, Detector, Evidence, LogRecord, WritePlace } from '../evidence.js';
import type { EvidenceLine } from './common.js';
import { READ_ONLY } from '../probes/agent-tail.js';
import { age, finding, processAlive } from './common.js';
import { FRESH_MS, homeOf, onOneMount, placePath, runLines, saying } from './disk-lines.js';
import type { Finding } from '../types.js';

const says = saying(READ_ONLY);

/** How many times Hermes said it, and since when: a parameter of the finding's words. */
const said = (lines: LogRecord[], now: number) => ({
  error: says(lines.at(-1)!)!,
  count: String(lines.length),
  ago: age(now - lines[0]!.ts),
});

/** The first and the last line that said it. */
const quoted = (lines: LogRecord[]): string[] =>
  lines.length ? [lines[0]!.line, ...(lines.length > 1 ? [lines.at(-1)!.line] : [])] : [];

/** Each read-only filesystem under a place Hermes writes, as a fact. */
function mountFacts(ev: Evidence): EvidenceLine[] {
  const ro = (ev.disk?.places ?? []).filter((p) => p.readOnly);
  return [...new Set(ro.map((p) => p.mount))].map((mount) => ({
    key: 'evidence.disk.readonly' as const,
    params: {
      mount: mount!,
      fs: ro.find((p) => p.mount === mount)!.fsType ?? '',
      source: ro.find((p) => p.mount === mount)!.source ?? '',
      places: ro
        .filter((p) => p.mount === mount)
        .map((p) => placePath(ev.disk!.path, p.name))
        .join(', '),
    },
  }));
}

function fromMount(ev: Evidence, s: DetectSettings, ro: { place: WritePlace; paths: string }, lines: LogRecord[]) {
  const p = ro.place;
  const since = [p.readOnlySince, lines[0]?.ts].filter((x): x is number => x !== undefined);
  return finding(ev, s, {
    check: 'disk_readonly',
    severity: 'critical',
    // A whole-gateway cause: it holds every restart, each of which would start on the same read-only mount.
    restart: 'never',
    params: {
      places: ro.paths,
      mount: p.mount!,
      fs: p.fsType ?? '',
      source: p.source ?? '',
      said: lines.length ? { key: 'finding.disk_readonly.said', params: said(lines, ev.now) } : '',
    },
    ...(since.length ? { since: Math.min(...since) } : {}),
    evidence: [...mountFacts(ev), ...quoted(lines)],
  });
}

function fromLines(ev: Evidence, s: DetectSettings, lines: LogRecord[]): Finding {
  return finding(ev, s, {
    check: 'disk_readonly',
    text: 'disk_readonly.lines',
    severity: 'critical',
    restart: 'never',
    params: { ...said(lines, ev.now), home: homeOf(ev) },
    since: lines[0]!.ts,
    evidence: quoted(lines),
  });
}

const diskReadOnly: Detector = {
  check: 'disk_readonly',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const lines = runLines(ev, says);
    const last = lines.at(-1);
    const fresh = last && ev.now - last.ts <= FRESH_MS ? lines : [];
    const ro = onOneMount(ev.disk, (p) => !!p.readOnly);
    if (ro) return [fromMount(ev, s, ro, fresh)];
    if (!fresh.length) return [];
    // A reading since the last such line found the places writable: the mount was put right since.
    const read = ev.disk?.samples.filter((p) => p.at <= ev.now).at(-1);
    if (read && read.at > last!.ts && ev.disk?.places?.some((p) => p.readOnly === false)) return [];
    return [fromLines(ev, s, fresh)];
  },
};

export const diskReadOnlyDetectors: Detector[] = [diskReadOnly];
