// Alerts survive a kill -9 of gatewatch itself, as a user runs it: `gatewatch run` with a config file (the console
// first, then a Feishu webhook notifier), the demo gateway, and a local webhook endpoint that fails and then recovers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { injectFault, startDemo, stopDemo } from '../../src/demo/index.js';
import { until } from '../helpers/until.js';
import { CLI } from '../helpers/paths.js';

/** A Feishu custom-bot endpoint on loopback: answers HTTP 500 until `ok` is set, then {"code":0}. */
async function webhookEndpoint() {
  const got: { ok: boolean; text: string }[] = [];
  const ep = { ok: false, got, url: '', close: () => new Promise<void>((r) => server.close(() => r())) };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      got.push({ ok: ep.ok, text: body });
      if (ep.ok) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 0, msg: 'success', data: {} }));
      } else {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  ep.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open-apis/bot/v2/hook/token`;
  return ep;
}

const poll = { timeoutMs: 60_000, everyMs: 200 };

const readJsonFile = async (file: string) => JSON.parse(await readFile(file, 'utf8').catch(() => 'null'));

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

function runGatewatch(config: string): ChildProcess & { out: () => string } {
  const child = spawn(process.execPath, [CLI, 'run', '--config', config], {
    env: { ...process.env, GATEWATCH_LOG_LEVEL: 'info' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
  return Object.assign(child, { out: () => out });
}

describe('alerts pending when gatewatch is killed', () => {
  it('a "died" alert a webhook refused across two kill -9s is delivered by the next gatewatch', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-kill9-'));
    const home = path.join(dir, 'hermes');
    const stateDir = path.join(dir, 'state');
    mkdirSync(home, { recursive: true });
    const hook = await webhookEndpoint();
    cleanups.push(() => hook.close());
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${stateDir}`,
        'targets:',
        `  - { name: demo, hermes_home: ${home}, platforms: [feishu, qqbot], service: { manager: none } }`,
        // No restart: the gateway stays down, so the next gatewatch has nothing new to say; only the queued alert.
        'remediate: { auto_restart: false }',
        'channels:',
        '  console: {}',
        `  notifiers: [{ type: feishu_webhook, url: "${hook.url}" }]`,
      ].join('\n'),
    );
    expect((await startDemo(home, {})).ok).toBe(true);
    cleanups.push(() => stopDemo(home));

    const first = runGatewatch(config);
    await until(
      'the first check',
      async () => (await readJsonFile(path.join(stateDir, 'state.json')))?.timelines?.demo,
      poll,
    );
    await injectFault(home, 'crash');
    // The webhook refused the alert and the outbox holds it for that channel; the incident is saved as alerted.
    await until(
      'the refused died alert in outbox.json',
      async () => {
        const ob = await readJsonFile(path.join(stateDir, 'outbox.json'));
        return ob?.entries?.some(
          (e: { pending: string[]; attempts: Record<string, number>; alert: { reply: { title: string } } }) =>
            /died/.test(e.alert.reply.title) && e.pending.includes('feishu_webhook') && e.attempts.feishu_webhook >= 1,
        );
      },
      poll,
    );
    await until(
      'the incident in state.json',
      async () => Object.keys((await readJsonFile(path.join(stateDir, 'state.json')))?.incidents ?? {}).length > 0,
      poll,
    );
    expect(hook.got.some((r) => /died/.test(r.text))).toBe(true);
    expect(first.out()).toMatch(/died/); // the console had it at once
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    // Twice in a row: the next gatewatch retries, is refused again, and is killed too.
    const attempts = hook.got.length;
    const second = runGatewatch(config);
    await until(
      'a refused retry by the second gatewatch',
      () => hook.got.length > attempts && hook.got.slice(attempts).some((r) => /died/.test(r.text)),
      { ...poll, timeoutMs: 45_000 },
    );
    second.kill('SIGKILL');
    await new Promise((r) => second.once('exit', r));

    hook.ok = true;
    const third = runGatewatch(config);
    await until('the died alert on the webhook', () => hook.got.some((r) => r.ok && /died/.test(r.text)), {
      ...poll,
      timeoutMs: 45_000,
    });
    // Delivered once confirmed: nothing left in the outbox for the webhook.
    await until(
      'an empty outbox',
      async () => (await readJsonFile(path.join(stateDir, 'outbox.json')))?.entries?.length === 0,
      { ...poll, timeoutMs: 20_000 },
    );
    third.kill('SIGTERM');
  }, 120_000);
});
