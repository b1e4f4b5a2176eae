// /test and `gatewatch test`: a marked test alert through every channel (or one), each channel's result reported.
// Real notifiers against the fake push services and the real QQ channel against the fake QQ platform; the CLI's code
// in this process (test/helpers/cli-run.ts), with and without a running daemon (a real process).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { buildChannels } from '../../src/channels/index.js';
import { createChannel as createQQ } from '../../src/chats/qq/index.js';
import { renderText } from '../../src/delivery/render-text.js';
import type { InboundMessage, Reply } from '../../src/types.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startFakePush, type FakePush } from '../fakes/push-services.js';
import { startFakeQQ, type FakeQQ } from '../fakes/qq-server.js';
import { startFakeTelegram } from '../fakes/telegram-server.js';
import { qqArgs } from '../helpers/channels.js';
import { until } from '../helpers/until.js';
import { CLI } from '../helpers/paths.js';
import { gatewatch as run } from '../helpers/cli-run.js';
import { systemClock } from '../../src/util/clock.js';
import { channelsForTest, testReply } from '../../commands/test.js';

const NTFY_TOKEN = 'tk_secret0123456789';
const operators = [
  { name: 'alice', role: 'admin', feishu_open_id: 'ou_alice', qq_openid: 'OP_ALICE' },
  { name: 'victor', role: 'viewer', feishu_open_id: 'ou_victor' },
];

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function fakes() {
  const ntfy = await startFakePush('ntfy', { ntfy: { alerts: NTFY_TOKEN } });
  const hook = await startFakePush('webhook', { webhook: { secret: '' } });
  cleanups.push(
    () => ntfy.close(),
    () => hook.close(),
  );
  return { ntfy, hook };
}

const notifiers = (ntfy: FakePush, hook: FakePush) => [
  { type: 'ntfy', url: `${ntfy.base}/alerts`, token: NTFY_TOKEN },
  { type: 'webhook', name: 'ops-hook', url: `${hook.base}/hook` },
];

async function harness(config: Record<string, unknown>, extra: { qq?: FakeQQ } = {}): Promise<Harness> {
  const base = { operators, ...config };
  const resolved = resolveConfig(configSchema.parse(base), undefined);
  const channels = await buildChannels(resolved, systemClock);
  if (extra.qq)
    channels.unshift(
      createQQ(
        ...qqArgs(
          resolveConfig(
            configSchema.parse({ ...base, channels: { qq: (config.channels as { qq: object }).qq } }),
            undefined,
          ),
        ),
        { silentLossMs: 0 },
      ),
    );
  // No daemon loop: its own first check of the (absent) gateway would race /test to the same fake services.
  const h = await startHarness({
    config: base,
    start: false,
    channels: channels.filter((c, i, all) => all.findIndex((x) => x.name === c.name) === i),
  });
  cleanups.push(() => h.close());
  return h;
}

async function say(h: Harness, text: string, from: Partial<InboundMessage> = {}): Promise<Reply[]> {
  const replies: Reply[] = [];
  await h.app.handle({ channel: 'feishu', senderId: 'ou_alice', text, ...from }, async (r) => void replies.push(r));
  return replies;
}

describe('/test in chat', () => {
  it('sends a marked info test alert through every channel and says what each did: sent, deferred (QQ holds it), failed and why', async () => {
    const { ntfy, hook } = await fakes();
    const qq = await startFakeQQ({});
    cleanups.push(() => qq.close());
    qq.faults.refuseProactive = true;
    hook.faults.push({ status: 503, body: 'upstream down' });
    const h = await harness(
      {
        channels: {
          qq: {
            app_id: '102000001',
            client_secret: 'fake-client-secret-DG5g3B4j',
            api_base: qq.baseUrl,
            token_url: qq.tokenUrl,
            alert_to: [{ user: 'OP_ALICE' }],
          },
          notifiers: notifiers(ntfy, hook),
        },
      },
      { qq },
    );
    const [r] = await say(h, '/test');
    expect(r!.outcome).toBe('failed');
    expect(r!.title).toBe('Test alert: 1 of 3 channels sent, 2 not');
    const byName = Object.fromEntries(r!.fields!.map((f) => [f.label, f.value]));
    expect(Object.keys(byName)).toEqual(['qq', 'ntfy', 'ops-hook']);
    expect(byName.ntfy).toMatch(/^sent/);
    expect(byName.qq).toMatch(/^deferred: QQ refused the push .*40034102/);
    expect(byName['ops-hook']).toMatch(/^failed: .*503/);
    // What reached the phone says it is a test, at info priority (ntfy 3), and no incident or outbox entry exists.
    const pushed = ntfy.delivered()[0]!.body;
    expect(pushed.title).toMatch(/\[TEST\] gatewatch test alert: please ignore/);
    expect(pushed.priority).toBe(3);
    expect(h.app.outbox.entries()).toHaveLength(0);
    expect(Object.keys(h.app.core.state.incidents)).toHaveLength(0);
    // Audited: the command, and one delivery record per channel.
    const audit = await h.auditRecords();
    expect(audit.find((a) => a.type === 'command')).toMatchObject({ actor: 'alice', detail: { command: 'test' } });
    const deliveries = audit.filter((a) => a.type === 'delivery').map((a) => a.detail as Record<string, unknown>);
    expect(deliveries.map((d) => [d.channel, d.status])).toEqual([
      ['qq', 'deferred'],
      ['ntfy', 'sent'],
      ['ops-hook', 'failed'],
    ]);
    expect(new Set(deliveries.map((d) => d.alert)).size).toBe(1);
  });

  it('/test <channel> sends through that one only; an unknown name lists the channels; a viewer is refused', async () => {
    const { ntfy, hook } = await fakes();
    const h = await harness({ channels: { notifiers: notifiers(ntfy, hook) } });
    const [one] = await say(h, '/test NTFY');
    expect(one).toMatchObject({ title: 'Test alert sent through all 1 channel', tone: 'ok', outcome: 'ok' });
    expect(ntfy.delivered()).toHaveLength(1);
    expect(hook.requests).toHaveLength(0);
    const [unknown] = await say(h, '/test pager');
    expect(unknown).toMatchObject({
      outcome: 'unknown_target',
      title: 'No channel named "pager". Channels: ntfy, ops-hook',
    });
    const [denied] = await say(h, '/test', { senderId: 'ou_victor' });
    expect(denied!.outcome).toBe('refused');
    expect(ntfy.requests).toHaveLength(1);
  });

  it('answers in zh-CN', async () => {
    const { ntfy, hook } = await fakes();
    hook.faults.push({ status: 500, body: 'boom' });
    const h = await harness({ locale: 'zh-CN', channels: { notifiers: notifiers(ntfy, hook) } });
    const text = renderText((await say(h, '/test'))[0]!);
    expect(text).toContain('测试告警：2 个渠道中 1 个已发送，1 个未发送');
    expect(text).toMatch(/ntfy\s+已发送/);
    expect(text).toMatch(/ops-hook\s+失败：.*500/);
    expect(ntfy.delivered()[0]!.body.title).toContain('【测试】gatewatch 测试告警，请忽略');
    expect(renderText((await say(h, '/test x'))[0]!)).toContain('没有名为 “x” 的渠道。现有渠道：ntfy、ops-hook');
  });
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

const gatewatch = (home: string, args: string[]): Promise<Result> =>
  run(args, { home, cwd: home, env: { GATEWATCH_CONFIG: '' } });

function writeConfig(home: string, ntfy: FakePush, hook: FakePush, extra = ''): string {
  mkdirSync(path.join(home, 'hermes', 'logs'), { recursive: true });
  const file = path.join(home, 'config.yaml');
  writeFileSync(
    file,
    [
      `state_dir: ${home}/state`,
      'targets:',
      `  - { name: t, hermes_home: ${home}/hermes, service: { manager: none } }`,
      'channels:',
      '  console: {}',
      '  notifiers:',
      `    - { type: ntfy, url: "${ntfy.base}/alerts", token: ${NTFY_TOKEN} }`,
      `    - { type: webhook, name: ops-hook, url: "${hook.base}/hook" }`,
      extra,
    ].join('\n'),
  );
  return file;
}

const auditOf = (home: string) => {
  const f = path.join(home, 'state', 'audit.jsonl');
  return existsSync(f)
    ? readFileSync(f, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { type: string; actor: string; detail: Record<string, unknown> })
    : [];
};

describe('gatewatch test', () => {
  it('without a daemon: builds the channels itself; exit 0 all sent, 1 one failed, 2 unknown channel, 78 bad config', async () => {
    const { ntfy, hook } = await fakes();
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-test-'));
    const cfg = writeConfig(home, ntfy, hook);
    const ok = await gatewatch(home, ['test', 'ntfy', '-c', cfg]);
    expect(ok.stdout).toMatch(/Test alert sent through all 1 channel\b/);
    expect(ok.code).toBe(0);
    expect(ntfy.delivered()).toHaveLength(1);

    hook.faults.push({ status: 502, body: 'bad gateway' });
    const bad = await gatewatch(home, ['test', '-c', cfg]);
    expect(bad.code).toBe(1);
    // The console is this terminal, not a channel the test goes through when no daemon runs.
    expect(bad.stdout).toMatch(/ntfy\s+sent/);
    expect(bad.stdout).toMatch(/ops-hook\s+failed: .*502/);
    expect(bad.stdout).not.toMatch(/console/);

    const unknown = await gatewatch(home, ['test', 'pager', '-c', cfg]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toMatch(/No channel named "pager"\. Channels: ntfy, ops-hook/);

    const usage = await gatewatch(home, ['test', 'ntfy', 'ops-hook', '-c', cfg]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage: (npx )?gatewatch test \[channel\]/);

    const json = await gatewatch(home, ['test', 'ntfy', '--json', '-c', cfg]);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ outcome: 'ok', fields: [{ label: 'ntfy' }] });

    const audit = auditOf(home);
    expect(audit.filter((a) => a.type === 'command' && a.actor === 'cli' && a.detail.command === 'test')).toHaveLength(
      4,
    );

    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('type: ntfy', 'type: ntfyy'));
    const broken = await gatewatch(home, ['test', '-c', cfg]);
    expect(broken.code).toBe(78);
    expect(broken.stderr).toMatch(/config error/);
  }, 120_000);

  it('without a daemon: sends through Telegram without polling it, so an operator message waiting there is left for the daemon', async () => {
    const { ntfy, hook } = await fakes();
    const TOKEN = '7012345678:AAHfake-token-NEVER-LOGGED_0123456789';
    const tg = await startFakeTelegram({ token: TOKEN });
    cleanups.push(() => tg.close());
    const ops = { id: -1001234567890, type: 'supergroup' as const, title: 'ops' };
    const alice = { id: 42001, is_bot: false, first_name: 'Alice' };
    tg.addChat(ops);
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-test-tg-'));
    const cfg = writeConfig(
      home,
      ntfy,
      hook,
      `  telegram: { bot_token: "${TOKEN}", api_base: "${tg.base}", alert_to: [{ chat_id: ${ops.id} }] }`,
    );
    const waiting = tg.userMessage({ from: alice, chat: ops, text: '/status' });
    const r = await gatewatch(home, ['test', 'telegram', '-c', cfg]);
    expect(r.stdout).toMatch(/Test alert sent through all 1 channel\b/);
    expect(r.code).toBe(0);
    expect(tg.state.messages.some((m) => m.chat_id === ops.id && /\[TEST\]/.test(m.text))).toBe(true);
    // Never polled: the operator's message is still unconfirmed, there for the daemon's poller.
    expect(tg.calls('getUpdates')).toEqual([]);
    expect(tg.state.updates.map((u) => u.update_id)).toContain(waiting.update_id);
  }, 120_000);

  it('with a daemon running: the daemon sends through its own channels (the console too), audited as cli', async () => {
    const { ntfy, hook } = await fakes();
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-test-d-'));
    const cfg = writeConfig(home, ntfy, hook);
    const child: ChildProcess = spawn(process.execPath, [CLI, 'run', '-c', cfg], {
      env: { ...process.env, HOME: home, GATEWATCH_CONFIG: '', GATEWATCH_LOG_LEVEL: 'error' },
      cwd: home,
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    });
    const sock = path.join(home, 'state', 'gatewatch.sock');
    await until('the control socket', () => existsSync(sock), { timeoutMs: 40_000, everyMs: 200 });
    const r = await gatewatch(home, ['test', '-c', cfg]);
    expect(r.stdout).toMatch(/Test alert sent through all 3 channels/);
    expect(r.stdout).toMatch(/console\s+sent/);
    expect(r.code).toBe(0);
    // The daemon's console printed the test alert; each service got it once.
    await until('the test alert on the daemon console', () => /\[TEST\]/.test(out), { timeoutMs: 5_000, everyMs: 100 });
    expect(out).toMatch(/\[TEST\] gatewatch test alert: please ignore/);
    // (The daemon alerts on its own too: the watched gateway is not running.)
    expect(ntfy.delivered().filter((q) => /\[TEST\]/.test(q.raw))).toHaveLength(1);
    expect(hook.delivered().filter((q) => /\[TEST\]/.test(q.raw))).toHaveLength(1);
    expect(auditOf(home).find((a) => a.type === 'command' && a.detail.command === 'test')?.actor).toBe('cli');
  }, 120_000);
});

describe('/test names the console channel as a person does (issue 61 item 2)', () => {
  it('in zh-CN: 控制台, and /test 控制台 picks it', () => {
    const reply = testReply('zh-CN', [{ channel: 'console', outcome: { status: 'sent' } }]);
    expect(reply.fields?.[0]?.label).toBe('控制台');
    expect(channelsForTest(['console', 'ntfy'], '控制台', 'zh-CN')).toEqual({ channels: ['console'] });
    expect(channelsForTest(['console', 'ntfy'], 'x', 'zh-CN')).toEqual({ unknown: 'x', names: ['控制台', 'ntfy'] });
    expect(testReply('en', [{ channel: 'console', outcome: { status: 'sent' } }]).fields?.[0]?.label).toBe('console');
  });
});
