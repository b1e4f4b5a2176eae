// `hermes update` artefacts in the process home (hermes-gateway-current.md §5): while the updater holds a live
// `.hermes-update-in-progress` claim the gateway is down on purpose. We only read these files, never delete them.
import { access } from '../util/file-calls.js';
import path from 'node:path';
import type { UpdateEvidence } from '../evidence.js';
import { isAlive } from './process.js';
import { KiB, readCapped } from '../util/read-capped.js';

/** `UPDATE_MARKER_MAX_AGE_SECONDS = 20 * 60`: an older claim is stale even if its pid lives (pid reuse, a hung updater). */
const UPDATE_MARKER_MAX_AGE_MS = 20 * 60_000;

const UPDATE_MARKER = '.hermes-update-in-progress';
const FLEET_RESTART_PENDING = 'fleet_restart_pending';
const INCOMPLETE = ['.update-incomplete', '.lazy-refresh-incomplete'];

/** Two lines: `<updater pid>\n<start epoch seconds>`. */
function parseUpdateMarker(text: string): { pid: number; startedAt: number } | null {
  const [pidText, startText] = text.split(/\r?\n/).map((l) => l.trim());
  const pid = Number(pidText);
  const start = Number(startText);
  if (!Number.isInteger(pid) || pid <= 0 || !startText || !Number.isFinite(start) || start <= 0) return null;
  return { pid, startedAt: Math.round(start * 1000) };
}

/** `expected_sha=<sha>` (other `key=value` lines tolerated). */
function parseFleetRestartPending(text: string): { expectedSha?: string } {
  const m = /^\s*expected_sha\s*=\s*(\S+)\s*$/m.exec(text);
  return m ? { expectedSha: m[1]! } : {};
}

function markerIsLive(m: { startedAt: number; ownerAlive: boolean }, now: number): boolean {
  return m.ownerAlive && now - m.startedAt < UPDATE_MARKER_MAX_AGE_MS;
}

export async function probeUpdate(
  home: string,
  now: number,
  opts: { isAlive?: (pid: number) => Promise<boolean> } = {},
): Promise<UpdateEvidence> {
  const alive = opts.isAlive ?? ((pid: number) => isAlive(pid));
  const ev: UpdateEvidence = {};
  const marker = await readText(path.join(home, UPDATE_MARKER));
  if (marker.text !== undefined) {
    const m = parseUpdateMarker(marker.text);
    if (m) {
      const ownerAlive = await alive(m.pid).catch(() => false);
      // The updater removes its claim, then exits: a claim read before it ended, its owner asked about after, is no
      // claim. Read once more before a dead owner's claim is called stale.
      const stands = ownerAlive || (await readText(path.join(home, UPDATE_MARKER))).text === marker.text;
      if (stands) ev.marker = { ...m, ownerAlive, live: markerIsLive({ startedAt: m.startedAt, ownerAlive }, now) };
    } else
      ev.markerError = `${UPDATE_MARKER}: not "<pid>\\n<start epoch>" (${marker.text.trim().slice(0, 40) || 'empty'})`;
  } else if (marker.error) ev.markerError = marker.error;
  const fleet = await readText(path.join(home, FLEET_RESTART_PENDING));
  if (fleet.text !== undefined) ev.fleetRestartPending = parseFleetRestartPending(fleet.text);
  const incomplete: string[] = [];
  for (const f of INCOMPLETE) {
    try {
      await access(path.join(home, f));
      incomplete.push(f);
    } catch {
      /* absent */
    }
  }
  if (incomplete.length) ev.incomplete = incomplete;
  return ev;
}

async function readText(file: string): Promise<{ text?: string; error?: string }> {
  try {
    // `<pid>\n<epoch>`: a few bytes. A FIFO in its place would block the check; a huge file is not Hermes'.
    return { text: await readCapped(file, 4 * KiB) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? {} : { error: `cannot read ${path.basename(file)} (${code ?? String(err)})` };
  }
}
