// 5b. What a cold look (`gatewatch check`, dist/) costs where it finds its gateway the hard way (issue 62 item 4): on a
// host with 300 processes more than it had, a gateway in a container (its own PID and mount namespaces, its home
// bind-mounted at /opt/data and gateway.pid written from inside, as Hermes' Docker image leaves it: the pid is found
// through the host's /proc) against a gateway on the host; and twenty profiles a multiplexing root serves against one.
// Goals: the container's look ≤ 2 × the host's, twenty served profiles ≤ 3 × one, each as the check's wall time and as
// its look alone (the `look` step, GATEWATCH_DEBUG=1: src/util/steps.ts). A bare `node -e 0` in the same run is the
// baseline of every wall time. The container needs root and unshare (util-linux); without them its rows say why.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, healthyHome, healthyLines, median, requireBuild, show, sleep, sleeperGateway } from './lib/common.js';
import type { BenchOptions, Row } from './lib/common.js';
import { steppedRun, timedRun } from './lib/spawn.js';
import { containerUnavailable } from '../test/helpers/ns-gateway.js';

const EXTRA_PROCESSES = 300;
const PROFILES = 20;

export default async function bench(o: BenchOptions): Promise<Row[]> {
  requireBuild();
  const trials = o.n(15, 3);
  const dir = path.join(o.tmp, 'cold-looks');
  const started: ChildProcess[] = [];
  try {
    // Idle shells (a `read` each: about a megabyte, and they end with this process's end of their pipes).
    for (let i = 0; i < EXTRA_PROCESSES; i++)
      started.push(spawn('sh', ['-c', 'read x', 'idle'], { stdio: ['pipe', 'ignore', 'ignore'] }));
    const host = sleeperGateway(path.join(dir, 'host'));
    started.push(host);
    healthyHome(path.join(dir, 'host'), host.pid!);
    const configs: Record<string, string> = {
      host: config(dir, 'host', [{ name: 'host', home: path.join(dir, 'host') }]),
    };
    const why = containerUnavailable();
    if (!why) {
      const home = path.join(dir, 'container');
      started.push(await containerGateway(home));
      configs.container = config(dir, 'container', [{ name: 'boxed', home }]);
    }
    const root = path.join(dir, 'root');
    started.push(multiplexingRoot(root));
    const profiles = Array.from({ length: PROFILES }, (_, i) => ({
      name: `p${i}`,
      home: path.join(root, 'profiles', `p${i}`),
      platforms: ['feishu'],
    }));
    configs.profile = config(dir, 'one-profile', profiles.slice(0, 1));
    configs.profiles = config(dir, 'profiles', profiles);

    const runs: Record<string, { wall: number[]; look: number[] }> = {};
    const bare: number[] = [];
    for (let i = 0; i < trials + 1; i++) {
      const b = await timedRun(o.tmp, ['-e', '0']);
      if (i) bare.push(b.wallMs);
      for (const [name, cfg] of Object.entries(configs)) {
        const c = await steppedRun(o.tmp, [BIN, 'check', '--config', cfg], { GATEWATCH_CONFIG: '' });
        if (c.code !== 0)
          throw new Error(`gatewatch check exited ${c.code} on the healthy ${name} target:\n${c.stdout}`);
        if (!i) continue; // the first round warms the page cache
        runs[name] ??= { wall: [], look: [] };
        runs[name].wall.push(c.wallMs);
        runs[name].look.push(c.steps.look ?? NaN);
      }
    }
    const nw = median(bare);
    const wall = (name: string) => median(runs[name]!.wall);
    const look = (name: string) => median(runs[name]!.look);
    const row = (metric: string, value: number, extra: Partial<Row> = {}) =>
      show({ bench: 'cold-looks', metric, value, unit: 'ms', ...extra });
    /** `name`'s wall time and look against `base`'s, each held to `goal` ×. */
    const against = (label: string, name: string, base: string, baseLabel: string, goal: number) =>
      (
        [
          ['wall', wall],
          ['look', look],
        ] as const
      ).map(([what, of]) =>
        row(`${label}: ${what} (n=${trials})`, of(name), {
          baseline: of(base),
          ratio: of(name) / of(base),
          goal: `≤ ${goal} × ${baseLabel}`,
          ok: of(name) / of(base) <= goal,
        }),
      );
    const more = `${EXTRA_PROCESSES} processes more`;
    return [
      row(`node -e 0: wall (n=${trials})`, nw),
      row(`${more}, host target: wall`, wall('host'), { baseline: nw, ratio: wall('host') / nw }),
      row(`${more}, host target: look`, look('host')),
      ...(why
        ? [row(`${more}, container target`, NaN, { note: `not run: ${why}` })]
        : against(`${more}, container target`, 'container', 'host', "the host target's", 2)),
      row('one served profile: wall', wall('profile'), { baseline: nw, ratio: wall('profile') / nw }),
      row('one served profile: look', look('profile')),
      ...against(`${PROFILES} served profiles`, 'profiles', 'profile', "one profile's", 3),
    ];
  } finally {
    for (const c of started) {
      try {
        // A container is its process group (its unshare and everything in its namespaces).
        process.kill(c.spawnargs[0] === 'unshare' ? -c.pid! : c.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

function config(dir: string, name: string, targets: { name: string; home: string; platforms?: string[] }[]): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `state_dir: ${path.join(dir, `state-${name}`)}\ntargets:\n${targets
      .map(
        (t) =>
          `  - { name: ${t.name}, hermes_home: ${t.home}, platforms: [${(t.platforms ?? ['feishu', 'qqbot']).join(', ')}], service: { manager: none } }`,
      )
      .join('\n')}\n`,
  );
  return file;
}

// As Hermes writes gateway.pid from inside its container (its own pid and start ticks, its home as it sees it); the
// state file the same; then it idles.
const CONTAINED = `const fs = require('fs');
const st = fs.readFileSync('/proc/self/stat', 'utf8');
const start = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[19]);
const home = process.env.HERMES_HOME;
const now = new Date().toISOString();
fs.writeFileSync(home + '/gateway_state.json', JSON.stringify({ pid: process.pid, gateway_state: 'running',
  platforms: { feishu: { state: 'connected', updated_at: now }, qqbot: { state: 'connected', updated_at: now } }, updated_at: now }));
fs.writeFileSync(home + '/gateway.pid', JSON.stringify({ pid: process.pid, kind: 'hermes-gateway',
  argv: process.argv.slice(1), start_time: start, hermes_home: home }));
setInterval(() => {}, 1e6);`;

/** A healthy home served by a gateway in a new PID and mount namespace, the home at its /opt/data. */
async function containerGateway(home: string): Promise<ChildProcess> {
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  writeFileSync(path.join(home, 'logs', 'gateway.log'), healthyLines().join('\n') + '\n');
  const script = [
    'mount -t proc proc /proc',
    'mount -t tmpfs ctr /opt',
    'mkdir -p /opt/data',
    'mount --bind "$HOST_HOME" /opt/data',
    'HERMES_HOME=/opt/data "$NODE" -e "$GATEWAY" gateway run --replace & wait',
  ].join(' && ');
  const child = spawn(
    'unshare',
    ['--pid', '--fork', '--kill-child', '--mount', '--propagation', 'private', 'sh', '-c', script],
    {
      env: { ...process.env, HOST_HOME: home, NODE: process.execPath, GATEWAY: CONTAINED },
      stdio: 'ignore',
      detached: true,
    },
  );
  for (let waited = 0; !existsSync(path.join(home, 'gateway.pid')); waited += 50) {
    if (waited > 30_000 || child.exitCode !== null) throw new Error('the container gateway wrote no gateway.pid');
    await sleep(50);
  }
  JSON.parse(readFileSync(path.join(home, 'gateway.pid'), 'utf8'));
  return child;
}

/**
 * A root whose one gateway serves PROFILES profiles (hermes-gateway-current.md §2): its pid and state files list them
 * (`served_profiles`, each one's `<profile>:feishu` entry); each profile has its config and its own logs, and none has
 * a gateway.pid of its own.
 */
function multiplexingRoot(root: string): ChildProcess {
  const gw = sleeperGateway(root);
  healthyHome(root, gw.pid!);
  const now = new Date().toISOString();
  const names = Array.from({ length: PROFILES }, (_, i) => `p${i}`);
  writeFileSync(
    path.join(root, 'gateway_state.json'),
    JSON.stringify({
      pid: gw.pid,
      gateway_state: 'running',
      served_profiles: ['default', ...names],
      platforms: Object.fromEntries([
        ['feishu', { state: 'connected', updated_at: now }],
        ['qqbot', { state: 'connected', updated_at: now }],
        ...names.map((p) => [`${p}:feishu`, { state: 'connected', updated_at: now }]),
      ]),
      updated_at: now,
    }),
  );
  for (const p of names) {
    mkdirSync(path.join(root, 'profiles', p, 'logs'), { recursive: true });
    writeFileSync(path.join(root, 'profiles', p, 'config.yaml'), 'model: {}\n');
    writeFileSync(path.join(root, 'profiles', p, 'logs', 'gateway.log'), '');
  }
  return gw;
}
