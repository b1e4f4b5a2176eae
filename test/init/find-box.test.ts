// `init` finds every Hermes on the host, wherever its home is (issue 75 item 5): the demo gateway under the real pm2,
// supervisord and runit (test/helpers/supervised.ts), running and stopped through each; and what the supervisors'
// files say of gateways none of them runs now (a unit file, a `[program:x]`, a service folder, a dump.pm2), each with
// the service keys that name its program, and a line for each place that could not be read. Other gateways of this
// host (other tests') may be found beside these: each assertion is about its own home.
import { mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findHermes, type Found, type FoundHome } from '../../src/init/find.js';
import { systemdFinds } from '../../src/probes/supervisors/systemd-box.js';
import { hostOf } from '../../src/probes/host.js';
import { wordParam } from '../../src/i18n.js';
import { systemClock } from '../../src/util/clock.js';
import { probeProcess } from '../../src/probes/process.js';
import { makeTarget, tempDir, writeExecutable } from '../helpers/probe-procs.js';
import { available, supervised, type Supervised, type SupervisorKind } from '../helpers/supervised.js';
import { until } from '../helpers/until.js';

const live: Supervised[] = [];
afterEach(async () => {
  for (const s of live.splice(0)) await s.stop();
});

const of = (found: Found, home: string): FoundHome | undefined =>
  found.elsewhere.find((h) => h.home === realpathSync(home));
const lever = (h: FoundHome | undefined) => (h?.lever === undefined ? undefined : wordParam('en', h.lever));

/** What each supervisor's program is named by in the config, and the lever init says for it. */
const EXPECT: Record<SupervisorKind, (s: Supervised) => { keys: object; lever: RegExp }> = {
  pm2: (s) => ({
    keys: { manager: 'pm2', program: 'hermes', pm2_home: s.env.PM2_HOME },
    lever: new RegExp(`^\`PM2_HOME=${s.env.PM2_HOME} pm2 restart hermes\`$`),
  }),
  supervisord: (s) => ({
    keys: {
      manager: 'supervisord',
      program: 'hermes',
      supervisor_url: `unix://${path.dirname(s.home)}/supervisor.sock`,
    },
    lever: new RegExp(`^\`supervisorctl -s unix://${path.dirname(s.home)}/supervisor.sock restart hermes\`$`),
  }),
  runit: (s) => ({ keys: { manager: 'runit', program: s.program }, lever: /^`sv restart .*\/service\/hermes`$/ }),
  // s6 on a host (issue 81 item 1: init skipped it, its keys and words were nobody's).
  s6: (s) => ({ keys: { manager: 's6', program: s.program }, lever: /^`s6-svc -r .*\/hermes`$/ }),
};

/** Whether a `gateway run` process of `home` is in the process table (its argv or its environment names it). */
function gatewayOf(home: string): boolean {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/gateway\0run/.test(argv)) continue;
      if (argv.includes(home) || readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`HERMES_HOME=${home}\0`))
        return true;
    } catch {}
  }
  return false;
}

describe.each(['pm2', 'supervisord', 'runit', 's6'] as const)('a gateway under %s, found from anywhere', (kind) => {
  it.runIf(available[kind])(
    'running, and stopped through it: one target, its program and its lever',
    // Each step waits for its state (a bound the load stretches up to 8 × 60 s); beside the other supervisors'
    // stories the four together have run past four minutes.
    {
      timeout: 480_000,
    },
    async () => {
      const s = await supervised(kind);
      live.push(s);
      // A HOME with no ~/.hermes: the gateway is found from the live supervisor alone, not from the host's own places.
      const user = await tempDir('gw-find-user-');
      const host = {
        homedir: user,
        env: { ...process.env, ...(s.bin ? { PATH: `${s.bin}:${process.env.PATH}` } : {}) },
        supervisorConfs: [],
        runitDirs: [],
        s6Dirs: [],
      };
      const find = () => findHermes(path.join(user, '.hermes'), systemClock, { everywhere: true, host });
      const want = EXPECT[kind](s);
      const running = await until(`init finds the gateway under ${kind}`, async () => of(await find(), s.home));
      expect(running.keys).toEqual(want.keys);
      expect(running.service).toMatchObject({ manager: kind });
      expect(lever(running)).toMatch(want.lever);
      expect(running.name).toMatch(/^hermes/);

      expect((await s.ctl('stop')).code).toBe(0);
      await until('the gateway stopped', async () => !(await probeProcess(makeTarget(s.home))).alive, {
        timeoutMs: 60_000,
      });
      // Gone from the process table, not only from its pid file: a stopping gateway still found alive would stand in for
      // the supervisor's files (a stopped s6 service was found so, and only so, until s6's folders were read).
      await until('no process of the home left', () => !gatewayOf(s.home), { timeoutMs: 60_000 });
      // Stopped, it is still its supervisor's: pm2's list, supervisord's configuration, runsvdir's and s6-svscan's folders
      // name it. Asked until init finds it: one look under a loaded full run once found nothing (its scan of /proc is
      // time-bounded).
      const stopped = await until('init finds the stopped gateway', async () => of(await find(), s.home), {
        timeoutMs: 60_000,
      });
      expect(stopped.keys).toEqual(want.keys);
    },
  );
});

describe("what the supervisors' files name, nothing running", () => {
  it('unit files (system and user), a `[program:x]`, a service folder, a dump.pm2; one target a home', async () => {
    const dir = realpathSync(await tempDir('gw-find-files-'));
    const user = path.join(dir, 'user');
    const homeOf = (n: string) => path.join(dir, 'homes', n);
    for (const n of ['sys', 'work', 'conf', 'svc', 'saved', 'both']) mkdirSync(homeOf(n), { recursive: true });
    const units = path.join(dir, 'system');
    const userUnits = path.join(user, '.config', 'systemd', 'user');
    mkdirSync(units, { recursive: true });
    mkdirSync(userUnits, { recursive: true });
    // Hermes' own template for a home outside ~/.hermes: its name carries a hash of the home.
    const unit = (home: string, profile = '') =>
      [
        '[Service]',
        `ExecStart=/opt/hermes/venv/bin/python -m hermes_cli.main${profile ? ` --profile ${profile}` : ''} gateway run`,
        'Environment="PATH=/usr/bin" "VIRTUAL_ENV=/opt/hermes/venv"',
        ...(home ? [`Environment="HERMES_HOME=${home}"`] : []),
        'Restart=always',
        '',
      ].join('\n');
    writeFileSync(path.join(units, 'hermes-gateway-1a2b3c4d.service'), unit(homeOf('sys')));
    writeFileSync(path.join(units, 'nginx.service'), '[Service]\nExecStart=/usr/sbin/nginx -g "daemon off;"\n');
    writeFileSync(path.join(userUnits, 'hermes-gateway-work.service'), unit(homeOf('work')));
    writeFileSync(path.join(units, 'hermes-gateway-both.service'), unit(homeOf('both')));
    // A supervisord that is not running: its files alone.
    const conf = path.join(dir, 'supervisord.conf');
    writeFileSync(
      conf,
      [
        '[unix_http_server]',
        'file=/run/panel-supervisor.sock',
        '[program:hermes-panel]',
        'command=/usr/local/bin/hermes gateway run',
        `environment=HERMES_HOME="${homeOf('conf')}",LANG="C.UTF-8"`,
        '',
      ].join('\n'),
    );
    const services = path.join(dir, 'service');
    await writeExecutable(
      path.join(services, 'hermes', 'run'),
      `#!/bin/sh\nexport HERMES_HOME=${homeOf('svc')}\nexec chpst -u hermes hermes gateway run\n`,
    );
    await writeExecutable(path.join(services, 'other', 'run'), '#!/bin/sh\nexec sleep infinity\n');
    // `pm2 save`'s list, no daemon: one gateway app, and one that serves a home a unit also names.
    mkdirSync(path.join(user, '.pm2'), { recursive: true });
    const app = (name: string, home: string) => ({
      name,
      pm_exec_path: '/usr/bin/bash',
      args: ['-c', 'hermes gateway run'],
      env: { HERMES_HOME: home },
    });
    writeFileSync(
      path.join(user, '.pm2', 'dump.pm2'),
      JSON.stringify([app('hermes-saved', homeOf('saved')), app('hermes-both', homeOf('both')), { name: 'web' }]),
    );
    // A second pm2 home whose list was cut short, and a docker whose socket refuses this user.
    const broken = path.join(dir, 'pm2-broken');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'dump.pm2'), '[{"name":"hermes","pm_exec_path');
    const bin = path.join(dir, 'bin');
    await writeExecutable(
      path.join(bin, 'docker'),
      '#!/bin/sh\necho "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \\"http://%2Fvar%2Frun%2Fdocker.sock/v1.47/containers/json\\": dial unix /var/run/docker.sock: connect: permission denied" >&2\nexit 1\n',
    );
    const found = await findHermes(path.join(user, '.hermes'), systemClock, {
      everywhere: true,
      host: {
        homedir: user,
        systemUnitDir: units,
        supervisorConfs: [conf],
        runitDirs: [services],
        env: { PATH: `${bin}:/usr/bin:/bin`, PM2_HOME: broken },
      },
    });
    const keys = (n: string) => of(found, homeOf(n))?.keys;
    expect(keys('sys')).toEqual({ manager: 'systemd', unit: 'hermes-gateway-1a2b3c4d.service', scope: 'system' });
    expect(keys('work')).toEqual({ manager: 'systemd', unit: 'hermes-gateway-work.service', scope: 'user' });
    expect(keys('conf')).toEqual({
      manager: 'supervisord',
      program: 'hermes-panel',
      supervisor_url: 'unix:///run/panel-supervisor.sock',
    });
    expect(keys('svc')).toEqual({ manager: 'runit', program: path.join(services, 'hermes') });
    expect(keys('saved')).toEqual({ manager: 'pm2', program: 'hermes-saved', pm2_home: path.join(user, '.pm2') });
    // Two programs name one home: one target, pm2's (what pm2 resurrects wins over a unit file that may be stale).
    expect(found.elsewhere.filter((h) => h.home === homeOf('both'))).toHaveLength(1);
    expect(keys('both')).toMatchObject({ manager: 'pm2', program: 'hermes-both' });
    const names = found.elsewhere.filter((h) => h.home.startsWith(dir)).map((h) => h.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('hermes-gateway-1a2b3c4d');
    expect(lever(of(found, homeOf('sys')))).toBe('`systemctl restart hermes-gateway-1a2b3c4d.service`');
    expect(lever(of(found, homeOf('work')))).toBe('`systemctl --user restart hermes-gateway-work.service`');
    expect(lever(of(found, homeOf('svc')))).toBe(`\`sv restart ${path.join(services, 'hermes')}\``);
    const unread = found.unread.map((u) => `${u.what}: ${wordParam('en', u.why)}`);
    expect(unread).toContainEqual(expect.stringMatching(new RegExp(`^PM2_HOME=${broken}: .*dump\\.pm2: `)));
    expect(unread).toContainEqual(
      expect.stringMatching(
        /^docker ps: exit code 1: permission denied while trying to connect to the Docker daemon socket/,
      ),
    );
  });

  it("the root's own home, no supervisor found for it by name: the unit init finds is its supervisor", async () => {
    const dir = realpathSync(await tempDir('gw-find-adopt-'));
    const root = path.join(dir, '.hermes');
    mkdirSync(path.join(root, 'logs'), { recursive: true });
    writeFileSync(path.join(root, 'gateway_state.json'), JSON.stringify({ gateway_state: 'stopped' }));
    const units = path.join(dir, 'system');
    mkdirSync(units);
    writeFileSync(
      path.join(units, 'hermes-gateway-9f8e7d6c.service'),
      `[Service]\nExecStart=/usr/bin/hermes gateway run\nEnvironment=HERMES_HOME=${root}\n`,
    );
    const host = {
      homedir: dir,
      systemUnitDir: units,
      supervisorConfs: [],
      runitDirs: [],
      env: { PATH: '/usr/bin:/bin' },
    };
    const found = await findHermes(root, systemClock, { everywhere: true, host });
    expect(found.homes).toHaveLength(1);
    expect(found.homes[0]!.keys).toEqual({
      manager: 'systemd',
      unit: 'hermes-gateway-9f8e7d6c.service',
      scope: 'system',
    });
    expect(found.elsewhere.some((h) => h.home === root)).toBe(false);
    // The home named alone: nothing else looked for; its own look finds the unit whose ExecStart serves it.
    const named = await findHermes(root, systemClock, { host });
    expect(named.homes[0]!.keys).toBeUndefined();
    expect(named.homes[0]!.service.manager).toBe('systemd');
    expect(named.elsewhere).toEqual([]);
  });

  /** What systemdFinds makes of one system unit with `unit` as its [Service], the caller's own ~/.hermes there too. */
  async function unitFinds(unit: string) {
    const dir = realpathSync(await tempDir('gw-find-user-unit-'));
    const units = path.join(dir, 'system');
    mkdirSync(units);
    writeFileSync(path.join(units, 'hermes-agent.service'), `[Service]\n${unit}`);
    mkdirSync(path.join(dir, 'me', '.hermes'), { recursive: true });
    return systemdFinds(hostOf({ homedir: path.join(dir, 'me'), systemUnitDir: units, platform: 'linux' }));
  }

  it("a unit with `User=` serves that user's home, as systemd runs it, not the home of whoever runs init", async () => {
    // NixOS' module names its unit after itself and runs `hermes gateway` as its own user; here one without a home set.
    const { gateways } = await unitFinds(
      'ExecStart=/nix/store/q9kd-hermes-agent-0.20.2/bin/hermes gateway\nUser=root\nRestart=always\n',
    );
    expect(gateways).toEqual([
      {
        home: '/root/.hermes',
        label: 'hermes-agent',
        service: { manager: 'systemd', unit: 'hermes-agent.service', scope: 'system' },
      },
    ]);
  });

  it('a unit whose `User=` the password file does not list serves no home (systemd fails it: 217/USER)', async () => {
    // Main took it for the caller's own ~/.hermes.
    const { gateways } = await unitFinds('ExecStart=/usr/bin/hermes gateway run\nUser=gw-no-such-user-81\n');
    expect(gateways).toEqual([]);
  });
});
