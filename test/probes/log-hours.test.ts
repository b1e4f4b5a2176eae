// agent.log's few lines over hours (src/probes/log-hours.ts): what a slow rule needs across a day and the gateway's
// restarts, read once and then only as it grows, with a bound on what is kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatRecord } from '../../src/demo/hermes-log.js';
import type { LogNeedle } from '../../src/evidence.js';
import { feedLogHours, hoursStats, readLogHours, RUN_NEEDLES } from '../../src/probes/log-hours.js';
import { MEMORY_HOURS_NEEDLES } from '../../src/probes/memory-lines.js';
import { localTime } from '../helpers/evidence.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gw-hours-'));
  file = path.join(dir, 'agent.log');
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const T0 = localTime('2026-09-20 00:00:00');
const HOUR = 3_600_000;
const REFUSED = '[Weixin] send failed to=o9cq80_u1x: iLink sendmessage rate limited; cooldown active for 10.0s';
const NEEDLES: LogNeedle[] = [
  ...RUN_NEEDLES,
  { text: 'iLink sendmessage rate limited', keep: (r) => r.message.startsWith('[Weixin] send failed') },
];
const refused = (t: number) => formatRecord(t, 'ERROR', 'gateway.platforms.weixin', REFUSED);
const start = (t: number) => formatRecord(t, 'INFO', 'gateway.run', 'Starting Hermes Gateway...');
/** A busy agent's line that carries no needle. */
const noise = (t: number, i: number) =>
  formatRecord(t, 'INFO', 'agent.tools', `Tool web_search completed in 0.${i % 10}2s (turn ${i})`);
const text = (lines: string[]) => `${lines.join('\n')}\n`;

async function read(now: number) {
  const before = hoursStats.bytesRead;
  const lines = await readLogHours(file, NEEDLES, { now });
  return { lines, bytes: hoursStats.bytesRead - before };
}

describe('log-hours', () => {
  it("keeps a needle's own count: Hermes' [MEMORY] line every 5 min for two days (576), the others 128", async () => {
    const lines: string[] = [];
    for (let m = 0; m < 48 * 60; m += 5) {
      lines.push(
        formatRecord(
          T0 + m * 60_000,
          'INFO',
          'gateway.memory_monitor',
          `[MEMORY] rss=${300 + m}MB gc=(412, 3, 1) threads=12 uptime=${m * 60}s`,
        ),
      );
      if (m % 60 === 0) lines.push(refused(T0 + m * 60_000 + 1));
    }
    await fs.writeFile(file, text(lines));
    const got = await readLogHours(file, [...NEEDLES, ...MEMORY_HOURS_NEEDLES], { now: T0 + 48 * HOUR });
    expect(got.filter((r) => r.logger === 'gateway.memory_monitor')).toHaveLength(576);
    expect(got.filter((r) => r.logger === 'gateway.platforms.weixin')).toHaveLength(48);
  });

  it("keeps only the needles' lines, across restarts, oldest first (a cron refusal an hour, a start a day)", async () => {
    const lines = [start(T0)];
    for (let h = 1; h <= 30; h++) {
      for (let i = 0; i < 50; i++) lines.push(noise(T0 + h * HOUR - 60_000 + i, i));
      if (h === 12) lines.push(start(T0 + h * HOUR - 1000));
      lines.push(refused(T0 + h * HOUR));
    }
    // A cron line that carries the needle but not the adapter's line: not kept.
    lines.push(
      formatRecord(
        T0 + 30 * HOUR + 10,
        'ERROR',
        'cron.scheduler',
        "Job 'a1': delivery error: Weixin send failed: iLink sendmessage rate limited; cooldown active for 10.0s",
      ),
    );
    await fs.writeFile(file, text(lines));
    const { lines: got } = await read(T0 + 31 * HOUR);
    expect(got.map((r) => r.message)).toEqual([
      'Starting Hermes Gateway...',
      ...Array.from({ length: 11 }, () => REFUSED),
      'Starting Hermes Gateway...',
      ...Array.from({ length: 19 }, () => REFUSED),
    ]);
    expect(got.map((r) => r.ts)).toEqual([...got.map((r) => r.ts)].sort((a, b) => a - b));
  });

  it('a later read takes only the bytes appended since; a line still being written waits for its end', async () => {
    await fs.writeFile(file, text([start(T0), ...Array.from({ length: 2000 }, (_, i) => noise(T0 + i, i))]));
    const first = await read(T0 + HOUR);
    expect(first.lines).toHaveLength(1);
    const size = (await fs.stat(file)).size;
    expect(first.bytes).toBe(size);

    const more = text([noise(T0 + HOUR, 1), refused(T0 + HOUR + 1)]);
    const half = refused(T0 + HOUR + 2);
    await fs.appendFile(file, more + half.slice(0, 40));
    const second = await read(T0 + 2 * HOUR);
    expect(second.bytes).toBe(Buffer.byteLength(more) + 40);
    expect(second.lines).toHaveLength(2);

    await fs.appendFile(file, `${half.slice(40)}\n`);
    const third = await read(T0 + 2 * HOUR);
    // The part line again, whole this time: it was not taken before its newline.
    expect(third.bytes).toBe(Buffer.byteLength(half) + 1);
    expect(third.lines.map((r) => r.ts)).toEqual([T0, T0 + HOUR + 1, T0 + HOUR + 2]);
  });

  it('after a rotation: the rest of the rotated file, then the new one; a short first read takes the rotated file too', async () => {
    await fs.writeFile(file, text([start(T0), refused(T0 + HOUR)]));
    expect((await read(T0 + 2 * HOUR)).lines).toHaveLength(2);
    // Written after our read, then rotated (RotatingFileHandler: agent.log → agent.log.1, a new agent.log).
    await fs.appendFile(file, text([refused(T0 + 2 * HOUR)]));
    await fs.rename(file, `${file}.1`);
    await fs.writeFile(file, text([start(T0 + 3 * HOUR), refused(T0 + 4 * HOUR)]));
    const after = await read(T0 + 5 * HOUR);
    expect(after.lines.map((r) => r.ts)).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR, T0 + 4 * HOUR]);

    // Another process (a one-shot check) reads both files from scratch: the same lines.
    const other = path.join(dir, 'copy');
    await fs.mkdir(other);
    await fs.copyFile(`${file}.1`, path.join(other, 'agent.log.1'));
    await fs.copyFile(file, path.join(other, 'agent.log'));
    const fresh = await readLogHours(path.join(other, 'agent.log'), NEEDLES, { now: T0 + 5 * HOUR });
    expect(fresh.map((r) => r.ts)).toEqual(after.lines.map((r) => r.ts));
  });

  it('bounded: the newest 128 lines a needle, lines past the horizon let go, a big file read from its last 8 MB', async () => {
    const lines: string[] = [refused(T0)];
    for (let i = 0; i < 300; i++) lines.push(refused(T0 + HOUR + i * 60_000));
    await fs.writeFile(file, text(lines));
    const { lines: kept } = await read(T0 + 10 * HOUR);
    expect(kept).toHaveLength(128);
    expect(kept.at(-1)!.ts).toBe(T0 + HOUR + 299 * 60_000);
    // Two days on, the horizon (48 h) has passed most of them.
    const { lines: later } = await read(T0 + HOUR + 299 * 60_000 + 48 * HOUR - 30 * 60_000);
    expect(later.length).toBe(31);

    const big = path.join(dir, 'big.log');
    const filler = text(Array.from({ length: 200 }, (_, i) => noise(T0 + i, i)));
    const chunk = filler.repeat(Math.ceil((10 * 1024 * 1024) / filler.length));
    await fs.writeFile(big, text([refused(T0)]) + chunk + text([refused(T0 + 2 * HOUR)]));
    const before = hoursStats.bytesRead;
    const got = await readLogHours(big, NEEDLES, { now: T0 + 3 * HOUR });
    expect(hoursStats.bytesRead - before).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(got.map((r) => r.ts)).toEqual([T0 + 2 * HOUR]);
  });

  it("a needle's line cut by a read (a character of it cut too) or after a line longer than a read: found whole", async () => {
    const MiB = 1024 * 1024;
    const cut = formatRecord(T0 + HOUR, 'ERROR', 'gateway.platforms.weixin', REFUSED.replace('o9cq80_u1x', '微信用户'));
    const at = Buffer.from(cut).indexOf(Buffer.from('微'));
    // Noise up to where the first read (1 MB) ends one byte into that character.
    const lines: string[] = [refused(T0)];
    let size = Buffer.byteLength(text(lines));
    for (let i = 0; size < MiB - at - 1 - 400; i++) {
      lines.push(noise(T0 + i, i));
      size += Buffer.byteLength(lines.at(-1)!) + 1;
    }
    const pad = noise(T0 + 2, 2);
    lines.push(pad + 'x'.repeat(MiB - at - 1 - size - Buffer.byteLength(pad) - 1));
    lines.push(cut, 'y'.repeat(1.5 * MiB), refused(T0 + 2 * HOUR));
    await fs.writeFile(file, text(lines));
    expect(
      Buffer.from(text(lines))
        .subarray(MiB - 1, MiB + 2)
        .toString(),
    ).toBe('微');
    const { lines: got } = await read(T0 + 3 * HOUR);
    expect(got.map((r) => [r.ts, r.message])).toEqual([
      [T0, REFUSED],
      [T0 + HOUR, REFUSED.replace('o9cq80_u1x', '微信用户')],
      [T0 + 2 * HOUR, REFUSED],
    ]);
  });

  it('lines a tail hands over are kept as a read of the file keeps them (each under the first needle it carries)', async () => {
    const first = [start(T0), noise(T0 + 1, 1)];
    const later = [
      noise(T0 + 2, 2),
      refused(T0 + HOUR),
      // Two needles: sorted under the first (a run needle), whose test it fails, so it is not kept at all.
      formatRecord(
        T0 + HOUR + 1,
        'ERROR',
        'gateway.platforms.weixin',
        `${REFUSED} after gateway.run: Received SIGTERM`,
      ),
      // Look-alikes of needles with dots in them: not lines of theirs.
      formatRecord(T0 + HOUR + 2, 'INFO', 'gateway.run', 'Starting Hermes Gateway!!!'),
      formatRecord(T0 + HOUR + 3, 'INFO', 'gateway_run', 'Starting Hermes Gateway...'),
      `${formatRecord(T0 + 2 * HOUR, 'INFO', 'gateway.run', 'Received SIGTERM (twice: Received SIGTERM)')}\r`,
      noise(T0 + 2 * HOUR + 1, 3),
      formatRecord(
        T0 + 2 * HOUR + 2,
        'WARNING',
        'gateway.memory_monitor',
        '[MEMORY] rss=300MB gc=(412, 3, 1) threads=12',
      ),
      start(T0 + 3 * HOUR),
    ];
    const needles = [...NEEDLES, ...MEMORY_HOURS_NEEDLES];
    await fs.writeFile(file, text(first));
    await readLogHours(file, needles, { now: T0 + 4 * HOUR });
    await fs.appendFile(file, text(later));
    const st = await fs.stat(file);
    // As a tail hands them over: pieces of whole lines joined by `\n`, the last piece's line its last.
    const pieces = [later.slice(0, 3).join('\n'), later.slice(3).join('\n')];
    feedLogHours(file, needles, pieces, { ino: st.ino, offset: st.size }, Buffer.byteLength(text(later)));
    const before = hoursStats.bytesRead;
    const fed = await readLogHours(file, needles, { now: T0 + 4 * HOUR });
    expect(hoursStats.bytesRead).toBe(before);
    const whole = path.join(dir, 'whole.log');
    await fs.writeFile(whole, text([...first, ...later]));
    expect(fed).toEqual(await readLogHours(whole, needles, { now: T0 + 4 * HOUR }));
    expect(fed.map((r) => r.ts)).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 2 * HOUR + 2, T0 + 3 * HOUR]);
  });

  it('a missing file: nothing, and no error', async () => {
    expect(await readLogHours(path.join(dir, 'none.log'), NEEDLES, { now: T0 })).toEqual([]);
  });
});
