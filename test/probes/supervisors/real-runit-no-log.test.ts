// A runit service written without a `log/` folder, as many are: its crash loop is counted from the lives runsv ran, seen
// by the daemon's looks one after another (runit.ts), and runit keeps no word of how each ended. The built daemon's
// alert quotes none it never said (it read "runit: exited" once). Under the real runsvdir.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, supervised } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';
import { watchedDaemon } from '../../helpers/watched-daemon.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe.runIf(available.runit)('runit with no log folder', () => {
  it('a crash loop from the lives runsv ran: said, and no word put in runit’s mouth', {
    timeout: 240_000,
  }, async () => {
    const s = await supervised('runit', { noLog: true, service: `hermes-nolog-${process.pid}` });
    cleanups.push(() => s.stop());
    const w = await watchedDaemon(s.home, cleanups, s.env);
    const pid = await until(
      'the daemon sees it run',
      async () => {
        const p = JSON.parse(await readFile(path.join(s.home, 'gateway.pid'), 'utf8')).pid as number;
        return (await w.cli(['status', 'hermes'])).stdout.includes(`${p}`) && p;
      },
      { timeoutMs: 60_000, everyMs: 500 },
    );
    await s.breakStart("ModuleNotFoundError: No module named 'lark_oapi'");
    process.kill(pid, 'SIGKILL');
    await until('the crash loop said', () => /🔴 hermes: Gateway is crash-looping/.test(w.out()), {
      timeoutMs: 120_000,
      everyMs: 250,
    });
    const alert = w.out().slice(w.out().search(/🔴 hermes: Gateway is crash-looping/));
    expect(alert).toMatch(/runit/);
    expect(alert).not.toMatch(/runit: exited/);
  });
});
