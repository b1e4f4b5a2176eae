// What issue 77's evidence families leave in a Hermes home, on top of test/helpers/evidence-homes.ts: logs rotated by
// their writer (Python's RotatingFileHandler: `x.log` → `x.log.1` → …, each copy's last write the moment of its
// rollover), a gateway stopped on purpose (hermes-gateway-current.md §8.5, hermes-deployments.md §1.2), and files a
// command run as root left where a platform's session lives.
import { chmod, chown, mkdir, open, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ago, chat, isoAgo } from './evidence-homes.js';
import { writeStateFile } from './hermes-homes.js';

const MiB = 1024 * 1024;

/**
 * A log its writer rotates at `each` bytes, `files` of them (`rel`, `rel.1`, …), one rollover every `gapS` seconds up to
 * now: each copy full of `line(s)` stamped across its time (or `sparse`: its first and last line only, no disk spent),
 * its mtime its last write.
 */
export function rotatingLog(
  rel: string,
  o: { files: number; each: number; gapS: number; line: (s: number) => string; sparse?: boolean },
) {
  return async (home: string): Promise<void> => {
    const file = path.join(home, rel);
    await mkdir(path.dirname(file), { recursive: true });
    // One moment for every copy: a slow write of one must not move the rollovers apart.
    const t0 = Date.now();
    for (let k = o.files - 1; k >= 0; k--) {
      const name = k ? `${file}.${k}` : file;
      const [endS, startS] = [k * o.gapS, (k + 1) * o.gapS];
      const fh = await open(name, 'w');
      if (o.sparse) {
        await fh.write(`${o.line(startS)}\n`, 0);
        const last = Buffer.from(`${o.line(endS)}\n`);
        await fh.write(last, 0, undefined, o.each - last.length);
      } else {
        const per = Buffer.byteLength(`${o.line(0)}\n`);
        const count = Math.floor(o.each / per);
        const lines = Array.from({ length: count }, (_, i) => o.line(startS - ((startS - endS) * i) / count));
        await fh.write(`${lines.join('\n')}\n`);
      }
      await fh.close();
      const at = new Date(t0 - endS * 1000);
      await utimes(name, at, at);
    }
  };
}

export { MiB };

/** RotatingFileHandler's rollovers of `rel` at each of `cuts` (seconds ago): `.1` the latest copy, `.2` the one before. */
export const rotations = (rel: string, cuts: number[]) => async (home: string) => {
  const file = path.join(home, rel);
  const lines = (await readFile(file, 'utf8')).replace(/\n$/, '').split('\n');
  const stamp = (l: string) => (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} /.test(l) ? l.slice(0, 23) : undefined);
  const sorted = [...cuts].sort((a, b) => b - a);
  const parts: string[][] = [...sorted.map(() => []), []];
  let k = 0;
  for (const l of lines) {
    const t = stamp(l);
    while (t !== undefined && k < sorted.length && t >= ago(sorted[k]!)) k++;
    parts[k]!.push(l);
  }
  for (const [i, part] of parts.entries()) {
    const n = parts.length - 1 - i;
    await writeFile(n ? `${file}.${n}` : file, part.length ? `${part.join('\n')}\n` : '');
  }
};

/**
 * A gateway its operator stopped `s` seconds ago (`hermes [-p P] gateway stop`, hermes-gateway-current.md §8.5): the
 * planned-stop lines in its log (unless `rotated` away), gateway_state `stopped` with `desired_state: stopped` (§1.2 of
 * hermes-deployments.md), its lifecycle sentinel `exited` 0, no pid file. `seen`: how its container saw it (its pid
 * there, its home at `/opt/data[/profiles/P]`).
 */
export async function stoppedHome(
  home: string,
  o: { s: number; signal: 'SIGTERM' | 'SIGINT'; pid: number; seen?: string; rotated?: boolean; desired?: boolean },
): Promise<void> {
  await mkdir(path.join(home, 'logs'), { recursive: true });
  await mkdir(path.join(home, 'state'), { recursive: true });
  const up = o.s + 7200;
  const lines = [
    `${ago(up)} INFO gateway.run: Starting Hermes Gateway...`,
    `${ago(up)} INFO gateway.run: Connecting to telegram...`,
    `${ago(up - 1)} INFO gateway.run: ✓ telegram connected`,
    `${ago(up - 1)} INFO gateway.run: Gateway running with 1 platform(s)`,
    ...chat('telegram', up - 600),
    `${ago(o.s)} INFO gateway.run: Received ${o.signal} as a planned gateway stop — exiting cleanly`,
    `${ago(o.s)} WARNING gateway.run: Shutdown context: signal=${o.signal} under_systemd=no parent_pid=4242 parent_name=hermes loadavg_1m=0.20${o.signal === 'SIGTERM' ? ' planned_stop_marker_present=yes' : ''} parent_cmdline='hermes gateway stop'`,
    `${ago(o.s)} INFO gateway.run: Stopping gateway...`,
    `${ago(o.s - 1)} INFO gateway.run: ✓ telegram disconnected (0.41s)`,
    `${ago(o.s - 1)} INFO gateway.run: Gateway stopped (total teardown 0.52s)`,
  ];
  const text = o.rotated ? '' : `${lines.join('\n')}\n`;
  if (o.rotated) await writeFile(path.join(home, 'logs', 'gateway.log.1'), `${lines.join('\n')}\n`);
  await writeFile(path.join(home, 'logs', 'gateway.log'), text);
  await writeFile(path.join(home, 'logs', 'agent.log'), text);
  const entry = { state: 'disconnected', error_code: null, error_message: null, updated_at: isoAgo(o.s - 1) };
  await writeStateFile(home, o.pid, { telegram: entry }, o.s - 1, {
    gateway_state: 'stopped',
    code_version: '0.21.3',
    ...(o.seen ? { hermes_home: o.seen } : {}),
    ...(o.desired === false ? {} : { desired_state: 'stopped' }),
  });
  await writeFile(
    path.join(home, 'state', 'gateway.lifecycle.json'),
    JSON.stringify({
      phase: 'exited',
      pid: o.pid,
      exit_code: 0,
      exit_reason: 'graceful_shutdown',
      exited_at: isoAgo(o.s - 1),
      start_time: Date.now() / 1000 - up,
    }),
  );
}

/**
 * Files a command run as root left in the home (`rel` → text), root's with `mode`; the folders listed in `dirs` root's
 * too (`dmode`), every other folder on the way the gateway user's (`uid`).
 */
export const rootOwned =
  (files: Record<string, string>, mode: number, o: { uid: number; dirs?: string[]; dmode?: number }) =>
  async (home: string): Promise<void> => {
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(home, rel);
      await mkdir(path.dirname(file), { recursive: true });
      for (let d = path.dirname(rel); d !== '.'; d = path.dirname(d)) await chown(path.join(home, d), o.uid, o.uid);
      await writeFile(file, text);
      await chown(file, 0, 0);
      await chmod(file, mode);
    }
    for (const rel of o.dirs ?? []) {
      await chown(path.join(home, rel), 0, 0);
      await chmod(path.join(home, rel), o.dmode ?? 0o700);
    }
  };

/** A file of the gateway user's (`uid`) under the home. */
export async function usersFile(home: string, rel: string, text: string, uid: number): Promise<void> {
  const file = path.join(home, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  await chown(file, uid, uid);
}
