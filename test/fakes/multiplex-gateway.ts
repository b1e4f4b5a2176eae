// A fake multiplexing Hermes root (hermes-gateway-current.md §2): one real `node … gateway run` process that serves the
// root's launch profile and named profiles, writing what Hermes writes: gateway.pid (with the real start time),
// gateway_state.json with `served_profiles` and `<profile>:<platform>` entries (writer pid/start time), the runner's
// lines in the root's logs/gateway.log (`✓ %s connected (profile: %s)`, …) and each served profile's adapter lines in
// that profile's own logs/gateway.log (§2.6). Served profiles get no pid file, lock or state file of their own.
//
// `restartArgv` is the service manager's restart command (`service.manager: command`): it SIGTERMs the gateway named by
// gateway.pid, waits for it to exit, and starts a fresh one detached, as a supervisor would; each restart is appended to
// <root>/fake-restarts.log. A fault (a served profile's platform dying) is injected by writing fake-mux-fault.json.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { until } from '../helpers/until.js';
import { signalOfHome } from '../helpers/probe-procs.js';

const GATEWAY = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const root = process.argv[2];
const cfg = JSON.parse(fs.readFileSync(path.join(root, 'fake-mux.json'), 'utf8'));
const stat = fs.readFileSync('/proc/self/stat', 'utf8');
const startTime = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
const pad = (n, w = 2) => String(n).padStart(w, '0');
const stamp = () => { const d = new Date(); return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + ',' + pad(d.getMilliseconds(), 3); };
const homeOf = (p) => (p === cfg.launch ? root : path.join(root, 'profiles', p));
const log = (p, level, logger, msg) => {
  fs.mkdirSync(path.join(homeOf(p), 'logs'), { recursive: true });
  fs.appendFileSync(path.join(homeOf(p), 'logs', 'gateway.log'), stamp() + ' ' + level + ' ' + logger + ': ' + msg + '\n');
};
const runner = (level, msg) => log(cfg.launch, level, 'gateway.run', msg);
const adapter = { telegram: 'hermes_plugins.telegram_platform.adapter', discord: 'hermes_plugins.discord_platform.adapter' };
const connectedLine = { telegram: '[Telegram] Connected to Telegram (polling mode)', discord: '[Discord] Connected as hermes-bot#0001' };
const profiles = [cfg.launch, ...Object.keys(cfg.platforms).filter((p) => p !== cfg.launch).sort()];
const platforms = {};
const entry = (state, extra) => Object.assign({ state, error_code: null, error_message: null, updated_at: new Date().toISOString(), writer_pid: process.pid, writer_start_time: startTime }, extra || {});
const writeJson = (file, v) => { fs.writeFileSync(file + '.tmp', JSON.stringify(v)); fs.renameSync(file + '.tmp', file); };
const writeState = (gs) => writeJson(path.join(root, 'gateway_state.json'), {
  pid: process.pid, kind: 'hermes-gateway', argv: process.argv, start_time: startTime, hermes_home: root, gateway_state: gs,
  exit_reason: null, restart_requested: false, active_agents: 0, platforms, updated_at: new Date().toISOString(),
  code_sha: '00067189dfecf833d4d009c2dd977ae85cf800e0', code_version: '0.21.3', served_profiles: gs === 'running' ? profiles : [],
});

runner('INFO', 'Starting Hermes Gateway...');
writeJson(path.join(root, 'gateway.pid'), { pid: process.pid, kind: 'hermes-gateway', argv: process.argv, start_time: startTime });
writeState('starting');
const own = cfg.platforms[cfg.launch] || [];
for (const x of own) {
  runner('INFO', 'Connecting to ' + x + '...');
  log(cfg.launch, 'INFO', adapter[x], connectedLine[x]);
  runner('INFO', '✓ ' + x + ' connected');
  platforms[x] = entry('connected');
}
runner('INFO', 'Gateway running with ' + own.length + ' platform(s)');
for (const p of profiles.slice(1)) {
  for (const x of cfg.platforms[p]) {
    log(p, 'INFO', adapter[x], connectedLine[x]);
    runner('INFO', '✓ ' + x + ' connected (profile: ' + p + ')');
    platforms[p + ':' + x] = entry('connected');
  }
}
writeState('running');

// A served profile's platform dies at runtime: its adapter's line in its own log, the runner's reaction in the root's.
const faultFile = path.join(root, 'fake-mux-fault.json');
setInterval(() => {
  let f;
  try { f = JSON.parse(fs.readFileSync(faultFile, 'utf8')); fs.unlinkSync(faultFile); } catch { return; }
  for (const { profile, platform } of f) {
    log(profile, 'ERROR', adapter[platform], '[Discord] Discord gateway task exited: WebSocket closed with 1006');
    runner('ERROR', 'Fatal ' + platform + ' adapter error for multiplexed profile ' + profile + ' (discord_gateway_task_exited)');
    runner('INFO', 'Secondary ' + platform + ' reconnect retry in 30s (profile: ' + profile + ')');
    platforms[profile + ':' + platform] = entry('fatal', { error_code: 'discord_gateway_task_exited', error_message: 'Discord gateway task exited: WebSocket closed with 1006' });
  }
  writeState('running');
}, 200);

process.on('SIGTERM', () => {
  runner('INFO', 'Received SIGTERM — initiating shutdown');
  runner('INFO', 'Stopping gateway...');
  try { fs.unlinkSync(path.join(root, 'gateway.pid')); } catch {}
  for (const k of Object.keys(platforms)) delete platforms[k];
  writeState('stopped');
  process.exit(0);
});
`;

const RESTART = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const [root, gateway] = process.argv.slice(2);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
(async () => {
  let old;
  try { old = JSON.parse(fs.readFileSync(path.join(root, 'gateway.pid'), 'utf8')).pid; } catch {}
  // As a service manager stops only its own: the recorded gateway may be dead, and its pid another process's since.
  const ofHome = (pid) => { try { return fs.readFileSync('/proc/' + pid + '/environ', 'latin1').split('\0').includes('HERMES_HOME=' + root); } catch { return false; } };
  if (old && alive(old) && ofHome(old)) {
    process.kill(old, 'SIGTERM');
    for (let i = 0; i < 100 && alive(old); i++) await new Promise((r) => setTimeout(r, 100));
  }
  const child = spawn(process.execPath, [gateway, root, 'gateway', 'run'], { detached: true, stdio: 'ignore', env: Object.assign({}, process.env, { HERMES_HOME: root }) });
  child.unref();
  fs.appendFileSync(path.join(root, 'fake-restarts.log'), (old || '-') + ' -> ' + child.pid + '\n');
})();
`;

export interface MultiplexRoot {
  root: string;
  /** service.restart argv for gatewatch's config. */
  restartArgv: string[];
  /** Start the gateway (the same command a restart runs). */
  start(): Promise<void>;
  /** The pid gateway.pid names now. */
  pid(): Promise<number | undefined>;
  /** `old -> new` per restart. */
  restarts(): Promise<string[]>;
  /** Kill a served profile's platform(s). */
  fault(list: { profile: string; platform: 'discord' | 'telegram' }[]): Promise<void>;
  stop(): Promise<void>;
}

/** `platforms`: per profile, the platforms it serves; `launch` is the root's own profile. */
export async function createMultiplexRoot(
  root: string,
  platforms: Record<string, ('telegram' | 'discord')[]>,
  launch = 'default',
): Promise<MultiplexRoot> {
  await mkdir(path.join(root, 'logs'), { recursive: true });
  for (const p of Object.keys(platforms)) {
    if (p === launch) continue;
    const home = path.join(root, 'profiles', p);
    await mkdir(path.join(home, 'logs'), { recursive: true });
    await writeFile(path.join(home, 'config.yaml'), 'model: {}\n');
  }
  await writeFile(path.join(root, 'config.yaml'), 'gateway:\n  multiplex_profiles: true\n');
  await writeFile(path.join(root, 'fake-mux.json'), JSON.stringify({ launch, platforms }));
  const gateway = path.join(root, 'fake-mux-gateway.cjs');
  const restart = path.join(root, 'fake-mux-restart.cjs');
  await writeFile(gateway, GATEWAY);
  await writeFile(restart, RESTART);
  const restartArgv = [process.execPath, restart, root, gateway];
  const pid = async () => {
    try {
      return (JSON.parse(await readFile(path.join(root, 'gateway.pid'), 'utf8')) as { pid: number }).pid;
    } catch {
      return undefined;
    }
  };
  const seen = new Set<number>();
  const restarts = async () =>
    (await readFile(path.join(root, 'fake-restarts.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return {
    root,
    restartArgv,
    async start() {
      await promisify(execFile)(restartArgv[0]!, restartArgv.slice(1));
      await until(
        'the fake multiplex gateway to start',
        async () => {
          const p = await pid();
          if (!p) return false;
          seen.add(p);
          const st = JSON.parse(await readFile(path.join(root, 'gateway_state.json'), 'utf8').catch(() => '{}')) as {
            gateway_state?: string;
          };
          return st.gateway_state === 'running';
        },
        { timeoutMs: 10_000, everyMs: 100 },
      );
    },
    pid,
    restarts,
    async fault(list) {
      await writeFile(path.join(root, 'fake-mux-fault.json'), JSON.stringify(list));
    },
    async stop() {
      // Every gateway ever started here (each restart spawns a new detached one).
      for (const line of await restarts()) for (const p of line.split(' -> ')) if (/^\d+$/.test(p)) seen.add(Number(p));
      const now = await pid();
      if (now) seen.add(now);
      signalOfHome(seen, root);
    },
  };
}
