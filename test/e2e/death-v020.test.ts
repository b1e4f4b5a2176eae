// Issue 42 items 2 and 4 end to end, as the real run went: the built daemon (`gatewatch run`) watches the demo gateway
// playing Hermes v0.20.2 (its lifecycle sentinel, and after a SIGKILL the next boot's `Previous gateway life … exited
// UNCLEANLY` line before `Starting Hermes Gateway...`, test/demo/demo-v020.test.ts); the test SIGKILLs it and gatewatch
// restarts it. Marks are wall-clock: the kill is taken by the test, the platforms' return from the stand-in's own log.
// The death is dated between the last sight of it alive and the first of it dead (within the 2 s liveness poll after
// the kill, never before it), its downtime ends when the platforms are connected again, and it is one incident: the new
// life's report of the death is that incident's evidence, not a second alert, neither to the daemon nor to `check`.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoTargetConfig, startDemo, stopDemo } from '../../src/demo/index.js';
import { parseLogText } from '../../src/probes/log-parse.js';
import { until } from '../helpers/until.js';
import { gatewatch } from '../helpers/cli-run.js';
import { CLI } from '../helpers/paths.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8').catch(() => 'null'));
const poll = { timeoutMs: 60_000, everyMs: 100 };
/**
 * The bound: the death dated within 2 s after the kill, its downtime within 2 s of the real outage. The first
 * sight of it gone is a liveness poll after the kill; polled every second here (2 s by default), so that a loaded
 * 2-core box, which fires a timer late now and then, still meets the bound the default poll meets on an idle one.
 */
const BOUND_MS = 2_000;

interface AuditRecord {
  ts: string;
  type: string;
  check?: string;
  detail?: { downtime_ms?: number; kind?: string; reason?: string };
}

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

describe('a SIGKILLed Hermes v0.20.2 restarted by gatewatch', () => {
  it('dated within the liveness poll after the kill, down until QQ and Feishu are back, one incident; check agrees', {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-death-v020-'));
    const home = path.join(dir, 'hermes');
    const stateDir = path.join(dir, 'state');
    mkdirSync(home, { recursive: true });
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${stateDir}`,
        // The demo's own target (its ctl is the service manager gatewatch restarts it through), as JSON in YAML.
        `targets: [${JSON.stringify(demoTargetConfig(home))}]`,
        'remediate: { cooldown: 2s, verify_timeout: 30s }',
        'liveness_interval: 1s',
        'channels: { console: {} }',
      ].join('\n'),
    );
    expect((await startDemo(home, { hermes: 'v0.20' })).ok).toBe(true);
    cleanups.push(() => stopDemo(home));
    const audit = async (): Promise<AuditRecord[]> =>
      (await readFile(path.join(stateDir, 'audit.jsonl'), 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AuditRecord);

    const daemon = runDaemon(config);
    await until(
      'the first check',
      async () => (await readJson(path.join(stateDir, 'state.json')))?.timelines?.demo,
      poll,
    );
    // The first check saw it alive; the liveness poll sees it every 2 s from then on.
    const pid = (await readJson(path.join(home, 'gateway.pid'))).pid as number;

    const killAt = Date.now();
    process.kill(pid, 'SIGKILL');

    const resolved = await until(
      'the recovery',
      async () => (await audit()).find((r) => r.type === 'alert.resolve' && r.check === 'state_stale_running'),
      poll,
    );
    const state = await readJson(path.join(stateDir, 'state.json'));
    const death = Object.values(state.incidents as Record<string, { check: string; openedAt: number }>).find(
      (i) => i.check === 'state_stale_running',
    )!;

    // The platforms' return, as the stand-in logged it: the first connect of each in the run after the kill.
    const records = parseLogText(await readFile(path.join(home, 'logs', 'gateway.log'), 'utf8'));
    const start = records.map((r) => r.message).lastIndexOf('Starting Hermes Gateway...');
    const back = Math.max(
      ...['feishu', 'qqbot'].map((p) => records.slice(start).find((r) => r.message === `✓ ${p} connected`)!.ts),
    );
    const outage = back - killAt;
    const since = death.openedAt - killAt;
    const down = resolved.detail!.downtime_ms!;
    console.log(`kill→since ${since} ms; outage ${outage} ms, reported down ${down} ms`);
    expect(since).toBeGreaterThanOrEqual(0);
    expect(since).toBeLessThanOrEqual(BOUND_MS);
    expect(Math.abs(down - outage)).toBeLessThanOrEqual(BOUND_MS);

    // One death, one incident: the new life's `prior_unclean_exit` and its report line are this death's evidence.
    expect((await readJson(path.join(home, 'state', 'gateway.lifecycle.json'))).prior_unclean_exit).toBe(true);
    const opened = (await audit()).filter((r) => r.type === 'alert.open');
    expect(opened.map((r) => r.check)).toEqual(['state_stale_running']);
    // The console's recovery of that incident says what Hermes reported.
    await until(
      'the recovery on the console',
      () => /✅ [^\n]*the gateway is back[\s\S]*Hermes confirms it/.test(daemon.out()),
      poll,
    );
    expect(daemon.out()).not.toMatch(/no exit path ran/);
    // `check` asks the running daemon, then looks by itself once the daemon is gone: both say healthy.
    const asked = await gatewatch(['check', '--json', '--config', config], { spawn: true });
    expect(JSON.parse(asked.stdout).findings.map((f: { check: string }) => f.check)).toEqual([]);
    expect(asked.code).toBe(0);
    const gone = new Promise((r) => daemon.once('exit', r));
    daemon.kill('SIGTERM');
    await gone;
    const alone = await gatewatch(['check', '--json', '--config', config], { spawn: true });
    expect(JSON.parse(alone.stdout).findings.map((f: { check: string }) => f.check)).toEqual([]);
    expect(alone.code).toBe(0);
  });
});
