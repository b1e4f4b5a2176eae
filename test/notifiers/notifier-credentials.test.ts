// Issue 20 item 3: a notifier whose service has a cheap credential check that sends nothing runs it at start (Telegram:
// getMe; e-mail: the SMTP login, then QUIT). Against the loopback fake refusing the token, the notifier does not start, the other channels hear once
// which channel cannot deliver, why, and the fix (en, zh-CN); nothing is sent to the refused bot's chat. A service
// that cannot be reached is not a refusal: the notifier starts and the outbox retries as always.
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialsRefused } from '../../src/channel-kit/refused.js';
import type { AnyChannelPlugin } from '../../src/channel-kit/plugin.js';
import { plugin as email } from '../../src/notifiers/email.js';
import { plugin as ntfy } from '../../src/notifiers/ntfy.js';
import { plugin as telegram } from '../../src/chats/telegram/notifier.js';
import { startFakePush } from '../fakes/push-services.js';
import { startFakeSmtp } from '../fakes/smtp.js';
import { pluginHost } from '../helpers/channels.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { until } from '../helpers/until.js';

const GOOD = '7012345678:AAHgood-notifier-token-000000000';
const WRONG = '7012345678:AAHrevoked-notifier-token-0000000';
const CHAT = 42;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const make = (h: Harness, p: AnyChannelPlugin, name: string, settings: Record<string, unknown>) =>
  p.create({ ...p.schema.parse(settings), name }, pluginHost(h.config));

async function harness(locale: 'en' | 'zh-CN' = 'en') {
  const h = await startHarness({ start: false, config: { locale } });
  cleanups.push(() => h.close());
  const pager = await startFakePush('ntfy', { ntfy: { alerts: '' } });
  cleanups.push(() => pager.close());
  await h.app.addChannel(await make(h, ntfy, 'pager', { url: `${pager.base}/alerts` }));
  return { h, pager };
}

describe('telegram notifier: the token check at start (getMe)', () => {
  it('does not start on a refused token, and the other channels hear it once with the fix; nothing is sent', async () => {
    const tg = await startFakePush('telegram', { telegram: { [GOOD]: [CHAT] } });
    cleanups.push(() => tg.close());
    const { h, pager } = await harness();
    const err = await h.app
      .addChannel(await make(h, telegram, 'tg', { bot_token: WRONG, chat_id: CHAT, api_base: tg.base }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsRefused);
    expect((err as Error).message).toMatch(/refused by Telegram \(401 Unauthorized\)/);
    expect((err as Error).message).not.toContain(WRONG.split(':')[1]);
    expect(tg.requests.map((r) => r.path.replace(WRONG, '<token>'))).toEqual(['/bot<token>/getMe']);

    await h.app.start();
    await until('the notice', () => pager.delivered().length > 0, { timeoutMs: 10_000, everyMs: 20 });
    const notices = pager.delivered().filter((r) => /Channel tg cannot deliver/.test(String(r.body?.title)));
    expect(notices).toHaveLength(1);
    const body = String(notices[0]!.body.message);
    expect(body).toMatch(/Telegram refuses the bot token.*@BotFather/);
    expect(body).not.toContain(WRONG.split(':')[1]);
    expect(tg.delivered()).toHaveLength(0);
  });

  it('says the fix in Chinese for a zh-CN config', async () => {
    const tg = await startFakePush('telegram', { telegram: { [GOOD]: [CHAT] } });
    cleanups.push(() => tg.close());
    const { h } = await harness('zh-CN');
    const err = (await h.app
      .addChannel(await make(h, telegram, 'tg', { bot_token: WRONG, chat_id: CHAT, api_base: tg.base }))
      .catch((e: unknown) => e)) as CredentialsRefused;
    expect(err.fix).toMatch(/Telegram 拒绝了机器人令牌/);
  });

  it('starts on a good token (getMe sends nothing), and when Telegram answers 5xx or cannot be reached', async () => {
    const tg = await startFakePush('telegram', { telegram: { [GOOD]: [CHAT] } });
    cleanups.push(() => tg.close());
    const { h } = await harness();
    await h.app.addChannel(await make(h, telegram, 'tg', { bot_token: GOOD, chat_id: CHAT, api_base: tg.base }));
    expect(tg.delivered()).toHaveLength(0);
    tg.faults.push({ status: 502, body: 'Bad Gateway' });
    await h.app.addChannel(await make(h, telegram, 'tg2', { bot_token: WRONG, chat_id: CHAT, api_base: tg.base }));
    await h.app.addChannel(
      await make(h, telegram, 'tg3', { bot_token: WRONG, chat_id: CHAT, api_base: 'http://127.0.0.1:9' }),
    );
    expect(h.app.channelTrouble.list()).toEqual([]);
  });
});

describe('telegram notifier: the token asked again while running (issue 35)', () => {
  it("answers accepted, rejected with Telegram's answer and the fix, or unreachable: a 5xx or no answer is never a rejected token", async () => {
    const tg = await startFakePush('telegram', { telegram: { [GOOD]: [CHAT] } });
    cleanups.push(() => tg.close());
    const { h } = await harness();
    const signal = () => AbortSignal.timeout(5_000);
    const good = await make(h, telegram, 'tg', { bot_token: GOOD, chat_id: CHAT, api_base: tg.base });
    expect(await good.checkCredentials!(signal())).toEqual({ state: 'accepted', service: 'Telegram' });
    const wrong = await make(h, telegram, 'tg2', { bot_token: WRONG, chat_id: CHAT, api_base: tg.base });
    const refused = await wrong.checkCredentials!(signal());
    expect(refused).toMatchObject({
      state: 'rejected',
      service: 'Telegram',
      answer: '401 Unauthorized',
      fix: expect.stringMatching(/@BotFather/),
    });
    tg.faults.push({ status: 502, body: 'Bad Gateway' });
    expect(await wrong.checkCredentials!(signal())).toMatchObject({
      state: 'unreachable',
      service: 'Telegram',
      reason: 'HTTP 502',
    });
    const gone = await make(h, telegram, 'tg3', { bot_token: WRONG, chat_id: CHAT, api_base: 'http://127.0.0.1:9' });
    const v = await gone.checkCredentials!(signal());
    expect(v).toMatchObject({
      state: 'unreachable',
      service: 'Telegram',
      reason: expect.stringMatching(/^no answer from 127\.0\.0\.1:9/),
    });
    expect(JSON.stringify([refused, v])).not.toContain(WRONG.split(':')[1]);
    expect(tg.delivered()).toHaveLength(0);
  });
});

describe('email notifier: the SMTP login check at start', () => {
  const PASS = 'right-mail-pass-123';
  const settings = (port: number, pass: string, user = 'alerts') => ({
    smtp: { host: '127.0.0.1', port, secure: false, user, pass },
    from: 'gw@example.com',
    to: ['ops@example.com'],
  });

  it('does not start when the server refuses the login (535), says so with the fix; no message is sent', async () => {
    const mail = await startFakeSmtp({ users: { alerts: PASS } });
    cleanups.push(() => mail.close());
    const { h, pager } = await harness();
    const err = await h.app
      .addChannel(await make(h, email, 'mail', settings(mail.port, 'wrong-mail-pass-456')))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsRefused);
    expect((err as Error).message).toMatch(/refused by the mail server \(SMTP 535/);
    expect((err as Error).message).not.toContain('wrong-mail-pass-456');
    expect(mail.badLogins).toEqual(['alerts']);
    await h.app.start();
    await until('the notice', () => pager.delivered().length > 0, { timeoutMs: 10_000, everyMs: 20 });
    const body = String(
      pager.delivered().find((r) => /Channel mail cannot deliver/.test(String(r.body?.title)))?.body.message,
    );
    expect(body).toMatch(/mail server refuses the login.*smtp\.pass/);
    expect(mail.messages).toHaveLength(0);
  });

  it('starts with the right password, and when the mail server cannot be reached', async () => {
    const mail = await startFakeSmtp({ users: { alerts: PASS } });
    cleanups.push(() => mail.close());
    const { h } = await harness();
    await h.app.addChannel(await make(h, email, 'mail', settings(mail.port, PASS)));
    await h.app.addChannel(await make(h, email, 'mail2', settings(9, 'wrong-mail-pass-456')));
    expect(h.app.channelTrouble.list()).toEqual([]);
    expect(mail.messages).toHaveLength(0);
  });
});
