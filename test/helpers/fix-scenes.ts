// Hermes homes in trouble, for /fix: a real `gateway run` process with its pid file and state file, and a fixture log
// (real Hermes formats) retimed so its last line is a moment ago. With `restartable`, the target's service is a
// `command` whose restart really replaces the gateway (a new process, pid file and state file) and runs `after`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnIdle, startTicksOf, tempDir, writeExecutable } from './probe-procs.js';
import { incidentAlert } from '../../src/delivery/alerts.js';
import type { Incident } from '../../src/incidents/machine.js';
import type { Alert, Finding, InboundMessage, Reply } from '../../src/types.js';
import { renderText } from '../../src/delivery/render-text.js';
import { readLiveProcess } from '../../src/probes/proc-identity.js';
import type { Harness } from './harness.js';
import { lastStamp, retimeLines } from './retime.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** A fixture's lines, shifted so the last timestamped one is `endAgoMs` before now (relative times kept). */
export function retimedFixture(name: string, endAgoMs = 30_000, extra: string[] = []): string {
  const lines = [...readFileSync(path.join(FIXTURES, name), 'utf8').split('\n').filter(Boolean), ...extra];
  const shift = Date.now() - endAgoMs - lastStamp(lines);
  return retimeLines(lines, (t) => t + shift).join('\n') + '\n';
}

export function stateJson(pid: number, platforms: Record<string, string | Record<string, unknown>>): string {
  const now = new Date().toISOString();
  const p = Object.fromEntries(
    Object.entries(platforms).map(([k, v]) => [
      k,
      typeof v === 'string' ? { state: v, updated_at: now } : { updated_at: now, ...v },
    ]),
  );
  return JSON.stringify({ pid, gateway_state: 'running', platforms: p, updated_at: now });
}

/** Starts `gateway run` for `home` (cleaned up by probe-procs' cleanup()), writes its pid and state files and gateway.log. */
export async function troubledGateway(
  home: string,
  o: { log: string; platforms: Record<string, string | Record<string, unknown>>; env?: NodeJS.ProcessEnv },
): Promise<{ pid: number }> {
  const gw = spawnIdle(['gateway', 'run'], { ...process.env, ...o.env, HERMES_HOME: home });
  const pid = gw.pid!;
  writeFileSync(
    path.join(home, 'gateway.pid'),
    JSON.stringify({
      pid,
      kind: 'hermes-gateway',
      argv: ['python', '-m', 'hermes', 'gateway', 'run'],
      start_time: await startTicksOf(pid),
    }),
  );
  writeFileSync(path.join(home, 'gateway_state.json'), stateJson(pid, o.platforms));
  writeFileSync(path.join(home, 'logs', 'gateway.log'), o.log);
  return { pid };
}

/**
 * A restart command for the target's `service`: stops the gateway of the pid file, starts a new `gateway run`
 * (detached; its pid goes to `<home>/new-gateway.pid` for cleanup), writes its pid and state files with `platforms`
 * connected and appends `bridgeLine` to bridge.log when given (the new gateway's bridge bound its port).
 */
export async function restartCommand(home: string, platforms: string[], bridgeLine?: string): Promise<string[]> {
  const script = path.join(home, 'restart.cjs');
  await writeExecutable(
    script,
    `const fs = require('fs'), path = require('path'), { spawn } = require('child_process');
const home = ${JSON.stringify(home)};
const old = JSON.parse(fs.readFileSync(path.join(home, 'gateway.pid'), 'utf8')).pid;
// As a service manager stops only its own: the recorded gateway may be dead, and its pid another process's since.
const ofHome = (pid) => { try { return fs.readFileSync('/proc/' + pid + '/environ', 'latin1').split('\\0').includes('HERMES_HOME=' + home); } catch { return false; } };
try { if (ofHome(old)) process.kill(old, 'SIGTERM'); } catch {}
const gw = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'gateway', 'run'], { detached: true, stdio: 'ignore', env: { ...process.env, HERMES_HOME: home } });
gw.unref();
fs.writeFileSync(path.join(home, 'new-gateway.pid'), String(gw.pid));
fs.writeFileSync(path.join(home, 'gateway.pid'), JSON.stringify({ pid: gw.pid, kind: 'hermes-gateway', argv: ['python', '-m', 'hermes', 'gateway', 'run'] }));
const now = new Date().toISOString();
fs.writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify({ pid: gw.pid, gateway_state: 'running', platforms: Object.fromEntries(${JSON.stringify(platforms)}.map((p) => [p, { state: 'connected', updated_at: now }])), updated_at: now }));
${bridgeLine ? `fs.appendFileSync(path.join(home, 'platforms', 'whatsapp', 'bridge.log'), ${JSON.stringify(bridgeLine + '\n')});` : ''}
`,
  );
  return [process.execPath, script];
}

/**
 * Two Hermes homes whose .env hold the same Telegram bot token, and a real `gateway run` of the other one polling it:
 * the watched home is `home` (its gateway is the caller's to start).
 */
/**
 * A bot token of this test's own: the poller scans look at every process on the host, and test files run side by side;
 * with one token for all, one file's /fix would find (and stop) another file's pollers.
 */
export function testBotToken(): string {
  const tail = Array.from({ length: 11 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
  return `123456789:AAFakeTokenForTestsOnly_${tail}`;
}

export async function sharedTokenHomes(
  prefix: string,
): Promise<{ home: string; other: string; token: string; poller: ReturnType<typeof spawnIdle> }> {
  const token = testBotToken();
  const base = await tempDir(prefix);
  const home = path.join(base, 'ops', '.hermes');
  const other = path.join(base, 'other', '.hermes');
  for (const d of [home, other]) {
    mkdirSync(path.join(d, 'logs'), { recursive: true });
    writeFileSync(path.join(d, '.env'), `TELEGRAM_BOT_TOKEN=${token}\n`);
  }
  return { home, other, token, poller: spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: other }) };
}

/**
 * The open alert the real alert builder makes for a stray poller (pid `pid`) the finding says to stop, then restart:
 * what a chat channel is handed (`over`: the finding otherwise). The process is not there: a press finds the fix no
 * longer applies.
 */
export function strayPollerAlert(
  target: string,
  pid: number,
  locale: 'en' | 'zh-CN' = 'en',
  over: Partial<Finding> = {},
): Alert {
  const finding: Finding = {
    check: 'telegram_polling_conflict',
    target,
    severity: 'critical',
    platform: 'telegram',
    title: 'Telegram polling conflict',
    explanation: 'Another process polls the same bot token.',
    action: 'Stop the other poller.',
    evidence: [],
    restart: 'never',
    remedies: [
      {
        kind: 'stop_process_then_restart',
        process: { pid, startTicks: 12345, argvHash: '0123456789abcdef', cmdline: 'python -m hermes gateway run' },
        why: 'it polls the same bot token',
      },
    ],
    ...over,
  };
  const now = Date.now();
  const incident: Incident = {
    id: `inc-${pid}`,
    key: `${target}:telegram_polling_conflict`,
    target,
    check: finding.check,
    platform: 'telegram',
    finding,
    status: 'open',
    openedAt: now,
    flapping: false,
    transitions: [now],
    downs: [now],
    notified: false,
  };
  return incidentAlert({ kind: 'open', incident }, locale, now, 30 * 60_000);
}

/** The operators the /fix scenes talk as: an admin and a viewer, both on Feishu. */
export const FIX_OPERATORS = [
  { name: 'alice', role: 'admin', feishu_open_id: 'ou_alice' },
  { name: 'victor', role: 'viewer', feishu_open_id: 'ou_victor' },
];

/** What a /fix scene does with its harness: say a message (or press a button: a card's callback carries its command as text) as alice, read replies, the fix.* audit. */
export function fixChat(harness: () => Harness) {
  return {
    async say(text: string, from: Partial<InboundMessage> = {}): Promise<Reply[]> {
      const replies: Reply[] = [];
      await harness().app.handle(
        { channel: 'feishu', senderId: 'ou_alice', text, ...from },
        async (r) => void replies.push(r),
      );
      return replies;
    },
    text: (rs: Reply[]) => rs.map((r) => renderText(r)).join('\n'),
    fixAudit: async () => (await harness().auditRecords()).filter((r) => r.type.startsWith('fix.')),
    alive: async (pid: number) => (await readLiveProcess(pid)) !== undefined,
  };
}
