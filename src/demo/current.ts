// The demo gateway playing current Hermes (v0.21.3, hermes-gateway-current.md): a multiplexing root that serves the
// profiles coder and ops besides its own platforms, the control socket (§4), and the failures of §6 that only current
// Hermes shows. Lines, state keys and the wire protocol are the reference's; waits are compressed.
import { createHash } from 'node:crypto';
import { appendFile, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { LogLevel } from '../evidence.js';
import { CURRENT_IDENTITY, homePaths, pyJsonDumps, unlinkQuietly } from './files.js';
import { LOGGER } from './hermes-log.js';
import { log, markConnected, pause, runLog, setFatal, setState, type Sim } from './sim.js';
import { DEMO_QR_CODES } from './whatsapp-qr-codes.js';
import { systemClock } from '../util/clock.js';

/** Served profiles and their platforms (the launch profile `default` owns the bare keys). */
const PROFILES: Record<string, string[]> = { coder: ['telegram'], ops: ['discord'] };
const SERVED_PROFILES = ['default', ...Object.keys(PROFILES).sort()];
/** The launch profile's platforms besides QQ and Feishu. */
export const CURRENT_EXTRA_PLATFORMS = ['telegram', 'whatsapp'];

const PROTOCOL = 1;
const MAX_UNIX_PATH = 100;
const MAX_REQUEST = 64 * 1024;
const SERVER_READ_TIMEOUT_MS = 2_000;
/** Backoffs are the real ones in the text; the demo waits this many ms per second of them. */
const MS_PER_S = 10;

const TITLE: Record<string, string> = { telegram: 'Telegram', whatsapp: 'Whatsapp', discord: 'Discord' };
const ADAPTER_LOGGER: Record<string, string> = {
  telegram: LOGGER.telegram,
  whatsapp: LOGGER.whatsapp,
  discord: LOGGER.discord,
};

const profileLog = (sim: Sim, profile: string) => path.join(sim.home, 'profiles', profile, 'logs', 'gateway.log');

/** An adapter line: `[Telegram] …` under its plugin logger; a served profile's adapter lines go to that profile's logs (§2.6). */
function adapterLog(sim: Sim, platform: string, level: LogLevel, message: string, profile?: string): void {
  log(
    sim,
    level,
    ADAPTER_LOGGER[platform]!,
    `[${TITLE[platform]}] ${message}`,
    [],
    profile ? profileLog(sim, profile) : sim.paths.log,
  );
}

/** WhatsApp's Node bridge writes untimestamped lines to platforms/whatsapp/bridge.log. */
function bridgeLog(sim: Sim, line: string): void {
  if (sim.hung) return;
  sim.writes.push(async () => {
    await mkdir(path.dirname(sim.paths.bridgeLog), { recursive: true, mode: 0o700 });
    await appendFile(sim.paths.bridgeLog, line + '\n', { encoding: 'utf8', mode: 0o600 });
  });
}

/** `print()` output of the adapter: stdout (the journal), not gateway.log. */
function printed(line: string): void {
  process.stdout.write(line + '\n');
}

async function exists(file: string): Promise<boolean> {
  return readFile(file).then(
    () => true,
    () => false,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The home as `hermes gateway migrate --multiplex` leaves it (§2.2–§2.4).

export async function prepareMultiplexHome(home: string): Promise<void> {
  const paths = homePaths(home);
  if (!(await exists(paths.config))) await writeFile(paths.config, 'gateway:\n  multiplex_profiles: true\n', 'utf8');
  for (const p of Object.keys(PROFILES)) {
    const dir = path.join(paths.profiles, p);
    await mkdir(path.join(dir, 'logs'), { recursive: true, mode: 0o700 });
    const cfg = path.join(dir, 'config.yaml');
    if (!(await exists(cfg))) await writeFile(cfg, `# profile ${p}: served by the root gateway\n`, 'utf8');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The control socket, wire protocol v1 (§4): one JSON line in, one out, then the server closes.

/** `$HERMES_HOME/gateway.sock`, or `<tmp>/hermes-gw-<h>.sock` + the `gateway.sock.path` pointer when too long. */
export function socketPathFor(home: string): { path: string; pointer: boolean } {
  const direct = homePaths(home).socket;
  if (Buffer.byteLength(direct) <= MAX_UNIX_PATH) return { path: direct, pointer: false };
  const h = createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 16);
  return { path: path.join(os.tmpdir(), `hermes-gw-${h}.sock`), pointer: true };
}

function supervisor(): string {
  if (process.env.INVOCATION_ID) return 'systemd';
  return process.argv.includes('--external-supervisor') ? 'external' : 'manual';
}

async function stateFileNow(sim: Sim): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(sim.paths.state, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

async function identify(sim: Sim): Promise<Record<string, unknown>> {
  const st = await stateFileNow(sim);
  const served =
    Array.isArray(st.served_profiles) && st.served_profiles.length ? { served_profiles: st.served_profiles } : {};
  return {
    protocol: PROTOCOL,
    kind: 'hermes-gateway',
    pid: sim.self.pid,
    start_time: sim.self.start_time,
    hermes_home: sim.home,
    profile: 'default',
    supervisor: supervisor(),
    ...CURRENT_IDENTITY,
    ...served,
  };
}

const VERBS = ['identify', 'status', 'pause-for-update'];

async function answer(sim: Sim, line: string, onPause: () => void): Promise<Record<string, unknown>> {
  let req: Record<string, unknown>;
  try {
    req = JSON.parse(line) as Record<string, unknown>;
  } catch (e) {
    return { ok: false, error: `JSONDecodeError: ${(e as Error).message}`, protocol: PROTOCOL };
  }
  const id = req.id ?? null;
  switch (req.verb) {
    case 'identify':
      return { ok: true, protocol: PROTOCOL, result: await identify(sim), id };
    case 'status':
      return {
        ok: true,
        protocol: PROTOCOL,
        result: {
          ...(await stateFileNow(sim)),
          protocol: PROTOCOL,
          answered_at: systemClock.now() / 1000,
          answering_pid: sim.self.pid,
        },
        id,
      };
    case 'pause-for-update': {
      const already = sim.stopping;
      if (!already) setImmediate(onPause);
      return {
        ok: true,
        protocol: PROTOCOL,
        result: { pausing: !already, already_stopping: already, pid: sim.self.pid, drain_timeout: 60 },
        id,
      };
    }
    default:
      return {
        ok: false,
        error: `unknown verb: '${String(req.verb)}'`,
        protocol: PROTOCOL,
        supported_verbs: VERBS,
        id,
      };
  }
}

/** Bound right after the PID-file claim; a failure is not fatal, as in Hermes. `onPause`: `pause-for-update` arrived. */
export async function startControlSocket(sim: Sim, onPause: () => void): Promise<void> {
  const cur = sim.current!;
  const where = socketPathFor(sim.home);
  // A successor unlinks a stale file (a SIGKILLed predecessor's) before binding.
  await unlinkQuietly(where.path);
  const server = net.createServer((conn) => {
    let buf = '';
    const cancel = systemClock.timer(() => conn.destroy(), SERVER_READ_TIMEOUT_MS);
    conn.setEncoding('utf8');
    conn.on('data', (d: string) => {
      buf += d;
      if (buf.length > MAX_REQUEST) return void conn.destroy();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      cancel();
      void answer(sim, buf.slice(0, nl), onPause).then(
        (reply) => conn.end(pyJsonDumps(reply) + '\n'),
        (e: Error) => conn.end(pyJsonDumps({ ok: false, error: `${e.name}: ${e.message}`, protocol: PROTOCOL }) + '\n'),
      );
    });
    conn.on('error', () => undefined);
    conn.on('close', cancel);
  });
  const old = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(where.path, () => resolve());
    });
    await chmod(where.path, 0o600);
  } catch (e) {
    log(sim, 'WARNING', LOGGER.run, `Gateway control socket failed to start (non-fatal): ${(e as Error).message}`);
    return;
  } finally {
    process.umask(old);
  }
  if (where.pointer) await writeFile(sim.paths.socketPointer, where.path, 'utf8');
  else await unlinkQuietly(sim.paths.socketPointer);
  cur.socket = server;
  cur.socketPath = where.path;
  log(sim, 'INFO', LOGGER.controlSocket, `Gateway control socket listening at ${where.path}`);
}

/** Removed on stop. */
export async function stopControlSocket(sim: Sim): Promise<void> {
  const cur = sim.current;
  if (!cur?.socket) return;
  cur.socket.close();
  cur.socket = undefined;
  if (cur.socketPath) await unlinkQuietly(cur.socketPath);
  await unlinkQuietly(sim.paths.socketPointer);
}

// ---------------------------------------------------------------------------------------------------------------
// Startup of what current Hermes adds: Telegram and WhatsApp on the launch profile, then the served profiles.

const BOT_NAMES: Record<string, string> = { ops: 'ops-bot#4821' };

/** Connects one of CURRENT_EXTRA_PLATFORMS at startup. False: it failed and is queued for the watcher. */
export async function connectCurrentPlatform(sim: Sim, p: string): Promise<boolean> {
  if (p === 'telegram') {
    await pause(sim, 30);
    markConnected(sim, 'telegram');
    adapterLog(sim, 'telegram', 'INFO', 'Connected to Telegram (polling mode)');
    return true;
  }
  adapterLog(sim, 'whatsapp', 'INFO', `Bridge found at ${bridgeScript()}`);
  await pause(sim, 40);
  if (await exists(sim.paths.whatsappQr)) {
    // No login yet: the bridge shows QR codes until someone scans one.
    void whatsappQrLoop(sim).catch(() => undefined);
    runLog(sim, 'WARNING', '✗ whatsapp failed to connect');
    setState(sim, { platform: 'whatsapp', platform_state: 'retrying', error_message: 'failed to connect' });
    return false;
  }
  if (await exists(sim.paths.whatsappLoggedOut)) {
    // The session is logged out for good: every bridge dies on it until someone re-pairs.
    bridgeDiesLoggedOut(sim);
    runLog(sim, 'WARNING', '✗ whatsapp failed to connect');
    setState(sim, { platform: 'whatsapp', platform_state: 'retrying', error_message: 'failed to connect' });
    return false;
  }
  bridgeLog(sim, '✅ WhatsApp connected!');
  markConnected(sim, 'whatsapp');
  return true;
}

function bridgeScript(): string {
  return path.join(os.homedir(), '.hermes', 'hermes-agent', 'scripts', 'whatsapp-bridge', 'bridge.js');
}

export async function startSecondaries(sim: Sim): Promise<void> {
  for (const [profile, platforms] of Object.entries(PROFILES)) {
    for (const p of platforms) {
      await pause(sim, 20);
      if (p === 'telegram') adapterLog(sim, p, 'INFO', 'Connected to Telegram (polling mode)', profile);
      else adapterLog(sim, p, 'INFO', `Connected as ${BOT_NAMES[profile] ?? `${profile}-bot#0001`}`, profile);
      setState(sim, { platform: `${profile}:${p}`, platform_state: 'connected' });
      sim.current!.secondaries.set(`${profile}:${p}`, true);
      runLog(sim, 'INFO', `✓ ${p} connected (profile: ${profile})`);
    }
    // WhatsApp is process-level shared ingress owned by the default profile: a secondary never serves it (§2.3).
    if (profile === 'coder')
      setState(sim, { platform: 'coder:whatsapp', platform_state: 'disabled', error_code: 'multiplex_shared_ingress' });
  }
  // Published after the secondaries start.
  setState(sim, { served_profiles: SERVED_PROFILES });
}

// ---------------------------------------------------------------------------------------------------------------
// Faults.

const CONFLICT_ERROR =
  'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const CONFLICT_WAITS_S = [20, 30, 40, 50, 60];
const CONFLICT_GIVE_UP =
  "Telegram polling could not recover after 5 retries (200s total wait). The previous gateway session is still held open on Telegram's servers, or another process is using the same bot token. To recover: ensure no other Hermes or OpenClaw instance is running with this token, then restart the gateway with 'hermes gateway restart'.";

/** Another getUpdates session holds the token: 5 retries 20–60 s apart, then non-retryable `telegram_polling_conflict`. */
export async function telegramConflict(sim: Sim): Promise<void> {
  // The other poller keeps running: a restart meets it again (gateway.ts replays this after the start).
  await writeFile(sim.paths.otherPoller, new Date(systemClock.now()).toISOString() + '\n', 'utf8');
  const n = CONFLICT_WAITS_S.length;
  for (const [i, wait] of CONFLICT_WAITS_S.entries()) {
    adapterLog(
      sim,
      'telegram',
      'WARNING',
      `Telegram polling conflict (${i + 1}/${n}) — previous session still held open on Telegram's servers. Waiting ${wait}s for it to expire. Error: ${CONFLICT_ERROR}`,
    );
    await pause(sim, wait * MS_PER_S);
    adapterLog(
      sim,
      'telegram',
      'WARNING',
      `Telegram polling retry ${i + 1}/${n} failed: ${CONFLICT_ERROR}. Scheduling next attempt.`,
    );
  }
  adapterLog(sim, 'telegram', 'ERROR', `${CONFLICT_GIVE_UP} Original error: ${CONFLICT_ERROR}`);
  setFatal(sim, 'telegram', 'telegram_polling_conflict', CONFLICT_GIVE_UP);
  runLog(sim, 'ERROR', `Fatal telegram adapter error (telegram_polling_conflict): ${CONFLICT_GIVE_UP}`);
}

const LOGGED_OUT = '❌ Logged out. Delete session and restart to re-authenticate.';
const BRIDGE_EXITED = 'WhatsApp bridge process exited unexpectedly (code 1).';

function bridgeDiesLoggedOut(sim: Sim): void {
  bridgeLog(sim, LOGGED_OUT);
  printed('[Whatsapp] Bridge process died (exit code 1)');
  printed(`[Whatsapp] Check log: ${sim.paths.bridgeLog}`);
  printed('[Whatsapp]   If session expired, re-pair: hermes whatsapp');
}

/** WhatsApp unlinked the device: the bridge exits on every start until someone re-pairs (`hermes whatsapp`). */
export async function whatsappLoggedOut(sim: Sim): Promise<void> {
  await writeFile(sim.paths.whatsappLoggedOut, new Date(systemClock.now()).toISOString() + '\n', 'utf8');
  bridgeLog(sim, '⚠️  Connection closed (reason: 401). Reconnecting in 3s...');
  await pause(sim, 30);
  bridgeLog(sim, LOGGED_OUT);
  adapterLog(sim, 'whatsapp', 'ERROR', BRIDGE_EXITED);
  setFatal(sim, 'whatsapp', 'whatsapp_bridge_exited', BRIDGE_EXITED);
  runLog(sim, 'ERROR', `Fatal whatsapp adapter error (whatsapp_bridge_exited): ${BRIDGE_EXITED}`);
  runLog(sim, 'INFO', 'whatsapp queued for background reconnection');
  // A retryable fatal on a primary is overwritten with `retrying`.
  sim.fatal.delete('whatsapp');
  setState(sim, {
    platform: 'whatsapp',
    platform_state: 'retrying',
    error_code: 'whatsapp_bridge_exited',
    error_message: BRIDGE_EXITED,
  });
  await whatsappRespawnLoop(sim);
}

/** The runner's watcher respawns the bridge forever (backoff 30 s doubling to 300 s); each one logs out again. */
export async function whatsappRespawnLoop(sim: Sim): Promise<void> {
  sim.current!.whatsappDown = true;
  for (let attempt = 1; ; attempt++) {
    const next = Math.min(30 * 2 ** (attempt - 1), 300);
    runLog(sim, 'INFO', `Reconnecting whatsapp (attempt ${attempt})...`);
    adapterLog(sim, 'whatsapp', 'INFO', `Bridge found at ${bridgeScript()}`);
    await pause(sim, 30);
    bridgeDiesLoggedOut(sim);
    runLog(sim, 'INFO', `Reconnect whatsapp failed, next retry in ${next}s`);
    setState(sim, { platform: 'whatsapp', platform_state: 'retrying', error_message: 'failed to reconnect' });
    await pause(sim, next * MS_PER_S);
  }
}

const DISCORD_EXIT = 'Shard ID None WebSocket closed with 1006';

/** Profile ops' Discord gateway task dies; the secondary keeps `fatal` while its reconnect task retries (§3, trap 9). */
export async function profileDown(sim: Sim, profile = 'ops', platform = 'discord'): Promise<void> {
  const key = `${profile}:${platform}`;
  sim.current!.secondaries.set(key, false);
  adapterLog(sim, platform, 'ERROR', `Discord gateway task exited: ${DISCORD_EXIT}`, profile);
  setFatal(sim, key, 'discord_gateway_task_exited', `Discord gateway task exited: ${DISCORD_EXIT}`);
  runLog(
    sim,
    'ERROR',
    `Fatal ${platform} adapter error for multiplexed profile ${profile} (discord_gateway_task_exited)`,
  );
  for (let attempt = 1; ; attempt++) {
    const wait = Math.min(30 * 2 ** (attempt - 1), 300);
    runLog(sim, 'INFO', `Secondary ${platform} reconnect retry in ${wait}s (profile: ${profile})`);
    // Failed attempts log at DEBUG only.
    await pause(sim, wait * MS_PER_S);
  }
}

/**
 * The event loop stops for good (a blocking call on it): nothing is logged or written any more, the pid lives, and the
 * control socket still accepts connections into the kernel backlog but never reads them. Signals are not handled
 * either (Node runs their handlers on the loop): only SIGKILL ends it, as a supervisor's stop timeout would.
 */
export async function wedge(sim: Sim): Promise<never> {
  await sim.writes.flush();
  sim.hung = true;
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/** Baileys hands the bridge a new code about every 20 s (not compressed: a person scans it). */
const QR_REFRESH_MS = 20_000;
const QR_POLL_MS = 200;

/**
 * The bridge has no login (the session was deleted after a logout) and prints a QR code the way bridge.js @00561603
 * does: `console.log('\n📱 Scan this QR code with WhatsApp on your phone:\n')`, qrcode-terminal's small rows, then
 * `console.log('\nWaiting for scan...\n')`; a new code every 20 s, until `heal` links it (`✅ WhatsApp connected!`).
 */
export async function whatsappQr(sim: Sim): Promise<void> {
  await writeFile(sim.paths.whatsappQr, new Date(systemClock.now()).toISOString() + '\n', 'utf8');
  bridgeLog(sim, LOGGED_OUT);
  await whatsappQrLoop(sim);
}

async function whatsappQrLoop(sim: Sim): Promise<void> {
  sim.current!.whatsappDown = true;
  for (let n = 0; ; n++) {
    const rows = DEMO_QR_CODES[n % DEMO_QR_CODES.length]!;
    bridgeLog(
      sim,
      ['', '📱 Scan this QR code with WhatsApp on your phone:', '', ...rows, '', '', 'Waiting for scan...', ''].join(
        '\n',
      ),
    );
    for (let waited = 0; waited < QR_REFRESH_MS; waited += QR_POLL_MS) {
      await pause(sim, QR_POLL_MS);
      if (await exists(sim.paths.whatsappQr)) continue;
      // Scanned (the demo's heal): the bridge is linked.
      bridgeLog(sim, '✅ WhatsApp connected!');
      markConnected(sim, 'whatsapp');
      sim.current!.whatsappDown = false;
      return;
    }
  }
}
