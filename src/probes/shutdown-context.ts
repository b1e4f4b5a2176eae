// Hermes' own last words at a signal: `Shutdown context: signal=SIGTERM under_systemd=… parent_pid=… parent_name=…
// loadavg_1m=…[ planned_stop_marker_present=yes] parent_cmdline='…'` (hermes-gateway.md "signals / shutdown"), written
// at every stop by a signal whatever the layout. Its parent is what ran the gateway (runsv, supervisord, conmon, a
// containerd shim, systemd, pm2's God daemon, a shell): for a gateway that is down and whose supervisor's files are
// elsewhere, the first clue of who ran it, and so who was told to stop it.
import { KiB, readTail } from '../util/read-capped.js';
import { parseLogLine, START_MESSAGE } from './log-parse.js';
import { zoneOf, type WriterZone } from './log-zone.js';

export interface ShutdownContext {
  /** When Hermes wrote it, epoch ms (the log's own stamp); undefined where the line had none. */
  at?: number;
  signal: string;
  underSystemd: boolean;
  planned: boolean;
  parent: { pid: number; name: string; cmdline: string };
  line: string;
  /** No start of the gateway after it in the log: it tells how the last life ended. */
  latest?: boolean;
}

const CONTEXT = /\bShutdown context: (.*)$/;

/** A Python repr of a str (`'…'` or `"…"`, backslash escapes): its text. */
function unrepr(s: string): string {
  const q = s[0];
  if (q !== "'" && q !== '"') return s.trim();
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === q) break;
    if (c === '\\' && i + 1 < s.length) out += s[++i];
    else out += c;
  }
  return out;
}

/** The fields of one `Shutdown context:` line, or undefined when it is none. */
export function parseShutdownContext(line: string, zone?: WriterZone): ShutdownContext | undefined {
  const m = CONTEXT.exec(line);
  if (!m) return undefined;
  const body = m[1]!;
  const cmdAt = body.indexOf(' parent_cmdline=');
  const head = cmdAt < 0 ? body : body.slice(0, cmdAt);
  const fields = new Map<string, string>();
  for (const kv of head.split(' ')) {
    const eq = kv.indexOf('=');
    if (eq > 0) fields.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  // A name may hold blanks (pm2's `PM2 v5.4.3: God`): it runs up to the next key.
  const name = / parent_name=(.*?) loadavg_1m=/.exec(` ${head}`)?.[1] ?? fields.get('parent_name') ?? '';
  const pid = Number(fields.get('parent_pid'));
  const at = parseLogLine(line, zone)?.ts;
  return {
    ...(at !== undefined ? { at } : {}),
    signal: fields.get('signal') ?? '?',
    underSystemd: fields.get('under_systemd') === 'yes',
    planned: fields.get('planned_stop_marker_present') === 'yes',
    parent: {
      pid: Number.isInteger(pid) ? pid : -1,
      name,
      cmdline: cmdAt < 0 ? '' : unrepr(body.slice(cmdAt + ' parent_cmdline='.length).trim()),
    },
    line: line.trim(),
  };
}

/** The last `Shutdown context:` in the tail of the gateway's log, if it has one. */
export async function lastShutdownContext(logFile: string): Promise<ShutdownContext | undefined> {
  const tail = await readTail(logFile, 64 * KiB).catch(() => undefined);
  if (!tail) return undefined;
  let started = false;
  for (let i = tail.lines.length - 1; i >= 0; i--) {
    const l = tail.lines[i]!;
    if (l.includes(START_MESSAGE)) started = true;
    if (!l.includes('Shutdown context: ')) continue;
    const c = parseShutdownContext(l, zoneOf(logFile));
    if (c) return { ...c, latest: !started };
  }
  return undefined;
}

/** How long Hermes' teardown after its `Shutdown context:` may take, its drain and disconnects included. */
const TEARDOWN_MS = 60_000;

/**
 * The life that started at `startedAt` (epoch ms, the host's clock) ended at a signal, in Hermes' own words: its log's
 * last `Shutdown context:` has no start after it, the log was last written in that life (its mtime, the host's clock),
 * and the context is within a teardown of the log's last stamped line (the log's own clock, whatever its time zone).
 * A container's runtime that logs no stop of its own (Podman) is told from a crash by it: Hermes exits 1 at a SIGTERM.
 */
export async function endedAtSignal(logFile: string, startedAt: number): Promise<ShutdownContext | undefined> {
  const tail = await readTail(logFile, 64 * KiB).catch(() => undefined);
  if (!tail || tail.mtimeMs < startedAt - 1_000) return undefined;
  let lastAt: number | undefined;
  for (let i = tail.lines.length - 1; i >= 0; i--) {
    const l = tail.lines[i]!;
    lastAt ??= parseLogLine(l, zoneOf(logFile))?.ts;
    if (l.includes(START_MESSAGE)) return undefined;
    if (!l.includes('Shutdown context: ')) continue;
    const c = parseShutdownContext(l, zoneOf(logFile));
    if (!c || c.at === undefined || lastAt === undefined || lastAt - c.at > TEARDOWN_MS) return undefined;
    return { ...c, latest: true };
  }
  return undefined;
}
