// A gateway in a container, as Hermes' Docker image leaves it on the host: its own PID namespace, its home
// bind-mounted at /opt/data, and gateway.pid recording the pid and home it sees there. Real namespaces (unshare), no
// Docker engine and no s6 (test/helpers/hermes-container.ts is the whole image): the host's view of such a process is
// what the probes read.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { trackPid } from './probe-procs.js';
import { until } from './until.js';

/** Why the namespaces cannot be made here, or undefined when they can (root, unshare, an /opt to mount over). */
export function containerUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'needs root for mount and PID namespaces';
  if (!existsSync('/opt')) return 'no /opt to mount the container view over';
  const r = spawnSync('setpriv', ['--pdeathsig', 'KILL', 'unshare', '--pid', '--fork', '--mount', 'true'], {
    stdio: 'ignore',
  });
  return r.status === 0 ? undefined : 'setpriv or unshare refused (util-linux)';
}

// Writes gateway.pid as Hermes does from inside (its own pid and start ticks, its home as it sees it), then idles.
const GATEWAY = `const fs = require('fs');
const st = fs.readFileSync('/proc/self/stat', 'utf8');
const start = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[19]);
const home = process.env.HERMES_HOME;
fs.writeFileSync(home + '/gateway.pid', JSON.stringify({ pid: process.pid, kind: 'hermes-gateway',
  argv: process.argv.slice(1), start_time: start, hermes_home: home }));
setInterval(() => {}, 1e6);`;

/**
 * A "container": a new PID and mount namespace whose /opt/data is `home`, running the gateway as its pid 2. Killed
 * by cleanup() (probe-procs.ts) with the test's other processes, and with the process that started it however that
 * ends: unshare gets SIGKILL when its parent dies (setpriv's parent-death signal, kept across its exec), and takes
 * the namespace with it (--kill-child).
 */
export function container(home: string, inside = '/opt/data', o: { uid?: number; gate?: string } = {}): ChildProcess {
  // As the image runs it: the gateway as its own user (uid 10000), the rest as root.
  const as = o.uid !== undefined ? `setpriv --reuid ${o.uid} --regid ${o.uid} --clear-groups ` : '';
  // The list runs in the background: its shell, forked first, is pid 2 and execs the gateway (its start is that fork's).
  // A gated one is held at a FIFO before it (twinContainers), so the fork follows the test's word.
  const script = `${o.gate ? 'read _ < "$GATE"; ' : ''}${[
    'mount -t proc proc /proc',
    'mount -t tmpfs ctr /opt',
    `mkdir -p ${inside}`,
    `mount --bind "$HOST_HOME" ${inside}`,
    `HERMES_HOME=${inside} ${as}"$NODE" -e "$GATEWAY" gateway run --replace & wait`,
  ].join(' && ')}`;
  // A gated one at a higher priority (root, as every container here): let go, its shell forks the gateway before a busy
  // box's other work, so that the twins' starts fall in one hundredth of a second.
  const [cmd, ...args] = [...(o.gate ? ['nice', '-n', '-10'] : []), 'setpriv', ...inNamespaces(script)];
  const child = spawn(cmd!, args, {
    env: { ...process.env, HOST_HOME: home, NODE: process.execPath, GATEWAY, GATE: o.gate ?? '' },
    stdio: 'ignore',
    detached: true,
  });
  trackPid(child.pid!);
  return child;
}

/**
 * setpriv's arguments that run `script` as PID 1's child of a new PID and mount namespace: killed with the process that
 * started it (a parent-death signal kept across exec), and taking the namespace with it (--kill-child).
 */
export function inNamespaces(script: string): string[] {
  return [
    '--pdeathsig',
    'KILL',
    'unshare',
    '--pid',
    '--fork',
    '--kill-child=SIGKILL',
    '--mount',
    '--propagation',
    'private',
    'sh',
    '-c',
    script,
  ];
}

/**
 * Containers of `homes` whose gateways are forked at once, as a host's boot starts its containers: each held at a FIFO
 * of its own (`gates`, beside the homes, never in them) until every one waits there, then all let go by one line
 * each. Their gateways then have the same pid in their namespaces and, nearly always, the same start to the
 * hundredth of a second: their records alike. Started one after the other, sixty pairs in a row were never alike in a
 * full run of sixteen workers; held so, under three busy loops, the first pair was, in each of six runs.
 */
export async function twinContainers(homes: string[], gates: string[]): Promise<ChildProcess[]> {
  for (const gate of gates) spawnSync('mkfifo', [gate]);
  const ctrs = homes.map((home, i) => container(home, '/opt/data', { gate: gates[i] }));
  // Opened without blocking: ENXIO until its container's shell has it open to read.
  const fds: number[] = [];
  try {
    for (const gate of gates)
      await until('the container waits at its gate', () => {
        try {
          fds.push(openSync(gate, constants.O_WRONLY | constants.O_NONBLOCK));
          return true;
        } catch {
          return false;
        }
      });
    for (const fd of fds) writeSync(fd, '\n');
  } finally {
    for (const fd of fds) closeSync(fd);
  }
  return ctrs;
}

/** The pid record the contained gateway wrote in `home`. */
export async function recorded(home: string): Promise<{ pid: number; start_time: number; hermes_home: string }> {
  return JSON.parse(await readFile(path.join(home, 'gateway.pid'), 'utf8'));
}

/**
 * The pid record once the contained gateway has written it whole: writeFileSync makes the file before it writes it, and
 * a read in between found it empty ("Unexpected end of JSON input" in a full run).
 */
export async function written(home: string): Promise<Awaited<ReturnType<typeof recorded>>> {
  let rec: Awaited<ReturnType<typeof recorded>> | undefined;
  await until('the gateway writes its pid file', async () => {
    rec = await recorded(home).catch(() => undefined);
    return typeof rec?.pid === 'number';
  });
  return rec!;
}
