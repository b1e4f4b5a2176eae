import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restartViaSupervisor, startViaSupervisor } from '../../src/actions/supervisor.js';
import { probeService } from '../../src/probes/service.js';
import type { ServiceConfig, TargetConfig } from '../../src/config/schema.js';
import { makeFakes, type Fakes } from '../helpers/fake-supervisors.js';
import { cleanup, makeTarget, tempDir } from '../helpers/probe-procs.js';
import { type Clock, systemClock } from '../../src/util/clock.js';

interface World {
  home: string;
  fakes: Fakes;
  host: {
    homedir: string;
    systemUnitDir: string;
    env: NodeJS.ProcessEnv;
    platform: NodeJS.Platform;
    uid: number;
    clock: Clock;
  };
}

async function world(files: string[] = [], platform: NodeJS.Platform = 'linux'): Promise<World> {
  const home = await tempDir('gw-home-');
  for (const f of files) {
    const p = path.join(home, f);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, '# installed by hermes gateway install\n');
  }
  const fakes = await makeFakes();
  return {
    home,
    fakes,
    host: {
      homedir: home,
      systemUnitDir: path.join(home, 'etc-systemd-system'),
      env: fakes.env,
      platform,
      uid: 501,
      clock: systemClock,
    },
  };
}

afterEach(async () => {
  // Whatever happened, nothing was ever killed by name.
  const ws = worlds.splice(0);
  const pkills = await Promise.all(ws.map((w) => w.fakes.calls('pkill')));
  await cleanup();
  expect(pkills.flat()).toEqual([]);
});
const worlds: World[] = [];
async function tracked(files: string[] = [], platform: NodeJS.Platform = 'linux') {
  const w = await world(files, platform);
  worlds.push(w);
  return w;
}

describe('systemd', () => {
  it('restarts exactly `systemctl --user restart hermes-gateway.service`', async () => {
    const w = await tracked(['.config/systemd/user/hermes-gateway.service']);
    const t = makeTarget(w.home);
    const r = await restartViaSupervisor(t, await probeService(t, w.host), w.host);
    expect(r.ok).toBe(true);
    expect(r.detail).toBe('systemctl --user restart hermes-gateway.service: ok');
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    const calls = await w.fakes.calls('systemctl');
    expect(calls.at(-1)).toEqual(['--user', 'restart', 'hermes-gateway.service']);
    expect(calls.filter((c) => c.includes('restart'))).toHaveLength(1);
  });

  it('uses the profile unit, and no --user for a system unit', async () => {
    const w = await tracked(['etc-systemd-system/hermes-gateway-coder.service']);
    const t = makeTarget(w.home, { profile: 'coder' });
    const r = await restartViaSupervisor(t, { manager: 'systemd', name: 'hermes-gateway-coder.service' }, w.host);
    expect(r.ok).toBe(true);
    expect(await w.fakes.calls('systemctl')).toEqual([['restart', 'hermes-gateway-coder.service']]);
  });

  it('reports a failed restart with systemctl’s own words', async () => {
    const w = await tracked(['.config/systemd/user/hermes-gateway.service']);
    await w.fakes.answer('systemctl', 'restart', {
      err: 'Job for hermes-gateway.service failed because the control process exited with error code.\nSee "systemctl --user status hermes-gateway.service" and "journalctl --user -xeu hermes-gateway.service" for details.\n',
      rc: 1,
    });
    const r = await restartViaSupervisor(
      makeTarget(w.home),
      { manager: 'systemd', name: 'hermes-gateway.service' },
      w.host,
    );
    expect(r.ok).toBe(false);
    expect(r.detail).toContain('exit code 1');
    expect(r.detail).toContain('Job for hermes-gateway.service failed');
  });
});

describe('a start (a gateway hermes update left stopped)', () => {
  it('systemd: exactly `systemctl --user start hermes-gateway.service`, no restart', async () => {
    const w = await tracked(['.config/systemd/user/hermes-gateway.service']);
    const t = makeTarget(w.home);
    const r = await startViaSupervisor(t, await probeService(t, w.host), w.host);
    expect(r).toMatchObject({ ok: true, detail: 'systemctl --user start hermes-gateway.service: ok' });
    expect((await w.fakes.calls('systemctl')).filter((c) => c.includes('restart') || c.includes('start'))).toEqual([
      ['--user', 'start', 'hermes-gateway.service'],
    ]);
  });

  it('launchd: kickstart without -k; bootstrap when not loaded', async () => {
    const plist = 'Library/LaunchAgents/ai.hermes.gateway.plist';
    const w = await tracked([plist], 'darwin');
    expect(
      (await startViaSupervisor(makeTarget(w.home), { manager: 'launchd', name: 'ai.hermes.gateway' }, w.host)).ok,
    ).toBe(true);
    expect(await w.fakes.calls('launchctl')).toEqual([['kickstart', 'gui/501/ai.hermes.gateway']]);
    await w.fakes.answer('launchctl', 'kickstart', {
      err: 'Could not find service "ai.hermes.gateway" in domain for uid: 501\n',
      rc: 113,
    });
    expect(
      (
        await startViaSupervisor(
          makeTarget(w.home),
          { manager: 'launchd', name: 'ai.hermes.gateway', active: false },
          w.host,
        )
      ).ok,
    ).toBe(true);
    expect((await w.fakes.calls('launchctl')).slice(1)).toEqual([
      ['kickstart', 'gui/501/ai.hermes.gateway'],
      ['bootstrap', 'gui/501', path.join(w.home, plist)],
    ]);
  });

  it('command: service.start only (no stop, not service.restart); service.restart when no start is configured', async () => {
    const w = await tracked();
    const log = path.join(w.home, 'ran');
    const node = process.execPath;
    const mark = (name: string) => [node, '-e', `require('fs').appendFileSync(${JSON.stringify(log)}, '${name}\\n')`];
    const svc = (service: Partial<ServiceConfig>) =>
      makeTarget(w.home, { service: { manager: 'command', scope: 'user', ...service } });
    expect(
      (
        await startViaSupervisor(
          svc({ stop: mark('stop'), start: mark('start'), restart: mark('restart') }),
          { manager: 'command' },
          w.host,
        )
      ).ok,
    ).toBe(true);
    expect(await readFile(log, 'utf8')).toBe('start\n');
    expect((await startViaSupervisor(svc({ restart: mark('restart') }), { manager: 'command' }, w.host)).ok).toBe(true);
    expect(await readFile(log, 'utf8')).toBe('start\nrestart\n');
  });
});

describe('launchd', () => {
  const plist = 'Library/LaunchAgents/ai.hermes.gateway.plist';

  it('restarts with launchctl kickstart -k gui/<uid>/<label>', async () => {
    const w = await tracked([plist], 'darwin');
    const r = await restartViaSupervisor(makeTarget(w.home), { manager: 'launchd', name: 'ai.hermes.gateway' }, w.host);
    expect(r.ok).toBe(true);
    expect(await w.fakes.calls('launchctl')).toEqual([['kickstart', '-k', 'gui/501/ai.hermes.gateway']]);
  });

  it('bootstraps the plist when the agent is not loaded', async () => {
    const w = await tracked([plist], 'darwin');
    await w.fakes.answer('launchctl', 'kickstart', {
      err: 'Could not find service "ai.hermes.gateway" in domain for uid: 501\n',
      rc: 113,
    });
    const r = await restartViaSupervisor(
      makeTarget(w.home),
      { manager: 'launchd', name: 'ai.hermes.gateway', active: false, state: 'not loaded' },
      w.host,
    );
    expect(r.ok).toBe(true);
    expect(await w.fakes.calls('launchctl')).toEqual([
      ['kickstart', '-k', 'gui/501/ai.hermes.gateway'],
      ['bootstrap', 'gui/501', path.join(w.home, plist)],
    ]);
  });
});

describe('command', () => {
  const node = process.execPath;
  const target = (home: string, service: Partial<ServiceConfig>): TargetConfig =>
    makeTarget(home, { service: { manager: 'command', scope: 'user', ...service } });
  // A command that appends its name to a file: real processes, observable order.
  const mark = (file: string, name: string, code = 0) => [
    node,
    '-e',
    `require('fs').appendFileSync(${JSON.stringify(file)}, '${name}\\n'); process.exit(${code})`,
  ];

  it('runs the configured restart argv', async () => {
    const w = await tracked();
    const log = path.join(w.home, 'ran');
    const r = await restartViaSupervisor(
      target(w.home, { restart: mark(log, 'restart') }),
      { manager: 'command' },
      w.host,
    );
    expect(r.ok).toBe(true);
    expect(await readFile(log, 'utf8')).toBe('restart\n');
  });

  it('falls back to stop then start', async () => {
    const w = await tracked();
    const log = path.join(w.home, 'ran');
    const t = target(w.home, { stop: mark(log, 'stop', 1), start: mark(log, 'start') });
    const r = await restartViaSupervisor(t, { manager: 'command' }, w.host);
    expect(r.ok).toBe(true); // a failing stop (already stopped) does not prevent the start
    expect(await readFile(log, 'utf8')).toBe('stop\nstart\n');
  });

  it('a failing restart is reported with its exit code, secrets masked', async () => {
    const w = await tracked();
    const t = target(w.home, {
      restart: [
        node,
        '-e',
        "console.error('login failed: password=hunter2 url=https://ops:s3cret@example.test/x'); process.exit(2)",
      ],
    });
    const r = await restartViaSupervisor(t, { manager: 'command' }, w.host);
    expect(r.ok).toBe(false);
    expect(r.detail).toContain('exit code 2');
    expect(r.detail).toContain('login failed');
    expect(r.detail).not.toContain('hunter2');
    expect(r.detail).not.toContain('s3cret');
  });

  it('a hung command is stopped at the timeout', async () => {
    const w = await tracked();
    const t = target(w.home, { restart: [node, '-e', 'setInterval(() => {}, 1000)'] });
    const r = await restartViaSupervisor(t, { manager: 'command' }, { ...w.host, timeoutMs: 500 });
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/timed out/);
  });

  it('without a usable command or supervisor it refuses instead of killing anything', async () => {
    const w = await tracked();
    const r = await restartViaSupervisor(target(w.home, {}), { manager: 'command' }, w.host);
    expect(r).toMatchObject({ ok: false, detail: 'no service.restart or service.start command configured' });
    const none = await restartViaSupervisor(makeTarget(w.home), { manager: 'none' }, w.host);
    expect(none.ok).toBe(false);
    expect(none.detail).toMatch(/nothing supervises it/);
  });
});
