// Issue 20 item 3: `/doctor` explains every mark it prints. Each channel marked (!) has a line naming it with why
// (a Feishu app whose secret Feishu refused at start, a notifier whose last push failed); each finding's icon comes
// with its explanation and what to do; a warning is a sentence of its own. Checked on the reply as a chat shows it.
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createChannel } from '../../src/chats/feishu/index.js';
import { plugin as ntfy } from '../../src/notifiers/ntfy.js';
import type { Reply } from '../../src/types.js';
import { startFakeFeishu } from '../fakes/feishu-server.js';
import { startFakePush } from '../fakes/push-services.js';
import { feishuArgs, pluginHost } from '../helpers/channels.js';
import { startHarness } from '../helpers/harness.js';
import { createChannel as createTelegram } from '../../src/chats/telegram/index.js';
import { telegramSchema } from '../../src/chats/telegram/plugin.js';
import { startFakeTelegram } from '../fakes/telegram-server.js';
import { until, where } from '../helpers/until.js';
import { ownLoopback } from '../../src/util/own-loopback.js';

const APP = 'cli_0123456789abcdef';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

/** Every channel the channels field marks (!), and whether a line explains it with a reason. */
function unexplainedMarks(r: Reply): { marked: string[]; unexplained: string[] } {
  const field = r.fields?.find((f) => f.label === 'channels')?.value ?? '';
  const marked = [...field.matchAll(/([\w-]+) \(!\)/g)].map((m) => m[1]!);
  const unexplained = marked.filter((n) => !(r.lines ?? []).some((l) => new RegExp(`^${n} \\(!\\): \\S`).test(l)));
  return { marked, unexplained };
}

describe('/doctor explains every mark it prints', () => {
  it('a reason beside each (!), and an explanation and action under each finding', async () => {
    const fake = await startFakeFeishu({ appId: APP, appSecret: 'right-secret', clientConfig: { PingInterval: 5 } });
    cleanups.push(() => fake.close());
    const push = await startFakePush('ntfy', { ntfy: { alerts: '' } });
    cleanups.push(() => push.close());
    // No watch loop: the (empty) Hermes home gives findings of its own (no state file, no log).
    const h = await startHarness({ start: false });
    cleanups.push(() => h.close());
    const host = pluginHost(h.config);
    const pager = await ntfy.create({ ...ntfy.schema.parse({ url: `${push.base}/alerts` }), name: 'pager' }, host);
    await h.app.addChannel(pager);
    push.faults.push({ status: 500, body: 'down for maintenance' });
    expect(
      await pager.deliver({
        id: 'a',
        kind: 'notice',
        target: 'default',
        severity: 'warning',
        createdAt: 0,
        reply: { title: 'x' },
      }),
    ).toMatchObject({ status: 'failed' });
    const config = resolveConfig(
      configSchema.parse({
        targets: [{ name: 'default', hermes_home: h.hermesHome }],
        channels: {
          feishu: { app_id: APP, app_secret: 'wrong-secret', domain: fake.base, alert_to: [{ chat_id: 'oc_x' }] },
        },
      }),
      undefined,
    );
    await expect(
      h.app.addChannel(createChannel(...feishuArgs(config), { credentialCheckTimeoutMs: 5_000 })),
    ).rejects.toThrow(/refused by Feishu/);

    const replies = await h.say('/doctor');
    const report = replies.find((r) => r.fields?.some((f) => f.label === 'channels'));
    expect(report).toBeDefined();
    const { marked, unexplained } = unexplainedMarks(report!);
    expect(marked.sort()).toEqual(['feishu', 'pager']);
    expect(unexplained).toEqual([]);
    expect(report!.lines).toContainEqual(expect.stringMatching(/^feishu \(!\): .*refused by Feishu \(code 10014/));
    expect(report!.lines).toContainEqual(expect.stringMatching(/^pager \(!\): last push failed: .*500/));

    // A finding's icon is never alone: its explanation and its action follow.
    const lines = report!.lines ?? [];
    expect(lines.some((l) => /^(🔴|🟠|ℹ️) /.test(l))).toBe(true);
    lines.forEach((l, i) => {
      if (/^(🔴|🟠|ℹ️) /.test(l)) {
        expect(lines[i + 1], `explanation of ${l}`).toMatch(/^ {3}\S/);
        expect(lines[i + 2], `action of ${l}`).toMatch(/^ {3}→ \S/);
      }
    });
  });

  it('a channel whose credentials the service rejected: ✗ with the service\'s answer and the fix, and the verdict is not "all checks pass"', {
    timeout: 90_000,
  }, async () => {
    const tg = await startFakeTelegram({ token: '7012345678:AAHgood-token-00000000000000000000' });
    cleanups.push(() => tg.close());
    const h = await startHarness({ demo: true, start: false });
    cleanups.push(() => h.close());
    await until(
      'a healthy demo gateway',
      where(
        () => h.app.core.look('demo', { doctor: true }),
        (r) => r.findings.length === 0,
      ),
      { timeoutMs: 60_000, everyMs: 500 },
    );
    const before = (await h.say('/doctor')).find((r) => r.fields?.some((f) => f.label === 'channels'))!;
    expect(before.title).toMatch(/all checks pass/);
    const settings = telegramSchema().parse({
      bot_token: '7012345678:AAHrevoked-token-0000000000000000',
      api_base: tg.base,
      alert_to: [{ chat_id: 42 }],
    });
    await expect(
      h.app.addChannel(createTelegram({ ...settings, name: 'telegram' }, pluginHost(h.config))),
    ).rejects.toThrow(/refused by Telegram/);

    const report = (await h.say('/doctor')).find((r) => r.fields?.some((f) => f.label === 'channels'))!;
    expect(report.title).toBe('demo: checks pass, but telegram cannot deliver alerts');
    expect(report.tone).toBe('warning');
    const lines = report.lines ?? [];
    const at = lines.indexOf('✗ telegram cannot deliver alerts: Telegram rejected its credentials (401 Unauthorized)');
    expect(at, lines.join('\n')).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toMatch(/^Fix: Telegram refuses the bot token.*@BotFather/);
  });
});

// Issue 51 item 10: /doctor says when gatewatch's HTTP endpoint is open to every user of this host.
// Where this test runs in a network namespace of its own (a container), loopback is not the host's: nothing to say.
describe.skipIf(ownLoopback())('/doctor and the HTTP endpoint', () => {
  for (const [locale, said] of [
    ['en', /127\.0\.0\.1:9477.*without http\.token.*every user of this host.*\/alertmanager is off/],
    ['zh-CN', /127\.0\.0\.1:9477.*http\.token.*本机的每个用户.*\/alertmanager 已关闭/],
  ] as const)
    it(`says the endpoint without a token is open to every local user (${locale}); with a token, nothing`, async () => {
      const open = await startHarness({ start: false, config: { locale, http: { listen: '127.0.0.1:9477' } } });
      cleanups.push(() => open.close());
      const text = (await open.say('/doctor')).flatMap((r) => [r.title, ...(r.lines ?? [])]).join('\n');
      expect(text).toMatch(said);
      const closed = await startHarness({
        start: false,
        config: { locale, http: { listen: '127.0.0.1:9477', token: 'a-token-of-sixteen-chars' } },
      });
      cleanups.push(() => closed.close());
      const quiet = (await closed.say('/doctor')).flatMap((r) => [r.title, ...(r.lines ?? [])]).join('\n');
      expect(quiet).not.toMatch(/http\.token/);
    });
});
