// The Feishu SDK as the service runs it: built into a file of its own (dist/src/bundle-lark-sdk.cjs, scripts/bundle.mjs;
// issue 12: its own 6 MB file held ~10 MB more RSS as a two-byte source string), under the daemon's V8 flags. The
// against the fake Feishu platform: long connection (protobuf frames), an operator's /status answered with a card
// (token, axios), the SDK naming its real version in the User-Agent; and the build itself holds no copy of the SDK's
// source in node_modules' shape.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DAEMON_NODE_FLAGS } from '../../src/deploy/systemd.js';
import { messageEvent, startFakeFeishu, type FakeFeishu } from '../fakes/feishu-server.js';
import { builtFiles, CLI, DIST, TEST_DIR } from '../helpers/paths.js';

const ROOT = path.join(TEST_DIR, '..');
const APP = 'cli_0123456789abcdef';
const SECRET = 'daemon-test-secret';
const SDK_VERSION = (
  JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@larksuiteoapi', 'node-sdk', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

let fake: FakeFeishu | undefined;
let child: ReturnType<typeof spawn> | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await fake?.close();
  child = fake = undefined;
});

describe('the Feishu channel in the built daemon', () => {
  it('connects, answers an operator /status with a card, and names the SDK version it runs', async () => {
    fake = await startFakeFeishu({
      appId: APP,
      appSecret: SECRET,
      clientConfig: { PingInterval: 1, ReconnectInterval: 0.2, ReconnectNonce: 0 },
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-feishu-daemon-'));
    mkdirSync(path.join(dir, 'hermes', 'logs'), { recursive: true });
    const config = path.join(dir, 'gatewatch.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${path.join(dir, 'state')}`,
        `schedule: "0 0 1 1 *"`,
        'operators: [{ name: alice, role: admin, feishu_open_id: ou_alice }]',
        'targets:',
        `  - { name: gw, hermes_home: ${path.join(dir, 'hermes')}, platforms: [feishu], service: { manager: none } }`,
        'channels:',
        `  feishu: { app_id: ${APP}, app_secret: ${SECRET}, domain: "${fake.base}", give_up_after: 1h }`,
      ].join('\n'),
    );
    child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, CLI, 'run', '--config', config], {
      env: { ...process.env, GATEWATCH_CONFIG: '', GATEWATCH_LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    await fake.waitFor(() => fake!.liveConnections() > 0, 30_000, 'the long connection');

    const ev = messageEvent({ appId: APP, text: '/status', openId: 'ou_alice' });
    expect(await fake.pushEvent(ev).ack).toEqual({ code: 200 });
    await fake.waitFor(
      () => fake!.state.messages.some((m) => m.reply_to === ev.event.message.message_id),
      30_000,
      'the /status reply',
    );
    const reply = fake.state.messages.find((m) => m.reply_to === ev.event.message.message_id)!;
    expect(reply.msg_type).toBe('interactive');
    expect(JSON.stringify(reply.card)).toContain('gw');
    // The bundle puts the version in at build time (the SDK looks for its package.json beside its own file).
    expect(fake.state.userAgents.length).toBeGreaterThan(0);
    for (const ua of fake.state.userAgents) expect(ua).toContain(`oapi-node-sdk/${SDK_VERSION}`);
    expect(child.exitCode).toBeNull();
    expect(stderr).not.toMatch(/ReferenceError|Cannot find module|is not defined/);
  });

  it('carries the SDK minified and ASCII-only in a file of its own that the bundles require, never the 6 MB original', () => {
    const files = builtFiles().filter((f) => /\.c?js$/.test(f));
    const importers = files.filter((f) =>
      /["']@larksuiteoapi\/node-sdk["']/.test(readFileSync(path.join(DIST, f), 'utf8')),
    );
    expect(importers).toEqual([]);
    const sdk = files.filter((f) => readFileSync(path.join(DIST, f), 'utf8').includes('oapi-node-sdk/'));
    expect(sdk).toEqual(['bundle-lark-sdk.cjs']);
    // Required where Feishu is first needed (the channel, check's question to Feishu), never as a bundle loads.
    for (const bundle of ['bundle-cli.cjs', 'bundle-check.cjs'])
      expect(readFileSync(path.join(DIST, bundle), 'utf8')).toContain('require("./bundle-lark-sdk.cjs")');
    const text = readFileSync(path.join(DIST, sdk[0]!), 'utf8');
    // One non-ASCII character makes V8 keep the whole source as two bytes a character.
    expect(/[^\x00-\x7f]/.test(text)).toBe(false);
    expect(text.length).toBeLessThan(4_000_000);
  });
});
