// Issue 20 item 3: QQ's credentials are checked at start with the cheap call that sends nothing (an AppAccessToken).
// The fake QQ refuses a wrong secret as the real one does (HTTP 200, code 100016): the channel does not start, the
// other channels hear once which channel cannot deliver, why, and the fix in the operator's language. A token endpoint
// that cannot be reached is not a refusal: the channel starts and its gateway keeps trying.
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../../src/channels/config.js';
import { createChannel } from '../../../src/chats/qq/index.js';
import { CredentialsRefused } from '../../../src/channel-kit/refused.js';
import { plugin as ntfy } from '../../../src/notifiers/ntfy.js';
import type { Locale } from '../../../src/types.js';
import { startFakeQQ, type FakeQQ } from '../../fakes/qq-server.js';
import { startFakePush } from '../../fakes/push-services.js';
import { pluginHost, qqArgs } from '../../helpers/channels.js';
import { startHarness } from '../../helpers/harness.js';
import { until } from '../../helpers/until.js';

const APP_ID = '102000001';
const SECRET = 'right-client-secret-42';
const WRONG = 'wrong-client-secret-43';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function fakeQQ(): Promise<FakeQQ> {
  const fake = await startFakeQQ({ appId: APP_ID, clientSecret: SECRET, echoRequestInErrors: true });
  cleanups.push(() => fake.close());
  return fake;
}

function qqChannel(fake: FakeQQ, secret: string, locale: Locale = 'en') {
  const raw = {
    locale,
    targets: [{ name: 'default', hermes_home: '/nonexistent-hermes' }],
    channels: {
      qq: {
        app_id: APP_ID,
        client_secret: secret,
        api_base: fake.baseUrl,
        token_url: fake.tokenUrl,
        alert_to: [{ user: 'u1' }],
      },
    },
  };
  return createChannel(...qqArgs(resolveConfig(configSchema.parse(raw), undefined)), {
    credentialCheckTimeoutMs: 5_000,
    httpTimeoutMs: 5_000,
  });
}

describe('qq: the credential check at start', () => {
  it('refuses to start on a wrong secret, says so on the other channels with the fix, never opens the gateway', async () => {
    const fake = await fakeQQ();
    const push = await startFakePush('ntfy', { ntfy: { alerts: '' } });
    cleanups.push(() => push.close());
    const h = await startHarness({ start: false });
    cleanups.push(() => h.close());
    await h.app.addChannel(
      await ntfy.create({ ...ntfy.schema.parse({ url: `${push.base}/alerts` }), name: 'pager' }, pluginHost(h.config)),
    );

    const err = await h.app.addChannel(qqChannel(fake, WRONG)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsRefused);
    expect((err as Error).message).toMatch(
      /channels\.qq\.client_secret.*refused by QQ \(HTTP 200 code 100016 invalid appid or secret/,
    );
    expect((err as Error).message).not.toContain(WRONG);
    expect(fake.tokenRequests).toBe(1);
    expect(fake.conns).toHaveLength(0);

    await h.app.start();
    await until('the notice on ntfy', () => push.delivered().length > 0, { timeoutMs: 10_000, everyMs: 20 });
    const notices = push.delivered().filter((r) => /Channel qq cannot deliver/.test(String(r.body?.title)));
    expect(notices).toHaveLength(1);
    const body = String(notices[0]!.body.message);
    expect(body).toMatch(/refused by QQ \(HTTP 200 code 100016/);
    expect(body).toMatch(/QQ refuses the bot’s AppID or AppSecret.*q\.qq\.com/);
    expect(body).not.toContain(WRONG);
  });

  it('gives the fix in Chinese for a zh-CN config', async () => {
    const fake = await fakeQQ();
    const err = (await qqChannel(fake, WRONG, 'zh-CN')
      .start({} as never)
      .catch((e: unknown) => e)) as CredentialsRefused;
    expect(err).toBeInstanceOf(CredentialsRefused);
    expect(err.fix).toMatch(/QQ 拒绝了机器人的 AppID 或 AppSecret/);
  });

  it('starts anyway when the token endpoint cannot be reached: that is not a refusal', async () => {
    const fake = await fakeQQ();
    fake.faults.down = true;
    const h = await startHarness({ start: false });
    cleanups.push(() => h.close());
    const ch = qqChannel(fake, SECRET);
    await h.app.addChannel(ch);
    cleanups.push(() => ch.stop());
    expect(h.app.channelTrouble.list()).toEqual([]);
    fake.faults.down = false;
    await until('the gateway', () => ch.health().ok, { timeoutMs: 15_000, everyMs: 50 });
  });

  it('asked again while running (issue 35): a fresh token request each time, refused once the secret is reset, unreachable when QQ is gone', async () => {
    const fake = await fakeQQ();
    const ch = qqChannel(fake, SECRET);
    const signal = () => AbortSignal.timeout(5_000);
    expect(await ch.checkCredentials!(signal())).toEqual({ state: 'accepted', service: 'QQ' });
    fake.setClientSecret('reset-on-the-open-platform-44');
    const refused = await ch.checkCredentials!(signal());
    expect(refused).toMatchObject({
      state: 'rejected',
      service: 'QQ',
      answer: expect.stringMatching(/code 100016/),
      fix: expect.stringMatching(/q\.qq\.com/),
    });
    expect(JSON.stringify(refused)).not.toContain(SECRET);
    await fake.close();
    expect(await ch.checkCredentials!(signal())).toMatchObject({
      state: 'unreachable',
      service: 'QQ',
      reason: expect.stringMatching(/ECONN|UND_ERR_SOCKET/),
    });
  });
});
