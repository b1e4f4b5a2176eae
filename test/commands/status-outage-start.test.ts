// "Disconnected since" tells when the outage began: Hermes rewrites gateway_state.json's updated_at on every failed
// reconnect, so the state file's time made a platform down for ten minutes read as down for seconds. The start comes
// from the first disconnect line in the log (or the first evaluation that saw the platform down) and is kept in
// state.json, so a gatewatch restart that no longer sees that line (the log rotated past it) still says it.
// Real files (gateway.pid, gateway_state.json, gateway.log) and a real `gateway run` process; two gatewatch lives on
// one state_dir.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { hostZoneForThisFile } from '../helpers/zone.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { cleanup, spawnIdle, startTicksOf } from '../helpers/probe-procs.js';
import { manualClock } from '../helpers/clock.js';
import { createApp, type App } from '../../src/app.js';
import { formatTime } from '../../src/util/time.js';
import type { Reply } from '../../src/types.js';

let h: Harness | undefined;
let second: App | undefined;
afterEach(async () => {
  await second?.stop();
  second = undefined;
  await h?.close();
  h = undefined;
  await cleanup();
});

hostZoneForThisFile('Asia/Shanghai');

function logTs(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

async function gatewayProcess(home: string): Promise<number> {
  const child = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
  const pid = child.pid!;
  writeFileSync(
    path.join(home, 'gateway.pid'),
    JSON.stringify({
      pid,
      kind: 'hermes-gateway',
      argv: ['python', '-m', 'hermes', 'gateway', 'run'],
      start_time: await startTicksOf(pid),
    }),
  );
  return pid;
}

/** gateway_state.json as Hermes writes it after a failed reconnect: qqbot disconnected, updated_at just now. */
function writeState(home: string, pid: number, feishuAt: number, qqAt: number) {
  const at = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
  const platforms = {
    feishu: { state: 'connected', updated_at: at(feishuAt), error_code: null, error_message: null },
    qqbot: { state: 'disconnected', updated_at: at(qqAt), error_code: null, error_message: null },
  };
  writeFileSync(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid,
      kind: 'hermes-gateway',
      start_time: 1,
      gateway_state: 'running',
      exit_reason: null,
      restart_requested: false,
      active_agents: 0,
      platforms,
      updated_at: at(qqAt),
    }),
  );
}

/** One failed QQ reconnect as Hermes v0.17 logs it (reference §4.1): the attempt, its error, the retry's close noise. */
function failedReconnect(at: number, attempt: number): string[] {
  return [
    `${logTs(at)} INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnecting in 2s (attempt ${attempt})...`,
    `${logTs(at + 2_100)} WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnect failed: Cannot connect to host api.sgroup.qq.com:443 ssl:default [Temporary failure in name resolution]`,
  ];
}

const ask = async (app: App, text: string): Promise<Reply[]> => {
  const out: Reply[] = [];
  await app.handle({ channel: 'console', senderId: 'local', text }, async (r) => void out.push(r));
  return out;
};
const qqField = (rs: Reply[]) => rs[0]!.fields?.find((f) => f.label === 'QQ')?.value;

describe('/status dates an outage from its first disconnect', () => {
  it('says when QQ dropped (not when Hermes last rewrote the state file), and still does after gatewatch restarts past a log rotation', async () => {
    h = await startHarness({ start: false });
    const home = h.hermesHome;
    const logs = path.join(home, 'logs');
    const pid = await gatewayProcess(home);
    const now = Date.now();
    const start = now - 20 * 60_000;
    const drop = now - 10 * 60_000;
    const retries = Array.from({ length: 9 }, (_, i) => failedReconnect(drop + 60_000 * (i + 1) - 5_000, i + 1)).flat();
    writeFileSync(
      path.join(logs, 'gateway.log'),
      [
        `${logTs(start)} INFO gateway.run: Starting Hermes Gateway...`,
        `${logTs(start + 1401)} INFO gateway.run: ✓ feishu connected`,
        `${logTs(start + 2150)} INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket connected to wss://api.sgroup.qq.com/websocket`,
        `${logTs(start + 2151)} INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Connected`,
        `${logTs(start + 2152)} INFO gateway.run: ✓ qqbot connected`,
        `${logTs(start + 2153)} INFO gateway.run: Gateway running with 2 platform(s)`,
        `${logTs(drop)} WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket closed: code=1006 reason=`,
        ...retries,
        '',
      ].join('\n'),
    );
    // The last failed reconnect rewrote updated_at 5 s ago.
    writeState(home, pid, start + 1401, now - 5_000);

    const first = await h.say('/status');
    expect(qqField(first)).toMatch(new RegExp(`^disconnected since ${formatTime(drop)} \\(10m( \\d+s)?\\)`));
    // The daemon's evaluation keeps it; stopping writes state.json.
    await h.app.core.evaluate('default');
    await h.app.stop();

    // Hermes' log rotated twice while gatewatch was away: the drop is in gateway.log.2, which nobody reads; the
    // current log has only the retries since (mid-run, no start line), and updated_at moved on again.
    renameSync(path.join(logs, 'gateway.log'), path.join(logs, 'gateway.log.2'));
    const later = Date.now();
    writeFileSync(path.join(logs, 'gateway.log.1'), `${failedReconnect(later - 30_000, 10).join('\n')}\n`);
    writeFileSync(path.join(logs, 'gateway.log'), `${failedReconnect(later - 3_000, 11).join('\n')}\n`);
    writeState(home, pid, start + 1401, later - 1_000);

    second = await createApp(h.config, { log: pino({ level: 'silent' }), restartPollMs: 200 });
    const again = await ask(second, '/status');
    expect(qqField(again)).toMatch(new RegExp(`^disconnected since ${formatTime(drop)} \\(10m( \\d+s)?\\)`));
  });

  it('without a disconnect line, dates it from the first evaluation that saw it down, across a gatewatch restart, in Chinese too', async () => {
    const clock = manualClock();
    h = await startHarness({ start: false, config: { locale: 'zh-CN' }, appOptions: { clock } });
    const home = h.hermesHome;
    const pid = await gatewayProcess(home);
    const t0 = clock.now();
    // A log that says nothing about QQ (mid-run, quiet), a state file that says disconnected as of t0.
    writeFileSync(
      path.join(home, 'logs', 'gateway.log'),
      `${logTs(t0 - 60 * 60_000)} INFO gateway.run: ✓ feishu connected\n`,
    );
    writeState(home, pid, t0 - 60 * 60_000, t0);
    await h.app.core.evaluate('default');
    await h.app.stop();

    // Seven minutes on, Hermes has rewritten updated_at after another failed reconnect.
    await clock.sleep(7 * 60_000);
    writeState(home, pid, t0 - 60 * 60_000, clock.now() - 2_000);
    second = await createApp(h.config, { log: pino({ level: 'silent' }), restartPollMs: 200, clock });
    expect(qqField(await ask(second, '/status'))).toBe(`已断开，自 ${formatTime(t0)} 起（已 7 分钟）`);

    // Connected again: the kept start is done with; the next outage is dated afresh.
    writeState(home, pid, t0 - 60 * 60_000, clock.now());
    const conn = JSON.parse(readFileSync(path.join(home, 'gateway_state.json'), 'utf8'));
    conn.platforms.qqbot.state = 'connected';
    writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify(conn));
    await second.core.evaluate('default');
    expect(second.core.state.outages.default).toEqual({});
  });
});
