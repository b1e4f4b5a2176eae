// The daemon path: `gatewatch run` with http.listen and deadman set serves /healthz and /metrics, pings the dead man,
// refuses a missing token, and closes the port on SIGTERM. Runs dist/ (npm run build first).
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until, where } from '../helpers/until.js';
import { CLI } from '../helpers/paths.js';
import { freePort } from '../helpers/ports.js';
import { ownLoopback } from '../../src/util/own-loopback.js';

let child: ChildProcess | undefined;
const closers: (() => void)[] = [];
afterEach(() => {
  child?.kill('SIGKILL');
  for (const c of closers.splice(0)) c();
});

const poll = { timeoutMs: 30_000, everyMs: 200 };

describe('gatewatch run with http and deadman', () => {
  it('serves the endpoint, pings the dead man, and closes on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-ops-'));
    mkdirSync(path.join(dir, 'hermes', 'logs'), { recursive: true });
    const hits: string[] = [];
    const ping = http.createServer((req, res) => (hits.push(req.url ?? ''), res.end('OK'))).listen(0, '127.0.0.1');
    await new Promise((r) => ping.once('listening', r));
    closers.push(() => ping.close());
    const pingPort = (ping.address() as AddressInfo).port;
    const port = await freePort();
    const token = 'daemon-token-0123456789';
    const file = path.join(dir, 'config.yaml');
    writeFileSync(
      file,
      [
        `state_dir: ${path.join(dir, 'state')}`,
        `schedule: "* * * * * *"`,
        `targets:`,
        `  - name: box`,
        `    hermes_home: ${path.join(dir, 'hermes')}`,
        `    service: { manager: none }`,
        `channels: { console: {} }`,
        `http: { listen: "127.0.0.1:${port}", token: "${token}" }`,
        `deadman: { url: "http://127.0.0.1:${pingPort}/hc/uuid-1", every: 1s, timeout: 2s }`,
      ].join('\n'),
    );
    child = spawn(process.execPath, [CLI, 'run', '--config', file], {
      env: { ...process.env, GATEWATCH_LOG_LEVEL: 'error' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const base = `http://127.0.0.1:${port}`;

    const health = await until(
      'the daemon to be healthy',
      where(
        () => fetch(`${base}/healthz`, { headers: { authorization: `Bearer ${token}` } }),
        (r) => r.status === 200,
      ),
      poll,
    );
    expect(await health.json()).toMatchObject({ ok: true, channels: [{ name: 'console', ok: true }] });
    // Without the token, the probe's word only.
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'up' });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    // /healthz turns 200 once the scheduler has run; the first check's verdict may land a moment later (slow CI).
    const text = await until(
      'the first check in /metrics',
      where(
        async () => (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text(),
        (t) => /^gatewatch_checks_total\{target="box",result="critical"\} [1-9]/m.test(t),
      ),
      poll,
    );
    expect(text).toMatch(/^gatewatch_gateway_up\{target="box"\} 0$/m);
    await until('a dead man ping', () => hits.filter((h) => h === '/hc/uuid-1').length >= 1, poll);

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child!.once('exit', r));
    expect(code, stderr).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    expect(stderr).not.toContain(token);
  }, 60_000);

  // Issue 51 item 10: on loopback without a token every user of this host reaches the endpoint.
  it.skipIf(ownLoopback())(
    'without http.token: says so at start, keeps the intake off and /healthz to its status',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-ops-'));
      mkdirSync(path.join(dir, 'hermes', 'logs'), { recursive: true });
      const port = await freePort();
      const file = path.join(dir, 'config.yaml');
      writeFileSync(
        file,
        [
          `state_dir: ${path.join(dir, 'state')}`,
          `schedule: "* * * * * *"`,
          `targets: [{ name: box, hermes_home: ${path.join(dir, 'hermes')}, service: { manager: none } }]`,
          `channels: { console: {} }`,
          `http: { listen: "127.0.0.1:${port}" }`,
        ].join('\n'),
      );
      // Its log's warning too (issue 55 item 6: the redactor took the words after `http.token:` for a value).
      child = spawn(process.execPath, [CLI, 'run', '--config', file], {
        env: { ...process.env, GATEWATCH_LOG_LEVEL: 'warn' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stderr!.on('data', (d) => (stderr += d));
      child.stdout!.on('data', (d) => (stdout += d));
      const base = `http://127.0.0.1:${port}`;
      const health = await until(
        'the daemon to be healthy',
        where(
          () => fetch(`${base}/healthz`).catch(() => undefined),
          (r) => r?.status === 200,
        ),
        poll,
      );
      expect(await health!.json()).toEqual({ status: 'up' });
      expect(stderr).toMatch(
        new RegExp(
          `^gatewatch: http\\.listen 127\\.0\\.0\\.1:${port} is set without http\\.token, .*POST /alertmanager is off`,
          'm',
        ),
      );
      const forged = await fetch(`${base}/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          version: '4',
          alerts: [{ status: 'firing', labels: { alertname: 'GatewayCompromised', severity: 'critical' } }],
        }),
      });
      expect(forged.status).toBe(403);
      expect(stderr).toContain('"msg":"http endpoint without http.token: open to every local user, intake off"');
      // /metrics stays where Prometheus on this host scrapes it (README: loopback, or a token).
      expect((await fetch(`${base}/metrics`)).status).toBe(200);
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((r) => child!.once('exit', r));
      expect(code, stderr).toBe(0);
      expect(stdout).not.toContain('GatewayCompromised');
    },
    60_000,
  );
});
