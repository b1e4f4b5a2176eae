// The real Podman of this host (Debian's 4.3.1), where it can run a container: rootful, with runc and cgroupfs and the
// two ulimits runc needs here (hermes-supervisors.md, Podman). Its images are made of this host's own programs and the
// libraries they load, `podman import`ed: no registry is reached.
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gatewatch } from './cli-run.js';
import { demoGatewayContainer } from './demo-container.js';
import { TEST_DIR } from './paths.js';
import { until } from './until.js';

export const run = promisify(execFile);

const REPO = path.resolve(TEST_DIR, '..');

/** What every `podman run` here needs. */
export const PODMAN = ['--runtime', 'runc', '--cgroup-manager', 'cgroupfs'];
const LIMITS = ['--ulimit', 'nofile=4096:4096', '--ulimit', 'nproc=4096:4096'];

/** A container this host's Podman can run (root, podman and runc on the PATH, `podman info` answers). */
export function podmanRuns(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  if (spawnSync('sh', ['-c', 'command -v podman && command -v runc'], { stdio: 'ignore' }).status !== 0) return false;
  return spawnSync('podman', ['info'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

/** A Podman image of this host's dash and the programs named, tagged `tag`; its containers removed by `dispose`. */
export async function miniPodman(tag: string, programs: readonly string[] = ['/bin/sleep']) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-podman-'));
  const names: string[] = [];
  const root = path.join(dir, 'root');
  for (const bin of ['/bin/dash', ...programs]) {
    mkdirSync(path.join(root, path.dirname(bin)), { recursive: true });
    cpSync(bin, path.join(root, bin));
    const libs = (await run('ldd', [bin])).stdout.match(/\/\S+/g) ?? [];
    for (const lib of libs) {
      if (existsSync(path.join(root, lib))) continue;
      mkdirSync(path.join(root, path.dirname(lib)), { recursive: true });
      cpSync(lib, path.join(root, lib), { dereference: true });
    }
  }
  symlinkSync('dash', path.join(root, 'bin', 'sh'));
  await run('tar', ['-C', root, '-cf', path.join(dir, 'root.tar'), '.']);
  await run('podman', ['import', path.join(dir, 'root.tar'), tag]);
  return {
    dir,
    /** `podman run -d` of `sh -c script` in the image (or of `argv`), named `name`: its id. */
    async started(name: string, script: string | readonly string[], opts: readonly string[] = []): Promise<string> {
      names.push(name);
      const { stdout } = await run('podman', [
        ...PODMAN,
        'run',
        '-d',
        '--name',
        name,
        ...LIMITS,
        ...(opts.includes('--network') ? [] : ['--network', 'none']),
        ...opts,
        tag,
        ...(typeof script === 'string' ? ['/bin/sh', '-c', script] : script),
      ]);
      return stdout.trim();
    },
    async dispose() {
      for (const n of names) await run('podman', ['rm', '-f', n]).catch(() => undefined);
      await run('podman', ['rmi', '-f', tag]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Rootless Podman run as nobody (65534): one uid mapped, its storage in a folder of its own (vfs, runc, cgroupfs). */
export const NOBODY = 65534;

/** A rootless Podman of nobody's, where this host can run one: root here, setpriv, podman and runc, `info` answers. */
export function rootlessPodman() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  if (spawnSync('sh', ['-c', 'command -v podman && command -v runc && command -v setpriv'], { stdio: 'ignore' }).status)
    return undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-rootless-'));
  spawnSync('chmod', ['755', dir]);
  const home = path.join(dir, 'home');
  mkdirSync(path.join(home, 'run'), { recursive: true, mode: 0o700 });
  spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, home]);
  const env = { HOME: home, XDG_RUNTIME_DIR: path.join(home, 'run'), PATH: '/usr/sbin:/usr/bin:/sbin:/bin' };
  const STORE = ['--storage-driver', 'vfs', ...PODMAN];
  const as = (args: readonly string[]) =>
    run('setpriv', ['--reuid', `${NOBODY}`, '--regid', `${NOBODY}`, '--clear-groups', 'podman', ...STORE, ...args], {
      env,
    });
  if (
    spawnSync(
      'setpriv',
      ['--reuid', `${NOBODY}`, '--regid', `${NOBODY}`, '--clear-groups', 'podman', ...STORE, 'info'],
      {
        env,
        stdio: 'ignore',
        timeout: 30_000,
      },
    ).status !== 0
  )
    return undefined;
  return { dir, home, env, as };
}

/**
 * A gatewatch config in `dir` watching the home `home` of the Podman container `name` (target `pm`, the console):
 * `named`, as `manager: podman` with the container; `auto`, with nothing said of where it runs.
 */
export function podmanConfig(dir: string, home: string, name: string, service: 'named' | 'auto' = 'named'): string {
  const config = path.join(dir, 'config.yaml');
  const keys = service === 'auto' ? '{ manager: auto }' : `{ manager: podman, container: ${name} }`;
  writeFileSync(
    config,
    [
      `state_dir: ${path.join(dir, 'state')}`,
      'targets:',
      `  - { name: pm, hermes_home: ${home}, reachability: false, service: ${keys} }`,
      'channels: { console: {} }',
      '',
    ].join('\n'),
  );
  return config;
}

/**
 * A health check of the operator's that always fails (`curl` refused), run only when `podman healthcheck run` asks (no
 * timer), unhealthy at its second failure; `onFailure`, Podman's action then.
 */
export const failingHealthCheck = (onFailure?: 'stop' | 'kill'): string[] => [
  '--health-cmd',
  '/bin/sh -c "echo curl: Connection refused; exit 7"',
  '--health-interval',
  '0',
  '--health-retries',
  '2',
  ...(onFailure ? ['--health-on-failure', onFailure] : []),
];

/** A finding as `check --json` prints it, the fields these tests read. */
export interface FoundRow {
  check: string;
  cause?: string;
  severity: string;
  action: string;
}

/**
 * The demo gateway as the container `name`'s program (`opts` added to its run), its home in a folder of its own, and
 * the built CLI's `check --json` (less the standing supervisor risks) and `status` on a config watching it: once
 * healthy.
 */
export async function demoInPodman(
  podman: { dir: string; started: (name: string, argv: readonly string[], opts: readonly string[]) => Promise<string> },
  name: string,
  opts: readonly string[],
  service: 'named' | 'auto' = 'named',
) {
  const dir = path.join(podman.dir, name);
  const home = path.join(dir, 'data');
  mkdirSync(home, { recursive: true });
  const program = demoGatewayContainer(home, REPO);
  await podman.started(name, program.argv, [...program.opts, ...opts]);
  const config = podmanConfig(dir, home, name, service);
  const check = async () => {
    const r = await gatewatch(['check', '--json', '--config', config], { env: {}, spawn: true });
    return (JSON.parse(r.stdout).findings as FoundRow[]).filter((f) => f.check !== 'supervisor_risk');
  };
  const status = async () => (await gatewatch(['status', '--config', config], { env: {}, spawn: true })).stdout;
  await until('healthy', async () => (await check()).length === 0, { timeoutMs: 90_000, everyMs: 500 });
  return { home, config, check, status };
}
