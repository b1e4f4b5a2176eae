import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readLogHistory, tailStart } from '../../src/probes/log-history.js';
import { createRunTracker } from '../../src/probes/run-tracker.js';
import { splitLines } from '../../src/probes/line-decoder.js';
import { readFileSync } from 'node:fs';
import { createLogTail } from '../../src/probes/log-tail.js';
import { TEST_DIR } from '../helpers/paths.js';
import { systemClock } from '../../src/util/clock.js';

const SAMPLE = path.join(TEST_DIR, 'fixtures/hermes/gateway-sample.log');
const MiB = 1024 * 1024;

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gw-hist-'));
  file = path.join(dir, 'gateway.log');
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const START = (t = '08:00:01,204') => `2026-06-22 ${t} INFO gateway.run: Starting Hermes Gateway...`;
const line = (msg: string, level = 'INFO', logger = 'gateway.platforms.qqbot.adapter') =>
  `2026-06-22 09:00:00,000 ${level} ${logger}: ${msg}`;

/** About `bytes` of ordinary records, written in 1 MiB blocks. */
async function appendFiller(f: string, bytes: number, tag = 'filler'): Promise<void> {
  const one = `${line(`[QQBot:1] C2C message: id=${tag} content='hello there' attachments=None`)}\n`;
  const block = one.repeat(Math.ceil(MiB / one.length));
  for (let done = 0; done < bytes; done += block.length) await fs.appendFile(f, block);
}

describe('readLogHistory', () => {
  it("a busy run's megabytes of traffic read as pieces: the run seen as line by line, an over-long line cut the same", async () => {
    const traffic = readFileSync(path.join(TEST_DIR, 'fixtures/hermes/inbound-messages.log'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const others = [
      line('[QQBot:102345678] WebSocket closed: code=4009 reason=Session timed out', 'WARNING'),
      line('Traceback (most recent call last):', 'ERROR', 'gateway.run'),
      '  File "gateway/run.py", line 12, in <module>',
      '',
      `${line('[QQBot:102345678] Session resumed')}\r`,
      line(`long ${'长'.repeat(3_000)}`, 'WARNING'),
    ];
    const lines = [START()];
    for (let i = 0; lines.length < 12_000; i++) {
      lines.push(traffic[i % traffic.length]!.replace("msg='", `msg='${i} `));
      if (i % 97 === 0) lines.push(others[(i / 97) % others.length]!);
    }
    await fs.writeFile(file, `${lines.join('\n')}\n`);
    const h = await readLogHistory(file, { maxLineBytes: 4096 });
    const byLine = createRunTracker({ file, run: [], previous: [], runStartSeen: false });
    byLine.pushLines(splitLines(readFileSync(file), 4096));
    const { position, bytesRead, files, ...view } = h;
    expect(view).toEqual(byLine.view());
    expect(h.run.length).toBeGreaterThan(2_000);
  });

  it('splits the sample log into the current run and the tail of the previous one', async () => {
    await fs.copyFile(SAMPLE, file);
    const h = await readLogHistory(file);
    expect(h.error).toBeUndefined();
    expect(h.runStartSeen).toBe(true);
    expect(h.run[0]!.line).toBe(START('13:05:44,870'));
    expect(h.run.at(-1)!.message).toBe('Gateway housekeeping started (interval=60s)');
    expect(h.previous.at(-1)!.message).toMatch(/^Exiting with code 1/);
    expect(h.previous.some((r) => r.message.includes('Max reconnect attempts reached'))).toBe(true);
    // The traceback stays attached to its record.
    expect(h.previous.find((r) => r.message.includes('Send error'))!.extra!.at(-1)).toBe(
      'RuntimeError: Executor shutdown has been called',
    );
    const size = (await fs.stat(file)).size;
    expect(h.position).toEqual({ ino: (await fs.stat(file)).ino, size, offset: size });
    expect(h.bytesRead).toBeLessThanOrEqual(size);
  });

  it('finds a start line 3 MB back in a 12 MB file without reading the rest', async () => {
    await appendFiller(file, 9 * MiB, 'old');
    await fs.appendFile(file, `${START()}\n${line('Gateway running with 2 platform(s)', 'INFO', 'gateway.run')}\n`);
    await appendFiller(file, 3 * MiB, 'new');
    const size = (await fs.stat(file)).size;
    const h = await readLogHistory(file);
    expect(h.runStartSeen).toBe(true);
    expect(h.run[0]!.line).toBe(START());
    expect(h.run[1]!.message).toBe('Gateway running with 2 platform(s)');
    expect(h.previous.length).toBeGreaterThan(0);
    expect(h.previous.every((r) => r.message.includes('id=old'))).toBe(true);
    // ~3 MB plus one chunk and the `previous` look-back: far from the 12 MB file.
    expect(h.bytesRead).toBeLessThan(3.5 * MiB);
    expect(h.bytesRead).toBeLessThan(size / 3);
    expect(h.files).toEqual([file]);
  });

  it('stops at the byte budget when the start line is further back', async () => {
    await fs.appendFile(file, `${START()}\n`);
    await appendFiller(file, 10 * MiB);
    const h = await readLogHistory(file);
    expect(h.bytesRead).toBe(8 * MiB);
    expect(h.runStartSeen).toBe(false);
    expect(h.run.length).toBeGreaterThan(1000);
    expect(h.previous).toEqual([]);
    // The tracker's caps bound what is kept.
    expect(h.run.length).toBeLessThanOrEqual(300 + 1000 + 2000);
  });

  it('finds a start line wherever it falls across chunk boundaries', async () => {
    // The chunk boundaries are counted from the end: a trailing line of varying length moves them over the start line.
    const before = `${line('x'.repeat(500))}\n`.repeat(20);
    for (let pad = 0; pad < 1100; pad += 7) {
      await fs.writeFile(file, `${before}${START()}\n${line('after')}\n${line('y'.repeat(3000 + pad))}\n`);
      const h = await readLogHistory(file, { chunkBytes: 1024, previousBytes: 0 });
      expect(h.runStartSeen, `pad ${pad}`).toBe(true);
      expect(h.run.map((r) => r.message.slice(0, 5))).toEqual(['Start', 'after', 'yyyyy']);
      // The scan stopped at the start line instead of reading on to the top.
      expect(h.bytesRead, `pad ${pad}`).toBeLessThanOrEqual(3200 + pad + 2048);
    }
  });

  it('does not take a quoted start message for a start record', async () => {
    await fs.writeFile(
      file,
      [
        START(),
        line('ok'),
        line(
          `inbound message: msg='2026-06-22 08:00:01,204 INFO gateway.run: Starting Hermes Gateway...'`,
          'INFO',
          'gateway.run',
        ),
        line('Starting Hermes Gateway...', 'INFO', 'gateway.platforms.base'),
        '',
      ].join('\n'),
    );
    const h = await readLogHistory(file);
    expect(h.run).toHaveLength(4);
    expect(h.run[0]!.line).toBe(START());
  });

  it('looks into gateway.log.1 when rotation just happened', async () => {
    await fs.writeFile(`${file}.1`, `${line('older run')}\n${START()}\n${line('connected')}\n`);
    await fs.writeFile(file, `${line('after rotation')}\n`);
    const h = await readLogHistory(file);
    expect(h.files).toEqual([file, `${file}.1`]);
    expect(h.runStartSeen).toBe(true);
    expect(h.run.map((r) => r.message)).toEqual(['Starting Hermes Gateway...', 'connected', 'after rotation']);
    expect(h.previous.map((r) => r.message)).toEqual(['older run']);
    // The tailer resumes in the current file.
    expect(h.position!.ino).toBe((await fs.stat(file)).ino);
  });

  it('does not read gateway.log.1 when the current file has the start line', async () => {
    await fs.writeFile(`${file}.1`, `${line('older')}\n`);
    await fs.writeFile(file, `${START()}\n`);
    const h = await readLogHistory(file);
    expect(h.files).toEqual([file]);
  });

  it('reports a missing log without throwing; uses gateway.log.1 if only that exists', async () => {
    const h = await readLogHistory(file);
    expect(h.error).toMatch(/not found/);
    expect(h.run).toEqual([]);
    expect(h.position).toBeUndefined();
    await fs.writeFile(`${file}.1`, `${START()}\n`);
    const h2 = await readLogHistory(file);
    expect(h2.error).toBeUndefined();
    expect(h2.runStartSeen).toBe(true);
  });

  it('with no file yet, the tail that follows reads the file that then appears from its first line', async () => {
    // A gateway started just before gatewatch: its log appears between the history read and the tail's first look
    // (e2e-startup-retry once saw no alert for 40 s that way: the start-up lines were skipped).
    const h = await readLogHistory(file);
    expect(h.error).toMatch(/not found/);
    const tracker = createRunTracker(h);
    await fs.writeFile(file, `${START()}\n${line('Connecting to feishu...')}\n`);
    const t = createLogTail({
      clock: systemClock,
      file,
      ...tailStart(h),
      watch: false,
      onLines: (l) => tracker.pushLines(l),
    });
    try {
      await t.readNow();
    } finally {
      await t.stop();
    }
    expect(tracker.view().runStartSeen).toBe(true);
    expect(tracker.view().run.map((r) => r.message)).toEqual(['Starting Hermes Gateway...', 'Connecting to feishu...']);
    // Where the history read the file, the tail goes on from there, whatever it was told before.
    await fs.writeFile(file, `${START()}\n`);
    const read = await readLogHistory(file);
    expect(tailStart(read, { ino: 1, offset: 5 })).toEqual({ position: read.position, startAt: 'end' });
  });

  it('leaves a partial last line to the tailer, which delivers it once complete', async () => {
    await fs.writeFile(file, `${START()}\n${line('half')}`);
    const h = await readLogHistory(file);
    expect(h.run).toHaveLength(1);
    const tracker = createRunTracker(h);
    const t = createLogTail({
      clock: systemClock,
      file,
      position: h.position,
      watch: false,
      onLines: (l) => tracker.pushLines(l),
    });
    try {
      await fs.appendFile(file, ` done\n${line('next')}\n`);
      await t.readNow();
    } finally {
      await t.stop();
    }
    expect(tracker.view().run.map((r) => r.message)).toEqual(['Starting Hermes Gateway...', 'half done', 'next']);
  });
});
