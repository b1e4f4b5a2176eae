// Every log beside gateway.log (issue 54): discovered under logs/ (and one folder down), read from where the last read
// stopped, stamped and unstamped lines alike, a line two files both hold once.
import { appendFile, mkdir, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSideLines, readSideLogs, sideLogFiles, sideStats } from '../../src/probes/side-logs.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

const all = () => true;
const stamp = '2026-11-25 10:00:00,000';

describe('the logs beside gateway.log', () => {
  it('are found, not listed: every live log under logs/ and one folder down; not gateway.log, rotated, JSON or stale ones', async () => {
    const dir = path.join(await tempDir(), 'logs');
    await mkdir(path.join(dir, 'hindsight'), { recursive: true });
    for (const f of [
      'agent.log',
      'errors.log',
      'gateway.log',
      'gateway.error.log',
      'mcp-stderr.log',
      'agent.log.1',
      'gateway-exit-diag.log',
      'update.log',
      'dashboard.error.log.2026-11-24',
      'hindsight/memory.log',
      'receipts.json',
      'old.log',
    ])
      await writeFile(path.join(dir, f), 'x\n');
    const old = new Date(Date.now() - 3 * 86_400_000);
    await utimes(path.join(dir, 'old.log'), old, old);
    const found = (await sideLogFiles(dir, Date.now())).map((f) => path.relative(dir, f));
    expect(found[0]).toBe('agent.log');
    expect(found.sort()).toEqual(['agent.log', 'gateway.error.log', 'hindsight/memory.log', 'mcp-stderr.log']);
  });

  it('errors.log is read only when there is no agent.log (it holds agent.log’s warnings)', async () => {
    const dir = path.join(await tempDir(), 'logs');
    await mkdir(dir);
    await writeFile(path.join(dir, 'errors.log'), 'x\n');
    expect((await sideLogFiles(dir, Date.now())).map((f) => path.basename(f))).toEqual(['errors.log']);
  });

  it('a later read takes only what was appended; a file written anew in place is read again', async () => {
    const file = path.join(await tempDir(), 'agent.log');
    const lark = (r: { logger: string }) => r.logger === 'Lark';
    const line = (n: number) => `${stamp} ERROR Lark: connect failed, err: 503: system busy (${n})\n`;
    await writeFile(file, line(1).repeat(1) + 'filler\n'.repeat(2000));
    expect((await readSideLogs([file], lark)).map((r) => r.message)).toEqual([
      'connect failed, err: 503: system busy (1)',
    ]);
    const before = sideStats.bytesRead;
    await appendFile(file, line(2));
    expect((await readSideLogs([file], lark)).map((r) => r.message.slice(-3))).toEqual(['(1)', '(2)']);
    expect(sideStats.bytesRead - before).toBeLessThan(200);
    // The same size or more, other bytes: not an append; read afresh.
    await writeFile(file, line(3) + 'filler\n'.repeat(2100));
    expect((await readSideLogs([file], lark)).map((r) => r.message.slice(-3))).toEqual(['(3)']);
  });

  it('a slot keeps its latest record alone, where it stands, read after read; the file’s budget stays for the rest', async () => {
    const file = path.join(await tempDir(), 'agent.log');
    const keep = (r: { message: string }) => (r.message.startsWith('ok ') ? 'ok' : r.message.startsWith('err '));
    const line = (m: string) => `${stamp} INFO x: ${m}\n`;
    await writeFile(file, line('err 1') + line('ok 1') + line('ok 2') + line('err 2'));
    expect((await readSideLogs([file], keep)).map((r) => r.message)).toEqual(['err 1', 'ok 2', 'err 2']);
    let more = '';
    for (let i = 3; i < 1000; i++) more += line(`ok ${i}`);
    await appendFile(file, more);
    expect((await readSideLogs([file], keep)).map((r) => r.message)).toEqual(['err 1', 'err 2', 'ok 999']);
    await appendFile(file, line('err 3'));
    expect((await readSideLogs([file], keep)).map((r) => r.message)).toEqual(['err 1', 'err 2', 'ok 999', 'err 3']);
  });

  it('reads a wrapper’s stamped stderr lines and an unstamped file’s last lines, a traceback each its own report', () => {
    const stamped = readSideLines(
      [
        `${stamp} --- Logging error ---`,
        `${stamp} Traceback (most recent call last):`,
        `${stamp}   File "x.py", line 1, in emit`,
        `${stamp} OSError: [Errno 28] No space left on device`,
        `${stamp} Call stack:`,
        `${stamp} Message: 'hi'`,
      ],
      0,
      undefined,
      'gateway.error.log',
    );
    expect(stamped).toHaveLength(1);
    expect(stamped[0]).toMatchObject({ logger: 'gateway.error.log', message: '--- Logging error ---', level: 'ERROR' });
    expect(stamped[0]!.extra).toContain('OSError: [Errno 28] No space left on device');
    const raw = readSideLines(
      ['Traceback (most recent call last):', 'KeyError: 1', 'Traceback (most recent call last):', 'KeyError: 2'],
      1234,
      undefined,
      'mcp-stderr.log',
    );
    expect(raw.map((r) => [r.ts, r.extra])).toEqual([
      [1234, ['KeyError: 1']],
      [1234, ['KeyError: 2']],
    ]);
    // Unstamped lines far from the end have no time to go by: left out.
    const far = readSideLines([...Array(30).fill('plain line'), 'last'], 1234, undefined, 'x.log');
    expect(far).toHaveLength(20);
  });

  it('a line two files both hold counts once; a line one file repeats counts each time', async () => {
    const dir = await tempDir();
    const a = path.join(dir, 'agent.log');
    const b = path.join(dir, 'gateway.error.log');
    const rec = `${stamp} ERROR Lark: connect failed, err: 503: system busy`;
    await writeFile(a, `${rec}\n${rec}\n`);
    await writeFile(b, `${rec.replace(',000', ',004')}\n`);
    expect(await readSideLogs([a, b], all)).toHaveLength(2);
  });

  describe('a story that spans a rollover is one story (issue 60 item 2)', () => {
    /** The Lark SDK's reconnect ladder, one try a line, as its own logger writes it to agent.log. */
    const tryLine = (n: number) =>
      `2026-11-25 10:${String(n).padStart(2, '0')}:00,000 ERROR Lark: connect failed, err: 503: system busy\n`;
    const lark = (r: { logger: string }) => r.logger === 'Lark';
    const minutes = (rs: { ts: number }[]) => rs.map((r) => new Date(r.ts).getMinutes());

    it('a first read of a log that just rolled over reads the end of the one before it', async () => {
      const file = path.join(await tempDir(), 'agent.log');
      await writeFile(`${file}.1`, `${'filler\n'.repeat(500)}${tryLine(1)}${tryLine(2)}${tryLine(3)}`);
      await writeFile(file, tryLine(4));
      expect(minutes(await readSideLogs([file], lark))).toEqual([1, 2, 3, 4]);
    });

    it('lines written before a rollover since the last read are read from `.1`, and what was kept stays', async () => {
      const file = path.join(await tempDir(), 'errors.log');
      await writeFile(file, tryLine(1));
      expect(minutes(await readSideLogs([file], lark))).toEqual([1]);
      // RotatingFileHandler: two more records, then the rollover (rename), then the new file.
      await appendFile(file, tryLine(2) + tryLine(3));
      await rename(file, `${file}.1`);
      await writeFile(file, tryLine(4));
      expect(minutes(await readSideLogs([file], lark))).toEqual([1, 2, 3, 4]);
      await appendFile(file, tryLine(5));
      expect(minutes(await readSideLogs([file], lark))).toEqual([1, 2, 3, 4, 5]);
    });

    it('a file replaced by another (not its rollover) starts afresh; a long log needs nothing before it', async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'agent.log');
      await writeFile(file, tryLine(1));
      expect(minutes(await readSideLogs([file], lark))).toEqual([1]);
      // `.1` is some other file (not the one read): the new agent.log is a new story.
      await writeFile(`${file}.1`, tryLine(2));
      await rename(file, path.join(dir, 'elsewhere.log'));
      await writeFile(file, tryLine(3));
      expect(minutes(await readSideLogs([file], lark))).toEqual([3]);
      const long = path.join(dir, 'mcp-stderr.log');
      await writeFile(`${long}.1`, tryLine(1));
      await writeFile(long, `${tryLine(2)}${'filler\n'.repeat(20_000)}`);
      expect(minutes(await readSideLogs([long], lark))).toEqual([]);
    });
  });
});
