// Issue 51 item 9: every channel's secret, planted in a stand-in API that refuses it (401) and echoes the request
// back, reaches none of what the daemon writes: stderr (the journal under systemd, the JSON log included), stdout (the
// banner, the console channel) and every file of its state_dir. The built daemon (`gatewatch run`, dist) runs with
// every chat channel and notifier the registry knows pointed at the stand-in (email at an SMTP server that echoes the
// refused login), and again with Telegram as its only channel, which ends in a config error (exit 78).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { notifierPlugins, chatPlugins } from '../../src/channels/plugins.js';
import { startEchoApi, type EchoApi } from '../fakes/echo-api.js';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp.js';
import { until } from '../helpers/until.js';
import { CLI } from '../helpers/paths.js';

// Each secret is plain letters and digits with no key around it once echoed: only the redactor's registered values
// and the plugins' secret shapes can catch it. A Telegram token's bot id is no secret (it is kept): its part after
// the colon is.
const S = {
  telegram: '7012345678:AAHchatPlantedTokenAbcdefghijklmnopq',
  qq: 'plantedQQclientSecretValue',
  feishu: 'plantedFeishuAppSecretValue',
  tgNotifier: '7098765432:AAHnotifierPlantedTokenAbcdefghijk',
  feishuHook: 'plantedFeishuHookId0123',
  feishuHookSecret: 'plantedFeishuHookSigningSecret',
  dingtalkToken: 'plantedDingtalkAccessToken0123',
  dingtalkSecret: `SEC${'a1b2c3d4'.repeat(8)}`,
  wecom: 'plantedWecomRobotKey0123',
  bark: 'plantedBarkDeviceKey0123',
  ntfy: 'tk_plantedntfyaccesstoken0123',
  serverchan: 'SCT123456TplantedServerchanKey',
  pushplus: 'plantedPushplusToken0123',
  smtp: 'plantedSmtpPassword0123',
  webhookSecret: 'plantedWebhookSigningSecret',
  webhookHeader: 'plantedWebhookHeaderValue0123',
};
/** What must not appear: a Telegram token's secret part, every other value whole. */
const needles = Object.entries(S).map(([k, v]) => [k, v.includes(':') ? v.split(':')[1]! : v] as const);

let echo: EchoApi | undefined;
let smtp: FakeSmtp | undefined;
afterEach(async () => {
  await echo?.close();
  await smtp?.close();
  echo = smtp = undefined;
});

const poll = { timeoutMs: 60_000, everyMs: 100 };

function home(channels: Record<string, unknown>): { dir: string; stateDir: string; config: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-echo-all-'));
  mkdirSync(path.join(dir, 'hermes', 'logs'), { recursive: true });
  const stateDir = path.join(dir, 'state');
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    JSON.stringify({
      state_dir: stateDir,
      schedule: '*/2 * * * * *',
      targets: [
        { name: 'gw', hermes_home: path.join(dir, 'hermes'), platforms: ['qqbot'], service: { manager: 'none' } },
      ],
      channels,
    }),
  );
  return { dir, stateDir, config };
}

function run(config: string) {
  const child = spawn(process.execPath, [CLI, 'run', '--config', config], {
    env: { ...process.env, GATEWATCH_LOG_LEVEL: 'debug' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '', code: undefined as number | null | undefined };
  child.stdout.on('data', (d) => (out.stdout += String(d)));
  child.stderr.on('data', (d) => (out.stderr += String(d)));
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      out.code = code;
      resolve();
    }),
  );
  return { child, out, exited };
}

/** Every file under the state_dir, read whole. */
function filesUnder(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const f = path.join(dir, name);
    const st = statSync(f);
    if (st.isDirectory()) out.push(...filesUnder(f));
    else if (st.isFile()) out.push({ file: f, text: readFileSync(f, 'utf8') });
  }
  return out;
}

function expectNoSecret(where: Record<string, string>): void {
  for (const [name, text] of Object.entries(where))
    for (const [key, secret] of needles) expect(text.includes(secret), `${key}'s secret in ${name}`).toBe(false);
}

describe('every channel secret echoed back by a refusing API', () => {
  it('reaches neither stderr, stdout nor any file of the state_dir', { timeout: 120_000 }, async () => {
    echo = await startEchoApi();
    smtp = await startFakeSmtp({ users: { alerts: 'the-right-password' }, echoLogin: true });
    const b = echo.base;
    const { stateDir, config } = home({
      console: {},
      telegram: { bot_token: S.telegram, api_base: b, alert_to: [{ chat_id: 42 }], give_up_after: '1h' },
      qq: {
        app_id: '102000001',
        client_secret: S.qq,
        api_base: b,
        token_url: `${b}/app/getAppAccessToken`,
        give_up_after: '1h',
      },
      feishu: { app_id: 'cli_0123456789abcdef', app_secret: S.feishu, domain: b, give_up_after: '1h' },
      notifiers: [
        { type: 'telegram', name: 'tg-alerts', bot_token: S.tgNotifier, chat_id: 42, api_base: b },
        { type: 'feishu_webhook', url: `${b}/open-apis/bot/v2/hook/${S.feishuHook}`, secret: S.feishuHookSecret },
        { type: 'dingtalk', url: `${b}/robot/send?access_token=${S.dingtalkToken}`, secret: S.dingtalkSecret },
        { type: 'wecom', url: `${b}/cgi-bin/webhook/send?key=${S.wecom}` },
        { type: 'bark', url: `${b}/${S.bark}` },
        { type: 'ntfy', url: `${b}/gatewatch-alerts`, token: S.ntfy },
        { type: 'serverchan', sendkey: S.serverchan, api_base: b },
        { type: 'pushplus', token: S.pushplus, api_base: b },
        {
          type: 'email',
          smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: 'alerts', pass: S.smtp },
          from: 'gatewatch <alerts@example.com>',
          to: ['ops@example.com'],
        },
        { type: 'webhook', url: `${b}/hook`, secret: S.webhookSecret, headers: { 'X-Api-Key': S.webhookHeader } },
      ],
    });
    // Every plugin the registry knows is planted here: a new one must be added to this test.
    const planted = ['telegram', 'qq', 'feishu', ...notifierPlugins.map((p) => p.type)];
    expect([...chatPlugins, ...notifierPlugins].every((p) => planted.includes(p.type))).toBe(true);

    const d = run(config);
    try {
      // Every secret that goes on the wire went out and came back in a refusal (signing secrets only sign).
      const echoed = () => echo!.seen.join('\n');
      const signing = ['smtp', 'feishuHookSecret', 'dingtalkSecret', 'webhookSecret'];
      const sent = needles.filter(([k]) => !signing.includes(k));
      await until(
        'every secret sent to the echoing API',
        () => d.out.code !== undefined || sent.every(([, s]) => echoed().includes(s)),
        poll,
      ).catch((e: Error) => {
        const missing = sent.filter(([, s]) => !echoed().includes(s)).map(([k]) => k);
        throw new Error(`${e.message}: not sent ${missing.join(', ')}\n${d.out.stdout}\n${d.out.stderr.slice(-3000)}`);
      });
      expect(d.out.code).toBeUndefined();
      await until('the refused SMTP login', () => smtp!.badLogins.length > 0, poll);
      // The refusals are said: the failed chat channels on stderr, the notifiers' on the console and on disk.
      await until('the refusals said', () => /cannot deliver/.test(d.out.stderr) && /echo/.test(d.out.stdout), poll);
      await until(
        'the refusals on disk',
        () => filesUnder(stateDir).some((f) => /Unauthorized echo/.test(f.text)),
        poll,
      );
    } finally {
      d.child.kill('SIGTERM');
      await d.exited;
    }
    const disk = Object.fromEntries(filesUnder(stateDir).map((f) => [f.file, f.text]));
    expect(Object.keys(disk).length).toBeGreaterThan(0);
    expectNoSecret({ stderr: d.out.stderr, stdout: d.out.stdout, ...disk });
  });

  it('reaches no line of the config error when Telegram is the only channel (exit 78)', {
    timeout: 60_000,
  }, async () => {
    echo = await startEchoApi();
    const { stateDir, config } = home({
      telegram: { bot_token: S.telegram, api_base: echo.base, alert_to: [{ chat_id: 42 }] },
    });
    const d = run(config);
    await d.exited;
    expect(d.out.code).toBe(78);
    expect(echo.seen.join('\n')).toContain(needles[0]![1]);
    expect(d.out.stderr).toMatch(/refused by Telegram \(401 Unauthorized echo/);
    const disk = Object.fromEntries(filesUnder(stateDir).map((f) => [f.file, f.text]));
    expectNoSecret({ stderr: d.out.stderr, stdout: d.out.stdout, ...disk });
  });
});
