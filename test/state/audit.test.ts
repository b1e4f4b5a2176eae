// audit.jsonl: rotated by size, one record capped, read from the end, and a garbage line never breaks /history.
import {
  appendFileSync,
  readFileSync,
  rmSync,
  symlinkSync,
  mkdtempSync,
  openSync,
  closeSync,
  ftruncateSync,
  readdirSync,
  statSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createAuditLog } from '../../src/state/audit.js';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createApp } from '../../src/app.js';
import type { Reply } from '../../src/types.js';
import { systemClock } from '../../src/util/clock.js';

const log = pino({ level: 'silent' });
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'gw-audit-'));
const rec = (ts: string, type: string, actor: string, detail: unknown) =>
  JSON.stringify({ ts, type, target: null, check: null, severity: null, actor, detail }) + '\n';

async function history(stateDir: string, text = '/history 50') {
  const home = path.join(stateDir, '..', 'hermes');
  mkdirSync(home, { recursive: true });
  const config = resolveConfig(
    configSchema.parse({
      state_dir: stateDir,
      targets: [{ name: 'gw', hermes_home: home, service: { manager: 'none' } }],
    }),
    undefined,
  );
  const app = await createApp(config, { log, readOnly: true });
  const replies: Reply[] = [];
  await app.handle({ channel: 'cli', senderId: 'local', text }, async (r) => void replies.push(r));
  return replies[0]!;
}

describe('audit log', () => {
  it('rotates by size, keeps a few generations, and reads across them newest last', async () => {
    const dir = tmp();
    const audit = createAuditLog(dir, systemClock, { maxBytes: 2_000, generations: 2 });
    for (let i = 0; i < 100; i++)
      await audit.write({ type: 'command', actor: 'ann', detail: { command: 'status', n: i } });
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['audit.jsonl', 'audit.jsonl.1', 'audit.jsonl.2']);
    for (const f of files) expect(statSync(path.join(dir, f)).size).toBeLessThanOrEqual(2_000);
    const got = (await audit.read(1000)).map((r) => (r.detail as { n: number }).n);
    // What is kept is the newest, contiguous and in order; the oldest generation is gone.
    expect(got.at(-1)).toBe(99);
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => 100 - got.length + i));
    expect(got.length).toBeGreaterThan(20);
    expect(got.length).toBeLessThan(100);
  });

  it('a symbolic link planted as audit.jsonl is never written through: the write fails, is reported, and the target is untouched', async () => {
    const dir = tmp();
    const victim = path.join(tmp(), 'authorized_keys');
    writeFileSync(victim, 'ssh-ed25519 AAAA original\n');
    symlinkSync(victim, path.join(dir, 'audit.jsonl'));
    const problems: string[] = [];
    const health = {
      report: (_f: string, err?: unknown) =>
        void (err && problems.push((err as NodeJS.ErrnoException).code ?? String(err))),
      problem: () => undefined,
    } as never;
    const audit = createAuditLog(dir, systemClock, { health });
    await audit.write({ type: 'command', actor: 'x', detail: { command: 'status' } });
    expect(readFileSync(victim, 'utf8')).toBe('ssh-ed25519 AAAA original\n');
    expect(problems).toContain('ELOOP');
  });

  it('a read while records are being appended sees each record once (/history showed a delivery twice)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-audit-race-'));
    const log = createAuditLog(dir, systemClock);
    const reads: Promise<{ detail?: unknown }[]>[] = [];
    for (let i = 0; i < 300; i++) {
      void log.write({ type: 'command', actor: 'test', detail: { n: i } });
      if (i % 3 === 0) reads.push(log.read(1000));
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    for (const recs of await Promise.all(reads)) {
      const ns = recs.map((r) => (r.detail as { n: number }).n);
      expect(new Set(ns).size).toBe(ns.length);
    }
    const all = (await log.read(1000)).map((r) => (r.detail as { n: number }).n);
    expect(all).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('caps what one record stores, keeping the record shape', async () => {
    const dir = tmp();
    const audit = createAuditLog(dir, systemClock);
    await audit.write({
      type: 'restart.fail',
      target: 'gw',
      actor: 'gatewatch',
      detail: { reason: 'x', detail: 'E'.repeat(1_000_000) },
    });
    await audit.write({ type: 'command', actor: 'a'.repeat(100_000), detail: 'y'.repeat(500_000) });
    const lines = (await import('node:fs/promises'))
      .readFile(path.join(dir, 'audit.jsonl'), 'utf8')
      .then((t) => t.trim().split('\n'));
    for (const l of await lines) {
      expect(Buffer.byteLength(l)).toBeLessThanOrEqual(8 * 1024);
      expect(Object.keys(JSON.parse(l))).toEqual(['ts', 'type', 'target', 'check', 'severity', 'actor', 'detail']);
    }
    const [a] = await audit.read(1);
    expect(a!.type).toBe('command');
  });

  it('/history skips a null, a garbage and a torn line and shows the rest', async () => {
    const dir = path.join(tmp(), 'state');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'audit.jsonl'),
      rec('2026-11-22T08:00:00.000Z', 'alert.open', 'gatewatch', { title: 'first' }) +
        'null\n' +
        '42\n' +
        '{"ts":5}\n' +
        'garbage {\n' +
        rec('2026-11-22T08:01:00.000Z', 'alert.resolve', 'gatewatch', { title: 'second' }) +
        '{"ts":"2026-11-22T08:0',
    );
    const r = await history(dir);
    expect(r.title).toBe('Last 2 events');
    expect(r.code![0]).toMatch(/gatewatch: .*first\n.*gatewatch: .*second/);
  });

  it('/history reads a huge audit.jsonl from its end', async () => {
    const dir = path.join(tmp(), 'state');
    mkdirSync(dir);
    const file = path.join(dir, 'audit.jsonl');
    // 3 GB of old history (sparse: no disk used), then the recent records. Reading it whole is not possible.
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 3 * 1024 ** 3);
    closeSync(fd);
    appendFileSync(
      file,
      '\n' +
        rec('2026-11-22T09:00:00.000Z', 'alert.open', 'gatewatch', { title: 'recent one' }) +
        rec('2026-11-22T09:01:00.000Z', 'command', 'ann', { command: 'status' }),
    );
    const t0 = Date.now();
    const r = await history(dir, '/history 50 all');
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.code?.[0]).toMatch(/gatewatch: .*recent one\n.*ann: \/status/);
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('a write on a full disk resolves, is counted and kept in memory (bounded), and reaches the file when space returns', async () => {
    const dir = tmp();
    const file = path.join(dir, 'audit.jsonl');
    symlinkSync('/dev/full', file);
    const audit = createAuditLog(dir, systemClock, { retryMs: 50, maxUnwritten: 3 });
    for (let i = 0; i < 5; i++)
      await expect(audit.write({ type: 'command', actor: 'ann', detail: { n: i } })).resolves.toBeUndefined();
    expect(audit.stats()).toMatchObject({ unwritten: 3, dropped: 2 });
    expect(audit.stats().failures).toBeGreaterThanOrEqual(5);
    // /history still sees what is kept in memory.
    expect((await audit.read(10)).map((r) => (r.detail as { n: number }).n)).toEqual([2, 3, 4]);
    rmSync(file);
    await vi.waitFor(() => expect(audit.stats().unwritten).toBe(0), { timeout: 5_000 });
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).detail.n);
    expect(lines).toEqual([2, 3, 4]);
  });
});
