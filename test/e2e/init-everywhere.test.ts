// `gatewatch init` on a host whose Hermes gateways are everywhere but ~/.hermes (issue 75 item 5), the built CLI as a
// newcomer runs it, in both locales: a container of Hermes' image whose home is an app store's folder (1Panel keeps
// it in `apps/hermes-agent/<name>/data`, mounted at /opt/data; the Hermes container rig in namespaces of its own, its
// stand-in `docker` answering ps and inspect), the demo gateway under the real pm2 and supervisord
// (test/helpers/supervised.ts), and a user unit Hermes would have installed for a home outside ~/.hermes. Each is one
// target with where it runs and its lever; what init writes validates. Other gateways of this host (other tests') may
// be listed too: each assertion is about its own.
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  namespaceRigAvailable,
  startHermesContainer,
  stopAllRigs,
  type HermesContainer,
} from '../helpers/hermes-container.js';
import { runCli } from '../helpers/cli-run.js';
import { CLI } from '../helpers/paths.js';
import { endPodmanPause, makeTarget } from '../helpers/probe-procs.js';
import { probeProcess } from '../../src/probes/process.js';
import { available, PM2, supervised, type Supervised } from '../helpers/supervised.js';
import { until } from '../helpers/until.js';

const unavailable = await namespaceRigAvailable();
if (unavailable && process.env.CI === 'true')
  throw new Error(`the Hermes container rig cannot run here: ${unavailable}`);
const all = !unavailable && available.pm2 && available.supervisord;
const canDrop = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;
const cleanups: (() => void)[] = [];

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!all)('gatewatch init finds every Hermes on the host', () => {
  let dir: string;
  let user: string;
  let store: string;
  let c: HermesContainer;
  const live: Supervised[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'gw-init-everywhere-')));
    store = path.join(dir, '1panel', 'apps', 'hermes-agent', 'hermes-agent-x7k2', 'data');
    mkdirSync(store, { recursive: true });
    writeFileSync(path.join(store, 'gateway_state.json'), JSON.stringify({ desired_state: 'running' }));
    c = await startHermesContainer({ engine: 'namespace', home: store, name: '1Panel-hermes-agent-x7k2' });
    live.push(await supervised('pm2'), await supervised('supervisord'));
    user = path.join(dir, 'user');
    // The user's own ~/.hermes, its gateway not running: listed first, as the root's.
    mkdirSync(path.join(user, '.hermes', 'logs'), { recursive: true });
    writeFileSync(
      path.join(user, '.hermes', 'gateway_state.json'),
      JSON.stringify({ gateway_state: 'stopped', platforms: { telegram: { state: 'disconnected' } } }),
    );
    const units = path.join(user, '.config', 'systemd', 'user');
    mkdirSync(units, { recursive: true });
    mkdirSync(path.join(dir, 'srv-hermes'));
    // A unit left behind by a home since deleted: not a target (a config naming a missing home does not validate).
    writeFileSync(
      path.join(units, 'hermes-gateway-0badf00d.service'),
      `[Service]\nExecStart=/usr/bin/hermes gateway run\nEnvironment=HERMES_HOME=${path.join(dir, 'gone')}\n`,
    );
    writeFileSync(
      path.join(units, 'hermes-gateway-3f2e1d0c.service'),
      [
        '[Service]',
        'ExecStart=/home/ops/.hermes/hermes-agent/venv/bin/python -m hermes_cli.main gateway run',
        `Environment="HERMES_HOME=${path.join(dir, 'srv-hermes')}"`,
        'Restart=always',
        '',
      ].join('\n'),
    );
    env = {
      PATH: `${c.bin}:${path.dirname(PM2)}:${process.env.PATH}`,
      LANG: 'C.UTF-8',
      LC_ALL: '',
      LC_MESSAGES: '',
      HERMES_HOME: '',
    };
    // The container's gateway up: the slot init names is the one that runs.
    await until('the container gateway up', async () => /^up /.test(await c.svstat()), { timeoutMs: 60_000 });
  }, 240_000);

  afterAll(async () => {
    for (const f of cleanups.splice(0)) f();
    for (const s of live.splice(0)) await s.stop();
    await stopAllRigs();
  });

  it('one target a gateway, where it runs and its lever, in English and in Chinese; the config validates', {
    timeout: 180_000,
  }, async () => {
    const [pm2, sup] = live as [Supervised, Supervised];
    const pm2Home = pm2.env.PM2_HOME!;
    const sock = `unix://${path.dirname(sup.home)}/supervisor.sock`;
    const en = await runCli(user, ['init', '--yes'], { env });
    expect(en.stderr).toBe('');
    expect(en.code).toBe(0);
    const out = en.stdout;
    expect(out).toMatch(
      new RegExp(
        `^Hermes in ${esc(user)}/\\.hermes:\\n  default +root gateway; platforms Telegram; no service found: .*\\n`,
        'm',
      ),
    );
    expect(out).toContain('Hermes elsewhere on this host:\n');
    expect(out).toMatch(
      new RegExp(
        `^  1Panel-hermes-agent-x7k2 +at ${esc(store)}[,;] .*; runs in Docker container 1Panel-hermes-agent-x7k2 \\(s6 slot gateway-default\\): .*; restart: \`docker exec 1Panel-hermes-agent-x7k2 hermes gateway restart\`$`,
        'm',
      ),
    );
    expect(out).toMatch(
      new RegExp(
        `^  hermes\\S* +at ${esc(pm2.home)}; .*; pm2 app hermes \\(PM2_HOME ${esc(pm2Home)}\\); restart: \`PM2_HOME=${esc(pm2Home)} pm2 restart hermes\`$`,
        'm',
      ),
    );
    expect(out).toMatch(
      new RegExp(
        `^  hermes\\S* +at ${esc(sup.home)}; .*; supervisord program hermes; restart: \`supervisorctl -s ${esc(sock)} restart hermes\`$`,
        'm',
      ),
    );
    expect(out).toMatch(
      /^ {2}hermes-gateway-3f2e1d0c +at \S+srv-hermes; no platforms seen yet; systemd service hermes-gateway-3f2e1d0c\.service; restart: `systemctl --user restart hermes-gateway-3f2e1d0c\.service`$/m,
    );
    expect(out).not.toContain('s6 slot )');
    expect(out).toContain(
      `  systemd hermes-gateway-0badf00d.service: left out, its home ${path.join(dir, 'gone')} does not exist\n`,
    );

    const config = readFileSync(path.join(user, '.config', 'gatewatch', 'config.yaml'), 'utf8');
    const block = (home: string) => config.slice(config.indexOf(`hermes_home: "${home}"`)).split('\n  - ')[0]!;
    expect(block(store)).toContain('service:\n      manager: docker\n      container: "1Panel-hermes-agent-x7k2"');
    expect(block(pm2.home)).toContain(`manager: pm2\n      program: "hermes"\n      pm2_home: "${pm2Home}"`);
    expect(block(sup.home)).toContain(`manager: supervisord\n      program: "hermes"\n      supervisor_url: "${sock}"`);
    expect(block(path.join(dir, 'srv-hermes'))).toContain(
      'manager: systemd\n      unit: "hermes-gateway-3f2e1d0c.service"\n      scope: user',
    );
    // What init wrote of these gateways validates (another test's home may be gone by now: its target is its own).
    const validate = await runCli(user, ['validate'], { env });
    const homes = [...config.matchAll(/^ {4}hermes_home: "(.*)"$/gm)].map((m) => m[1]!);
    const mine = [path.join(user, '.hermes'), store, pm2.home, sup.home, path.join(dir, 'srv-hermes')];
    const wrong = validate.stderr
      .split('\n')
      .filter((l) => l.startsWith('error:'))
      .filter((l) => {
        const i = /key "targets\[(\d+)\]/.exec(l)?.[1];
        return i === undefined || mine.includes(homes[Number(i)]!);
      });
    expect(wrong).toEqual([]);
    if (!validate.stderr.includes('error:')) expect(validate.code).toBe(0);

    const zh = await runCli(user, ['init', '--yes', '--force', '--locale', 'zh-CN'], { env });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('本机其他位置的 Hermes：\n');
    expect(zh.stdout).toMatch(
      new RegExp(
        `^  1Panel-hermes-agent-x7k2 +位于 ${esc(store)}[、；].*；运行在 Docker 容器 1Panel-hermes-agent-x7k2 中（s6 槽位 gateway-default）：.*；重启：\`docker exec 1Panel-hermes-agent-x7k2 hermes gateway restart\`$`,
        'm',
      ),
    );
    expect(zh.stdout).toMatch(new RegExp(`；pm2 应用 hermes（PM2_HOME ${esc(pm2Home)}）；重启：\`PM2_HOME=`));
    expect(zh.stdout).toMatch(/；supervisord 程序 hermes；重启：`supervisorctl -s /);
    expect(zh.stdout).toMatch(/；systemd 服务 hermes-gateway-3f2e1d0c\.service；重启：`systemctl --user restart /);
  });

  // As a user, not root: another user's gateway and a file it may not read are each a line, never a stop.
  it.runIf(process.getuid?.() === 0 && canDrop)(
    'as another user: what it may not read is said, one line a place',
    {
      timeout: 120_000,
    },
    async () => {
      const [pm2] = live as [Supervised];
      const pid = (await probeProcess(makeTarget(pm2.home))).pid;
      // Outside the run's own temporary folder, which only root may enter.
      const other = mkdtempSync('/tmp/gw-init-user-');
      // init as that user asks its podman too, whose pause process would outlive the test.
      cleanups.push(
        () => endPodmanPause(other),
        () => rmSync(other, { recursive: true, force: true }),
      );
      // The user's own home, so init has a gateway to write: what it may not read elsewhere never stops it.
      mkdirSync(path.join(other, '.hermes', 'logs'), { recursive: true });
      mkdirSync(path.join(other, '.pm2'));
      writeFileSync(path.join(other, '.pm2', 'dump.pm2'), '[]', { mode: 0o600 });
      for (const p of [other, path.join(other, '.hermes'), path.join(other, '.hermes', 'logs')])
        chownSync(p, 65534, 65534);
      const r = await new Promise<{ code: number | null; stdout: string }>((resolve) =>
        execFile(
          'setpriv',
          ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'init', '--yes'],
          {
            cwd: other,
            env: { ...env, HOME: other, PATH: `${c.bin}:/usr/bin:/bin`, GATEWATCH_LOG_LEVEL: 'error' },
            timeout: 100_000,
          },
          (err, stdout) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout }),
        ),
      );
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toMatch(
        new RegExp(
          `^  could not read /proc/(\\{[\\d,]*\\b${pid}\\b[\\d,]*\\}|${pid})/environ: permission denied$`,
          'm',
        ),
      );
      expect(r.stdout).toContain(
        `  could not read PM2_HOME=${path.join(other, '.pm2')}: ${path.join(other, '.pm2', 'dump.pm2')}: permission denied\n`,
      );
    },
  );
});
