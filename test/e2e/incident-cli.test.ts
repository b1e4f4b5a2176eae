// Issue 55 item 12 through the built daemon: the demo gateway SIGKILLed, gatewatch's restart brings it back, the
// recovery on the console ends with its write-up and its ref. `gatewatch incident <ref>` (answered by the daemon, and
// read from the history file once the daemon is gone) gives the whole write-up; `--json` its facts: the death dated
// by gatewatch's own sight of it gone, detected, alerted, gatewatch's verified restart, recovered.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { demoTargetConfig, startDemo, stopDemo } from '../../src/demo/index.js';
import { until } from '../helpers/until.js';
import { gatewatch } from '../helpers/cli-run.js';
import { CLI } from '../helpers/paths.js';
import { readFile } from 'node:fs/promises';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

const poll = { timeoutMs: 60_000, everyMs: 100 };

function runDaemon(config: string): ChildProcess & { out: () => string } {
  const child = spawn(process.execPath, [CLI, 'run', '--config', config], {
    env: { ...process.env, GATEWATCH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  });
  return Object.assign(child, { out: () => out });
}

interface WriteUpJson {
  ref: string;
  target: string;
  first_sign: string;
  first_sign_uncertain: boolean;
  died_after?: string;
  alerted: string;
  recovered: string;
  time_to_detect_s: number;
  time_to_recover_s: number;
  by: string;
  steps: { what: string; actor?: string; ok?: boolean }[];
  evidence: string[];
}

describe('gatewatch incident, through the built daemon', () => {
  it('a kill restarted by gatewatch: the recovery links its write-up; the CLI gives it, plain and --json', {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-incident-'));
    const home = path.join(dir, 'hermes');
    const stateDir = path.join(dir, 'state');
    mkdirSync(home, { recursive: true });
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${stateDir}`,
        `targets: [${JSON.stringify(demoTargetConfig(home))}]`,
        'remediate: { cooldown: 2s, verify_timeout: 30s }',
        'liveness_interval: 1s',
        'channels: { console: {} }',
      ].join('\n'),
    );
    expect((await startDemo(home)).ok).toBe(true);
    cleanups.push(() => stopDemo(home));
    const daemon = runDaemon(config);
    await until(
      'the first check',
      async () =>
        JSON.parse(await readFile(path.join(stateDir, 'state.json'), 'utf8').catch(() => 'null'))?.timelines?.demo,
      poll,
    );
    const pid = JSON.parse(await readFile(path.join(home, 'gateway.pid'), 'utf8')).pid as number;
    process.kill(pid, 'SIGKILL');
    const ref = await until(
      'the recovery with its ref',
      () => /✅ demo: the gateway is back[\s\S]*The write-up: \/incident (demo-\d+)/.exec(daemon.out())?.[1],
      poll,
    );

    // Answered by the running daemon.
    const plain = await gatewatch(['incident', ref, '--config', config], { spawn: true });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(new RegExp(`Incident ${ref}: Gateway died without a shutdown`));
    expect(plain.stdout).toMatch(/restarted the gateway, back at \d\d:\d\d:\d\d/);
    expect(plain.stdout).toMatch(/What would prevent it/);
    const asked = await gatewatch(['incident', ref, '--json', '--config', config], { spawn: true });
    expect(asked.code).toBe(0);
    const w = JSON.parse(asked.stdout) as WriteUpJson;
    expect(w).toMatchObject({ ref, target: 'demo', by: 'restart' });
    // gatewatch saw it go: the death is dated by its own sight, not by a last sign of life. Between its last sight
    // alive and that one when they are a second apart or more: then, and only then, its moment is uncertain (issue 77).
    if (w.died_after !== undefined) expect(Date.parse(w.died_after)).toBeLessThan(Date.parse(w.first_sign));
    expect(w.first_sign_uncertain).toBe(w.died_after !== undefined);
    // Said as gatewatch's sight, never as a line of the log that does not exist.
    expect(plain.stdout).toContain('gatewatch saw it gone');
    expect(plain.stdout).not.toContain('first sign in the log');
    expect(Date.parse(w.first_sign)).toBeLessThanOrEqual(Date.parse(w.alerted));
    expect(Date.parse(w.alerted)).toBeLessThanOrEqual(Date.parse(w.recovered));
    expect(w.steps.filter((s) => s.what === 'restart')).toEqual([
      expect.objectContaining({ actor: 'gatewatch', ok: true }),
    ]);
    expect(w.evidence.length).toBeGreaterThan(0);

    // The daemon gone: the same write-up, read from the history file.
    const gone = new Promise((r) => daemon.once('exit', r));
    daemon.kill('SIGTERM');
    await gone;
    const alone = await gatewatch(['incident', ref, '--json', '--config', config], { spawn: true });
    expect(alone.code).toBe(0);
    expect(JSON.parse(alone.stdout)).toMatchObject({ ref, by: 'restart', recovered: w.recovered });
    const listed = await gatewatch(['incident', '--config', config], { spawn: true });
    expect(listed.stdout).toMatch(new RegExp(`${ref} .*Gateway died without a shutdown`));
  });
});
