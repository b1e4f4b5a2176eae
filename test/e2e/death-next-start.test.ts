// Issue 77 item 7 through the built daemon: a quiet gateway (its last line seconds old) under a supervisor that starts
// the next one as soon as it dies (Restart=always), writing gateway.pid for it before it has exec'd into `gateway run`
// (a wrapper that imports for seconds first). SIGKILLed, the death was dated by the log's last line, before the kill,
// though gatewatch had seen the process alive a moment before: its look found the record naming a process that is no
// gateway yet, and left the sights of the one that died out. The death is dated between gatewatch's last sight of it
// alive and its first sight of it gone, the write-up says who saw it, and `incident --json` says first_sign_uncertain
// exactly when it gives a died_after window.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gatewatch } from '../helpers/cli-run.js';
import { CLI } from '../helpers/paths.js';
import { until } from '../helpers/until.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

// A recovery waits out its settling after the supervisor's next start: a minute and more on a busy box.
const poll = { timeoutMs: 150_000, everyMs: 100 };
const START_UP = readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'logs', 'healthy.log'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, 20)
  .map((l) => l.slice(24));

// The supervisor: each gateway a shell that waits `EXEC_DELAY` s (its imports) before it becomes `gateway run` (reading
// its stdin, the supervisor's pipe: it ends with the supervisor); gateway.pid written as it is spawned, its start-up
// lines and state file once it runs. The first one runs at once.
const SUPERVISOR = `const fs = require('fs'), path = require('path'), { spawn } = require('child_process');
const home = process.env.GW_HOME, lines = JSON.parse(process.env.GW_LINES);
const pad = (n, w = 2) => String(n).padStart(w, '0');
const asc = (ms) => { const d = new Date(ms); return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + ',' + pad(d.getMilliseconds(), 3); };
function start(delay) {
  const gw = spawn('/bin/sh', ['-c', 'sleep ' + delay + '; exec sh -c "read _" gateway run'], { stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, HERMES_HOME: home } });
  const st = fs.readFileSync('/proc/' + gw.pid + '/stat', 'utf8');
  const ticks = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[19]);
  fs.writeFileSync(path.join(home, 'gateway.pid'), JSON.stringify({ pid: gw.pid, kind: 'hermes-gateway', argv: ['python', '-m', 'hermes', 'gateway', 'run'], start_time: ticks }));
  setTimeout(() => {
    const now = Date.now();
    fs.appendFileSync(path.join(home, 'logs', 'gateway.log'), lines.map((l, i) => asc(now + i * 20) + ' ' + l).join('\\n') + '\\n');
    const at = new Date(now + 400).toISOString();
    fs.writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify({ pid: gw.pid, gateway_state: 'running', platforms: { feishu: { state: 'connected', updated_at: at }, qqbot: { state: 'connected', updated_at: at } }, updated_at: at }));
  }, delay * 1000 + 300);
  gw.on('exit', () => start(Number(process.env.EXEC_DELAY)));
}
start(0);`;

function started(cmd: string[], env: NodeJS.ProcessEnv): ChildProcess & { out: () => string } {
  const child = spawn(process.execPath, cmd, { env, stdio: ['ignore', 'pipe', 'ignore'] });
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
  first_sign: string;
  first_sign_uncertain: boolean;
  died_after?: string;
  alerted: string;
}

describe.runIf(process.platform === 'linux')('a quiet gateway killed, its supervisor starting the next at once', () => {
  it('is dated by gatewatch’s own sights, after the kill, and its write-up says gatewatch saw it gone', {
    timeout: 300_000,
  }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-next-start-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const home = path.join(dir, 'hermes');
    const stateDir = path.join(dir, 'state');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    writeFileSync(path.join(dir, 'supervisor.cjs'), SUPERVISOR);
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${stateDir}`,
        `targets: [{ name: q, hermes_home: ${home}, platforms: [feishu, qqbot], service: { manager: none } }]`,
        // The supervisor restarts it: gatewatch only tells.
        'remediate: { auto_restart: false }',
        'detect: { reachability: false }',
        'channels: { console: {} }',
      ].join('\n'),
    );
    const env = { ...process.env, GW_HOME: home, GW_LINES: JSON.stringify(START_UP), EXEC_DELAY: '4' };
    started([path.join(dir, 'supervisor.cjs')], env);
    const pidOf = () => JSON.parse(readFileSync(path.join(home, 'gateway.pid'), 'utf8')).pid as number;
    await until(
      'the first gateway runs',
      () => readFileSync(path.join(home, 'logs', 'gateway.log'), 'utf8').length > 0,
      poll,
    );
    const daemon = started([CLI, 'run', '--config', config], { ...process.env, GATEWATCH_LOG_LEVEL: 'warn' });
    await until('the daemon watches', () => /watching q/.test(daemon.out()), poll);
    // Quiet for a while: gatewatch's polls see it alive, its last line grows old.
    await new Promise((r) => setTimeout(r, 5_000));
    const killAt = Date.now();
    process.kill(pidOf(), 'SIGKILL');
    const ref = await until(
      'the recovery with its ref',
      () => /✅ q: the gateway is back[\s\S]*The write-up: \/incident (q-\d+)/.exec(daemon.out())?.[1],
      poll,
    );
    const asked = await gatewatch(['incident', ref, '--json', '--config', config], { spawn: true });
    const w = JSON.parse(asked.stdout) as WriteUpJson;
    const first = Date.parse(w.first_sign);
    // gatewatch's sight of it gone: after the kill, by the alert; never the log's last line, seconds before the kill.
    expect(first, daemon.out()).toBeGreaterThanOrEqual(killAt);
    expect(first).toBeLessThanOrEqual(Date.parse(w.alerted));
    if (w.died_after !== undefined) expect(Date.parse(w.died_after)).toBeLessThanOrEqual(killAt);
    expect(w.first_sign_uncertain).toBe(w.died_after !== undefined);
    const plain = await gatewatch(['incident', ref, '--config', config], { spawn: true });
    expect(plain.stdout).toContain('gatewatch saw it gone');
    expect(plain.stdout).not.toContain('first sign in the log');
  });
});
