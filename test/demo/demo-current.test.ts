// The demo gateway playing current Hermes (v0.21.3, a multiplexing root serving profiles coder and ops): each fault of
// issue 9 is injected into a real detached demo process in a temp home, judged by `gatewatch check` (the CLI's code in
// this process, its exit code and JSON: test/helpers/cli-run.ts), and `heal` brings it back to exit 0. The demo runs
// from dist/: `npm run build` before this alone.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createApp } from '../../src/app.js';
import pino from 'pino';
import type { GatewayStateFile } from '../../src/evidence.js';
import { demoStatus, demoTargetConfig, healDemo, injectFault, restartDemo, startDemo } from '../../src/demo/index.js';
import { probeControlSocket } from '../../src/probes/control-socket.js';
import { parseLogText, splitRuns } from '../../src/probes/log-parse.js';
import { until, where } from '../helpers/until.js';
import { signalOfHome } from '../helpers/probe-procs.js';
import { DEMO_QR_CODES } from '../../src/demo/whatsapp-qr-codes.js';
import { parseQrRows } from '../../src/util/qr-code.js';
import { DIST } from '../helpers/paths.js';
import { gatewatch as run } from '../helpers/cli-run.js';
import { systemClock } from '../../src/util/clock.js';

beforeAll(() => {
  if (!existsSync(path.join(DIST, 'demo', 'gateway.js')))
    throw new Error(`${DIST} is missing: run \`npm run build\` first`);
});

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** How long the demo gets for a step, and how often to look (its log and state files are small). */
const poll = { timeoutMs: 20_000, everyMs: 50 };

interface CheckFinding {
  check: string;
  severity: string;
  platform?: string;
  profile?: string;
  restart: string;
  evidence: string[];
}

const checksOf = (fs: CheckFinding[]) => fs.map((f) => `${f.check}${f.platform ? `@${f.platform}` : ''}`);

/** One request on the demo's control socket, the raw reply line. */
function rawRequest(socketPath: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const s = net.createConnection({ path: socketPath }, () => s.write(line));
    s.setEncoding('utf8');
    s.on('data', (d: string) => (buf += d));
    s.on('end', () => resolve(buf));
    s.on('error', reject);
    setTimeout(() => reject(new Error('no reply')), 5_000).unref();
  });
}

/**
 * A temp Hermes home of the test's own, and what the test does with it. The tests wait on the demo's real processes
 * far more than they compute, and each has its own home: they run side by side.
 */
async function demoHome(t: TestContext) {
  const home = await mkdtemp(path.join(os.tmpdir(), 'gw-demo21-'));
  const pids = new Set<number>();
  // The test's own hook (its context's), not the global onTestFinished: the tests run side by side, and a global one
  // registered after an await goes to whichever test finishes first, which then killed this test's gateway and
  // removed its home mid-run.
  t.onTestFinished(async () => {
    const rec = await readJson<{ pid?: number }>(path.join(home, 'gateway.pid'));
    if (rec?.pid) pids.add(rec.pid);
    const marker = Number(
      (await readFile(path.join(home, '.hermes-update-in-progress'), 'utf8').catch(() => '')).split('\n')[0],
    );
    if (marker > 0) pids.add(marker);
    signalOfHome(pids, home);
    await rm(home, { recursive: true, force: true });
  });

  const state = async () => (await readJson<GatewayStateFile>(path.join(home, 'gateway_state.json')))!;
  const logText = (file = path.join(home, 'logs', 'gateway.log')) => readFile(file, 'utf8').catch(() => '');
  const messages = async (file?: string) => parseLogText(await logText(file)).map((r) => r.message);

  const waitForMessage = (text: string, count = 1, file?: string) =>
    until(
      `${count}× "${text}"`,
      async () => (await messages(file)).filter((m) => m.includes(text)).length >= count,
      poll,
    );

  /** Start the demo as current Hermes and wait for the end of the `run`-th startup. */
  async function start(runNo = 1): Promise<number> {
    const r = await startDemo(home, { hermes: 'current' });
    expect(r.ok, r.error).toBe(true);
    pids.add(r.pid!);
    await waitForMessage('Gateway housekeeping started (interval=60s)', runNo);
    return r.pid!;
  }

  /** The config a user would write for this home: the demo's own target (its ctl script as the service). */
  async function configFile(): Promise<string> {
    const file = path.join(home, 'gatewatch.yaml');
    if (!existsSync(file)) {
      const t = demoTargetConfig(home);
      const list = (a: string[]) => `[${a.map((x) => JSON.stringify(x)).join(', ')}]`;
      await writeFile(
        file,
        [
          `state_dir: ${path.join(home, 'gw-state')}`,
          // The demo's reconnect loops run in seconds: a short grace, as the demo's own config has.
          'detect: { disconnect_grace: 1s }',
          'targets:',
          `  - name: ${t.name}`,
          `    hermes_home: ${t.hermes_home}`,
          `    platforms: ${list(t.platforms)}`,
          `    service: { manager: command, is_active: ${list(t.service.is_active)}, restart: ${list(t.service.restart)}, start: ${list(t.service.start)}, stop: ${list(t.service.stop)} }`,
        ].join('\n') + '\n',
      );
    }
    return file;
  }

  /** `gatewatch check --json`, as a user (or cron) runs it. */
  async function check(): Promise<{ code: number; findings: CheckFinding[] }> {
    const { code: exit, stdout, stderr } = await run(['check', '--json', '--config', await configFile()]);
    const code = exit ?? -1;
    try {
      return { code, findings: (JSON.parse(stdout) as { findings: CheckFinding[] }).findings };
    } catch {
      throw new Error(
        `gatewatch check --json (exit ${code}) printed no JSON: ${JSON.stringify(stdout)}; stderr: ${stderr}`,
      );
    }
  }

  const starts = async () => (await messages()).filter((m) => m.startsWith('Starting Hermes Gateway')).length;

  async function heal(): Promise<void> {
    const before = await starts();
    const r = await healDemo(home);
    expect(r.ok, r.error).toBe(true);
    pids.add(r.pid!);
    // healDemo returns once the new gateway has written its pid file, before it logs its start: without this wait,
    // expectHealthy could take the previous run's housekeeping line for this run's and check mid-startup.
    await waitForMessage('Starting Hermes Gateway', before + 1);
  }

  /**
   * After heal: the check a user runs is clean again, once the gateway heal started has ended its startup. Its own
   * housekeeping line, not a count of them: a run that heal stopped mid-startup (a test that restarted and went on at
   * the fault's line, before the housekeeping one) never logs it, and on a loaded box the count waited for it forever.
   */
  async function expectHealthy(): Promise<void> {
    await until(
      'the last start\'s "Gateway housekeeping started"',
      async () => {
        const m = await messages();
        const last = m.map((x) => x.startsWith('Starting Hermes Gateway')).lastIndexOf(true);
        return m.slice(last).includes('Gateway housekeeping started (interval=60s)');
      },
      poll,
    );
    const c = await check();
    expect(c.findings).toEqual([]);
    expect(c.code).toBe(0);
  }

  return { home, pids, state, logText, messages, waitForMessage, start, check, heal, expectHealthy };
}

// ---------------------------------------------------------------------------------------------------------------

describe('demo gateway playing current Hermes: healthy', { concurrent: true, timeout: 120_000 }, () => {
  it('is a multiplexing root in the current formats, serves the control socket in wire protocol v1, and checks clean', async (t) => {
    const d = await demoHome(t);
    const pid = await d.start();
    const s = await d.state();
    expect(Object.keys(s)).toEqual([
      'pid',
      'kind',
      'argv',
      'start_time',
      'hermes_home',
      'gateway_state',
      'exit_reason',
      'restart_requested',
      'active_agents',
      'platforms',
      'session_store',
      'updated_at',
      'code_sha',
      'code_version',
      'served_profiles',
    ]);
    expect(s).toMatchObject({
      pid,
      hermes_home: d.home,
      gateway_state: 'running',
      code_version: '0.21.3',
      served_profiles: ['default', 'coder', 'ops'],
      session_store: { status: 'ok' },
    });
    for (const k of ['feishu', 'qqbot', 'telegram', 'whatsapp', 'coder:telegram', 'ops:discord']) {
      expect(s.platforms[k], k).toMatchObject({ state: 'connected', writer_pid: pid, writer_start_time: s.start_time });
    }
    expect(s.platforms['coder:whatsapp']).toMatchObject({ state: 'disabled', error_code: 'multiplex_shared_ingress' });
    expect(await readJson(path.join(d.home, 'gateway.pid'))).toMatchObject({ pid, hermes_home: d.home });
    // A served profile's adapter lines are in its own logs; the runner's line for it in the root's.
    expect(await d.messages(path.join(d.home, 'profiles', 'ops', 'logs', 'gateway.log'))).toContain(
      '[Discord] Connected as ops-bot#4821',
    );
    expect(await d.messages()).toContain('✓ discord connected (profile: ops)');
    expect(await d.messages()).toContain(`Gateway control socket listening at ${d.home}/gateway.sock`);

    // The socket: owner-only, answered in Python's json.dumps format, unknown verbs refused with the real shape.
    const sock = path.join(d.home, 'gateway.sock');
    expect((await stat(sock)).mode & 0o777).toBe(0o600);
    const raw = await rawRequest(sock, '{"verb": "identify", "id": 1, "protocol": 1}\n');
    expect(raw).toMatch(
      /^\{"ok": true, "protocol": 1, "result": \{"protocol": 1, "kind": "hermes-gateway", "pid": \d+, "start_time": \d+, "hermes_home": ".*", "profile": "default", "supervisor": "\w+", "code_sha": "00067189dfecf833d4d009c2dd977ae85cf800e0", "code_version": "0.21.3", "served_profiles": \["default", "coder", "ops"\]\}, "id": 1\}\n$/,
    );
    expect(JSON.parse(await rawRequest(sock, '{"verb": "frobnicate", "id": 7, "protocol": 1}\n'))).toEqual({
      ok: false,
      error: "unknown verb: 'frobnicate'",
      protocol: 1,
      supported_verbs: ['identify', 'status', 'pause-for-update'],
      id: 7,
    });
    // gatewatch's own client: identify and status.
    const probed = await probeControlSocket(d.home, { clock: systemClock, status: true });
    expect(probed).toMatchObject({
      outcome: 'answered',
      identify: { pid, code_version: '0.21.3', served_profiles: ['default', 'coder', 'ops'] },
    });
    expect(probed.status?.platforms['ops:discord']?.state).toBe('connected');

    expect(await d.check()).toEqual({ code: 0, findings: [] });
  });
});

describe('demo gateway playing current Hermes: faults, judged by `gatewatch check`, then healed', {
  concurrent: true,
  timeout: 120_000,
}, () => {
  it('telegram-conflict: five conflict retries, then telegram_polling_conflict (restart never); a restart meets the other poller again', async (t) => {
    const d = await demoHome(t);
    await d.start();
    await injectFault(d.home, 'telegram-conflict');
    await d.waitForMessage('Fatal telegram adapter error (telegram_polling_conflict)');
    const msgs = await d.messages();
    expect(
      msgs.filter((m) =>
        /^\[Telegram\] Telegram polling conflict \(\d\/5\) — previous session still held open on Telegram's servers\. Waiting \d+s for it to expire\. Error: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running$/.test(
          m,
        ),
      ),
    ).toHaveLength(5);
    expect(msgs).toContainEqual(
      expect.stringMatching(
        /^\[Telegram\] Telegram polling could not recover after 5 retries \(200s total wait\)\. .* Original error: Conflict: terminated by other getUpdates request/,
      ),
    );
    let c = await d.check();
    expect(c.code).toBe(2);
    expect(checksOf(c.findings)).toEqual(['telegram_polling_conflict@telegram']);
    expect(c.findings[0]!.restart).toBe('never');

    // A restart alone does not help while the other poller runs.
    expect((await restartDemo(d.home)).ok).toBe(true);
    d.pids.add((await demoStatus(d.home)).pid!);
    await d.waitForMessage('Fatal telegram adapter error (telegram_polling_conflict)', 2);
    c = await d.check();
    expect(checksOf(c.findings)).toEqual(['telegram_polling_conflict@telegram']);

    await d.heal();
    await d.expectHealthy();
  });

  it('whatsapp-logged-out: bridge.log says logged out, Hermes respawns the bridge forever → platform_auth_failed; a restart does not re-pair', async (t) => {
    const d = await demoHome(t);
    await d.start();
    await injectFault(d.home, 'whatsapp-logged-out');
    await d.waitForMessage('Reconnect whatsapp failed, next retry in 30s');
    const bridge = (await readFile(path.join(d.home, 'platforms', 'whatsapp', 'bridge.log'), 'utf8')).split('\n');
    expect(bridge).toContain('⚠️  Connection closed (reason: 401). Reconnecting in 3s...');
    expect(bridge).toContain('❌ Logged out. Delete session and restart to re-authenticate.');
    expect(await d.messages()).toContain('[Whatsapp] WhatsApp bridge process exited unexpectedly (code 1).');
    expect((await d.state()).platforms.whatsapp).toMatchObject({ state: 'retrying' });
    let c = await d.check();
    expect(c.code).toBe(2);
    expect(checksOf(c.findings)).toEqual(['platform_auth_failed@whatsapp']);
    expect(c.findings[0]!.restart).toBe('never');
    expect(c.findings[0]!.evidence.join('\n')).toContain('bridge.log: ❌ Logged out.');

    expect((await restartDemo(d.home)).ok).toBe(true);
    d.pids.add((await demoStatus(d.home)).pid!);
    await d.waitForMessage('✗ whatsapp failed to connect');
    // A check in the same instant as that line once also said startup_incomplete (one full run in six, this stop);
    // the verdict it settles on is the one asserted.
    c = await until(
      'the check settled on the logged-out bridge',
      where(
        () => d.check(),
        (x) => checksOf(x.findings).join() === 'platform_auth_failed@whatsapp',
      ),
      { timeoutMs: 30_000, everyMs: 500 },
    );
    expect(checksOf(c.findings)).toEqual(['platform_auth_failed@whatsapp']);

    await d.heal();
    await d.expectHealthy();
    expect(
      (await readFile(path.join(d.home, 'platforms', 'whatsapp', 'bridge.log'), 'utf8')).trim().split('\n').at(-1),
    ).toBe('✅ WhatsApp connected!');
  });

  it('whatsapp-qr: the bridge prints login QR codes as bridge.js does → whatsapp_qr_login (no restart, no code in the JSON); heal links it', async (t) => {
    const d = await demoHome(t);
    await d.start();
    await injectFault(d.home, 'whatsapp-qr');
    const bridgeLog = path.join(d.home, 'platforms', 'whatsapp', 'bridge.log');
    await until(
      'a QR code in bridge.log',
      async () => (await readFile(bridgeLog, 'utf8').catch(() => '')).includes('Waiting for scan...'),
      poll,
    );
    const text = await readFile(bridgeLog, 'utf8');
    // The bridge's exact output: header, blank, the rows, blank lines, `Waiting for scan...`.
    expect(text).toContain(
      '\n📱 Scan this QR code with WhatsApp on your phone:\n\n' +
        DEMO_QR_CODES[0]!.join('\n') +
        '\n\n\nWaiting for scan...\n\n',
    );
    expect(parseQrRows(DEMO_QR_CODES[0]!)).toHaveLength(49);
    const c = await d.check();
    expect(checksOf(c.findings)).toEqual(['whatsapp_qr_login@whatsapp']);
    expect(c.findings[0]!.restart).toBe('never');
    expect(JSON.stringify(c.findings)).not.toMatch(/[▀█]/);

    await d.heal();
    await d.expectHealthy();
    expect((await readFile(bridgeLog, 'utf8')).trim().split('\n').at(-1)).toBe('✅ WhatsApp connected!');
  });

  it('wedged: the pid lives, gateway.sock accepts but never answers → gateway_unresponsive (restart helps); heal kills and restarts it', async (t) => {
    const d = await demoHome(t);
    const pid = await d.start();
    await injectFault(d.home, 'wedged');
    // The fault taken and the loop blocked: the socket still accepts, and answers no more.
    const probed = await until(
      'the control socket to go silent',
      where(
        () => probeControlSocket(d.home, { clock: systemClock, timeoutMs: 500 }),
        (x) => x.outcome === 'silent',
      ),
      poll,
    );
    expect(probed.outcome).toBe('silent');
    expect((await demoStatus(d.home)).alive).toBe(true);
    const c = await d.check();
    expect(c.code).toBe(2);
    expect(checksOf(c.findings)).toEqual(['gateway_unresponsive']);
    expect(c.findings[0]!.restart).toBe('helps');
    // SIGTERM goes unanswered too (its handler runs on the loop): the stop escalates to SIGKILL.
    await d.heal();
    expect((await demoStatus(d.home)).pid).not.toBe(pid);
    await d.expectHealthy();
  });

  it('update: the live claim keeps it silent and /status says updating; the update ends by itself and it checks clean', async (t) => {
    const d = await demoHome(t);
    const pid = await d.start();
    // Long enough for a check and a /status on a busy box (15 s was not, at load 10): they must see the update live.
    const r = await injectFault(d.home, 'update', { updateWindowMs: 30_000 });
    expect(r).toMatchObject({ ok: true, delivered: true });
    d.pids.add(r.pid!);
    await until('the gateway to stop for the update', async () => !(await demoStatus(d.home)).alive, poll);
    const [updater, started] = (await readFile(path.join(d.home, '.hermes-update-in-progress'), 'utf8')).split('\n');
    expect(Number(updater)).toBe(r.pid);
    expect(Math.abs(Number(started) * 1000 - Date.now())).toBeLessThan(20_000);
    // The updater asked the gateway over its socket: a restart requested through the service, exit 75 (its last lines
    // may land just after its pid file is gone, on a busy box).
    const said = [
      'Stopping gateway for restart...',
      'Exiting with code 75 (service-restart requested) so the service manager relaunches the gateway.',
    ];
    const last = await until(
      'its exit 75 logged',
      async () => {
        const { run } = splitRuns(parseLogText(await d.logText()));
        const messages = run.map((x) => x.message);
        return said.every((m) => messages.includes(m)) ? messages : undefined;
      },
      poll,
    );
    expect(last).toEqual(expect.arrayContaining(said));
    expect(await d.state()).toMatchObject({ pid, gateway_state: 'stopped', restart_requested: true });
    expect(existsSync(path.join(d.home, 'gateway.sock'))).toBe(false);

    expect(await d.check()).toEqual({ code: 0, findings: [] });
    // What /status is built from: gatewatch's own evaluation of the home.
    const config = resolveConfig(
      configSchema.parse({ state_dir: path.join(d.home, 'gw-app'), targets: [demoTargetConfig(d.home)] }),
      undefined,
    );
    const app = await createApp(config, { log: pino({ level: 'silent' }), readOnly: true });
    const replies: unknown[] = [];
    await app.handle({ channel: 'cli', senderId: 'local', text: '/status demo' }, async (x) => void replies.push(x));
    await app.stop();
    expect(JSON.stringify(replies)).toMatch(/updating/);
    // A heal does not cut into a live update.
    expect((await healDemo(d.home)).ok).toBe(false);

    await until('the update to finish', async () => !existsSync(path.join(d.home, '.hermes-update-in-progress')), {
      ...poll,
      timeoutMs: 60_000,
    });
    expect((await readFile(path.join(d.home, 'logs', 'update.log'), 'utf8')).trim().split('\n').at(-1)).toBe(
      '✓ Update complete!',
    );
    d.pids.add((await demoStatus(d.home)).pid!);
    // The updater's start returns once the pid file is written, before the new run logs its start: without this
    // wait, expectHealthy took the pre-update run's housekeeping line for this run's and checked mid-startup.
    await d.waitForMessage('Starting Hermes Gateway', 2);
    await d.expectHealthy();
  });

  it('update-stuck: the updater dies once the gateway is down, its claim left behind → update_stuck, not process_down; heal → clean', async (t) => {
    const d = await demoHome(t);
    await d.start();
    const r = await injectFault(d.home, 'update-stuck');
    expect(r.ok).toBe(true);
    await until('the gateway to stop', async () => !(await demoStatus(d.home)).alive, poll);
    await until(
      'the updater to die',
      () => {
        try {
          process.kill(r.pid!, 0);
          return false;
        } catch {
          return true;
        }
      },
      poll,
    );
    expect(existsSync(path.join(d.home, '.hermes-update-in-progress'))).toBe(true);
    const c = await d.check();
    expect(c.code).toBe(2);
    expect(checksOf(c.findings)).toEqual(['update_stuck']);
    await d.heal();
    expect(existsSync(path.join(d.home, '.hermes-update-in-progress'))).toBe(false);
    await d.expectHealthy();
  });

  it('profile-down: served profile ops loses Discord (secondary stays fatal while retrying) → a per-profile platform_down; heal → clean', async (t) => {
    const d = await demoHome(t);
    await d.start();
    await injectFault(d.home, 'profile-down');
    await d.waitForMessage('Secondary discord reconnect retry in 30s (profile: ops)');
    expect(await d.messages()).toContain(
      'Fatal discord adapter error for multiplexed profile ops (discord_gateway_task_exited)',
    );
    expect(await d.messages(path.join(d.home, 'profiles', 'ops', 'logs', 'gateway.log'))).toContain(
      '[Discord] Discord gateway task exited: Shard ID None WebSocket closed with 1006',
    );
    expect((await d.state()).platforms['ops:discord']).toMatchObject({
      state: 'fatal',
      error_code: 'discord_gateway_task_exited',
    });
    // Judged once the grace of this config has passed: asked until then.
    const c = await until(
      'past the grace',
      where(
        () => d.check(),
        (x) => x.code === 2,
      ),
      { timeoutMs: 30_000, everyMs: 200 },
    );
    expect(c.code).toBe(2);
    expect(c.findings.map((f) => [f.check, f.platform, f.profile, f.restart])).toEqual([
      ['platform_down', 'ops:discord', 'ops', 'helps'],
    ]);
    await d.heal();
    await d.expectHealthy();
  });

  it('two causes in a row (Telegram conflict, then WhatsApp logged out) are both reported; one heal mends both', async (t) => {
    const d = await demoHome(t);
    await d.start();
    await injectFault(d.home, 'telegram-conflict');
    await d.waitForMessage('Fatal telegram adapter error (telegram_polling_conflict)');
    await injectFault(d.home, 'whatsapp-logged-out');
    await d.waitForMessage('Reconnect whatsapp failed');
    const c = await d.check();
    expect(c.code).toBe(2);
    expect(checksOf(c.findings).sort()).toEqual([
      'platform_auth_failed@whatsapp',
      'telegram_polling_conflict@telegram',
    ]);
    await d.heal();
    await d.expectHealthy();
  });
});

describe('switching the demo between Hermes versions', { concurrent: true, timeout: 120_000 }, () => {
  it('a current-Hermes fault injected into the v0.17 demo switches it at the next start and plays then', async (t) => {
    const d = await demoHome(t);
    const r0 = await startDemo(d.home);
    expect(r0.ok).toBe(true);
    d.pids.add(r0.pid!);
    await d.waitForMessage('Gateway housekeeping started (interval=60s)');
    expect((await d.state()).code_version).toBeUndefined();
    expect(existsSync(path.join(d.home, 'gateway.sock'))).toBe(false);

    const r = await injectFault(d.home, 'telegram-conflict');
    expect(r).toMatchObject({ ok: true, when: 'next-start', switched: 'current', delivered: false });
    await sleep(300); // a window for what must not come
    expect((await d.messages()).some((m) => m.includes('Telegram'))).toBe(false); // nothing plays on v0.17

    expect((await restartDemo(d.home)).ok).toBe(true);
    d.pids.add((await demoStatus(d.home)).pid!);
    await d.waitForMessage('Fatal telegram adapter error (telegram_polling_conflict)');
    expect((await d.state()).code_version).toBe('0.21.3');
    expect(checksOf((await d.check()).findings)).toEqual(['telegram_polling_conflict@telegram']);

    // And back: a v0.17-only fault switches it back to v0.17.
    expect(await injectFault(d.home, 'feishu-executor')).toMatchObject({
      ok: true,
      when: 'next-start',
      switched: 'legacy',
    });
  });
});
