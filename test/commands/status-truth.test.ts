// /status tells one truth: a dead gateway's platforms are unknown (not "connected" from a stale state file), a
// disconnect inside the grace is shown as such and is not "healthy", and every time carries seconds in the host's zone.
// Real files (gateway.pid, gateway_state.json, gateway.log) and a real `gateway run` process.
// The host zone is not UTC here, so a UTC time copied from the state file without conversion shows up as wrong.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostZoneForThisFile } from '../helpers/zone.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { cleanup, exited, spawnIdle, startTicksOf } from '../helpers/probe-procs.js';
import { renderText } from '../../src/delivery/render-text.js';
import { formatTime } from '../../src/util/time.js';
import type { Reply } from '../../src/types.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

hostZoneForThisFile('Asia/Shanghai');

const say = (text: string) => h!.say(text);
const text = (rs: Reply[]) => rs.map((r) => renderText(r)).join('\n');

/** Hermes writes gateway.log in local time without a zone: `2026-06-22 16:00:03,116`. */
function logTs(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

/** A real process whose argv says `gateway run`, recorded in gateway.pid the way Hermes writes it. */
async function gatewayProcess(home: string) {
  const child = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home }); // as Hermes runs: its home in the environment
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
  return { child, pid };
}

function writeState(home: string, pid: number, platforms: Record<string, { state: string; updated_at: string }>) {
  const p = Object.fromEntries(
    Object.entries(platforms).map(([k, v]) => [k, { error_code: null, error_message: null, ...v }]),
  );
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
      platforms: p,
      updated_at: Object.values(platforms)[0]!.updated_at,
    }),
  );
}

describe('/status with the gateway down', () => {
  it('shows the platforms as unknown with when they were last seen, in local time with seconds', async () => {
    h = await startHarness({ start: false });
    const { child, pid } = await gatewayProcess(h.hermesHome);
    child.kill('SIGKILL');
    await exited(child);
    // The state file survives SIGKILL and keeps saying running / connected (UTC times, as Hermes writes them).
    writeState(h.hermesHome, pid, {
      feishu: { state: 'connected', updated_at: '2026-06-22T08:00:03.116204+00:00' },
      qqbot: { state: 'connected', updated_at: '2026-06-22T08:00:03.960118+00:00' },
    });
    const r = (await say('/status'))[0]!;
    const out = renderText(r);
    expect(out).toMatch(/process\s+DOWN/);
    // 08:00:03 UTC is 16:00:03 in Asia/Shanghai.
    expect(r.fields).toContainEqual({ label: 'Feishu', value: 'unknown (last seen connected at 06-22 16:00:03)' });
    expect(r.fields).toContainEqual({ label: 'QQ', value: 'unknown (last seen connected at 06-22 16:00:03)' });
    expect(out).not.toMatch(/Feishu\s+connected/);
    // The stale gateway_state.json is not shown as the truth either, under a person's label (not the file's key).
    expect(r.fields?.find((f) => f.label === 'Hermes state')?.value ?? '').toMatch(
      /^running \(stale: written by pid \d+, which is not running\)$/,
    );
    expect(r.title).not.toMatch(/healthy/);
    // The budget says what counts against it (a bare `0/3` did not).
    expect(r.fields?.find((f) => f.label === 'budget')?.value).toMatch(
      /^restarts 0\/3 in 1h \(automatic restarts that failed, or whose cause came back, count\)$/,
    );
  });

  it('says it in Chinese too', async () => {
    h = await startHarness({ start: false, config: { locale: 'zh-CN' } });
    const { child, pid } = await gatewayProcess(h.hermesHome);
    child.kill('SIGKILL');
    await exited(child);
    writeState(h.hermesHome, pid, {
      feishu: { state: 'connected', updated_at: '2026-06-22T08:00:03.116204+00:00' },
      qqbot: { state: 'connected', updated_at: '2026-06-22T08:00:03.960118+00:00' },
    });
    const r = (await say('/status'))[0]!;
    expect(r.fields).toContainEqual({ label: '飞书', value: '未知（最后一次看到时为已连接，06-22 16:00:03）' });
  });
});

describe('/status inside the disconnect grace', () => {
  async function qqDropped(agoMs: number, locale?: 'zh-CN', after: (drop: number) => string[] = () => []) {
    h = await startHarness({ start: false, config: locale ? { locale } : {} });
    const home = h.hermesHome;
    const { pid } = await gatewayProcess(home);
    const now = Date.now();
    const start = now - 10 * 60_000;
    const drop = now - agoMs;
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    writeFileSync(
      path.join(home, 'logs', 'gateway.log'),
      [
        `${logTs(start)} INFO gateway.run: Starting Hermes Gateway...`,
        `${logTs(start + 1400)} INFO hermes_plugins.feishu_platform.adapter: [Feishu] Connected in websocket mode (feishu)`,
        `${logTs(start + 1401)} INFO gateway.run: ✓ feishu connected`,
        `${logTs(start + 2150)} INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket connected to wss://api.sgroup.qq.com/websocket`,
        `${logTs(start + 2151)} INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Connected`,
        `${logTs(start + 2152)} INFO gateway.run: ✓ qqbot connected`,
        `${logTs(start + 2153)} INFO gateway.run: Gateway running with 2 platform(s)`,
        `${logTs(drop)} WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket closed: code=1006 reason=`,
        `${logTs(drop + 1)} INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnecting in 2s (attempt 1)...`,
        ...after(drop),
        '',
      ].join('\n'),
    );
    writeState(home, pid, {
      feishu: { state: 'connected', updated_at: new Date(start + 1401).toISOString() },
      // A failed reconnect rewrites updated_at: the drop in the log dates the outage, not this.
      qqbot: { state: 'disconnected', updated_at: new Date(drop + 20_000).toISOString() },
    });
    return { start, drop };
  }

  it('says the platform is disconnected within the grace, and the headline is not "healthy"', async () => {
    const { start } = await qqDropped(40_000);
    const r = (await say('/status'))[0]!;
    const qq = r.fields?.find((f) => f.label === 'QQ')?.value;
    expect(qq).toMatch(/^disconnected 4[0-9]s ago, within the 1m 30s grace$/);
    expect(r.fields).toContainEqual({ label: 'Feishu', value: `connected since ${formatTime(start + 1401)}` });
    expect(r.title).toBe('default: recovering');
    expect(r.tone).toBe('warning');
    // Nothing to restart yet: the first action is to look, not to restart.
    expect(r.buttons?.[0]?.command).not.toMatch(/^\/restart/);
  });

  it('says it in Chinese too', async () => {
    await qqDropped(40_000, 'zh-CN');
    const r = (await say('/status'))[0]!;
    expect(r.fields?.find((f) => f.label === 'QQ')?.value).toMatch(/^已断开 4[0-9] 秒前，仍在 1 分钟 30 秒的宽限期内$/);
    expect(r.title).toBe('default：恢复中');
  });

  it('a reconnect the log shows after the state file was written is connected, not a drop', async () => {
    await qqDropped(60_000, undefined, (drop) => [
      `${logTs(drop + 30_000)} INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket connected to wss://api.sgroup.qq.com/websocket`,
      `${logTs(drop + 30_001)} INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnected`,
    ]);
    const r = (await say('/status'))[0]!;
    expect(r.fields?.find((f) => f.label === 'QQ')?.value).toMatch(
      /^connected since \d\d-\d\d \d\d:\d\d:\d\d \(from the log; gateway_state.json still says disconnected\)$/,
    );
    expect(r.title).toBe('default: healthy');
  });

  it('past the grace it is a problem, not recovering', async () => {
    await qqDropped(120_000);
    const r = (await say('/status'))[0]!;
    expect(r.title).toMatch(/^default: 1 problem/);
    expect(text([r])).toMatch(/QQ/);
  });

  it('all connected is healthy, with seconds on every time', async () => {
    h = await startHarness({ start: false });
    const { pid } = await gatewayProcess(h.hermesHome);
    const at = Date.now() - 5 * 60_000;
    writeFileSync(
      path.join(h.hermesHome, 'logs', 'gateway.log'),
      `${logTs(at)} INFO gateway.run: Starting Hermes Gateway...\n${logTs(at + 1)} INFO gateway.run: ✓ feishu connected\n${logTs(at + 2)} INFO gateway.run: ✓ qqbot connected\n${logTs(at + 3)} INFO gateway.run: Gateway running with 2 platform(s)\n`,
    );
    writeState(h.hermesHome, pid, {
      feishu: { state: 'connected', updated_at: new Date(at + 1).toISOString() },
      qqbot: { state: 'connected', updated_at: new Date(at + 2).toISOString() },
    });
    await say('/mute 1h');
    const r = (await say('/status'))[0]!;
    expect(r.title).toBe('default: healthy');
    expect(r.fields).toContainEqual({ label: 'QQ', value: `connected since ${formatTime(at + 2)}` });
    expect(r.fields?.find((f) => f.label === 'muted')?.value).toMatch(
      /^until \d\d-\d\d \d\d:\d\d:\d\d \(the operator at the console\)$/,
    );
  });
});

describe('times elsewhere', () => {
  it('/history shows the audit log (UTC on disk) in local time with seconds', async () => {
    h = await startHarness({ start: false });
    await say('/mute 1h');
    const rec = (await h.auditRecords()).find((r) => r.type === 'command')!;
    expect(rec.ts).toMatch(/Z$/);
    const code = (await say('/history'))[0]!.code![0]!;
    const line = code.split('\n').find((l) => l.includes('/mute 1h'))!;
    const local = formatTime(rec.ts);
    expect(local).not.toBe(rec.ts.slice(5, 19).replace('T', ' ')); // Asia/Shanghai is 8 hours ahead
    expect(line.startsWith(`${local} `)).toBe(true);
  });

  it("formatTime names a zone that is not the host's", () => {
    const ms = Date.parse('2026-06-22T08:00:03.116Z');
    expect(formatTime(ms)).toBe('06-22 16:00:03');
    expect(formatTime('2026-06-22T08:00:03.116204+00:00')).toBe('06-22 16:00:03');
    expect(formatTime(ms, 'UTC')).toBe('06-22 08:00:03 UTC');
    expect(formatTime(ms, 'Asia/Shanghai')).toBe('06-22 16:00:03');
    expect(formatTime('not a time')).toBe('not a time');
  });
});

describe('/status on a current Hermes', () => {
  it('names the version it found and, during `hermes update`, says "updating since" instead of raising anything', async () => {
    h = await startHarness({ start: false });
    const { child, pid } = await gatewayProcess(h.hermesHome);
    const now = Date.now();
    const at = new Date(now - 30_000).toISOString().replace('Z', '+00:00');
    writeFileSync(
      path.join(h.hermesHome, 'gateway_state.json'),
      JSON.stringify({
        pid,
        kind: 'hermes-gateway',
        start_time: 1,
        gateway_state: 'running',
        exit_reason: null,
        restart_requested: false,
        active_agents: 0,
        platforms: {
          feishu: { state: 'connected', updated_at: at, error_code: null, error_message: null },
          qqbot: { state: 'connected', updated_at: at, error_code: null, error_message: null },
          'coder:whatsapp': {
            state: 'disabled',
            updated_at: at,
            error_code: 'multiplex_shared_ingress',
            error_message: null,
          },
        },
        updated_at: at,
        code_version: '0.21.3',
        served_profiles: ['default', 'coder'],
      }),
    );
    let r = (await say('/status'))[0]!;
    expect(r.fields).toContainEqual({ label: 'Hermes', value: '0.21.3, from gateway_state.json' });
    // WhatsApp is the default profile's ingress under multiplex: parked on purpose, not "starting", not down.
    expect(r.title).toBe('default: healthy');
    expect(r.fields).toContainEqual({
      label: 'WhatsApp in profile coder',
      value: 'not served here, on purpose (its messages arrive through the default profile)',
    });
    // /status only looks; the daemon's own judgement keeps the timeline.
    expect(h!.app.core.state.timelines.default).toBeUndefined();
    await h!.app.core.evaluate('default');
    expect(Object.keys(h!.app.core.state.timelines.default ?? {})).toEqual(['feishu', 'qqbot']);

    // `hermes update` stops the gateway and holds the home: <updater pid>\n<start epoch seconds>.
    child.kill('SIGTERM');
    await exited(child);
    const started = Math.floor(now / 1000) - 60;
    writeFileSync(path.join(h.hermesHome, '.hermes-update-in-progress'), `${process.pid}\n${started}\n`);
    r = (await say('/status'))[0]!;
    expect(r.title).toBe('default: updating');
    // The age is whatever the clock says by now (1m, or 1m 3s on a slow machine).
    expect(r.fields?.find((f) => f.label === 'update')?.value).toMatch(
      new RegExp(`^updating since ${formatTime(started * 1000)} \\(1m( \\d+s)?\\): no alerts, no restarts$`),
    );
    expect(r.tone).toBe('info');
  });
});
