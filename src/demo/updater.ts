// `hermes update`, as the demo plays it (hermes-gateway-current.md §5): the updater claims the home with
// `.hermes-update-in-progress` (`<updater pid>\n<start epoch seconds>`), asks the gateway to `pause-for-update` over
// its control socket (a planned stop when there is none), swaps the code, restarts the service and releases the claim.
// The stuck variant dies once the gateway is down, leaving its claim behind (#107427: the updater SIGKILLed). The
// left-stopped variant is #92890 (§8.6): it cannot arm a relaunch for the gateway, stops it, finishes and starts nothing.
// It runs as a detached process of its own (`ctl.js update`): the claim is only live while its pid lives.
import { appendFile, readFile } from 'node:fs/promises';
import net from 'node:net';
import { socketPathFor } from './current.js';
import { homePaths, isPidRunning, readPidRecord, unlinkQuietly } from './files.js';
import { writeFileAtomic } from '../state/atomic.js';
import { formatAsctime } from './hermes-log.js';
import { systemClock } from '../util/clock.js';

export interface UpdaterOptions {
  /** How long the gateway stays down for the update (the code swap). */
  windowMs: number;
  /** Die after stopping the gateway, leaving the claim. */
  stuck?: boolean;
  /** Stop the gateway as one it cannot arm a relaunch for, finish, and leave it stopped. */
  leaveStopped?: boolean;
  /** Only the demo's own gateway is asked to pause. */
  isOurs: (pid: number) => Promise<boolean>;
  /** Stops the gateway without a socket; starts it again after the window. */
  stopGateway: () => Promise<unknown>;
  startGateway: () => Promise<unknown>;
}

/** `pause-for-update`: the one verb only the updater sends (never gatewatch). True when acknowledged. */
function pauseForUpdate(socketPath: string, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    let buf = '';
    const sock = net.createConnection({ path: socketPath });
    const done = (ok: boolean) => {
      cancel();
      sock.destroy();
      resolve(ok);
    };
    const cancel = systemClock.timer(() => done(false), timeoutMs);
    sock.on('connect', () => sock.write('{"verb": "pause-for-update", "id": 1, "protocol": 1}\n'));
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      if (!buf.includes('\n')) return;
      try {
        done((JSON.parse(buf.slice(0, buf.indexOf('\n'))) as { ok?: unknown }).ok === true);
      } catch {
        done(false);
      }
    });
    sock.on('error', () => done(false));
  });
}

async function socketOf(home: string): Promise<string | undefined> {
  const direct = socketPathFor(home);
  if (!direct.pointer) return direct.path;
  return (await readFile(homePaths(home).socketPointer, 'utf8').catch(() => '')).trim() || undefined;
}

async function updateLog(home: string, line: string): Promise<void> {
  await appendFile(homePaths(home).updateLog, line + '\n', { encoding: 'utf8', mode: 0o600 }).catch(() => undefined);
}

export async function runUpdater(home: string, o: UpdaterOptions): Promise<number> {
  const paths = homePaths(home);
  await writeFileAtomic(paths.updateMarker, `${process.pid}\n${(systemClock.now() / 1000).toFixed(6)}\n`);
  await updateLog(
    home,
    `=== hermes update started ${formatAsctime(systemClock.now()).replace(' ', 'T').replace(',', '.')} ===`,
  );
  const rec = await readPidRecord(home);
  const sock = await socketOf(home);
  // Its stdout, teed to update.log, before it stops (drains) the gateway (hermes-gateway-current.md §8.6).
  if (o.leaveStopped && rec)
    await updateLog(
      home,
      `  ⚠ default: could not arm an automatic gateway restart for PID ${rec.pid} — stopping it instead so it cannot keep running pre-update code`,
    );
  let paused = false;
  if (rec && sock && (await o.isOurs(rec.pid))) paused = await pauseForUpdate(sock);
  if (paused && rec) {
    const deadline = systemClock.now() + 15_000;
    while ((await isPidRunning(rec.pid)) && systemClock.now() < deadline) await systemClock.sleep(50);
  }
  // No socket (or no answer): the signal fallback, a planned stop.
  await o.stopGateway();
  if (o.stuck) return 1; // gone without a word: the claim stays
  if (o.leaveStopped) {
    await updateLog(home, '  → Stopped 1 manual gateway process(es)');
    await updateLog(home, '    Restart manually: hermes gateway run');
  }
  await systemClock.sleep(o.windowMs);
  if (!o.leaveStopped) await o.startGateway();
  await updateLog(home, '✓ Update complete!');
  await unlinkQuietly(paths.updateMarker);
  return 0;
}
