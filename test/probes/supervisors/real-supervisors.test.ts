// The demo gateway under the real pm2, supervisord and runit (test/helpers/supervised.ts), `service.manager: auto`:
// each supervisor is found from the live gateway's own process, read in its own words, and its lever pulled through
// gatewatch's action; a stop asked of it, a gateway that dies at every start and the supervisor's give-up are each
// told as such. The supervisors' exact words are their own (hermes-supervisors.md read them off these tools). Here:
// their own stops and boots, a panel's supervisord, a scanner's own folder, two supervisors on one home; the layouts
// operators write (real-supervisors-layouts.test.ts) and each supervisor's story (real-supervisors-demo.test.ts).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startViaSupervisor } from '../../../src/actions/supervisor.js';
import { probeProcess } from '../../../src/probes/process.js';
import { probeService } from '../../../src/probes/service.js';
import { systemClock } from '../../../src/util/clock.js';
import { gatewatch } from '../../helpers/cli-run.js';
import { available, supervised } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';
import { live, start, stopLive } from '../../helpers/real-supervisors.js';

afterEach(stopLive);

describe.runIf(available.pm2)("pm2's own stop and its boot", () => {
  it('`pm2 kill` is the operator stopping pm2 with its apps; `pm2 resurrect` (what boot runs) brings it back', {
    timeout: 300_000,
  }, async () => {
    const { s, target, host, look, alive } = await start('pm2');
    await look();
    expect((await s.ctl('kill')).code).toBe(0);
    await until('stopped', async () => !(await alive()), { timeoutMs: 60_000 });
    const down = await look();
    // The daemon's last line, or (a look between its pid file going and that line) its apps' stop before it.
    expect(down).toMatchObject({
      manager: 'pm2',
      state: 'pm2 not running',
      stopped: { line: expect.stringMatching(/^(PM2 successfully stopped|Stopping app:hermes id:\d+)$/) },
    });
    // gatewatch's lever for pm2 not running is pm2's own resurrect of the saved list. It spawns pm2's God daemon first:
    // beside the whole suite on two cores that took more than the lever's own minute once.
    const r = await startViaSupervisor(target, down, { ...host, clock: systemClock, timeoutMs: 150_000 });
    expect(r, r.detail).toMatchObject({ ok: true });
    expect(r.detail).toMatch(/pm2 resurrect: ok/);
    await until('the gateway runs again', alive, { timeoutMs: 60_000 });
  });

  it("pm2 gone without a stop (a reboot with no `pm2 startup`): a death, not the operator's, and resurrect is its lever", {
    timeout: 120_000,
  }, async () => {
    const { s, target, host, look, alive } = await start('pm2');
    const up = await look();
    // The God daemon and the gateway end at once, as a host going down ends them: nobody told pm2 anything.
    const god = Number((await import('node:fs')).readFileSync(`${s.env.PM2_HOME}/pm2.pid`, 'utf8'));
    process.kill(god, 'SIGKILL');
    process.kill(up.mainPid ?? (await probeProcess(target)).pid!, 'SIGKILL');
    // Both ended, the daemon too: a SIGKILLed process runs on until the kernel schedules its end (a loaded box).
    const { readFileSync } = await import('node:fs');
    const godGone = () => {
      try {
        return /\) [ZX] /.test(readFileSync(`/proc/${god}/stat`, 'utf8'));
      } catch {
        return true;
      }
    };
    await until('stopped', async () => !(await alive()) && godGone(), { timeoutMs: 60_000 });
    const down = await look();
    expect(down).toMatchObject({ manager: 'pm2', state: 'pm2 not running', active: false });
    expect(down.stopped).toBeUndefined();
    const r = await startViaSupervisor(target, down, { ...host, clock: systemClock });
    expect(r, r.detail).toMatchObject({ ok: true });
    await until('the gateway runs again', alive, { timeoutMs: 60_000 });
  });
});

describe.runIf(available.runit)("runit's own boot", () => {
  it("the host down and up: runit's while it is down, and its young life at boot a start, started by runit alone", {
    timeout: 180_000,
  }, async () => {
    const { s, look, alive } = await start('runit');
    expect(await look()).toMatchObject({ manager: 'runit', active: true });
    await s.halt!();
    await until('the gateway is gone with runsvdir', async () => !(await alive()), { timeoutMs: 60_000 });
    // Its pid file left with it, runsv with runsvdir: still runit's, never one nothing supervises.
    expect((await look()).manager).toBe('runit');
    await s.boot!();
    await until('runit started it again', alive, { timeoutMs: 60_000 });
    const dir = path.dirname(s.home);
    const config = path.join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        state_dir: path.join(dir, 'state'),
        targets: [{ name: 'hermes', hermes_home: s.home, platforms: ['feishu', 'qqbot'], reachability: false }],
        remediate: { auto_restart: false },
        channels: { console: {} },
      }),
    );
    // From the first look after the boot until its platforms are up: never a death, never a start of gatewatch's.
    const seen: { check: string; severity: string; action: string }[] = [];
    await until(
      'healthy after the boot',
      async () => {
        const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
        seen.push(...(JSON.parse(r.stdout).findings as typeof seen));
        return r.code === 0 || undefined;
      },
      { timeoutMs: 90_000, everyMs: 1_000 },
    );
    expect(seen.filter((f) => f.severity === 'critical')).toEqual([]);
    expect(seen.filter((f) => /hermes gateway run/.test(f.action))).toEqual([]);
  });
});

describe.runIf(available.supervisord)("a hosting panel's supervisord", () => {
  it('its own file in its own folder, the program in a file it includes: found while the gateway is down', {
    timeout: 120_000,
  }, async () => {
    const { s, look, alive } = await start('supervisord', { panel: true });
    // Never looked at alive: nothing remembered, no file of the host's usual places names it.
    expect((await s.ctl('stop')).code).toBe(0);
    await until('stopped', async () => !(await alive()), { timeoutMs: 60_000 });
    const down = await until('found, and its stop said', async () => {
      const ev = await look();
      return ev.stopped ? ev : undefined;
    });
    expect(down).toMatchObject({
      manager: 'supervisord',
      name: 'hermes',
      via: `unix://${path.join(path.dirname(s.home), 'supervisor.sock')}`,
    });
  });
});

describe.each(['runit', 's6'] as const)('%s watching a folder of its own', (kind) => {
  it.runIf(available[kind])(
    'found by the scanner that watches it, wherever it is, while the gateway is down',
    { timeout: 120_000 },
    async () => {
      const { s, look, alive } = await start(kind, { untraced: true });
      // Never looked at alive, and no folder of the host's usual places holds it.
      expect((await s.ctl('stop')).code).toBe(0);
      await until('stopped', async () => !(await alive()), { timeoutMs: 60_000 });
      const down = await until('found, and its stop said', async () => {
        const ev = await look();
        return ev.stopped ? ev : undefined;
      });
      expect(down).toMatchObject({ manager: kind, name: s.program });
    },
  );
});

describe.runIf(available.pm2 && available.supervisord)('two supervisors claiming one home', () => {
  it("pm2 runs the gateway; supervisord's program for the same home loses every start: a fight, said, never restarted", {
    timeout: 180_000,
  }, async () => {
    const { s, target } = await start('pm2');
    const second = await supervised('supervisord', {
      home: s.home,
      supervisordOptions: ['startsecs=3', 'startretries=3'],
    });
    live.push(second);
    const dir = path.dirname(s.home);
    const config = path.join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        state_dir: path.join(dir, 'state'),
        targets: [{ name: 'hermes', hermes_home: s.home, platforms: ['feishu', 'qqbot'], reachability: false }],
        channels: { console: {} },
      }),
    );
    const env = { ...s.env, PATH: `${s.bin}:${process.env.PATH}` } as Record<string, string>;
    const found = await until(
      'the fight is said',
      async () => {
        const r = await gatewatch(['check', '--json', '--config', config], { spawn: true, env });
        const findings = JSON.parse(r.stdout).findings as { check: string; restart: string }[];
        return findings.some((f) => f.check === 'duplicate_processes') ? { r, findings } : undefined;
      },
      { timeoutMs: 90_000, everyMs: 2_000 },
    );
    expect(found.r.code).toBe(2);
    expect(found.findings.find((f) => f.check === 'duplicate_processes')!.restart).toBe('never');
    // The gateway pm2 runs is still the one running.
    expect((await probeService(target, { env: { ...process.env, ...env }, now: Date.now() })).manager).toBe('pm2');
  });
});
