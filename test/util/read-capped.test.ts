// The /proc reader of the process scans: what readCapped gives for the same file, within the same cap, from a live
// process of this test (a real /proc, Linux only).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRegular, readCapped, readProcText, readProcTextSync } from '../../src/util/read-capped.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

const linux = process.platform === 'linux';
const long = 'x'.repeat(10_000);
const child = linux
  ? spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)', 'gateway', 'run', long], {
      stdio: 'ignore',
      // A home of its own: a stand-in `gateway run` of ~/.hermes is every other test's duplicate gateway. The run's
      // mark, for its end to find it if this file's own kill never comes (test/helpers/run-tmp.ts).
      env: {
        GATEWATCH_TEST_RUN_TMP: process.env.GATEWATCH_TEST_RUN_TMP ?? '',
        HERMES_HOME: `/nonexistent/gw-read-capped-${process.pid}`,
        LONG: long,
        AFTER: 'end',
      },
    })
  : undefined;
afterAll(async () => {
  child?.kill('SIGKILL');
  await cleanup();
});

describe.skipIf(!linux)('readProcText', () => {
  it("reads a process's cmdline and stat as readCapped does, the cmdline cut at the cap", async () => {
    const cmdline = `/proc/${child!.pid}/cmdline`;
    // Until its exec, a child shows its parent's command line.
    await until('the child exec-ed', async () =>
      (await readCapped(cmdline, 64 * 1024, { truncate: true })).includes(long),
    );
    const whole = await readProcText(cmdline, 64 * 1024);
    expect(whole.split('\0').slice(-4)).toEqual(['gateway', 'run', long, '']);
    expect(whole).toBe(await readCapped(cmdline, 64 * 1024, { truncate: true }));
    const head = await readProcText(cmdline, 4096);
    expect(head).toBe(whole.slice(0, 4096));
    const stat = `/proc/${child!.pid}/stat`;
    expect((await readProcText(stat, 4096)).startsWith(`${child!.pid} (`)).toBe(true);
    // Past the first buffer and a page, read whole: a read that fills what it asked for is not taken for the end.
    const environ = await readProcText(`/proc/${child!.pid}/environ`, 64 * 1024);
    expect(environ).toBe(await readCapped(`/proc/${child!.pid}/environ`, 64 * 1024, { truncate: true }));
    expect(environ).toContain(`LONG=${long}\0AFTER=end\0`);
  });

  it('in this turn (a one-shot check’s table) the same text, past the first buffer, cut at the cap', async () => {
    const environ = `/proc/${child!.pid}/environ`;
    await until('the child exec-ed', async () => (await readProcText(environ, 64 * 1024)).includes('AFTER=end'));
    for (const cap of [64 * 1024, 4096, 6000])
      expect(readProcTextSync(environ, cap)).toBe(await readProcText(environ, cap));
    expect(readProcTextSync(environ, 64 * 1024)).toContain(`LONG=${long}\0AFTER=end\0`);
    expect(() => readProcTextSync('/proc/999999999/environ', 4096)).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });

  it('many reads at once, long and short, each get their own text (the first buffers are lent and handed back)', async () => {
    const cmdline = `/proc/${child!.pid}/cmdline`;
    const stat = `/proc/${child!.pid}/stat`;
    await until('the child exec-ed', async () => (await readProcText(cmdline, 64 * 1024)).includes(long));
    const whole = await readCapped(cmdline, 64 * 1024, { truncate: true });
    const files = Array.from({ length: 40 }, (_, i) => (i % 3 ? stat : cmdline));
    for (let round = 0; round < 3; round++) {
      const got = await Promise.all(files.map((f) => readProcText(f, 64 * 1024)));
      got.forEach((text, i) => {
        if (files[i] === cmdline) expect(text).toBe(whole);
        else expect(text.startsWith(`${child!.pid} (`) && !text.includes(long)).toBe(true);
      });
    }
  });

  it('fails as readCapped does for a process that is gone', async () => {
    await expect(readProcText('/proc/999999999/cmdline', 4096)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('openRegular', () => {
  it('opens on a plain descriptor: its stat as it opened, a second close a no-op that spares the next file', async () => {
    const dir = await tempDir();
    const a = path.join(dir, 'a.log');
    const b = path.join(dir, 'b.log');
    writeFileSync(a, 'first\n');
    writeFileSync(b, 'second\n');
    const fa = await openRegular(a);
    expect(fa.opened.isFile()).toBe(true);
    expect(fa.opened.size).toBe(6);
    await fa.close();
    // The kernel hands the freed number to the next open: a second close of the first must not close this one.
    const fb = await openRegular(b);
    await fa.close();
    const buf = Buffer.alloc(16);
    const { bytesRead } = await fb.read(buf, 0, 16, 0);
    expect(buf.toString('utf8', 0, bytesRead)).toBe('second\n');
    await expect(fa.read(buf, 0, 16, 0)).rejects.toMatchObject({ code: 'EBADF' });
    await fb.close();
  });

  it('refuses what is not a regular file, and says a missing one is missing', async () => {
    const dir = await tempDir();
    await expect(openRegular(dir)).rejects.toMatchObject({ code: 'ENOTREG' });
    await expect(openRegular(path.join(dir, 'none'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
