// A scan of /proc within a deadline, on a host too busy for one scan to read every process (the full run of the real
// supervisors, a dozen test files each with its supervisor and gateway: init's look for a stopped gateway under s6
// found its s6-svscan in no scan for three minutes, each scan out of time before that pid). Scans in turn now read
// every process, and a scanner found once is read first after.
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { keptScan, scanProcs, type ScanCursor } from '../../src/probes/proc-scan.js';
import { readProcText } from '../../src/util/read-capped.js';
import { until } from '../helpers/until.js';

const linux = process.platform === 'linux';
// A process with a name of its own, as a scanner's (`runsvdir`, `s6-svscan`) is.
const NAME = `gw-scan-${process.pid}`.slice(0, 15);
const child = linux ? spawn('bash', ['-c', `exec -a ${NAME} sleep 1000`], { stdio: 'ignore' }) : undefined;
afterAll(() => child?.kill('SIGKILL'));
const named = async (pid: number) =>
  (await readProcText(`/proc/${pid}/cmdline`, 256).catch(() => '')).startsWith(NAME) ? pid : null;

describe.runIf(linux)('a scan of /proc out of time', () => {
  it('reads on where the last one stopped: scans in turn read every process', async () => {
    await until('the named process runs', async () => (await named(child!.pid!)) !== null);
    const cursor: ScanCursor = { at: 0 };
    const seen = new Set<number>();
    let scans = 0;
    // No time at all: each scan reads one batch, then stops where it is.
    while (!seen.has(child!.pid!) && scans < 1000) {
      const scan = await scanProcs(async (pid) => pid, 0, [], cursor);
      if (!scan.ok) throw new Error(scan.reason);
      for (const pid of scan.procs.keys()) seen.add(pid);
      scans++;
    }
    expect(seen.has(child!.pid!)).toBe(true);
    // Without the cursor, the same scan never gets past the first batch.
    const alone = await scanProcs(async (pid) => pid, 0);
    expect(alone.ok && alone.partial && alone.procs.size).toBe(16);
  });

  it('a kept scan finds its process in time, then reads it first however busy the host', async () => {
    const scan = keptScan(named, 0);
    let found = false;
    for (let i = 0; i < 1000 && !found; i++) {
      const got = await scan();
      found = got.ok && got.procs.has(child!.pid!);
    }
    expect(found).toBe(true);
    const next = await scan();
    expect(next.ok && next.partial && next.procs.get(child!.pid!)).toBe(child!.pid);
  });
});
