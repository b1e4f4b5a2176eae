// Hermes in its Docker image, and every line saying the same of what gatewatch can do there (src/detectors/lever.ts),
// on the rig in namespaces of its own (test/helpers/hermes-container.ts). With Docker answering: doctor's and /status's
// service lines name the container and its s6 slot, and doctor the very command gatewatch restarts it with (not
// "Docker (the container's s6)" nor `hermes … gateway start|restart`). Without (read-only): doctor, /status, a stop's
// "brings it back", the finding's action and the alert's auto-restart line all say gatewatch only watches it, none
// that it restarts it by itself. In English and in Chinese.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  namespaceRigAvailable,
  startHermesContainer,
  stopAllRigs,
  type HermesContainer,
} from '../helpers/hermes-container.js';
import { gatewatch } from '../helpers/cli-run.js';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';

const unavailable = await namespaceRigAvailable();
if (unavailable && process.env.CI === 'true')
  throw new Error(`the Hermes container rig cannot run here: ${unavailable}`);

/** A folder of links to every tool in /usr/bin and /bin but Docker's and Podman's CLIs. */
function hostToolsWithoutRuntimes(bin: string): string {
  mkdirSync(bin);
  // By name: /bin is /usr/bin where /usr is merged, and a dangling link there reads as absent.
  const linked = new Set<string>();
  for (const from of ['/usr/bin', '/bin'])
    for (const name of existsSync(from) ? readdirSync(from) : [])
      if (!/^(docker|podman)/.test(name) && !linked.has(name)) {
        linked.add(name);
        symlinkSync(path.join(from, name), path.join(bin, name));
      }
  return bin;
}

/** A service line of /status or /doctor, as printed. */
const serviceLine = (out: string) => /^\s+(service|服务)\s+(.*)$/m.exec(out)?.[2] ?? '';

describe.skipIf(unavailable !== undefined)('what gatewatch can do for a gateway in Docker, on every line', () => {
  let dir: string;
  let home: string;
  let c: HermesContainer;
  const configs: Record<'en' | 'zh-CN', string> = { en: '', 'zh-CN': '' };
  let daemon: ChildProcessWithoutNullStreams | undefined;

  const withDocker = () => ({ PATH: `${c.bin}:${process.env.PATH}` });
  // Read-only: no `docker` this user may run (a host where the socket is root's). The host's tools, without the CLIs
  // of the container runtimes Debian's packages put in /usr/bin (CI's docker.io and podman): a rootful Podman busy
  // with other tests' containers is a runtime that could hold this home, and its lever a fair guess.
  const readOnly = { PATH: '' };
  const run = (args: string[], locale: 'en' | 'zh-CN', env: Record<string, string>) =>
    gatewatch([...args, '--config', configs[locale]], { env, spawn: true });

  /**
   * CI's box: docker.io's CLI with no daemon, and a rootful Podman busy with other containers (held past the look's
   * time), in front of the read-only PATH.
   */
  const bothRuntimes = () => {
    const both = path.join(dir, 'both');
    mkdirSync(both, { recursive: true });
    writeFileSync(
      path.join(both, 'docker'),
      '#!/bin/sh\necho "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    writeFileSync(path.join(both, 'podman'), '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    return { PATH: `${both}:${readOnly.PATH}` };
  };

  /** `<file>.yaml` in the test's folder: one target watched from the console, its state beside it. */
  const configFor = (file: string, name: string, hermesHome: string, locale: 'en' | 'zh-CN') => {
    const config = path.join(dir, `${file}.yaml`);
    const target = `{ name: ${name}, hermes_home: ${hermesHome}, reachability: false }`;
    const state = path.join(dir, `state-${file}`);
    writeFileSync(config, `locale: ${locale}\nstate_dir: ${state}\ntargets: [${target}]\nchannels: { console: {} }\n`);
    return config;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gw-docker-words-'));
    home = path.join(dir, 'hermes');
    mkdirSync(home);
    readOnly.PATH = hostToolsWithoutRuntimes(path.join(dir, 'bin'));
    writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify({ desired_state: 'running' }));
    c = await startHermesContainer({ engine: 'namespace', home, name: 'hermes' });
    for (const locale of ['en', 'zh-CN'] as const) configs[locale] = configFor(`${locale}`, 'hermes', home, locale);
  }, 120_000);

  afterAll(async () => {
    await endCli(daemon);
    await stopAllRigs();
  });

  it('with Docker answering: the container, its slot, and the command gatewatch restarts it with', {
    timeout: 120_000,
  }, async () => {
    const doctor = await run(['doctor'], 'en', withDocker());
    expect(serviceLine(doctor.stdout)).toMatch(
      /^Docker container hermes, s6 slot gateway-default: up \(pid \d+\) \d+ seconds?; gatewatch restarts it with `docker exec hermes hermes gateway restart`$/,
    );
    const status = await run(['status'], 'en', withDocker());
    expect(serviceLine(status.stdout)).toMatch(/^Docker container hermes, s6 slot gateway-default: up \(pid \d+\)/);
    const zhDoctor = await run(['doctor'], 'zh-CN', withDocker());
    expect(serviceLine(zhDoctor.stdout)).toMatch(
      /^Docker 容器 hermes，s6 槽位 gateway-default：up \(pid \d+\) \d+ seconds?；gatewatch 用 `docker exec hermes hermes gateway restart` 重启它$/,
    );
    for (const out of [doctor.stdout, status.stdout, zhDoctor.stdout]) {
      expect(out).not.toContain("the container's s6");
      expect(out).not.toContain('hermes …');
      expect(out).not.toContain('start|restart');
    }
  });

  it('read-only: doctor and /status say it is watched only', { timeout: 120_000 }, async () => {
    const doctor = await run(['doctor'], 'en', readOnly);
    expect(serviceLine(doctor.stdout)).toMatch(
      /^Docker container [0-9a-f]{12}: not read \(Docker did not answer\); gatewatch only watches it: without access to Docker \(.+\) it can neither read the slot nor restart the gateway/,
    );
    const status = await run(['status'], 'en', readOnly);
    expect(serviceLine(status.stdout)).toMatch(
      /^Docker container [0-9a-f]{12}: not read \(Docker did not answer\); gatewatch only watches it and cannot restart it$/,
    );
    const zh = await run(['status'], 'zh-CN', readOnly);
    expect(serviceLine(zh.stdout)).toMatch(
      /^Docker 容器 [0-9a-f]{12}：未读到（Docker 没有应答）；gatewatch 只监视它，无法重启它$/,
    );
    for (const out of [doctor.stdout, status.stdout]) expect(out).not.toMatch(/restarts it/);
  });

  it('read-only, the gateway down: the action, the stop and the alert say gatewatch cannot restart it', {
    timeout: 240_000,
  }, async () => {
    // Its next start exits 0 at once and s6 parks it: from the host, without Docker, a gateway that went away.
    writeFileSync(path.join(home, '.rig-demo-exit'), '0');
    await c.exec(['hermes', 'gateway', 'restart']);
    await until('s6 parks the slot', async () => /^down \(exitcode 0\)/.test(await c.svstat()), { timeoutMs: 30_000 });
    for (const locale of ['en', 'zh-CN'] as const) {
      const check = await run(['check', '--json'], locale, readOnly);
      const found = JSON.parse(check.stdout) as { findings: { action: string }[] };
      expect(found.findings.length, check.stdout).toBeGreaterThan(0);
      for (const f of found.findings) {
        expect(f.action).not.toMatch(/restarts it by itself|会通过容器自行重启|会自行重启/);
        expect(f.action).toMatch(locale === 'en' ? /gatewatch only watches it/ : /gatewatch 只监视它/);
      }
    }
    // The daemon, read-only: its alert's auto-restart line says no, and why is the action's.
    const cli = startConsoleCli(dir, ['run', '--config', configs.en], { env: readOnly, waitMs: 120_000 });
    daemon = cli.child;
    await cli.waitFor(/auto-restart\s+no: gatewatch cannot restart it here/);
    expect(cli.out()).not.toMatch(/auto-restart\s+yes/);
    expect(cli.out()).toMatch(/→ .*gatewatch only watches it/);
    await endCli(daemon);
    daemon = undefined;
  });

  it('read-only, stopped by the operator: the start to run by hand, not `gatewatch restart`', {
    timeout: 120_000,
  }, async () => {
    writeFileSync(path.join(home, '.rig-demo-exit'), '');
    await c.exec(['hermes', 'gateway', 'start']);
    await until('the slot is up', async () => /^up/.test(await c.svstat()), { timeoutMs: 30_000 });
    await c.exec(['hermes', 'gateway', 'stop']);
    await until('the slot is down', async () => /^down/.test(await c.svstat()), { timeoutMs: 30_000 });
    // The stop's own record too: on a loaded box the slot reads down before `gateway stop` has written it.
    await until(
      'the stop recorded',
      () => /"desired_state":\s*"stopped"/.test(readFileSync(path.join(home, 'gateway_state.json'), 'utf8')),
      { timeoutMs: 30_000 },
    );
    // Said once the stop's lines are read too (its record may come before them on a loaded box).
    const said =
      /It only watches this gateway and cannot start it: `docker exec \S+ hermes gateway start` on this host brings it back/;
    const status = await until(
      "the operator's stop said",
      async () => {
        const r = await run(['status'], 'en', readOnly);
        return said.test(r.stdout) && r;
      },
      { timeoutMs: 30_000, everyMs: 1_000 },
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${(await run(['status'], 'en', readOnly)).stdout}`);
    });
    expect(status.stdout).toMatch(said);
    expect(status.stdout).not.toMatch(/gatewatch restart hermes/);
    const zh = await run(['check'], 'zh-CN', readOnly);
    expect(zh.stdout).toMatch(/它只监视这个网关，无法启动它：在本机执行 `docker exec \S+ hermes gateway start`/);
  });

  it('stopped, Podman installed beside a Docker that does not answer: still its Docker container, by its id', {
    timeout: 120_000,
  }, async () => {
    // The stopped slot's s6 names the container: neither runtime need answer.
    const env = bothRuntimes();
    const id = c.id.slice(0, 12);
    const en = await run(['status'], 'en', env);
    expect(en.stdout).toContain(`\`docker exec ${id} hermes gateway start\` on this host brings it back`);
    const zh = await run(['check'], 'zh-CN', env);
    expect(zh.stdout).toContain(`在本机执行 \`docker exec ${id} hermes gateway start\``);
  });

  it('a profile folder mounted by itself, stopped: its container found by the slot it runs as, `gateway-default`', {
    timeout: 180_000,
  }, async () => {
    const profile = path.join(dir, 'root2', 'profiles', 'coder');
    mkdirSync(profile, { recursive: true });
    writeFileSync(path.join(profile, 'gateway_state.json'), JSON.stringify({ desired_state: 'running' }));
    const c2 = await startHermesContainer({ engine: 'namespace', home: profile, name: 'coder' });
    await until('the slot is up', async () => /^up/.test(await c2.svstat()), { timeoutMs: 30_000 });
    await c2.exec(['hermes', 'gateway', 'stop']);
    await until('the slot is down', async () => /^down/.test(await c2.svstat()), { timeoutMs: 30_000 });
    const config = configFor('coder', 'coder', profile, 'en');
    const status = await gatewatch(['status', '--config', config], { env: bothRuntimes(), spawn: true });
    expect(status.stdout).toContain(`\`docker exec ${c2.id.slice(0, 12)} hermes gateway start\``);
  });
});
