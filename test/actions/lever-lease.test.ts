// The lease two gatewatch daemons on one host take before pulling one container's lever (src/actions/lever-lease.ts),
// taken by real processes at once: one gets it, the others are told who holds it; a holder that died, or whose time
// has run out, is taken over; a released lease is free; a file this user must not trust takes nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { leasePath, takeLease } from '../../src/actions/lever-lease.js';
import { DIST } from '../helpers/paths.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await cleanup();
});

/** A process (the built module) that takes the lease, says what it got on one line, and holds it until killed. */
function taker(dir: string, key: string): Promise<{ child: ChildProcess; got: { ok: boolean; holder?: number } }> {
  const code = `import(${JSON.stringify(path.join(DIST, 'actions', 'lever-lease.js'))}).then(async (m) => {
    const r = await m.takeLease(${JSON.stringify(key)}, { now: Date.now(), holdMs: 60000, dir: ${JSON.stringify(dir)} });
    process.stdout.write(JSON.stringify({ ok: r.ok, holder: r.ok ? undefined : r.holder.pid }) + '\\n');
    setInterval(() => {}, 1000);
  });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ child, got: JSON.parse(out) });
    });
  });
}

const gone = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null ? r(0) : c.once('exit', r)));

describe('the lever lease', () => {
  it('four daemons at once: one holds it, the three others are told which', async () => {
    const dir = await tempDir('gw-lease-');
    const all = await Promise.all([1, 2, 3, 4].map(() => taker(dir, 'docker:abc')));
    const holders = all.filter((t) => t.got.ok);
    expect(holders).toHaveLength(1);
    for (const t of all.filter((x) => !x.got.ok)) expect(t.got.holder).toBe(holders[0]!.child.pid);
  });

  it('a holder that died is taken over; a released lease is free; another lever is another lease', async () => {
    const dir = await tempDir('gw-lease-');
    const first = await taker(dir, 'docker:abc');
    expect(first.got.ok).toBe(true);
    expect((await takeLease('docker:abc', { now: Date.now(), holdMs: 1000, dir })).ok).toBe(false);
    expect((await takeLease('docker:other', { now: Date.now(), holdMs: 1000, dir })).ok).toBe(true);
    first.child.kill('SIGKILL');
    await gone(first.child);
    const mine = await takeLease('docker:abc', { now: Date.now(), holdMs: 60_000, dir });
    expect(mine.ok).toBe(true);
    expect((await taker(dir, 'docker:abc')).got).toEqual({ ok: false, holder: process.pid });
    if (mine.ok) await mine.release();
    expect((await taker(dir, 'docker:abc')).got.ok).toBe(true);
  });

  it('a live holder past the time it took it for is taken over', async () => {
    const dir = await tempDir('gw-lease-');
    const first = await taker(dir, 'docker:abc');
    expect(first.got.ok).toBe(true);
    expect((await takeLease('docker:abc', { now: Date.now() + 61_000, holdMs: 1000, dir })).ok).toBe(true);
  });

  it("another user's file in its place takes nothing: the lever is pulled as without a lease", async () => {
    const dir = await tempDir('gw-lease-');
    const file = leasePath('docker:abc', dir);
    writeFileSync(file, JSON.stringify({ pid: process.ppid, at: Date.now(), until: Date.now() + 3_600_000 }));
    if (process.getuid?.() === 0) chownSync(file, 12345, 12345);
    const r = await takeLease('docker:abc', { now: Date.now(), holdMs: 1000, dir });
    // As root the planted file is another user's: not trusted, not removed either.
    expect(r.ok).toBe(process.getuid?.() === 0);
  });
});
