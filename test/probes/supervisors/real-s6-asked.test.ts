// s6 tallies every death (`s6-svdt`), the operator's `s6-svc -r` and `-d` among them, and Hermes exits 1 on that
// unmarked SIGTERM as on a crash. Read as s6 counts them, three restarts asked within two minutes were a crash loop,
// critical, until the last life had run 30 s; and a start that died after a stop was a loop dated at the stop. The
// real s6 and the demo gateway, which logs `Received SIGTERM — initiating shutdown` and exits 1 as Hermes does.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewatch } from '../../helpers/cli-run.js';
import { tempDir } from '../../helpers/probe-procs.js';
import { available, supervised, type Supervised } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';

interface Looked {
  code: number;
  findings: { check: string; since?: string }[];
}

describe.runIf(available.s6)('deaths s6 tallies, asked for or not', () => {
  let s: Supervised;
  let config = '';
  beforeAll(async () => {
    s = await supervised('s6', { service: 'hermes-asked' });
    const dir = await tempDir('gw-s6-asked-');
    config = path.join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        state_dir: path.join(dir, 'state'),
        targets: [{ name: 'hermes', hermes_home: s.home, platforms: ['feishu', 'qqbot'], reachability: false }],
        channels: { console: {} },
      }),
    );
  }, 120_000);
  afterAll(async () => s?.stop());

  const look = async (): Promise<Looked> => {
    const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
    return { code: r.code ?? -1, findings: (JSON.parse(r.stdout || '{"findings":[]}') as Looked).findings };
  };
  const svstat = () => spawnSync('s6-svstat', [s.program], { encoding: 'utf8' }).stdout;
  const seconds = () =>
    Number(/\) (\d+) seconds|^down \(exitcode \d+\) (\d+) seconds/.exec(svstat())?.slice(1).find(Boolean) ?? -1);
  const upPid = () =>
    Number(/^up \(pid (\d+)\)/.exec(spawnSync('s6-svstat', [s.program], { encoding: 'utf8' }).stdout)?.[1]);
  const claimed = () => {
    try {
      return (JSON.parse(readFileSync(path.join(s.home, 'gateway.pid'), 'utf8')) as { pid: number }).pid;
    } catch {
      return undefined;
    }
  };
  /** A new life s6 runs, which has claimed its pid file and run a while: Hermes' handlers are in place, as in a real one. */
  const newLife = (old: number) =>
    until('a new life up a while', () => upPid() !== old && upPid() > 0 && claimed() === upPid() && seconds() >= 3, {
      timeoutMs: 60_000,
    });

  it('three restarts asked within two minutes are no crash loop', { timeout: 180_000 }, async () => {
    await until('healthy', async () => (await look()).code === 0, { timeoutMs: 60_000, everyMs: 500 });
    for (let i = 0; i < 3; i++) {
      const old = upPid();
      expect((await s.ctl('restart')).code).toBe(0);
      await newLife(old);
    }
    const seen = new Set<string>();
    await until(
      'healthy after them',
      async () => {
        const r = await look();
        for (const f of r.findings) seen.add(f.check);
        return r.code === 0;
      },
      { timeoutMs: 60_000, everyMs: 500 },
    );
    expect([...seen]).not.toContain('respawn_storm');
  });

  it('a stop, then a start that dies every time: a loop of the crashes, dated after the stop', {
    timeout: 180_000,
  }, async () => {
    // As Hermes lives: its signal handler is in place seconds into a life, and an operator's start comes a while
    // after their stop (states on s6's own clock, not waits): a stop a moment after the death before it is no life's.
    await until('up a while', () => svstat().startsWith('up') && seconds() >= 3, { timeoutMs: 60_000 });
    expect((await s.ctl('stop')).code).toBe(0);
    await until('down a while', () => svstat().startsWith('down') && seconds() >= 3, { timeoutMs: 60_000 });
    await s.breakStart('ModuleNotFoundError: No module named hermes_cli');
    const started = Date.now();
    expect((await s.ctl('start')).code).toBe(0);
    const loop = await until(
      'the crash loop',
      async () => (await look()).findings.find((f) => f.check === 'respawn_storm'),
      { timeoutMs: 90_000, everyMs: 500 },
    );
    // s6 dates its deaths to the second.
    expect(Date.parse(loop.since!)).toBeGreaterThanOrEqual(started - 2_000);
    await s.heal();
    await until('healthy at last', async () => (await look()).code === 0, { timeoutMs: 90_000, everyMs: 500 });
  });
});
