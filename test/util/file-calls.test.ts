// A one-look process (`gatewatch check`) makes its file calls in its turn, the daemon through libuv's threads: each
// call must answer alike either way, a value or the same error, or a check would judge another world than the daemon.
// Real files, a FIFO, a link, a missing path and this process's /proc.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  inTurnFd,
  inTurnPaths,
  threadedFd,
  threadedPaths,
  type FdCalls,
  type PathCalls,
} from '../../src/util/file-calls.js';
import { cleanup, spawnIdle } from '../helpers/probe-procs.js';
const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-file-calls-'));
// A process whose stdin is a pipe (spawnIdle's: it ends with this test's process, whatever ends that): /proc/<pid>/fd/0
// reads `pipe:[…]`, which the C library's realpath refuses and node's JavaScript one turns into a path that is not there.
const piped = spawnIdle(['idle'], process.env);
afterAll(async () => {
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

mkdirSync(path.join(dir, 'logs'));
writeFileSync(path.join(dir, 'logs', 'gateway.log'), 'a line\n');
symlinkSync('logs', path.join(dir, 'link'));
const fifo = path.join(dir, 'fifo');
execFileSync('mkfifo', [fifo]);
const missing = path.join(dir, 'missing');

/** A call's answer as a test compares it: its value, or its error's code. */
async function answer(p: Promise<unknown>): Promise<unknown> {
  try {
    const v = await p;
    if (v && typeof v === 'object' && 'isFile' in v) {
      const st = v as import('node:fs').Stats;
      return { file: st.isFile(), dir: st.isDirectory(), link: st.isSymbolicLink(), size: st.size, ino: st.ino };
    }
    if (Array.isArray(v)) return v.map((e) => (typeof e === 'string' ? e : [e.name, e.isDirectory()])).sort();
    if (Buffer.isBuffer(v)) return v.toString('latin1');
    return v;
  } catch (e) {
    return { code: (e as NodeJS.ErrnoException).code };
  }
}

const CALLS: [string, (c: PathCalls) => Promise<unknown>][] = [
  ['stat of a file', (c) => c.stat(path.join(dir, 'logs', 'gateway.log'))],
  ['stat of a link, followed', (c) => c.stat(path.join(dir, 'link'))],
  ['lstat of a link', (c) => c.lstat(path.join(dir, 'link'))],
  ['stat of nothing', (c) => c.stat(missing)],
  ['access', (c) => c.access(path.join(dir, 'logs'))],
  ['access to nothing', (c) => c.access(missing)],
  ['readFile as text', (c) => c.readFile(path.join(dir, 'logs', 'gateway.log'), 'utf8')],
  ['readFile as bytes', (c) => c.readFile(path.join(dir, 'logs', 'gateway.log'))],
  ['readFile of a folder', (c) => c.readFile(path.join(dir, 'logs'), 'utf8')],
  ['readdir', (c) => c.readdir(dir)],
  ['readdir with kinds', (c) => c.readdir(dir, { withFileTypes: true })],
  ['readdir of nothing', (c) => c.readdir(missing)],
  ['readlink', (c) => c.readlink(path.join(dir, 'link'))],
  ['readlink of a file', (c) => c.readlink(path.join(dir, 'logs', 'gateway.log'))],
  ['realpath', (c) => c.realpath(path.join(dir, 'link', 'gateway.log'))],
  ['realpath of nothing', (c) => c.realpath(missing)],
  ["realpath of a process's pipe (/proc/<pid>/fd/0)", (c) => c.realpath(`/proc/${piped.pid}/fd/0`)],
  ['statfs', (c) => c.statfs(dir).then((s) => s.bsize)],
];

describe('file calls in this turn and through the threads', () => {
  it.each(CALLS)('%s answers alike', async (_, call) => {
    expect(await answer(call(inTurnPaths))).toEqual(await answer(call(threadedPaths)));
  });

  it('a throw in this turn is the promise rejecting, not the call throwing', async () => {
    let p: Promise<unknown> | undefined;
    expect(() => (p = inTurnPaths.stat(missing))).not.toThrow();
    await expect(p).rejects.toMatchObject({ code: 'ENOENT' });
  });

  const FD = 0o4000; // O_NONBLOCK: a FIFO opens at once, as read-capped opens it
  const readWhole = async (c: FdCalls, file: string) => {
    const fd = await c.open(file, FD);
    try {
      const st = await c.fstat(fd);
      const b = Buffer.alloc(64);
      const n = await c.read(fd, b, 0, b.length, null);
      return { file: st.isFile(), fifo: st.isFIFO(), text: b.toString('utf8', 0, n) };
    } finally {
      await c.close(fd);
    }
  };

  it.each([
    ['a file', path.join(dir, 'logs', 'gateway.log')],
    ['a FIFO with no writer', fifo],
    ["this process's /proc stat line, its pid", `/proc/${process.pid}/stat`],
    ['nothing', missing],
  ])('descriptor calls on %s answer alike', async (what, file) => {
    if (process.platform !== 'linux' && what !== 'a file' && what !== 'nothing') return;
    const pid = (r: unknown) =>
      typeof r === 'object' && r && 'text' in r ? { ...r, text: String(r.text).split(' ')[0] } : r;
    expect(pid(await answer(readWhole(inTurnFd, file)))).toEqual(pid(await answer(readWhole(threadedFd, file))));
  });
});
