// A gateway in another time zone than gatewatch: Hermes stamps its lines in its own local time, with no zone (the
// image's UTC beside a host in Asia/Shanghai, a VPS in New York watched from Berlin). The built `check` reads them in
// the gateway's zone: a gateway killed seconds ago is not "5h old", nor "0s old" for ever.
import { spawn } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoScriptPath } from '../../src/demo/index.js';
import { gatewatch } from '../helpers/cli-run.js';
import { cleanup, tempDir, trackPid } from '../helpers/probe-procs.js';
import { watchedDaemon } from '../helpers/watched-daemon.js';
import { until } from '../helpers/until.js';

const ends: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  while (ends.length) await ends.pop()!();
  await cleanup();
});

/** The demo gateway of a new home, started by hand in `zone` (POSIX's Etc/GMT signs are the other way round). */
async function gatewayIn(zone: string): Promise<{ home: string; pid: number }> {
  const home = path.join(await tempDir('gw-zone-'), 'home');
  const child = spawn(process.execPath, [demoScriptPath('gateway'), 'gateway', 'run', '--home', home], {
    env: { ...process.env, HERMES_HOME: home, TZ: zone },
    stdio: 'ignore',
    detached: true,
  });
  child.unref();
  trackPid(child.pid!);
  await until('the gateway settled', async () =>
    (await readFile(path.join(home, 'logs', 'gateway.log'), 'utf8').catch(() => '')).includes('housekeeping started'),
  );
  return { home, pid: child.pid! };
}

/** Until gateway.log in `home` was last written `ms` ago: "0s old" is then wrong. */
async function logIdle(home: string, ms: number): Promise<string> {
  const log = path.join(home, 'logs', 'gateway.log');
  await until(`the log last written ${ms / 1000} s ago`, async () => Date.now() - (await stat(log)).mtimeMs >= ms);
  return log;
}

/** How old the finding says the last log line is, and how old the log's last write was as it was said. */
function ages(text: string, log: string, at: number): Promise<[number, number]> {
  const age = /last log line is ((?:\d+[smhd] ?)+) old/.exec(text)?.[1];
  expect(age, text).toBeDefined();
  return stat(log).then((s) => [seconds(age!), (at - s.mtimeMs) / 1000]);
}

const SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
/** `5h 3m`, `7s` as seconds. */
const seconds = (age: string) =>
  [...age.matchAll(/(\d+)([smhd])/g)].reduce((n, m) => n + Number(m[1]) * SECONDS[m[2] as keyof typeof SECONDS], 0);

describe.runIf(process.platform === 'linux')('a gateway in another time zone', () => {
  // UTC+8 and UTC−5: its lines in our zone were hours ahead (an age of 0s) or behind (an age of hours).
  for (const zone of ['Etc/GMT-8', 'Etc/GMT+5']) {
    it(`${zone}, \`check\`: a kill a few seconds ago reads as a few seconds ago`, { timeout: 120_000 }, async () => {
      const { home, pid } = await gatewayIn(zone);
      process.kill(pid, 'SIGKILL');
      const log = await logIdle(home, 3_000);
      const config = path.join(home, '..', 'config.json');
      await writeFile(
        config,
        JSON.stringify({
          state_dir: path.join(home, '..', 'state'),
          targets: [{ name: 'h', hermes_home: home, service: { manager: 'none' } }],
        }),
      );
      const r = await gatewatch(['check', '--config', config], { spawn: true });
      expect(r.stdout).toContain('Gateway died without a shutdown');
      const [said, written] = await ages(r.stdout, log, Date.now());
      expect(said).toBeGreaterThanOrEqual(2);
      expect(said).toBeLessThanOrEqual(written + 1);
    });

    it(`${zone}, the daemon: followed live, killed, its alert dates the last line as the wall clock does`, {
      timeout: 240_000,
    }, async () => {
      const { home, pid } = await gatewayIn(zone);
      const w = await watchedDaemon(home, ends);
      await until('the daemon sees it healthy', async () => (await w.cli(['check'])).code === 0, {
        timeoutMs: 60_000,
      });
      const log = await logIdle(home, 3_000);
      process.kill(pid, 'SIGKILL');
      await until('the death said', () => /🔴 hermes: /u.test(w.out()), { timeoutMs: 60_000, everyMs: 100 });
      const alert = w.out().slice(w.out().search(/🔴 hermes: /u));
      const [said, written] = await ages(alert, log, Date.now());
      expect(said).toBeGreaterThanOrEqual(2);
      expect(said).toBeLessThanOrEqual(written + 1);
    });
  }
});
