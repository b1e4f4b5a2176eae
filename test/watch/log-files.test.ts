// The sizes of the files under a real Hermes home's logs/, sampled at most once a minute on the times handed in: each
// file's growth over the last 10 min and in its last minute, started again when a file is rotated (its size drops).
// Files are grown with truncate: only their size is read, never their bytes.
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogFilesSampler } from '../../src/watch/log-files.js';
import { manualClock } from '../helpers/clock.js';

const MiB = 1024 * 1024;
const homes: string[] = [];
function home(): string {
  const h = mkdtempSync(path.join(os.tmpdir(), 'gw-logfiles-'));
  homes.push(h);
  mkdirSync(path.join(h, 'logs'));
  writeFileSync(path.join(h, 'logs', 'agent.log'), '');
  writeFileSync(path.join(h, 'logs', 'gateway.error.log'), '');
  mkdirSync(path.join(h, 'logs', 'curator'));
  return h;
}
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

describe('log files sampler', () => {
  it("each file's growth over the last 10 min by its size, at most one look a minute; a rotation starts it again", async () => {
    const h = home();
    const clock = manualClock(Date.parse('2026-09-21T09:00:00Z'));
    const s = createLogFilesSampler();
    const err = path.join(h, 'logs', 'gateway.error.log');
    expect(await s.sample(h, clock.now())).toEqual([]);
    for (let m = 1; m <= 12; m++) {
      truncateSync(err, m * 12 * MiB);
      await clock.advance(60_000);
      await s.sample(h, clock.now());
    }
    // A look within the minute is the last one's.
    truncateSync(err, 200 * MiB);
    await clock.advance(20_000);
    const g = await s.sample(h, clock.now());
    const e = g.find((x) => x.file === err)!;
    expect(e).toEqual({ file: err, size: 144 * MiB, bytes: 120 * MiB, spanMs: 600_000, lastMinuteBytes: 12 * MiB });
    expect(g.find((x) => x.file.endsWith('agent.log'))).toMatchObject({ bytes: 0 });
    expect(g.some((x) => x.file.endsWith('curator'))).toBe(false);
    // Rotated: the file is small again, and its growth starts from there.
    truncateSync(err, 0);
    await clock.advance(60_000);
    expect((await s.sample(h, clock.now())).find((x) => x.file === err)).toBeUndefined();
    truncateSync(err, 3 * MiB);
    await clock.advance(60_000);
    expect((await s.sample(h, clock.now())).find((x) => x.file === err)).toEqual({
      file: err,
      size: 3 * MiB,
      bytes: 3 * MiB,
      spanMs: 60_000,
      lastMinuteBytes: 3 * MiB,
    });
  });

  it('a home with no logs/ has nothing to say; another home starts afresh', async () => {
    const s = createLogFilesSampler();
    const bare = mkdtempSync(path.join(os.tmpdir(), 'gw-logfiles-'));
    homes.push(bare);
    expect(await s.sample(bare, 0)).toEqual([]);
    expect(await s.sample(bare, 60_000)).toEqual([]);
    const h = home();
    expect(await s.sample(h, 120_000)).toEqual([]);
  });
});
