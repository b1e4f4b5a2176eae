// gatewatch's own state files after hostile edits and crashes: valid JSON of the wrong shape is set aside record by
// record (never a crash loop, never a silent watchdog), and temp files a SIGKILL left behind are removed at start.
import { execFile, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createApp, type App } from '../../src/app.js';
import { openOutbox } from '../../src/delivery/outbox.js';
import { step } from '../../src/incidents/machine.js';
import type { Alert, Channel, Finding } from '../../src/types.js';
import { until } from '../helpers/until.js';
import { CLI } from '../helpers/paths.js';
import { systemClock } from '../../src/util/clock.js';

const log = pino({ level: 'silent' });
const apps: App[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
});

function phone(name = 'phone') {
  const got: Alert[] = [];
  const ch: Channel = {
    name,
    interactive: false,
    start: async () => {},
    stop: async () => {},
    deliver: async (a) => (got.push(a), { status: 'sent' }),
    health: () => ({ name, ok: true, summary: '' }),
  };
  return { ch, got };
}

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-statefiles-'));
  const stateDir = path.join(dir, 'state');
  const home = path.join(dir, 'hermes');
  mkdirSync(stateDir);
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  const yaml = path.join(dir, 'config.yaml');
  writeFileSync(
    yaml,
    `state_dir: ${stateDir}\ntargets:\n  - { name: gw, hermes_home: ${home}, service: { manager: none } }\n`,
  );
  const config = resolveConfig(
    configSchema.parse({
      state_dir: stateDir,
      targets: [{ name: 'gw', hermes_home: home, service: { manager: 'none' } }],
    }),
    undefined,
  );
  return { dir, stateDir, yaml, config };
}

const finding = (target: string): Finding => ({
  check: 'process_down',
  target,
  severity: 'critical',
  title: 'down',
  explanation: 'e',
  action: 'a',
  evidence: ['line'],
  restart: 'helps',
});
const aside = (stateDir: string, name: string) => readdirSync(stateDir).filter((f) => f.startsWith(`${name}.corrupt-`));

describe('state files of the wrong shape', () => {
  it('`null` in state.json and outbox.json: commands still run (no stack trace), the files are set aside', async () => {
    const { stateDir, yaml } = setup();
    writeFileSync(path.join(stateDir, 'state.json'), 'null');
    writeFileSync(path.join(stateDir, 'outbox.json'), 'null');
    const r = await promisify(execFile)(process.execPath, [CLI, 'status', '--config', yaml], {
      env: { ...process.env, GATEWATCH_LOG_LEVEL: 'fatal' },
      timeout: 60_000,
    }).then(
      (x) => x,
      (e: { stdout: string; stderr: string }) => e,
    );
    expect(r.stderr).not.toMatch(/TypeError|at .*\.js/);
    expect(r.stdout).toMatch(/gw/);
    expect(aside(stateDir, 'state.json')).toHaveLength(1);
    expect(aside(stateDir, 'outbox.json')).toHaveLength(1);
  });

  it('`gatewatch run` with `null` state starts and keeps running instead of a crash loop', async () => {
    const { stateDir, yaml } = setup();
    writeFileSync(path.join(stateDir, 'state.json'), 'null');
    const child = spawn(process.execPath, [CLI, 'run', '--config', yaml], {
      env: { ...process.env, GATEWATCH_LOG_LEVEL: 'info' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      await until('gatewatch running, or its exit', () => /gatewatch running/.test(out) || child.exitCode !== null, {
        timeoutMs: 30_000,
        everyMs: 100,
      });
      expect(out).toMatch(/gatewatch running/);
      expect(out).toMatch(/does not fit its schema/);
      expect(child.exitCode).toBe(null);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('a `null` incident is dropped alone: the others are kept and checks raise alerts again', async () => {
    const { stateDir, config } = setup();
    const other = step(
      {},
      'other',
      [finding('other')],
      1_000,
      { remindEveryMs: 3_600_000, flap: { transitions: 4, withinMs: 60_000 } },
      false,
    ).state;
    const good = { target: 'gw', at: 5, actor: 'ann', reason: 'x', ok: true };
    writeFileSync(
      path.join(stateDir, 'state.json'),
      JSON.stringify({
        incidents: { k: null, ...other, bad: { id: 1 } },
        restarts: [null, good, 'x'],
        positions: { gw: 'nope' },
        mute: null,
      }),
    );
    // `gatewatch check` from cron reads it every minute and never rewrites it: one copy set aside, not one per run.
    for (let i = 0; i < 2; i++) await createApp(config, { log, readOnly: true });
    const p = phone();
    const app = await createApp(config, { log });
    apps.push(app);
    await app.addChannel(p.ch);
    expect(Object.keys(app.core.state.incidents)).toEqual(Object.keys(other));
    expect(app.core.state.restarts).toEqual([good]);
    expect(app.core.state.mute).toBeUndefined();
    const r = await app.core.evaluate('gw');
    expect(r.findings.some((f) => f.severity === 'critical')).toBe(true);
    await app.outbox.flush();
    expect(p.got.filter((a) => a.target === 'gw' && a.kind === 'open')).not.toHaveLength(0);
    // The original is kept for the operator; state.json itself is rewritten with what fits.
    expect(aside(stateDir, 'state.json')).toHaveLength(1);
    const saved = JSON.parse(readFileSync(path.join(stateDir, 'state.json'), 'utf8'));
    expect(saved.incidents.k).toBeUndefined();
    expect(Object.keys(saved.incidents)).toEqual(expect.arrayContaining(Object.keys(other)));
  });

  it('one broken outbox entry does not cost the others', async () => {
    const { stateDir } = setup();
    const alert = (id: string) => ({
      id,
      kind: 'open',
      target: 'gw',
      severity: 'critical',
      createdAt: 1,
      reply: { title: id },
    });
    const entry = (id: string) => ({
      alert: alert(id),
      pending: ['phone'],
      attempts: {},
      nextAttemptAt: {},
      deferred: {},
      lastError: {},
    });
    writeFileSync(
      path.join(stateDir, 'outbox.json'),
      JSON.stringify({
        entries: [
          entry('a'),
          null,
          { alert: null, pending: ['phone'] },
          { ...entry('c'), pending: 'phone' },
          entry('b'),
        ],
      }),
    );
    const ob = await openOutbox({ clock: systemClock, stateDir, log });
    const p = phone();
    ob.setChannels([p.ch]);
    await ob.flush();
    expect(p.got.map((a) => a.id)).toEqual(['a', 'b']);
  });
});

describe('state files that are not ours to load', () => {
  it('a 1 GB state.json and a FIFO as outbox.json are moved aside, said in the log, and gatewatch starts from empty', async () => {
    const { stateDir, config } = setup();
    const big = path.join(stateDir, 'state.json');
    writeFileSync(big, '{"incidents":{');
    truncateSync(big, 1024 ** 3); // sparse: costs no disk
    execFileSync('mkfifo', [path.join(stateDir, 'outbox.json')]);
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) });
    const app = await createApp(config, { log });
    apps.push(app);
    expect(app.core.state.incidents).toEqual({});
    expect(app.outbox.entries()).toEqual([]);
    expect(aside(stateDir, 'state.json')).toHaveLength(1);
    expect(aside(stateDir, 'outbox.json')).toHaveLength(1);
    expect(lines.join('')).toMatch(/state file not loaded \(\S*state\.json is larger than 32 MB\): moved aside/);
    expect(lines.join('')).toMatch(
      /state file not loaded \(\S*outbox\.json is not a regular file \(a FIFO\)\): moved aside/,
    );
    // The daemon writes its state again where the oversized one was.
    await app.persist();
    expect(statSync(big).size).toBeLessThan(10_000);
  });
});

describe('temp files left by a SIGKILL', () => {
  it('are removed when gatewatch starts; a live writer’s temp file is left alone', async () => {
    const { stateDir, config } = setup();
    // A pid that is not running (beyond the default pid_max) and our own pid (a container's pid is often the same
    // across restarts) are stale; the parent's pid is a live process.
    const stale = ['state.json.4194999.tmp', `outbox.json.${process.pid}.tmp`, 'qq-state.json.4194998.tmp'];
    const live = `state.json.${process.ppid}.tmp`;
    for (const f of [...stale, live]) writeFileSync(path.join(stateDir, f), '{"half":');
    const app = await createApp(config, { log });
    apps.push(app);
    for (const f of stale) expect(existsSync(path.join(stateDir, f))).toBe(false);
    expect(existsSync(path.join(stateDir, live))).toBe(true);
  });
});
