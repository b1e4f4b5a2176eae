// A gateway in a Kubernetes pod, watched from its node: the kubelet (test/helpers/pod-rig.ts: real PID and mount
// namespaces, cgroups named as the kubelet's cgroupfs driver names them, a crictl answering in the CRI's JSON) runs it.
// On main its home at /opt/data read as Docker's image: `docker exec …` as the lever on a node with no Docker, the pod
// never named, a death the kubelet repaired unknown to it.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimFor, probeService } from '../../../src/probes/service.js';
import { adapterOf } from '../../../src/probes/supervisors/index.js';
import { probeProcess } from '../../../src/probes/process.js';
import { hostOf } from '../../../src/probes/host.js';
import { gatewatch } from '../../helpers/cli-run.js';
import { containerUnavailable } from '../../helpers/ns-gateway.js';
import { PodRig, type PodOptions } from '../../helpers/pod-rig.js';
import { cleanup, makeTarget, tempDir } from '../../helpers/probe-procs.js';
import { until } from '../../helpers/until.js';

const rigs: PodRig[] = [];
afterEach(async () => {
  while (rigs.length) await rigs.pop()!.cleanup();
  await cleanup();
});

async function pod(o: Partial<PodOptions> = {}) {
  const home = await tempDir('gw-pod-home-');
  const dir = await tempDir('gw-pod-rig-');
  const rig = new PodRig({ home, dir, ...o });
  rigs.push(rig);
  rig.start();
  await rig.lifeRuns(0);
  // No docker on this node's PATH but the rig's crictl: what gatewatch may reach is what a node has.
  const empty = path.join(dir, 'no-docker');
  await mkdir(empty);
  const env = { PATH: `${rig.bin}:${path.dirname(process.execPath)}:/usr/bin:/bin` };
  const host = { ...hostOf({}), env };
  return { rig, home, dir, env, host, target: makeTarget(home) };
}

const skip = containerUnavailable();

describe.skipIf(skip)('a gateway in a Kubernetes pod, seen from its node', () => {
  it('is the kubelet’s, named as kubectl names the pod, and its lever is the CRI’s, never docker’s', async () => {
    const { rig, host, target } = await pod();
    const ev = await probeService(target, { ...host, now: Date.now() });
    expect(ev).toMatchObject({
      manager: 'kubernetes',
      name: `agents/${rig.pod}`,
      active: true,
      supervised: false,
      respawn: { restarts: true },
      container: { id: rig.current()!.id, running: true, restartCount: 0, program: true },
    });
    // The daemon's way: the live gateway's cgroup names the pod's container.
    const proc = await probeProcess(target);
    expect(proc).toMatchObject({
      alive: true,
      container: { runtime: 'kubernetes', id: rig.current()!.id, pod: rig.uid },
    });
    expect(await probeService(target, { ...host, proc, now: Date.now() })).toMatchObject({ name: `agents/${rig.pod}` });
    const claim = await claimFor(target, host);
    const plan = await adapterOf('kubernetes').plan('restart', target, ev, claim, hostOf(host));
    expect(plan).toEqual({ run: [{ argv: ['crictl', 'stop', rig.current()!.id] }] });
    const words = adapterOf('kubernetes').words({ target: 'hermes', hermes: 'hermes', service: ev });
    expect(words.restart_how).toMatchObject({
      key: 'finding.service.restart.pod',
      params: { kubectl: `\`kubectl -n agents delete pod ${rig.pod}\`` },
    });
  });

  it('a kill the kubelet repairs is its next life, found by the same home; a stop through the CRI is one too', async () => {
    const { rig, host, target } = await pod();
    expect((await probeService(target, { ...host, now: Date.now() })).container?.id).toBe(rig.current()!.id);
    process.kill(rig.current()!.pid, 'SIGKILL');
    const second = await rig.lifeRuns(1);
    const ev = await probeService(target, { ...host, now: Date.now() });
    expect(ev).toMatchObject({ manager: 'kubernetes', active: true, nRestarts: 1, container: { id: second.id } });
    // gatewatch's own lever: the container's stop, after which the kubelet starts the next life.
    const plan = await adapterOf('kubernetes').plan('restart', target, ev, await claimFor(target, host), hostOf(host));
    const argv = 'run' in plan ? plan.run[0]!.argv : [];
    const { execFileSync } = await import('node:child_process');
    execFileSync(argv[0]!, argv.slice(1), { env: { ...process.env, ...host.env } });
    const third = await rig.lifeRuns(2);
    expect((await probeService(target, { ...host, now: Date.now() })).container?.id).toBe(third.id);
  });

  it('a crash loop is the kubelet’s: quoted from the dead life’s output, never started by gatewatch', async () => {
    const line = 'ERROR gateway.run: Gateway hit a non-retryable startup conflict: telegram-lock';
    const { rig, host, target, dir, env } = await pod({ failFrom: { attempt: 1, code: 78, line }, backoffMs: 200 });
    process.kill(rig.current()!.pid, 'SIGKILL');
    await until(
      'three lives died of it',
      () => rig.current()!.attempt >= 4 && rig.current()!.state === 'CONTAINER_EXITED',
    );
    rig.stop();
    const ev = await probeService(target, { ...host, now: Date.now() });
    expect(ev).toMatchObject({ manager: 'kubernetes', active: false, restarting: true, exitStatus: 78 });
    expect(ev.deaths?.count).toBeGreaterThanOrEqual(3);
    expect(ev.cause?.line).toContain('non-retryable startup conflict: telegram-lock');
    const plan = await adapterOf('kubernetes').plan('restart', target, ev, await claimFor(target, host), hostOf(host));
    expect(plan).toHaveProperty('error');
    // What the operator reads: a loop the kubelet runs, quoted, with nothing gatewatch would start.
    const config = path.join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        state_dir: path.join(dir, 'state'),
        targets: [{ name: 'hermes', hermes_home: target.hermes_home, reachability: false }],
        channels: { console: {} },
      }),
    );
    const r = await gatewatch(['check', '--config', config], { env });
    if (process.env.SHOW_CHECK) console.log(r.stdout, r.stderr);
    expect(r.stdout).toContain('Kubernetes');
    expect(r.stdout).toContain('telegram-lock');
    expect(r.stdout).not.toMatch(/docker (exec|restart|start)/);
    expect(r.code).not.toBe(0);
  });

  // Issue 82 item 7: a pod whose root is read-only (`readOnlyRootFilesystem: true`) stops the image's s6 at every start
  // (hermes-deployments.md §1.6). Main said "Fix what the error says … If it has stopped trying by then: start it".
  it('a read-only root: the pod’s setting to change through kubectl, never a start', async () => {
    const line = 's6-svlisten: fatal: unable to s6_svstatus_read: Permission denied';
    const { rig, target, dir, env } = await pod({ failFrom: { attempt: 1, code: 1, line }, backoffMs: 200 });
    process.kill(rig.current()!.pid, 'SIGKILL');
    await until('three lives ended', () => rig.current()!.attempt >= 4 && rig.current()!.state === 'CONTAINER_EXITED');
    rig.stop();
    const config = path.join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        state_dir: path.join(dir, 'state'),
        targets: [{ name: 'hermes', hermes_home: target.hermes_home, reachability: false }],
        channels: { console: {} },
      }),
    );
    const r = await gatewatch(['check', '--json', '--config', config], { env });
    const found = (
      JSON.parse(r.stdout).findings as { check: string; title: string; action: string; restart: string }[]
    ).filter((f) => f.check !== 'supervisor_risk');
    expect(found.map((f) => [f.check, f.restart])).toEqual([['respawn_storm', 'never']]);
    expect(found[0]!.title).toContain('read-only');
    expect(found[0]!.action).toContain('S6_READ_ONLY_ROOT=1');
    expect(found[0]!.action).toContain('kubectl');
    expect(found[0]!.action).not.toMatch(/crictl|start it/);
  });

  it('`init` finds it by the pod’s mount, names the pod and writes no container id (each life is a new one)', async () => {
    const { rig, home, dir, env } = await pod();
    const user = path.join(dir, 'user');
    await mkdir(user);
    const r = await gatewatch(['init', '--yes'], {
      home: user,
      cwd: user,
      env: { ...env, HERMES_HOME: '', LANG: 'C.UTF-8' },
    });
    expect(r.code, r.stderr).toBe(0);
    if (process.env.SHOW_CHECK) console.log(r.stdout);
    expect(r.stdout).toMatch(
      new RegExp(
        `runs in Kubernetes pod agents/${rig.pod}, whose kubelet starts it again after it exits.*restart: \`crictl stop ${rig.current()!.id.slice(0, 13)}\``,
      ),
    );
    const config = readFileSync(path.join(user, '.config', 'gatewatch', 'config.yaml'), 'utf8');
    const block = config.slice(config.indexOf(`hermes_home: "${home}"`));
    expect(block).toMatch(/^hermes_home: "[^"]+"\n {4}service:\n {6}manager: kubernetes\n(?! {6}container)/);
    // What validate said, where it refuses the file (seen once under a loaded full run: exit 78).
    const valid = await gatewatch(['validate', '--config', path.join(user, '.config', 'gatewatch', 'config.yaml')], {
      env,
    });
    expect(valid.code, valid.stdout + valid.stderr).toBe(0);
  });
});
