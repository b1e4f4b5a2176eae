// A fake Hermes gateway process serving the control socket (hermes-gateway-current.md §4, wire protocol v1) from a real
// child process: `node -e <script> gateway run`, so its argv looks like a gateway to the process probes.
// Modes: `answer` answers identify/status like gateway/control_socket.py (and refuses unknown verbs with the real
// error shape); `wedged` binds the socket, then blocks its own event loop forever, like a gateway whose loop is stuck:
// the kernel still accepts connections into the backlog, nobody ever reads them.
// Every request line it receives is echoed on stdout as `REQ <line>`, so a test can prove which verbs were sent.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTicksOf } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

const SCRIPT = String.raw`
const net = require('node:net');
const fs = require('node:fs');
const [sockPath, mode, identifyJson, statusJson] = process.argv.slice(1, 5);
// Python's json.dumps: ", " and ": " separators, non-ASCII escaped.
const py = (v) => Array.isArray(v) ? '[' + v.map(py).join(', ') + ']'
  : v && typeof v === 'object' ? '{' + Object.entries(v).map(([k, x]) => py(k) + ': ' + py(x)).join(', ') + '}'
  : JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
const stat = fs.readFileSync('/proc/self/stat', 'utf8');
const startTime = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
const identify = Object.assign({ protocol: 1, kind: 'hermes-gateway', pid: process.pid, start_time: startTime }, JSON.parse(identifyJson));
const verbs = ['identify', 'status', 'pause-for-update', 'rescan-profiles'];
const server = net.createServer((c) => {
  let buf = '';
  c.on('data', (d) => {
    buf += d;
    const nl = buf.indexOf('\n');
    if (nl < 0) return;
    const line = buf.slice(0, nl);
    process.stdout.write('REQ ' + line + '\n');
    let req;
    try { req = JSON.parse(line); } catch { c.end(py({ ok: false, error: 'invalid JSON', protocol: 1 }) + '\n'); return; }
    let out;
    if (req.verb === 'identify') out = { ok: true, protocol: 1, result: identify, id: req.id };
    else if (req.verb === 'status') out = { ok: true, protocol: 1, result: Object.assign(JSON.parse(statusJson), { protocol: 1, answered_at: Date.now() / 1000, answering_pid: process.pid }), id: req.id };
    else out = { ok: false, error: 'unknown verb: ' + "'" + req.verb + "'", protocol: 1, supported_verbs: verbs, id: req.id };
    c.end(py(out) + '\n');
  });
});
try { fs.unlinkSync(sockPath); } catch {}
const old = process.umask(0o177);
server.listen(sockPath, () => {
  process.umask(old);
  fs.chmodSync(sockPath, 0o600);
  process.stdout.write('READY\n');
  // stdout to a pipe is synchronous on Linux: READY is out before the loop stops for good.
  if (mode === 'wedged') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});
`;

export interface FakeGateway {
  child: ChildProcess;
  pid: number;
  socketPath: string;
  /** Request lines received so far. */
  requests: () => string[];
  /** The request lines once at least `n` have arrived (stdout can trail the socket reply a little). */
  waitRequests: (n: number) => Promise<string[]>;
  /** Writes gateway.pid for this process (JSON record with the real start time), as Hermes does. */
  writePidFile: (home: string) => Promise<void>;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

export interface FakeGatewayOptions {
  mode: 'answer' | 'wedged';
  /** identify fields after protocol/kind/pid/start_time, in Hermes' key order. */
  identify?: Record<string, unknown>;
  /** What `status` answers (gateway_state.json contents). */
  status?: Record<string, unknown>;
  /** Bind here instead of <home>/gateway.sock (the long-path fallback); writes the gateway.sock.path pointer. */
  pointerTo?: string;
}

const live: ChildProcess[] = [];

export async function startFakeGateway(home: string, o: FakeGatewayOptions): Promise<FakeGateway> {
  const socketPath = o.pointerTo ?? path.join(home, 'gateway.sock');
  if (o.pointerTo) await writeFile(path.join(home, 'gateway.sock.path'), `${o.pointerTo}\n`);
  const identify = {
    hermes_home: home,
    profile: 'default',
    supervisor: 'manual',
    code_sha: '00067189dfecf833d4d009c2dd977ae85cf800e0',
    code_version: '0.21.3',
    ...o.identify,
  };
  const child = spawn(
    process.execPath,
    ['-e', SCRIPT, socketPath, o.mode, JSON.stringify(identify), JSON.stringify(o.status ?? {}), 'gateway', 'run'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      // As Hermes runs: its home in the environment, which is how the process probe tells one home's gateway from another's.
      env: { ...process.env, HERMES_HOME: home },
    },
  );
  live.push(child);
  const lines: string[] = [];
  let pending = '';
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fake gateway exited (${code})`)));
    child.stdout!.on('data', (d: Buffer) => {
      pending += d.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const l = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (l === 'READY') resolve();
        else if (l.startsWith('REQ ')) lines.push(l.slice(4));
      }
    });
  });
  const pid = child.pid!;
  return {
    child,
    pid,
    socketPath,
    requests: () => [...lines],
    async waitRequests(n) {
      // Up to 5 s, then what came: the caller's expectation shows what is missing.
      await until(`${n} requests`, () => lines.length >= n, { timeoutMs: 5_000, everyMs: 20 }).catch(() => undefined);
      return [...lines];
    },
    async writePidFile(h) {
      const rec = {
        pid,
        kind: 'hermes-gateway',
        argv: [process.execPath, 'gateway', 'run'],
        start_time: await startTicksOf(pid),
        hermes_home: h,
      };
      await writeFile(path.join(h, 'gateway.pid'), JSON.stringify(rec));
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill(signal);
      await gone;
    },
  };
}

export async function stopFakeGateways(): Promise<void> {
  const all = live.splice(0);
  await Promise.all(
    all.map(async (c) => {
      if (c.exitCode !== null || c.signalCode !== null) return;
      const gone = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGKILL');
      await gone;
    }),
  );
}
