// How a look calls the file system (src/util/look-fs.ts): through libuv's threads, or each call in its turn (a one-shot
// look's). Both answer alike, on real files, folders, a link and a FIFO; the one in its turn sends no request through
// the threads (test/helpers/pool-requests.ts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inTurnFs, threadedFs, type LookFs } from '../../src/util/look-fs.js';
import { readCapped } from '../../src/util/read-capped.js';
import { poolRequestsDuring } from '../helpers/pool-requests.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

/** A home's worth of things to call on: a folder of five files, a link to it, a FIFO, a file. */
async function place(): Promise<string> {
  const dir = await tempDir('gw-look-fs-');
  mkdirSync(path.join(dir, 'logs'));
  for (let i = 0; i < 5; i++) writeFileSync(path.join(dir, 'logs', `f${i}.log`), `line ${i}\n`);
  symlinkSync(path.join(dir, 'logs'), path.join(dir, 'linked'));
  execFileSync('mkfifo', [path.join(dir, 'pipe')]);
  writeFileSync(path.join(dir, '.env'), 'A=1\nB=\n');
  return dir;
}

/** What `fs` answers about `dir`, each refusal as its code. */
async function answers(fs: LookFs, dir: string) {
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: NodeJS.ErrnoException) => e.code,
    );
  const names = (es: { name: string }[] | undefined) => es?.map((e) => e.name).sort();
  return {
    capped: (await fs.entries(path.join(dir, 'logs'), 3))?.length,
    all: names(await fs.entries(path.join(dir, 'logs'), 500)),
    missing: await fs.entries(path.join(dir, 'nothing'), 500),
    listed: (await fs.readdir(dir)).map((e) => `${e.name}:${e.isDirectory()}:${e.isSymbolicLink()}`).sort(),
    real: await fs.realpath(path.join(dir, 'linked')),
    noReal: await code(fs.realpath(path.join(dir, 'nothing'))),
    statfs: (await fs.statfs(dir)).bsize > 0,
    stat: (await fs.stat(path.join(dir, 'linked'))).isDirectory(),
    lstat: (await fs.lstat(path.join(dir, 'linked'))).isSymbolicLink(),
    noStat: await code(fs.stat(path.join(dir, 'nothing'))),
    text: await readCapped(path.join(dir, '.env'), 1024, { open: fs.open }),
    fifo: await code(fs.open(path.join(dir, 'pipe'))),
    folder: await code(fs.open(path.join(dir, 'logs'))),
    absent: await code(fs.open(path.join(dir, 'nothing'))),
  };
}

describe.runIf(process.platform === 'linux')('a look’s calls on the file system', () => {
  it('in its turn answer as through the threads: entries capped, a missing folder, links resolved, a FIFO refused at once', async () => {
    const dir = await place();
    const threaded = await answers(threadedFs, dir);
    expect(threaded).toMatchObject({
      capped: 3,
      missing: undefined,
      real: path.join(await threadedFs.realpath(dir), 'logs'),
      noReal: 'ENOENT',
      stat: true,
      lstat: true,
      noStat: 'ENOENT',
      text: 'A=1\nB=\n',
      fifo: 'ENOTREG',
      folder: 'ENOTREG',
      absent: 'ENOENT',
    });
    expect(threaded.all).toEqual(['f0.log', 'f1.log', 'f2.log', 'f3.log', 'f4.log']);
    expect(await answers(inTurnFs, dir)).toEqual(threaded);
  });

  it('in its turn send no request through libuv’s threads; through them, each call is one or more', async () => {
    const dir = await place();
    const inTurn = await poolRequestsDuring(() => answers(inTurnFs, dir));
    const threaded = await poolRequestsDuring(() => answers(threadedFs, dir));
    expect(inTurn.requests).toBe(0);
    expect(threaded.requests).toBeGreaterThanOrEqual(10);
  });
});
