// Issue 20 item 3: Feishu's credentials are checked at start with the cheap call that sends nothing (a
// tenant_access_token). The fake Feishu refuses a wrong secret as the real one does (HTTP 200, code 10014): the channel
// does not start, the other channels hear once which channel cannot deliver, why, and the fix in the operator's
// language. A token endpoint that fails for any other reason (5xx, no answer) is not a refusal: the channel starts.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../../src/channels/config.js';
import { createChannel } from '../../../src/chats/feishu/index.js';
import { CredentialsRefused } from '../../../src/channel-kit/refused.js';
import { plugin as ntfy } from '../../../src/notifiers/ntfy.js';
import type { Locale } from '../../../src/types.js';
import { startFakeFeishu, type FakeFeishu } from '../../fakes/feishu-server.js';
import { startFakePush } from '../../fakes/push-services.js';
import { feishuArgs, pluginHost } from '../../helpers/channels.js';
import { startHarness } from '../../helpers/harness.js';
import { until } from '../../helpers/until.js';

const APP = 'cli_0123456789abcdef';
const SECRET = 'right-app-secret-42';
const WRONG = 'wrong-app-secret-43';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function fakeFeishu(): Promise<FakeFeishu> {
  const fake = await startFakeFeishu({
    appId: APP,
    appSecret: SECRET,
    echoRequestInErrors: true,
    clientConfig: { PingInterval: 5 },
  });
  cleanups.push(() => fake.close());
  return fake;
}

function feishuChannel(domain: string, secret: string, locale: Locale = 'en', checkMs = 5_000) {
  const config = resolveConfig(
    configSchema.parse({
      locale,
      targets: [{ name: 'default', hermes_home: '/nonexistent-hermes' }],
      channels: { feishu: { app_id: APP, app_secret: secret, domain, alert_to: [{ chat_id: 'oc_alerts' }] } },
    }),
    undefined,
  );
  return createChannel(...feishuArgs(config), {
    credentialCheckTimeoutMs: checkMs,
    timings: { readyTimeoutMs: 2_000 },
  });
}

describe('feishu: the credential check at start', () => {
  it('refuses to start on a wrong app secret, says so on the other channels with the fix, never opens the long connection', async () => {
    const fake = await fakeFeishu();
    const push = await startFakePush('ntfy', { ntfy: { alerts: '' } });
    cleanups.push(() => push.close());
    const h = await startHarness({ start: false });
    cleanups.push(() => h.close());
    const pager = await ntfy.create(
      { ...ntfy.schema.parse({ url: `${push.base}/alerts` }), name: 'pager' },
      pluginHost(h.config),
    );
    await h.app.addChannel(pager);

    const err = await h.app.addChannel(feishuChannel(fake.base, WRONG)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsRefused);
    expect((err as Error).message).toMatch(
      /channels\.feishu\.app_secret.*refused by Feishu \(code 10014 app secret invalid/,
    );
    expect((err as Error).message).not.toContain(WRONG);
    expect(fake.state.tokenCalls).toBe(1);
    expect(fake.state.endpointCalls).toBe(0);

    await h.app.start();
    await until('the notice on ntfy', () => push.delivered().length > 0, { timeoutMs: 10_000, everyMs: 20 });
    const notices = push.delivered().filter((r) => /Channel feishu cannot deliver/.test(String(r.body?.title)));
    expect(notices).toHaveLength(1);
    const body = String(notices[0]!.body.message);
    expect(body).toMatch(/refused by Feishu \(code 10014/);
    expect(body).toMatch(/Feishu refuses the app’s id or secret.*open\.feishu\.cn\/app/);
    expect(body).not.toContain(WRONG);
    expect(h.app.channelTrouble.list()).toEqual([
      expect.objectContaining({ channel: 'feishu', when: 'start', fix: expect.stringMatching(/^Fix: Feishu refuses/) }),
    ]);
  });

  it('gives the fix in Chinese for a zh-CN config', async () => {
    const fake = await fakeFeishu();
    const err = (await feishuChannel(fake.base, WRONG, 'zh-CN')
      .start({} as never)
      .catch((e: unknown) => e)) as CredentialsRefused;
    expect(err).toBeInstanceOf(CredentialsRefused);
    expect(err.fix).toMatch(/飞书拒绝了应用的 App ID 或 App Secret/);
  });

  it('starts anyway when the token endpoint fails (503) or does not answer: that is not a refusal', async () => {
    const fake = await fakeFeishu();
    fake.faults.token.push(503);
    const h = await startHarness({ start: false });
    cleanups.push(() => h.close());
    const ch = feishuChannel(fake.base, SECRET);
    await h.app.addChannel(ch);
    cleanups.push(() => ch.stop());
    await until('the long connection', () => ch.health().ok, { timeoutMs: 10_000, everyMs: 20 });

    // A server that takes the connection and never answers: the check gives up after its short limit.
    const held: Socket[] = [];
    const silent = createServer((s) => void held.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanups.push(async () => {
      for (const s of held) s.destroy();
      silent.close();
    });
    const h2 = await startHarness({ start: false });
    cleanups.push(() => h2.close());
    const quiet = feishuChannel(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, SECRET, 'en', 300);
    const t0 = performance.now();
    await h2.app.addChannel(quiet);
    cleanups.push(() => quiet.stop());
    expect(h2.app.channelTrouble.list()).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('asked again while running (issue 35): taken, then refused once the secret is reset, then unreachable when Feishu is gone; never the secret', async () => {
    const fake = await fakeFeishu();
    const ch = feishuChannel(fake.base, SECRET);
    const signal = () => AbortSignal.timeout(5_000);
    expect(await ch.checkCredentials!(signal())).toEqual({ state: 'accepted', service: 'Feishu' });
    fake.setAppSecret('reset-in-the-console-44');
    const refused = await ch.checkCredentials!(signal());
    expect(refused).toMatchObject({
      state: 'rejected',
      service: 'Feishu',
      answer: expect.stringMatching(/^code 10014 app secret invalid/),
      fix: expect.stringMatching(/open\.feishu\.cn\/app/),
    });
    expect(JSON.stringify(refused)).not.toContain(SECRET);
    fake.faults.token.push(503);
    expect(await ch.checkCredentials!(signal())).toMatchObject({
      state: 'unreachable',
      service: 'Feishu',
      reason: expect.stringMatching(/503/),
    });
    await fake.close();
    expect(await ch.checkCredentials!(signal())).toMatchObject({
      state: 'unreachable',
      service: 'Feishu',
      reason: expect.stringMatching(/ECONN|UND_ERR_SOCKET/),
    });
  });
});
