// gatewatch's own state_dir failing under it: read-only (or gone) and full. The watchdog must keep alerting, restarting
// and answering, say that it cannot save, and catch up when the disk is back.
//
// Tests may run as root, where chmod does not stop a write. So the failures are made in ways the kernel enforces for
// everyone: the state_dir replaced by a regular FILE (every open below it fails with ENOTDIR, every mkdir with EEXIST),
// and audit.jsonl a symlink to /dev/full (every append fails with ENOSPC, a real "no space left on device").
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appWithPhone, stopApp } from './helpers/demo-apps.js';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import type { App } from '../src/app.js';
import { demoTargetConfig, injectFault, startDemo, stopDemo } from '../src/demo/index.js';
import type { Reply } from '../src/types.js';
import { until, where } from './helpers/until.js';
import { CLI } from './helpers/paths.js';

/** How the waits below poll (as the phone's until did): a probe is often a whole evaluation, so not too often. */
const slowPoll = { timeoutMs: 45_000, everyMs: 200 };

const log = pino({ level: process.env.GATEWATCH_TEST_LOG ?? 'silent' });
const apps: App[] = [];
const homes: string[] = [];
const rejections: unknown[] = [];
const onRejection = (err: unknown) => void rejections.push(err);
// Listened for while this file runs only: the worker process goes on to run other files.
beforeAll(() => void process.on('unhandledRejection', onRejection));
afterAll(() => void process.off('unhandledRejection', onRejection));
afterEach(async () => {
  try {
    for (const a of apps.splice(0)) await stopApp(a);
  } finally {
    for (const h of homes.splice(0)) await stopDemo(h).catch(() => undefined);
  }
});

async function setup(locale: 'en' | 'zh-CN' = 'en') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-statedir-'));
  const home = path.join(dir, 'hermes');
  const stateDir = path.join(dir, 'state');
  homes.push(home);
  const config = resolveConfig(
    configSchema.parse({
      locale,
      state_dir: stateDir,
      targets: [demoTargetConfig(home)],
      remediate: { cooldown: '0s', verify_timeout: '30s' },
      operators: [],
    }),
    undefined,
  );
  expect((await startDemo(home, {})).ok).toBe(true);
  const { app, p } = await appWithPhone(apps, config, log);
  await app.start();
  // Healthy and judged once, so the crash below is a change the watchdog sees; started, so the crash is a death of a
  // running gateway (a kill within seconds of its start is said as a death at start: state_stale_running.start).
  await until('a healthy first check', () => app.core.lastResult('demo')?.findings.length === 0, slowPoll);
  await until(
    'the gateway running',
    async () => /"gateway_state": ?"running"/.test(await readFile(path.join(home, 'gateway_state.json'), 'utf8')),
    slowPoll,
  );
  await until('the first save', () => existsSync(path.join(stateDir, 'state.json')), slowPoll);
  return { dir, home, stateDir, app, p };
}

const ask = async (app: App, text: string) => {
  const replies: Reply[] = [];
  await app.handle({ channel: 'console', senderId: 'local', text }, async (r) => void replies.push(r));
  return replies;
};

const auditLines = async (stateDir: string) =>
  (await readFile(path.join(stateDir, 'audit.jsonl'), 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

const asRoot = process.getuid?.() === 0;
/**
 * A file that answers every write with ENOSPC, a real "no space left on device": /dev/full's own device node where
 * root may make one (audit.jsonl is never written through a symbolic link), else a link to it (refused: ELOOP).
 */
function fullDevice(file: string): void {
  if (asRoot) execFileSync('mknod', [file, 'c', '1', '7']);
  else symlinkSync('/dev/full', file);
}

describe('a state_dir that cannot be written', () => {
  it('read-only (replaced by a file): the died alert, the restart and /status still happen; the disk problem is an alert; all is saved when it is back', async () => {
    const { dir, home, stateDir, app, p } = await setup();
    const aside = path.join(dir, 'state.real');
    renameSync(stateDir, aside);
    writeFileSync(stateDir, 'not a directory\n');

    await injectFault(home, 'crash');
    await until(
      'the died alert',
      where(p.titles, (t) => t.some((x) => /died/.test(x))),
      slowPoll,
    );
    await until(
      'the state_dir alert',
      where(p.titles, (t) => t.some((x) => /^gatewatch cannot save its state: /.test(x))),
      slowPoll,
    );
    await until(
      'the verified restart',
      where(p.titles, (t) => t.some((x) => /Restarted demo: verified/.test(x))),
      { ...slowPoll, timeoutMs: 60_000 },
    );
    expect(p.titles().filter((x) => /cannot save its state/.test(x))).toHaveLength(1);
    const status = await ask(app, '/status');
    expect(status.length).toBeGreaterThan(0);
    expect(status[0]!.title).toMatch(/demo/);
    // /history shows what happened from memory, while the disk refuses it.
    const hist = await ask(app, '/history 50');
    expect(hist[0]!.code?.[0]).toMatch(/ demo gatewatch: down: .*died/);

    // The disk is back: a notice, and the records kept in memory reach the files.
    rmSync(stateDir);
    renameSync(aside, stateDir);
    await until(
      'the all-clear',
      where(p.titles, (t) => t.some((x) => x === 'gatewatch can save its state again')),
      { ...slowPoll, timeoutMs: 30_000 },
    );
    const audit = await until(
      'the audit records written after the fact',
      where(
        () => auditLines(stateDir),
        (a) => a.some((r) => r.type === 'restart.ok'),
      ),
      slowPoll,
    );
    expect(audit.map((r) => r.type)).toEqual(
      expect.arrayContaining(['alert.open', 'restart.begin', 'restart.ok', 'command']),
    );
    expect(audit.find((r) => r.type === 'alert.open' && r.check === 'state_dir')).toBeTruthy();
    const saved = await until(
      'state.json with the restart',
      where(
        async () => JSON.parse(await readFile(path.join(stateDir, 'state.json'), 'utf8')),
        (s) => s.restarts?.length === 1,
      ),
      slowPoll,
    );
    expect(saved.restarts[0]).toMatchObject({ target: 'demo', ok: true });
    expect(rejections).toEqual([]);
  }, 120_000);

  it('full (audit.jsonl on /dev/full): the died alert goes out, the problem is announced in zh-CN too, nothing is unhandled', async () => {
    const { home, stateDir, p } = await setup('zh-CN');
    const audit = path.join(stateDir, 'audit.jsonl');
    rmSync(audit, { force: true });
    fullDevice(audit);

    await injectFault(home, 'crash');
    await until(
      'the died alert',
      where(
        () => p.got,
        (g) => g.some((a) => a.kind === 'open' && a.target === 'demo'),
      ),
      slowPoll,
    );
    const titles = await until(
      'the state_dir alert in zh-CN',
      where(p.titles, (t) => t.some((x) => x.startsWith('gatewatch 无法保存状态：'))),
      slowPoll,
    );
    expect(titles.find((x) => x.startsWith('gatewatch 无法保存状态：'))).toMatch(asRoot ? /ENOSPC/ : /ENOSPC|ELOOP/);

    // Space returns: the audit log is written again, including the records of the outage.
    rmSync(audit);
    await until(
      'the all-clear in zh-CN',
      where(p.titles, (t) => t.includes('gatewatch 已恢复保存状态')),
      { ...slowPoll, timeoutMs: 30_000 },
    );
    const recs = await until(
      'the outage in the audit log',
      where(
        () => auditLines(stateDir),
        (a) => a.some((r) => r.type === 'alert.open' && r.target === 'demo'),
      ),
      slowPoll,
    );
    expect(recs.every((r) => typeof r.ts === 'string')).toBe(true);
    expect(rejections).toEqual([]);
  }, 120_000);
});

describe('gatewatch status with a full state_dir', () => {
  it('answers although its audit record cannot be written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-statedir-cli-'));
    const stateDir = path.join(dir, 'state');
    mkdirSync(stateDir);
    mkdirSync(path.join(dir, 'hermes'));
    fullDevice(path.join(stateDir, 'audit.jsonl'));
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      `state_dir: ${stateDir}\ntargets:\n  - { name: gw, hermes_home: ${dir}/hermes, service: { manager: none } }\n`,
    );
    const r = await promisify(execFile)(process.execPath, [CLI, 'status', '--config', config], {
      env: { ...process.env, GATEWATCH_LOG_LEVEL: 'fatal' },
      timeout: 60_000,
    }).then(
      (x) => x,
      (e: { stdout: string; stderr: string }) => e,
    );
    expect(r.stderr).not.toMatch(/ENOSPC|at .*\.js/);
    expect(r.stdout).toMatch(/gw/);
    expect(existsSync(path.join(stateDir, 'audit.jsonl'))).toBe(true);
  });
});
