// The CLI as a user runs it: real processes, real files, exit codes.
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectFault, startDemo, stopDemo } from '../src/demo/index.js';

const run = promisify(execFile);
const CLI = path.join(import.meta.dirname, '..', 'dist', 'src', 'cli.js');

async function gatewatch(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [CLI, ...args], { env: { ...process.env, GATEWATCH_LOG_LEVEL: 'error', ...env }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('config errors', () => {
  it('exit 78 naming the file, line and key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-cli-'));
    const file = path.join(dir, 'config.yaml');
    writeFileSync(file, 'locale: en\nremediate:\n  cooldown: two minutes\n');
    const r = await gatewatch(['check', '--config', file]);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain(`${file}:3`);
    expect(r.stderr).toContain('remediate.cooldown');
    expect(r.stderr).toMatch(/duration like 90s/);
  });

  it('a config named by $GATEWATCH_CONFIG is used, and a missing one is an error', async () => {
    const r = await gatewatch(['status'], { GATEWATCH_CONFIG: '/nonexistent/gatewatch.yaml' });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('/nonexistent/gatewatch.yaml');
  });
});

describe('gatewatch check against the demo gateway', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-check-'));
  const home = path.join(dir, 'hermes');
  const config = path.join(dir, 'config.yaml');
  beforeAll(async () => {
    mkdirSync(home, { recursive: true });
    writeFileSync(config, `state_dir: ${dir}/state\ntargets:\n  - name: demo\n    hermes_home: ${home}\n    platforms: [feishu, qqbot]\n    service: { manager: none }\n`);
    const r = await startDemo(home, {});
    expect(r.ok).toBe(true);
  });
  afterAll(async () => {
    await stopDemo(home);
  });

  it('healthy: prints nothing, exit 0; then a dead QQ loop: findings, exit 2; --json for machines', async () => {
    let r = { code: 1, stdout: 'x', stderr: '' };
    for (let i = 0; i < 20 && (r.code !== 0 || r.stdout); i++) {
      r = await gatewatch(['check', '--config', config]);
      if (r.code !== 0) await new Promise((res) => setTimeout(res, 500));
    }
    expect(r).toMatchObject({ code: 0, stdout: '' });

    await injectFault(home, 'qq-max-reconnect');
    for (let i = 0; i < 40 && r.code !== 2; i++) {
      await new Promise((res) => setTimeout(res, 500));
      r = await gatewatch(['check', '--config', config]);
    }
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('[qq_reconnect_exhausted/qqbot]');
    expect(r.stdout).toContain('Max reconnect attempts reached');

    const j = await gatewatch(['check', '--json', '--config', config]);
    expect(j.code).toBe(2);
    const parsed = JSON.parse(j.stdout);
    expect(parsed.status).toBe('critical');
    expect(parsed.findings.map((f: { check: string }) => f.check)).toContain('qq_reconnect_exhausted');

    const logs = await gatewatch(['logs', '-n', '3', '--grep', 'Max reconnect', '--config', config]);
    expect(logs.stdout).toMatch(/last 1 line\(s\) of gateway.log matching "Max reconnect"/);

    // Without a supervisor the CLI refuses to restart rather than killing processes itself.
    const rs = await gatewatch(['restart', '--config', config]);
    expect(rs.stdout).toMatch(/Not restarting demo: no service manager/);
  });
});

describe('gatewatch demo fail', () => {
  it('names the faults on a typo, and says when no demo is running', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-demo-cli-'));
    const typo = await gatewatch(['demo', 'fail', 'crsh'], { HOME: home });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown fault "crsh"; one of: crash, sigterm/);
    const idle = await gatewatch(['demo', 'fail', 'crash'], { HOME: home });
    expect(idle.code).toBe(1);
    expect(idle.stderr).toMatch(/not running.*npm start/);
  });
});

describe('gatewatch run', () => {
  it('exits non-zero when its own QQ channel stays offline past give_up_after, so systemd restarts it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-run-'));
    const file = path.join(dir, 'config.yaml');
    // Port 9 on loopback: nothing listens, every connection is refused.
    writeFileSync(
      file,
      [
        `state_dir: ${dir}/state`,
        'targets:',
        `  - { name: gw, hermes_home: ${dir}/hermes, service: { manager: none } }`,
        'channels:',
        '  qq: { app_id: "102", client_secret: "s3cret-value", api_base: "http://127.0.0.1:9", token_url: "http://127.0.0.1:9/token", give_up_after: 2s }',
      ].join('\n'),
    );
    const t0 = Date.now();
    const r = await gatewatch(['run', '--config', file], { GATEWATCH_LOG_LEVEL: 'info' });
    expect(r.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(50_000);
    expect(r.stderr).toMatch(/channel cannot recover/);
    expect(r.stderr + r.stdout).not.toContain('s3cret-value');
  });
});
