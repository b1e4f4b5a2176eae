// A scan of /proc within a deadline, on a host too busy for one scan to read every process (the full run of the real
// supervisors, a dozen test files each with its supervisor and gateway: init's look for a stopped gateway under s6
// found its s6-svscan in no scan for three minutes, each scan out of time before that pid). Scans in turn now read
// every process, and a process found once is read first after. Asked of this worker's own processes, which live as
// long as the test (a child of its own could be killed by another file's stale pid on a box whose pids wrap).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keptScan, scanProcs, type ScanCursor } from '../../src/probes/proc-scan.js';

const linux = process.platform === 'linux';
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(linux)('a scan of /proc out of time', () => {
  it('reads on where the last one stopped: scans in turn read every process', async () => {
    const listed = readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .map(Number);
    // More than one scan's first batch: without its cursor no scan would get past it.
    expect(listed.length).toBeGreaterThan(16);
    const cursor: ScanCursor = { at: 0 };
    const seen = new Set<number>();
    // No time at all: each scan reads one batch, then stops where it is.
    for (let scans = 0; scans < listed.length; scans++) {
      const scan = await scanProcs(async (pid) => pid, 0, [], cursor);
      if (!scan.ok) throw new Error(scan.reason);
      for (const pid of scan.procs.keys()) seen.add(pid);
    }
    const missed = listed.filter((pid) => !seen.has(pid) && alive(pid));
    expect(missed).toEqual([]);
    // Without the cursor, the same scan never gets past the first batch.
    const first = await scanProcs(async (pid) => pid, 0);
    expect(first.ok && first.partial && first.procs.size).toBe(16);
  });

  it('a kept scan finds its process in time, then reads it first however busy the host', async () => {
    const scan = keptScan(async (pid) => (pid === process.pid ? pid : null), 0);
    let found = false;
    for (let i = 0; i < 5_000 && !found; i++) {
      const got = await scan();
      found = got.ok && got.procs.has(process.pid);
    }
    expect(found).toBe(true);
    const next = await scan();
    expect(next.ok && next.partial && next.procs.get(process.pid)).toBe(process.pid);
  });
});
