// A Kubernetes pod's gateway as its node sees it, with no cluster: a small kubelet that runs each life of the pod's
// container in its own PID and mount namespace (the home bind-mounted at /opt/data), in a cgroup named as the
// kubelet's cgroupfs driver names it (`kubepods/besteffort/pod<uid>/<container id>`), keeps each life's output as a
// CRI log file, and starts the next life (the next `attempt`, a new id) after each exit; and a `crictl` first on PATH
// that answers `inspect`, `ps -a -o json`, `logs` and `stop` from its state in the CRI's own JSON (field names and
// shapes as crictl prints them: `status.metadata.attempt`, `state: CONTAINER_RUNNING`, RFC 3339 times in `inspect`,
// nanoseconds in `ps`, the `io.kubernetes.*` labels and the restartCount annotation). Requires root and util-linux.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inNamespaces } from './ns-gateway.js';
import { trackPid } from './probe-procs.js';
import { until } from './until.js';

export interface PodOptions {
  /** The host folder mounted at /opt/data. */
  home: string;
  /** Where the rig keeps its state, logs and `bin/crictl`. */
  dir: string;
  namespace?: string;
  pod?: string;
  /** The container's command as its runtime spec gives it (default a program pod: `hermes gateway run`). */
  args?: string[];
  /** The exit code of a life that dies at its start (the given attempt and after), with its last words on stderr. */
  failFrom?: { attempt: number; code: number; line: string };
  /** Before the next life (the kubelet's back-off, shortened). */
  backoffMs?: number;
}

interface Life {
  id: string;
  attempt: number;
  state: 'CONTAINER_RUNNING' | 'CONTAINER_EXITED';
  createdNs: string;
  startedAt: string;
  finishedAt?: string;
  exitCode?: number;
  reason?: string;
  pid: number;
  log: string;
}

interface PodState {
  uid: string;
  sandbox: string;
  namespace: string;
  pod: string;
  name: string;
  home: string;
  args: string[];
  createdAt: string;
  lives: Life[];
}

// A gateway as Hermes writes itself inside its container: gateway.pid with its own pid and start, its home as it sees
// it. Exits 1 on SIGTERM (Hermes persists `running` and exits 1), or at once with FAIL_CODE after its last words.
const GATEWAY = `const fs = require('fs');
if (process.env.FAIL_CODE) { console.error(process.env.FAIL_LINE); process.exit(Number(process.env.FAIL_CODE)); }
const st = fs.readFileSync('/proc/self/stat', 'utf8');
const start = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[19]);
const home = process.env.HERMES_HOME;
fs.writeFileSync(home + '/gateway.pid.tmp', JSON.stringify({ pid: process.pid, kind: 'hermes-gateway',
  argv: process.argv.slice(1), start_time: start, hermes_home: home }));
fs.renameSync(home + '/gateway.pid.tmp', home + '/gateway.pid');
console.log('INFO gateway.run: Gateway running with 1 platform(s)');
process.on('SIGTERM', () => process.exit(1));
setInterval(() => {}, 1e6);`;

const CGROUP_ROOTS = (): string[] => {
  const out: string[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const [fstype, , opts] = post.split(' ');
    const point = pre.split(' ')[4]!;
    if (fstype === 'cgroup2' || (fstype === 'cgroup' && (opts ?? '').split(',').includes('name=systemd')))
      out.push(point);
  }
  return out;
};

const nowIso = () => new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');

export class PodRig {
  readonly bin: string;
  private readonly state: PodState;
  private readonly file: string;
  private readonly o: PodOptions;
  private child?: ChildProcess;
  private stopped = false;
  private readonly cgroups: string[] = [];

  constructor(o: PodOptions) {
    this.o = o;
    this.bin = path.join(o.dir, 'bin');
    this.file = path.join(o.dir, 'pod.json');
    mkdirSync(this.bin, { recursive: true });
    mkdirSync(path.join(o.dir, 'logs'), { recursive: true });
    const uid = randomUUID();
    this.state = {
      uid,
      sandbox: randomBytes(32).toString('hex'),
      namespace: o.namespace ?? 'agents',
      pod: o.pod ?? `hermes-agent-6d9c7b5f4-${randomBytes(3).toString('hex').slice(0, 5)}`,
      name: 'hermes',
      home: o.home,
      args: o.args ?? ['hermes', 'gateway', 'run'],
      createdAt: nowIso(),
      lives: [],
    };
    writeFileSync(path.join(o.dir, 'crictl.cjs'), CRICTL);
    writeFileSync(
      path.join(this.bin, 'crictl'),
      `#!/bin/sh\nexec '${process.execPath}' '${path.join(o.dir, 'crictl.cjs')}' '${this.file}' "$@"\n`,
      { mode: 0o755 },
    );
    this.save();
  }

  get namespace(): string {
    return this.state.namespace;
  }
  get pod(): string {
    return this.state.pod;
  }
  get uid(): string {
    return this.state.uid;
  }

  /** The life running now, or the last one. */
  current(): Life | undefined {
    return this.state.lives.at(-1);
  }

  start(): void {
    const attempt = this.state.lives.length;
    const id = randomBytes(32).toString('hex');
    const qos = path.join('kubepods', 'besteffort', `pod${this.state.uid}`);
    const cgs = CGROUP_ROOTS().map((root) => path.join(root, qos, id));
    for (const d of cgs) mkdirSync(d, { recursive: true });
    this.cgroups.push(...cgs);
    const fail = this.o.failFrom && attempt >= this.o.failFrom.attempt ? this.o.failFrom : undefined;
    const log = path.join(this.o.dir, 'logs', `${attempt}.log`);
    writeFileSync(log, '');
    const script = [
      'for d in $CGS; do echo 0 > "$d/cgroup.procs"; done',
      'mount -t proc proc /proc',
      'mount -t tmpfs ctr /opt',
      'mkdir -p /opt/data',
      'mount --bind "$HOST_HOME" /opt/data',
      // Its exit status kept for the kubelet: unshare says 1 for a child a signal ended.
      'HERMES_HOME=/opt/data "$NODE" -e "$GATEWAY" gateway run; echo $? > "$EXIT_FILE"',
    ].join(' && ');
    const child = spawn('setpriv', inNamespaces(script), {
      env: {
        ...process.env,
        CGS: cgs.join(' '),
        HOST_HOME: this.o.home,
        NODE: process.execPath,
        GATEWAY,
        EXIT_FILE: `${log}.exit`,
        ...(fail ? { FAIL_CODE: String(fail.code), FAIL_LINE: fail.line } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    trackPid(child.pid!);
    this.child = child;
    // The CRI's log format: `<RFC 3339 nano> <stream> F <line>` a line.
    for (const stream of ['stdout', 'stderr'] as const)
      child[stream]!.on('data', (d: Buffer) => {
        for (const l of String(d).split('\n').filter(Boolean)) appendFileSync(log, `${nowIso()} ${stream} F ${l}\n`);
      });
    const life: Life = {
      id,
      attempt,
      state: 'CONTAINER_RUNNING',
      createdNs: `${BigInt(Date.now()) * 1_000_000n}`,
      startedAt: nowIso(),
      pid: 0,
      log,
    };
    this.state.lives.push(life);
    this.save();
    void this.gatewayPid(life).catch(() => undefined);
    child.on('exit', (code, signal) => {
      life.state = 'CONTAINER_EXITED';
      life.finishedAt = nowIso();
      let said = Number.NaN;
      try {
        said = Number(readFileSync(`${log}.exit`, 'utf8').trim());
      } catch {
        // the namespace itself was ended
      }
      life.exitCode = Number.isFinite(said) ? said : (code ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
      life.reason = life.exitCode === 0 ? 'Completed' : 'Error';
      this.save();
      if (this.stopped) return;
      setTimeout(() => this.stopped || this.start(), this.o.backoffMs ?? 300);
    });
  }

  /** The host pid of the life's gateway (the child of the namespace's shell, unshare's child), once it runs. */
  async gatewayPid(life = this.current()!): Promise<number> {
    const kids = (pid: number) => {
      const t = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
      return t ? Number(t.split(' ')[0]) : 0;
    };
    await until(`life ${life.attempt}'s gateway runs`, () => {
      if (life.state !== 'CONTAINER_RUNNING') return true;
      const sh = kids(this.child!.pid!);
      const gw = sh ? kids(sh) : 0;
      if (!gw || readFileSync(`/proc/${gw}/comm`, 'utf8').trim() !== 'node') return false;
      life.pid = gw;
      this.save();
      return true;
    });
    return life.pid;
  }

  /** Waits for the life of that attempt to run (its gateway written its pid file). */
  async lifeRuns(attempt: number): Promise<Life> {
    await until(`attempt ${attempt} runs`, () => this.current()?.attempt === attempt);
    const life = this.current()!;
    await this.gatewayPid(life);
    await until(`attempt ${attempt}'s gateway wrote its pid file`, () => {
      try {
        const rec = JSON.parse(readFileSync(path.join(this.o.home, 'gateway.pid'), 'utf8')) as { start_time: number };
        const stat = readFileSync(`/proc/${life.pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]) === rec.start_time;
      } catch {
        return false;
      }
    });
    return life;
  }

  stop(): void {
    this.stopped = true;
    try {
      if (this.child?.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }

  /** The cgroups, once their processes are gone. */
  async cleanup(): Promise<void> {
    this.stop();
    for (const d of this.cgroups.reverse())
      await until(`cgroup ${d} removed`, () => {
        try {
          rmdirSync(d);
        } catch (e) {
          return (e as NodeJS.ErrnoException).code === 'ENOENT';
        }
        return true;
      }).catch(() => undefined);
    for (const root of CGROUP_ROOTS())
      for (const d of [
        path.join(root, 'kubepods', 'besteffort', `pod${this.state.uid}`),
        path.join(root, 'kubepods', 'besteffort'),
        path.join(root, 'kubepods'),
      ])
        try {
          rmdirSync(d);
        } catch {
          // another pod's, or already gone
        }
  }

  private save(): void {
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.state, null, 2));
    renameSync(`${this.file}.tmp`, this.file);
  }
}

// crictl, as far as gatewatch asks it, from the rig's state.
const CRICTL = String.raw`'use strict';
const fs = require('node:fs');
const [file, cmd, ...rest] = process.argv.slice(2);
const s = JSON.parse(fs.readFileSync(file, 'utf8'));
const flags = {};
const args = [];
for (let i = 0; i < rest.length; i++) {
  const a = rest[i];
  if (a === '-a' || a === '--all' || a === '--timestamps' || a === '-t') flags[a] = true;
  else if (a.startsWith('-')) flags[a] = rest[++i];
  else args.push(a);
}
const find = (ref) => s.lives.find((l) => ref && l.id.startsWith(ref));
const notFound = (ref) => {
  process.stderr.write('time="' + new Date().toISOString() + '" level=fatal msg="getting the status of the container \"' + ref + '\": rpc error: code = NotFound desc = an error occurred when try to find container \"' + ref + '\": not found"\n');
  process.exit(1);
};
const labels = () => ({
  'io.kubernetes.container.name': s.name,
  'io.kubernetes.pod.name': s.pod,
  'io.kubernetes.pod.namespace': s.namespace,
  'io.kubernetes.pod.uid': s.uid,
});
const annotations = (l) => ({
  'io.kubernetes.container.hash': '5e0f2a1c',
  'io.kubernetes.container.restartCount': String(l.attempt),
  'io.kubernetes.container.terminationMessagePath': '/dev/termination-log',
  'io.kubernetes.container.terminationMessagePolicy': 'File',
  'io.kubernetes.pod.terminationGracePeriod': '30',
});
const image = { image: 'docker.io/nousresearch/hermes-agent:latest', annotations: {} };
if (cmd === 'inspect') {
  const l = find(args[0]);
  if (!l) notFound(args[0]);
  const status = {
    id: l.id,
    metadata: { attempt: l.attempt, name: s.name },
    state: l.state,
    createdAt: new Date(Number(BigInt(l.createdNs) / 1000000n)).toISOString(),
    startedAt: l.startedAt,
    finishedAt: l.finishedAt || '1970-01-01T00:00:00Z',
    exitCode: l.exitCode || 0,
    image,
    imageRef: 'docker.io/nousresearch/hermes-agent@sha256:' + '7'.repeat(64),
    reason: l.reason || '',
    message: '',
    labels: labels(),
    annotations: annotations(l),
    mounts: [{ containerPath: '/opt/data', hostPath: s.home, propagation: 'PROPAGATION_PRIVATE', readonly: false, selinuxRelabel: false }],
    logPath: '/var/log/pods/' + s.namespace + '_' + s.pod + '_' + s.uid + '/' + s.name + '/' + l.attempt + '.log',
  };
  const info = { sandboxID: s.sandbox, pid: l.state === 'CONTAINER_RUNNING' ? l.pid : 0, runtimeSpec: { process: { args: s.args, env: ['HERMES_HOME=/opt/data'] } } };
  process.stdout.write(JSON.stringify({ status, info }, null, 2) + '\n');
} else if (cmd === 'inspectp') {
  if (!s.sandbox.startsWith(args[0] || '-')) notFound(args[0]);
  const status = {
    id: s.sandbox,
    metadata: { attempt: 0, name: s.pod, namespace: s.namespace, uid: s.uid },
    state: 'SANDBOX_READY',
    createdAt: s.createdAt,
    network: { additionalIps: [], ip: '' },
    linux: { namespaces: { options: { ipc: 'POD', network: 'POD', pid: 'CONTAINER', targetId: '' } } },
    labels: { app: 'hermes-agent', 'io.kubernetes.pod.name': s.pod, 'io.kubernetes.pod.namespace': s.namespace, 'io.kubernetes.pod.uid': s.uid },
    annotations: { 'kubernetes.io/config.source': 'api' },
    runtimeHandler: '',
  };
  process.stdout.write(JSON.stringify({ status, info: {} }, null, 2) + '\n');
} else if (cmd === 'ps') {
  const want = flags['--label'] && flags['--label'].split('=');
  const mine = !want || labels()[want[0]] === want[1];
  const all = mine ? s.lives.filter((l) => flags['-a'] || flags['--all'] || l.state === 'CONTAINER_RUNNING') : [];
  const containers = all.reverse().map((l) => ({
    id: l.id,
    podSandboxId: s.sandbox,
    metadata: { name: s.name, attempt: l.attempt },
    image,
    imageRef: 'docker.io/nousresearch/hermes-agent@sha256:' + '7'.repeat(64),
    state: l.state,
    createdAt: l.createdNs,
    labels: labels(),
    annotations: annotations(l),
  }));
  process.stdout.write(JSON.stringify({ containers }, null, 2) + '\n');
} else if (cmd === 'logs') {
  const l = find(args[0]);
  if (!l) notFound(args[0]);
  let lines = fs.readFileSync(l.log, 'utf8').split('\n').filter(Boolean);
  if (flags['--tail'] !== undefined) lines = lines.slice(-Number(flags['--tail']));
  for (const line of lines) {
    const m = /^(\S+) (stdout|stderr) F (.*)$/.exec(line);
    if (!m) continue;
    (m[2] === 'stdout' ? process.stdout : process.stderr).write((flags['--timestamps'] || flags['-t'] ? m[1] + ' ' : '') + m[3] + '\n');
  }
} else if (cmd === 'stop') {
  const l = find(args[args.length - 1]);
  if (!l) notFound(args[args.length - 1]);
  if (l.state === 'CONTAINER_RUNNING') {
    try { process.kill(l.pid, 'SIGTERM'); } catch {}
    const until = Date.now() + 10000;
    let alive = true;
    while (Date.now() < until) {
      try { process.kill(l.pid, 0); } catch { alive = false; break; }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
    // Only a container still running: a pid that ended is soon another process's (another test file's).
    if (alive) try { process.kill(l.pid, 'SIGKILL'); } catch {}
  }
  process.stdout.write(l.id + '\n');
} else {
  process.stderr.write('crictl stand-in: ' + cmd + ' is not played by the pod rig\n');
  process.exit(1);
}
`;
