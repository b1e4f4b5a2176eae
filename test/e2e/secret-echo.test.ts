// The config's own secrets never leave the process, even when a remote endpoint echoes them back in an error: the
// real daemon (`gatewatch run`, dist) against fake QQ and Feishu platforms that echo the refused credential.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeQQ, type FakeQQ } from '../fakes/qq-server.js';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-server.js';
import { until } from '../helpers/until.js';
import { CLI } from '../helpers/paths.js';

// Plain words with no key around them once echoed: only the registered config secrets can catch them.
const QQ_SECRET = 'plainQQclientsecretvalue';
const FS_SECRET = 'plainFeishuappsecretvalue';

let qq: FakeQQ | undefined;
let fs: FakeFeishu | undefined;
afterEach(async () => {
  await qq?.close();
  await fs?.close();
  qq = fs = undefined;
});

const poll = { timeoutMs: 30_000, everyMs: 100 };

describe('secrets echoed by a remote endpoint', () => {
  it('reach neither stderr, the console, /status, outbox.json, state.json nor audit.jsonl', async () => {
    qq = await startFakeQQ({ appId: '102000001', clientSecret: 'the-right-secret-1', echoRequestInErrors: true });
    fs = await startFakeFeishu({
      appId: 'cli_0123456789abcdef',
      appSecret: 'the-right-secret-2',
      echoRequestInErrors: true,
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-echo-'));
    mkdirSync(path.join(dir, 'hermes', 'logs'), { recursive: true });
    const stateDir = path.join(dir, 'state');
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${stateDir}`,
        'targets:',
        `  - { name: gw, hermes_home: ${dir}/hermes, platforms: [qqbot], service: { manager: none } }`,
        'channels:',
        '  console: {}',
        `  qq: { app_id: "102000001", client_secret: "${QQ_SECRET}", api_base: "${qq.baseUrl}", token_url: "${qq.tokenUrl}", give_up_after: 1h }`,
        `  feishu: { app_id: cli_0123456789abcdef, app_secret: "${FS_SECRET}", domain: "${fs.base}", give_up_after: 1h }`,
      ].join('\n'),
    );
    const child = spawn(process.execPath, [CLI, 'run', '--config', config], {
      env: { ...process.env, GATEWATCH_LOG_LEVEL: 'debug' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let refused = '';
    try {
      // QQ refuses the credential for good (100016): the channel stops and says why, on the console and in the outbox.
      await until('the QQ refusal', () => /invalid appid or secret/.test(stdout) && qq!.tokenRequests > 0, poll);
      await until('the Feishu refusals', () => fs!.state.endpointCalls + fs!.state.tokenCalls > 0, poll);
      child.stdin.write('/status\n');
      await until(
        'the /status reply',
        () => /qq/i.test(stdout.split('/status').at(-1) ?? '') && /feishu/.test(stdout),
        poll,
      );
      // What the daemon writes meanwhile is checked below: wait until the refusal has landed in its state_dir.
      const onDisk = () =>
        ['outbox.json', 'state.json', 'audit.jsonl']
          .map((f) => path.join(stateDir, f))
          .filter(existsSync)
          .map((f) => readFileSync(f, 'utf8'))
          .join('\n');
      // Kept as it was then: the outbox may settle the refused entry before the daemon ends, and its file with it.
      refused = await until(
        'the refusal on disk',
        () => (/invalid appid or secret/.test(onDisk()) ? onDisk() : ''),
        poll,
      );
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    const files = ['outbox.json', 'state.json', 'audit.jsonl'].map((f) => path.join(stateDir, f)).filter(existsSync);
    expect(files.map((f) => path.basename(f))).toContain('outbox.json');
    const disk = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    // The refusals themselves are still reported, with the echo masked.
    expect(stdout).toMatch(/invalid appid or secret \(request .*\*\*\*/);
    expect(refused).toMatch(/invalid appid or secret/);
    for (const where of [stdout, stderr, refused, disk]) {
      expect(where).not.toContain(QQ_SECRET);
      expect(where).not.toContain(FS_SECRET);
    }
  });
});
