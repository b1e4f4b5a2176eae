// Evidence gatewatch cannot read is not evidence of health: a log that became a FIFO or lost its permissions, a state
// file full of garbage. Without this, every check that needs the file stays quiet and the verdict reads "healthy".
// A missing file is not reported here: before the first start there is no state file, and process_down covers the rest.
import type { Detector, Evidence, UnusableFile } from '../evidence.js';
import { kindWords } from '../util/error-kind.js';
import { currentRun, finding, platformOf, type EvidenceLine } from './common.js';

interface Unreadable {
  file: string;
  line: EvidenceLine;
}

/** Reasons start with the file already (`/x/gateway.log is not a regular file (a FIFO)`); drop a leading "cannot read". */
const reason = (r: string) => r.replace(/^cannot read /, '');

function unreadableEvidence(ev: Evidence): Unreadable[] {
  const out: Unreadable[] = [];
  const line = (what: 'log' | 'state' | 'pid' | 'agent', err: string): EvidenceLine => ({
    key: `evidence.unreadable.${what}`,
    params: { reason: reason(err) },
  });
  const logErr = ev.log.error;
  if (logErr && !/^log file not found\b|\bENOENT\b/.test(logErr))
    out.push({ file: 'gateway.log', line: line('log', logErr) });
  if (ev.stateError) out.push({ file: 'gateway_state.json', line: line('state', ev.stateError) });
  // An empty gateway.pid is Hermes between its O_EXCL create and its write: not garbage.
  const pidErr = ev.process.pidFileError;
  if (pidErr && !/\(empty\)$/.test(pidErr)) out.push({ file: 'gateway.pid', line: line('pid', pidErr) });
  if (ev.slowToolsError) out.push({ file: 'agent.log', line: line('agent', ev.slowToolsError) });
  return out;
}

const evidenceUnreadable: Detector = {
  check: 'evidence_unreadable',
  meaning: { roles: ['whileDown'] },
  detect(ev, s) {
    const bad = unreadableEvidence(ev);
    if (!bad.length) return [];
    return [
      finding(ev, s, {
        check: 'evidence_unreadable',
        severity: 'warning',
        restart: 'never',
        params: { files: bad.map((b) => b.file).join(', ') },
        evidence: bad.map((b) => b.line),
      }),
    ];
  },
};

export const unreadableDetectors: Detector[] = [evidenceUnreadable];

// ---------- session files the gateway's user cannot use (issue 77) ----------

const PERMISSION = kindWords('permission');

/** `0600`: permission bits as `ls` and chmod say them. */
const octal = (mode: number) => mode.toString(8).padStart(4, '0');

/** Lines of the platform (or naming the place) that say a file was not the gateway's to use, newest last. */
function deniedLines(ev: Evidence, place: string, platform: string | undefined): string[] {
  const b = platform === 'whatsapp' ? ev.hermes?.whatsappBridge : undefined;
  const bridge = (b?.tail ?? []).map((l) => `${b!.file}: ${l}`);
  const records = [...currentRun(ev).records, ...(ev.hermes?.agentOnly ?? [])].sort((a, b) => a.ts - b.ts);
  const said = records.filter((r) => {
    const text = [r.message, ...(r.extra ?? [])];
    if (!text.some((l) => PERMISSION.test(l))) return false;
    return text.some((l) => l.includes(place)) || (platform !== undefined && platformOf(r) === platform);
  });
  // Node's report spans lines: the one that names the file.
  const named = bridge.filter((l, i) => PERMISSION.test(l) && /[\\/]/.test(b!.tail[i]!));
  return [...said.slice(-2).map((r) => r.line), ...named.slice(-1)];
}

/**
 * A platform's session files a command run as root left behind (`sudo hermes whatsapp`, a `docker exec` as root):
 * the gateway, another user, cannot read or write them, and the platform fails until they are its own again. The fix
 * is their ownership, never a restart: a restarted gateway meets the same files. Said once a place (`platforms/<p>`,
 * `sessions`), the platform's when the files are one platform's.
 */
const sessionUnreadable: Detector = {
  check: 'session_unreadable',
  detect(ev, s) {
    const sf = ev.hermes?.sessionFiles;
    if (!sf?.unusable.length) return [];
    const known = new Set([...ev.expectedPlatforms, ...Object.keys(ev.state?.platforms ?? {})].map(bare));
    const groups = new Map<string, UnusableFile[]>();
    for (const f of sf.unusable) {
      // A platform this gateway does not serve: its files are no one's trouble now.
      if (f.platform && !known.has(f.platform)) continue;
      const key = `${f.place}\0${f.platform ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    const user = sf.user ?? String(sf.uid);
    const ids = `${sf.user ?? sf.uid}:${sf.group ?? sf.gid}`;
    return [...groups.values()].map((files) => {
      const { place, platform } = files[0]!;
      const at = files[0]!.path.lastIndexOf(place);
      const where = at < 0 ? place : files[0]!.path.slice(0, at + place.length);
      const owner = files[0]!.owner ?? `uid ${files[0]!.uid}`;
      const st = platform ? stateOf(ev, platform) : undefined;
      return finding(ev, s, {
        check: 'session_unreadable',
        text: platform ? 'session_unreadable' : 'session_unreadable.store',
        ...(platform ? { platform } : {}),
        cause: place,
        // The platform fails for it now, or will at its next write: critical unless Hermes still says it is up.
        severity: st === 'connected' ? 'warning' : 'critical',
        restart: 'never',
        // The command runs on this host: its path is the host's, past the `~` quoted lines say (a text param is kept).
        params: {
          path: where,
          owner,
          user,
          ids,
          count: files.length,
          chown: { key: 'finding.session_unreadable.chown', params: { ids, path: where } },
        },
        evidence: [
          { key: 'evidence.session_unreadable.user', params: { user, uid: sf.uid, gid: sf.gid } },
          ...files.map((f) => ({
            key: f.dir ? ('evidence.session_unreadable.dir' as const) : ('evidence.session_unreadable.file' as const),
            params: { path: f.path, owner: f.owner ?? `uid ${f.uid}`, ids: `${f.uid}:${f.gid}`, mode: octal(f.mode) },
          })),
          ...deniedLines(ev, place, platform),
        ],
      });
    });
  },
};

const bare = (key: string) => key.slice(key.lastIndexOf(':') + 1);

/** The platform's state in gateway_state.json, its profile's key or its own. */
function stateOf(ev: Evidence, platform: string): string | undefined {
  const entries = Object.entries(ev.state?.platforms ?? {});
  return entries.find(([k]) => bare(k) === platform)?.[1].state;
}

export const sessionDetectors: Detector[] = [sessionUnreadable];
