import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultLabel, defaultUnit, probeService, resolveManager } from '../../src/probes/service.js';
import { readBootTimeMs } from '../../src/probes/process.js';
import { makeFakes } from '../helpers/fake-supervisors.js';
import { cleanup, makeTarget, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

const SHOW_PROPS = [
  'LoadState,ActiveState,SubState,MainPID,NRestarts,ExecMainStatus,Restart,Result,SourcePath,InactiveEnterTimestampMonotonic',
];

// `systemctl show` prints properties in its own order, not the order asked for.
const showOut = (p: Record<string, string | number>) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n') + '\n';

async function world(opts: { userUnit?: string; systemUnit?: string; plist?: string } = {}) {
  const home = await tempDir('gw-home-');
  const systemUnitDir = path.join(home, 'etc-systemd-system');
  const put = async (file: string, text: string) => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  };
  if (opts.userUnit)
    await put(
      path.join(home, '.config/systemd/user', opts.userUnit),
      '[Service]\nExecStart=/usr/bin/python3 -m hermes_cli.main gateway run\n',
    );
  if (opts.systemUnit)
    await put(
      path.join(systemUnitDir, opts.systemUnit),
      '[Service]\nExecStart=/usr/bin/python3 -m hermes_cli.main gateway run\n',
    );
  if (opts.plist)
    await put(
      path.join(home, 'Library/LaunchAgents', `${opts.plist}.plist`),
      '<plist version="1.0"><dict></dict></plist>\n',
    );
  const fakes = await makeFakes();
  const host = { homedir: home, systemUnitDir, env: fakes.env, platform: 'linux' as NodeJS.Platform, uid: 501 };
  return { home, fakes, host };
}

describe('default names', () => {
  it('carry the profile suffix', () => {
    expect(defaultUnit(makeTarget('/h'))).toBe('hermes-gateway.service');
    expect(defaultUnit(makeTarget('/h', { profile: 'coder' }))).toBe('hermes-gateway-coder.service');
    expect(defaultLabel(makeTarget('/h'))).toBe('ai.hermes.gateway');
    expect(defaultLabel(makeTarget('/h', { profile: 'coder' }))).toBe('ai.hermes.gateway-coder');
  });
});

describe('resolveManager (auto)', () => {
  it('picks the systemd user unit when its file exists', async () => {
    const { home, host } = await world({ userUnit: 'hermes-gateway.service' });
    expect(await resolveManager(makeTarget(home), host)).toEqual({
      manager: 'systemd',
      name: 'hermes-gateway.service',
      scope: 'user',
      path: path.join(home, '.config/systemd/user/hermes-gateway.service'),
    });
  });

  it('picks a system unit when only that exists, and the profile unit for a profile', async () => {
    const { home, host } = await world({ systemUnit: 'hermes-gateway-coder.service' });
    const r = await resolveManager(makeTarget(home, { profile: 'coder' }), host);
    expect(r).toMatchObject({ manager: 'systemd', name: 'hermes-gateway-coder.service', scope: 'system' });
    expect(await resolveManager(makeTarget(home), host)).toEqual({ manager: 'none' });
  });

  it('is none without systemctl on PATH, and command when commands are configured', async () => {
    const { home, fakes, host } = await world({ userUnit: 'hermes-gateway.service' });
    const noSystemctl = { ...host, env: { PATH: path.join(fakes.dir, 'empty') } };
    expect(await resolveManager(makeTarget(home), noSystemctl)).toEqual({ manager: 'none' });
    const withCmd = makeTarget(home, { service: { manager: 'auto', scope: 'user', restart: ['true'] } });
    expect(await resolveManager(withCmd, noSystemctl)).toEqual({ manager: 'command' });
  });

  it('picks launchd on macOS when the plist exists', async () => {
    const { home, host } = await world({ plist: 'ai.hermes.gateway-coder' });
    const mac = { ...host, platform: 'darwin' as NodeJS.Platform };
    expect(await resolveManager(makeTarget(home, { profile: 'coder' }), mac)).toEqual({
      manager: 'launchd',
      name: 'ai.hermes.gateway-coder',
      path: path.join(home, 'Library/LaunchAgents/ai.hermes.gateway-coder.plist'),
    });
    expect(await resolveManager(makeTarget(home), mac)).toEqual({ manager: 'none' });
  });

  it('honours an explicit manager, unit and scope', async () => {
    const { home, host } = await world();
    const t = makeTarget(home, { service: { manager: 'systemd', scope: 'system', unit: 'my-gw' } });
    expect(await resolveManager(t, host)).toEqual({ manager: 'systemd', name: 'my-gw.service', scope: 'system' });
  });
});

describe('probeService: systemd', () => {
  async function systemd(props: Record<string, string | number>, profile = '') {
    const unit = profile ? `hermes-gateway-${profile}.service` : 'hermes-gateway.service';
    const w = await world({ userUnit: unit });
    await w.fakes.answer('systemctl', 'show', { out: showOut(props) });
    const ev = await probeService(makeTarget(w.home, { profile }), w.host);
    return { ev, fakes: w.fakes, unit };
  }

  it('parses a running unit and asks systemctl --user show for the unit', async () => {
    const { ev, fakes } = await systemd({
      MainPID: 48213,
      NRestarts: 2,
      ExecMainStatus: 0,
      LoadState: 'loaded',
      ActiveState: 'active',
      SubState: 'running',
    });
    expect(ev).toEqual({
      manager: 'systemd',
      name: 'hermes-gateway.service',
      active: true,
      state: 'active/running',
      restarting: false,
      mainPid: 48213,
      nRestarts: 2,
      exitStatus: 0,
    });
    expect(await fakes.calls('systemctl')).toEqual([['--user', 'show', '-p', ...SHOW_PROPS, 'hermes-gateway.service']]);
  });

  it('says a system unit is one (no --user in what the finding tells to run)', async () => {
    const w = await world({ systemUnit: 'hermes-gateway-coder.service' });
    await w.fakes.answer('systemctl', 'show', {
      out: showOut({ LoadState: 'loaded', ActiveState: 'inactive', SubState: 'dead' }),
    });
    const ev = await probeService(makeTarget(w.home, { profile: 'coder' }), w.host);
    expect(ev).toMatchObject({
      manager: 'systemd',
      name: 'hermes-gateway-coder.service',
      scope: 'system',
      active: false,
    });
    expect(await w.fakes.calls('systemctl')).toEqual([['show', '-p', ...SHOW_PROPS, 'hermes-gateway-coder.service']]);
  });

  it('flags a unit systemd is restarting', async () => {
    const { ev } = await systemd(
      {
        MainPID: 0,
        NRestarts: 7,
        ExecMainStatus: 1,
        LoadState: 'loaded',
        ActiveState: 'activating',
        SubState: 'auto-restart',
      },
      'coder',
    );
    expect(ev).toMatchObject({
      name: 'hermes-gateway-coder.service',
      active: false,
      restarting: true,
      state: 'activating/auto-restart',
      nRestarts: 7,
    });
    expect(ev.mainPid).toBeUndefined();
  });

  it('reports a planned restart stuck in failed (exit 75)', async () => {
    const { ev } = await systemd({
      MainPID: 0,
      NRestarts: 0,
      ExecMainStatus: 75,
      LoadState: 'loaded',
      ActiveState: 'failed',
      SubState: 'failed',
    });
    expect(ev).toMatchObject({ active: false, restarting: false, state: 'failed/failed', exitStatus: 75 });
  });

  it('says so when the unit is not found or systemctl fails', async () => {
    const { ev } = await systemd({
      MainPID: 0,
      NRestarts: 0,
      ExecMainStatus: 0,
      LoadState: 'not-found',
      ActiveState: 'inactive',
      SubState: 'dead',
    });
    expect(ev).toMatchObject({ active: false, error: 'unit hermes-gateway.service not found' });

    const w = await world({ userUnit: 'hermes-gateway.service' });
    await w.fakes.answer('systemctl', 'show', { err: 'Failed to connect to bus: No medium found\n', rc: 1 });
    const failed = await probeService(makeTarget(w.home), w.host);
    expect(failed.active).toBeUndefined();
    expect(failed.error).toBe('systemctl show: exit code 1: Failed to connect to bus: No medium found');
  });
});

const PRINT_RUNNING = `gui/501/ai.hermes.gateway = {
\tactive count = 1
\tpath = /Users/ops/Library/LaunchAgents/ai.hermes.gateway.plist
\ttype = LaunchAgent
\tstate = running

\tprogram = /Users/ops/.hermes/hermes-agent/venv/bin/python
\targuments = {
\t\t/Users/ops/.hermes/hermes-agent/venv/bin/python
\t\t-m
\t\thermes_cli.main
\t\tgateway
\t\trun
\t\t--replace
\t}

\tstdout path = /Users/ops/.hermes/logs/gateway.log
\tstderr path = /Users/ops/.hermes/logs/gateway.error.log
\tenvironment = {
\t\tHERMES_HOME => /Users/ops/.hermes
\t\tXPC_SERVICE_NAME => ai.hermes.gateway
\t}

\tdomain = gui/501 [100005]
\tminimum runtime = 10
\texit timeout = 5
\truns = 3
\tpid = 48213
\timmediate reason = speculative
\tforks = 0
\texecs = 1
\tlast exit code = 1

\tevent triggers = {
\t\tai.hermes.gateway.keepalive = {
\t\t\tstate = 0
\t\t\tpid = 1
\t\t}
\t}

\tproperties = keepalive | runatload | inferred program
}
`;

describe('probeService: launchd', () => {
  async function mac() {
    const w = await world({ plist: 'ai.hermes.gateway' });
    return { ...w, host: { ...w.host, platform: 'darwin' as NodeJS.Platform } };
  }

  it('parses launchctl print, ignoring nested blocks', async () => {
    const { home, fakes, host } = await mac();
    await fakes.answer('launchctl', 'print', { out: PRINT_RUNNING });
    const ev = await probeService(makeTarget(home), host);
    expect(ev).toEqual({
      manager: 'launchd',
      name: 'ai.hermes.gateway',
      state: 'running',
      active: true,
      restarting: false,
      mainPid: 48213,
      nRestarts: 2,
      exitStatus: 1,
    });
    expect(await fakes.calls('launchctl')).toEqual([['print', 'gui/501/ai.hermes.gateway']]);
  });

  it('a stopped or unloaded agent is not active', async () => {
    const { home, fakes, host } = await mac();
    await fakes.answer('launchctl', 'print', {
      out: PRINT_RUNNING.replace('state = running', 'state = not running').replace('\tpid = 48213\n', ''),
    });
    expect(await probeService(makeTarget(home), host)).toMatchObject({
      active: false,
      state: 'not running',
      exitStatus: 1,
    });

    await fakes.answer('launchctl', 'print', {
      out: '',
      err: 'Bad request.\nCould not find service "ai.hermes.gateway" in domain for uid: 501\n',
      rc: 113,
    });
    const ev = await probeService(makeTarget(home), host);
    expect(ev).toEqual({ manager: 'launchd', name: 'ai.hermes.gateway', active: false, state: 'not loaded' });
  });
});

describe('probeService: command', () => {
  it('runs is_active: exit 0 is running, anything else is not', async () => {
    const { home, host } = await world();
    const t = (code: number) =>
      makeTarget(home, {
        service: { manager: 'command', scope: 'user', is_active: [process.execPath, '-e', `process.exit(${code})`] },
      });
    expect(await probeService(t(0), host)).toEqual({ manager: 'command', active: true, state: 'active' });
    expect(await probeService(t(3), host)).toEqual({ manager: 'command', active: false, state: 'inactive (exit 3)' });
  });

  it('explains a missing or unrunnable is_active', async () => {
    const { home, host } = await world();
    expect(
      (await probeService(makeTarget(home, { service: { manager: 'command', scope: 'user' } }), host)).error,
    ).toMatch(/is_active/);
    const bad = makeTarget(home, {
      service: { manager: 'command', scope: 'user', is_active: ['/nonexistent/hermes-check'] },
    });
    const ev = await probeService(bad, host);
    expect(ev.active).toBeUndefined();
    expect(ev.error).toMatch(/could not run hermes-check/);
  });

  it('an is_active that does not answer in time is unknown, never inactive', async () => {
    // On a starved host the command may not finish within the probe's bound: that says nothing about the gateway.
    const { home, host } = await world();
    const slow = makeTarget(home, {
      service: { manager: 'command', scope: 'user', is_active: ['/bin/sh', '-c', 'exec sleep 5'] },
    });
    const ev = await probeService(slow, { ...host, timeoutMs: 200 });
    expect(ev.active).toBeUndefined();
    expect(ev.state).toBeUndefined();
    expect(ev.error).toMatch(/^is_active: timed out/);
  });

  it('none when nothing supervises it', async () => {
    const { home, host } = await world();
    expect(await probeService(makeTarget(home, { service: { manager: 'none', scope: 'user' } }), host)).toEqual({
      manager: 'none',
    });
  });
});

// No systemd runs as init here, so no real user manager to log out of: the fake systemctl answers as systemd 252 does
// (hermes-supervisors.md: "Failed to connect to bus: No medium found" with no user bus), and logind's lingering is the
// file it keeps per user (what `loginctl enable-linger` writes and `loginctl show-user -p Linger` reads).
describe('a user unit and its user: lingering, and the logout that stops it', () => {
  async function userWorld(o: { lingers: boolean; booted?: boolean }) {
    const w = await world({ userUnit: 'hermes-gateway.service' });
    const lingerDir = path.join(w.home, 'var-lib-systemd-linger');
    const systemdBooted = path.join(w.home, 'run-systemd-system');
    await mkdir(lingerDir, { recursive: true });
    if (o.booted !== false) await mkdir(systemdBooted, { recursive: true });
    if (o.lingers) await writeFile(path.join(lingerDir, 'ops'), '');
    return { ...w, host: { ...w.host, lingerDir, systemdBooted, user: 'ops' } };
  }

  it('running, lingering off: the risk is said; on: nothing', async () => {
    for (const lingers of [false, true]) {
      const { home, fakes, host } = await userWorld({ lingers });
      await fakes.answer('systemctl', 'show', {
        out: showOut({
          LoadState: 'loaded',
          ActiveState: 'active',
          SubState: 'running',
          MainPID: 4242,
          Restart: 'on-failure',
        }),
      });
      const ev = await probeService(makeTarget(home), host);
      expect(ev.user).toEqual({ name: 'ops', lingers });
      expect(ev.risks ?? []).toEqual(lingers ? [] : ['no_linger']);
      expect(ev.respawn).toEqual({ restarts: true, setting: 'Restart=on-failure' });
    }
  });

  it('its manager gone (the user logged out): said as that, not as an unknown error; a host without systemd says nothing of it', async () => {
    const { home, fakes, host } = await userWorld({ lingers: false });
    await fakes.answer('systemctl', 'show', { err: 'Failed to connect to bus: No medium found\n', rc: 1 });
    const ev = await probeService(makeTarget(home), host);
    expect(ev.user).toEqual({ name: 'ops', lingers: false, managerDown: true });
    expect(ev.risks).toEqual(['no_linger']);
    const bare = await userWorld({ lingers: false, booted: false });
    await bare.fakes.answer('systemctl', 'show', { err: 'Failed to connect to bus: No medium found\n', rc: 1 });
    const none = await probeService(makeTarget(bare.home), bare.host);
    expect(none.user).toBeUndefined();
    expect(none.risks).toBeUndefined();
  });

  it('Restart=no is a unit that leaves a dead gateway dead', async () => {
    const { home, fakes, host } = await userWorld({ lingers: true });
    await fakes.answer('systemctl', 'show', {
      out: showOut({ LoadState: 'loaded', ActiveState: 'active', SubState: 'running', Restart: 'no' }),
    });
    const ev = await probeService(makeTarget(home), host);
    expect(ev.risks).toEqual(['no_autorestart']);
    expect(ev.respawn).toEqual({ restarts: false, setting: 'Restart=no' });
  });
});

describe("systemd's own give-up and its restarts", () => {
  it('StartLimitBurst hit: said as a give-up, with the error the journal kept (systemd 252 words)', async () => {
    const { home, fakes, host } = await world({ userUnit: 'hermes-gateway.service' });
    await fakes.answer('systemctl', 'show', {
      out: showOut({
        LoadState: 'loaded',
        ActiveState: 'failed',
        SubState: 'failed',
        Result: 'start-limit-hit',
        NRestarts: 5,
        Restart: 'on-failure',
        InactiveEnterTimestampMonotonic: 5_123_456_789,
      }),
    });
    await fakes.answer('journalctl', 'hermes-gateway.service', {
      out: [
        'Started hermes-gateway.service - Hermes Agent Gateway - Messaging Platform Integration.',
        'Traceback (most recent call last):',
        "ModuleNotFoundError: No module named 'lark_oapi'",
        'hermes-gateway.service: Main process exited, code=exited, status=1/FAILURE',
        'hermes-gateway.service: Start request repeated too quickly.',
        "hermes-gateway.service: Failed with result 'start-limit-hit'.",
      ].join('\n'),
    });
    const ev = await probeService(makeTarget(home), { ...host, now: Date.now() });
    // Dated when the unit entered `failed` (µs since boot): a life a look meets beside it and begun before is the one
    // it ended. Main's had no time, and such a look said neither the loop nor the give-up.
    expect(ev.gaveUp).toEqual({
      at: (await readBootTimeMs())! + 5_123_457,
      line: 'failed/failed (Result: start-limit-hit)',
    });
    expect(ev.cause).toEqual({
      line: "ModuleNotFoundError: No module named 'lark_oapi'",
      source: 'journalctl --user -u hermes-gateway.service',
    });
  });

  it('NRestarts growing across looks is the restarts it made, within its window', async () => {
    const { home, fakes, host } = await world({ userUnit: 'hermes-gateway.service' });
    const t0 = Date.now();
    const look = async (n: number, at: number) => {
      await fakes.answer('systemctl', 'show', {
        out: showOut({ LoadState: 'loaded', ActiveState: 'activating', SubState: 'auto-restart', NRestarts: n }),
      });
      return probeService(makeTarget(home), { ...host, now: at });
    };
    expect((await look(2, t0)).deaths).toBeUndefined();
    expect((await look(4, t0 + 20_000)).deaths).toMatchObject({ count: 2, firstAt: t0 });
    // Three minutes on, nothing more: the window no longer holds a restart.
    expect((await look(4, t0 + 200_000)).deaths).toBeUndefined();
  });
});

// NixOS' module as it writes its unit (`systemd.services.hermes-agent`: its own name, `hermes gateway` without `run`,
// User=hermes, the home in Environment, Restart=always, no ExecStop of Hermes'): the unit file as NixOS renders it,
// systemctl's answers as systemd gives them for a unit stopped while its program exits 1 (Hermes' unplanned SIGTERM).
describe("NixOS' unit, and systemd told to stop a unit with no ExecStop of Hermes'", () => {
  const UNIT = [
    '[Unit]',
    'After=network-online.target',
    'Description=Hermes Agent Gateway',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Environment="HERMES_HOME=/var/lib/hermes/.hermes"',
    'Environment="LOCALE_ARCHIVE=/nix/store/3j1n-glibc-locales-2.40/lib/locale/locale-archive"',
    'Environment="PATH=/nix/store/8wx7-coreutils-9.5/bin:/nix/store/5y2c-findutils-4.10.0/bin"',
    'ExecStart=/nix/store/q9kd-hermes-agent-0.20.2/bin/hermes gateway',
    'Group=hermes',
    'Restart=always',
    'User=hermes',
    'WorkingDirectory=/var/lib/hermes',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
  /** Hermes' own lines at an unplanned SIGTERM from PID 1 (the v0.20.2 fixture's), stamped `at`. */
  const stopLines = (at: Date) => {
    const p = (n: number) => String(n).padStart(2, '0');
    const ts = `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())} ${p(at.getHours())}:${p(at.getMinutes())}:${p(at.getSeconds())},621`;
    return [
      `${ts} INFO gateway.run: Starting Hermes Gateway...`,
      `${ts} INFO gateway.run: Received SIGTERM — initiating shutdown`,
      `${ts} WARNING gateway.run: Shutdown context: signal=SIGTERM under_systemd=yes parent_pid=1 parent_name=systemd loadavg_1m=6.01 parent_cmdline='/sbin/init'`,
      `${ts} INFO gateway.run: Gateway stopped by an unexpected signal — persisting gateway_state=running so container_boot auto-starts on the next boot (issue #42675)`,
      `${ts} INFO gateway.run: Exiting with code 1 (signal-initiated shutdown without restart request) so systemd Restart=on-failure can revive the gateway.`,
      '',
    ].join('\n');
  };
  async function nixos(logAt?: Date) {
    const w = await world();
    await mkdir(w.host.systemUnitDir, { recursive: true });
    await writeFile(path.join(w.host.systemUnitDir, 'hermes-agent.service'), UNIT);
    const home = path.join(w.home, 'var-lib-hermes', '.hermes');
    await mkdir(path.join(home, 'logs'), { recursive: true });
    if (logAt) await writeFile(path.join(home, 'logs', 'gateway.log'), stopLines(logAt));
    await w.fakes.answer('systemctl', 'show', {
      out: showOut({
        LoadState: 'loaded',
        ActiveState: 'failed',
        SubState: 'failed',
        MainPID: 0,
        NRestarts: 0,
        ExecMainStatus: 1,
        Restart: 'always',
        Result: 'exit-code',
      }),
    });
    return { ...w, target: makeTarget(home) };
  }

  it("found by its ExecStart's home, whatever it is named", async () => {
    const { target, host } = await nixos();
    // The unit serves /var/lib/hermes/.hermes; this world's home is elsewhere, so point the unit at it.
    const text = UNIT.replace('/var/lib/hermes/.hermes', target.hermes_home);
    await writeFile(path.join(host.systemUnitDir, 'hermes-agent.service'), text);
    expect(await resolveManager(target, host)).toMatchObject({
      manager: 'systemd',
      name: 'hermes-agent.service',
      scope: 'system',
    });
    // Another home's unit is not this one's.
    await writeFile(path.join(host.systemUnitDir, 'hermes-agent.service'), UNIT);
    expect((await resolveManager(target, host)).manager).toBe('none');
  });

  it("`systemctl stop`: failed with exit 1, Hermes' last words systemd's SIGTERM in this boot: the operator's stop", async () => {
    const at = new Date(Date.now() - 60_000);
    const { target, host } = await nixos(at);
    // Hermes named its parent: systemd, the system's (parent_pid=1), so a unit of the system's runs it.
    await writeFile(
      path.join(host.systemUnitDir, 'hermes-agent.service'),
      UNIT.replace('/var/lib/hermes/.hermes', target.hermes_home),
    );
    const ev = await probeService(target, host);
    expect(ev).toMatchObject({ manager: 'systemd', name: 'hermes-agent.service', active: false });
    expect(ev.stopped).toEqual({ at: Math.floor(at.getTime() / 1000) * 1000 + 621, line: 'failed/failed' });
  });

  it('after a reboot the unit did not come back from: no stop of anyone now', async () => {
    // Its last words before this machine's boot: the last boot's shutdown stopped it, and nothing started it since.
    const { target, host } = await nixos(new Date(0 + 86_400_000 * 365));
    await writeFile(
      path.join(host.systemUnitDir, 'hermes-agent.service'),
      UNIT.replace('/var/lib/hermes/.hermes', target.hermes_home),
    );
    const ev = await probeService(target, host);
    expect(ev).toMatchObject({ manager: 'systemd', active: false });
    expect(ev.stopped).toBeUndefined();
  });
});
