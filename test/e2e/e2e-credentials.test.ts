// End to end, issue 35 item 1: a rejected credential is found at start, not at the first alert. The built daemon runs
// with a Telegram bot whose token the (loopback) Bot API rejects beside an ntfy notifier, and with its HTTP endpoint:
// the banner names the channel that cannot deliver and why, `gatewatch doctor` marks it ✗ with the fix (not "all
// checks pass"), /healthz and /metrics show it. A Telegram that cannot be reached is said as that: a network problem,
// not a rejected token. Doctor runs inside the test's process (runCliHere): what it says is the subject, not its process.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleCli, endCli } from '../helpers/console-cli.js';
import { runCliHere } from '../helpers/cli-run.js';
import { until, where } from '../helpers/until.js';
import { startFakeTelegram } from '../fakes/telegram-server.js';
import { startFakePush } from '../fakes/push-services.js';
import { startFakeQQ } from '../fakes/qq-server.js';
import { startHangingEndpoint, type EndpointEvent } from '../fakes/hanging-endpoint.js';
import { freePort, refusedPort } from '../helpers/ports.js';

const GOOD = '7012345678:AAHgood-token-00000000000000000000';
const WRONG = '7012345678:AAHrevoked-token-0000000000000000';
const HTTP_TOKEN = 'creds-http-token-0123456789';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
let child: ChildProcessWithoutNullStreams | undefined;
afterEach(async () => {
  await endCli(child);
  child = undefined;
  while (cleanups.length) await cleanups.pop()!();
});

function setup(channels: Record<string, unknown>, port: number): { home: string; file: string } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-creds-'));
  const hermes = path.join(home, 'hermes');
  mkdirSync(path.join(hermes, 'logs'), { recursive: true });
  const file = path.join(home, 'config.yaml');
  writeFileSync(
    file,
    JSON.stringify({
      state_dir: path.join(home, 'state'),
      targets: [{ name: 'default', hermes_home: hermes, platforms: ['feishu'], service: { manager: 'none' } }],
      schedule: '*/2 * * * * *',
      channels,
      http: { listen: `127.0.0.1:${port}`, token: HTTP_TOKEN },
    }),
  );
  return { home, file };
}

describe('gatewatch run: credentials checked at start', () => {
  it('a Telegram token the Bot API rejects: the banner names it, doctor marks it ✗ with the fix, /healthz and /metrics show it', {
    timeout: 120_000,
  }, async () => {
    const tg = await startFakeTelegram({ token: GOOD });
    cleanups.push(() => tg.close());
    const pager = await startFakePush('ntfy', { ntfy: { alerts: '' } });
    cleanups.push(() => pager.close());
    const port = await freePort();
    const { home, file } = setup(
      {
        telegram: { bot_token: WRONG, api_base: tg.base, alert_to: [{ chat_id: 42 }] },
        notifiers: [{ type: 'ntfy', name: 'pager', url: `${pager.base}/alerts` }],
      },
      port,
    );
    const cli = startConsoleCli(home, ['run', '--config', file]);
    child = cli.child;

    // The banner: which channel cannot deliver, that its credentials were rejected, and the fix.
    await cli.waitFor(/✗ telegram cannot deliver alerts/);
    const banner = cli.out();
    expect(banner).toMatch(/✗ telegram cannot deliver alerts: Telegram rejected its credentials \(401 Unauthorized\)/);
    expect(banner).toMatch(/@BotFather/);
    expect(banner).not.toContain(WRONG.split(':')[1]);

    const base = `http://127.0.0.1:${port}`;
    const healthz = async () => {
      const r = await fetch(`${base}/healthz`).catch(() => undefined);
      return r
        ? { status: r.status, body: (await r.json()) as { status: string; reasons?: string[] } }
        : { status: 0, body: { status: 'none' } };
    };
    // Once the scheduler has run (until then the status is down).
    const anon = await until(
      '/healthz',
      where(healthz, (r) => r.body.status === 'degraded' || r.body.status === 'up'),
      { timeoutMs: 30_000, everyMs: 200 },
    );
    expect(anon.status).toBe(503);
    expect(anon.body).toEqual({ status: 'degraded', reasons: ['credentials_rejected'] });
    const metrics = await (
      await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${HTTP_TOKEN}` } })
    ).text();
    expect(metrics).toMatch(/^gatewatch_channel_up\{channel="telegram"\} 0$/m);
    expect(metrics).toMatch(/^gatewatch_channel_credentials_rejected\{channel="telegram"\} 1$/m);
    expect(metrics).toMatch(/^gatewatch_channel_credentials_rejected\{channel="pager"\} 0$/m);

    // The daemon answers doctor: ✗ on telegram with the fix; the verdict is not "all checks pass".
    const doc = await runCliHere(home, ['doctor', '--config', file]);
    expect(doc.stdout).not.toMatch(/all checks pass/);
    expect(doc.stdout).toMatch(
      /✗ telegram cannot deliver alerts: Telegram rejected its credentials \(401 Unauthorized\)/,
    );
    expect(doc.stdout).toMatch(/@BotFather/);
    expect(doc.stdout).toMatch(/telegram \(!\)/);
    // The others hear it once.
    await until(
      'the notice on ntfy',
      () => pager.delivered().some((r) => /Channel telegram cannot deliver/.test(String(r.body?.title))),
      { timeoutMs: 30_000, everyMs: 100 },
    );
    expect(pager.delivered().filter((r) => /Channel telegram cannot deliver/.test(String(r.body?.title)))).toHaveLength(
      1,
    );
  });

  it('gatewatch doctor with no daemon running asks the services too: ✗ on the rejected token, a network problem said as that', {
    timeout: 120_000,
  }, async () => {
    const tg = await startFakeTelegram({ token: GOOD });
    cleanups.push(() => tg.close());
    const nobody = await refusedPort();
    const { home, file } = setup(
      {
        telegram: { bot_token: WRONG, api_base: tg.base, alert_to: [{ chat_id: 42 }] },
        notifiers: [
          { type: 'telegram', name: 'tg', bot_token: GOOD, chat_id: 42, api_base: `http://127.0.0.1:${nobody}` },
        ],
      },
      await freePort(),
    );
    const doc = await runCliHere(home, ['doctor', '--config', file]);
    expect(doc.stdout).toMatch(
      /✗ telegram cannot deliver alerts: Telegram rejected its credentials \(401 Unauthorized\)/,
    );
    expect(doc.stdout).toMatch(/Fix: Telegram refuses the bot token/);
    expect(doc.stdout).toMatch(/⚠ tg: Telegram could not be reached to check its credentials/);
    expect(doc.stdout + doc.stderr).not.toContain(WRONG.split(':')[1]);
    // Asked, nothing sent.
    expect(tg.calls('sendMessage')).toHaveLength(0);
  });

  it('a Telegram that cannot be reached is a network problem, not a rejected token: said so, and not as credentials', {
    timeout: 120_000,
  }, async () => {
    const pager = await startFakePush('ntfy', { ntfy: { alerts: '' } });
    cleanups.push(() => pager.close());
    const port = await freePort();
    const nobody = await refusedPort();
    const { home, file } = setup(
      {
        telegram: { bot_token: WRONG, api_base: `http://127.0.0.1:${nobody}`, alert_to: [{ chat_id: 42 }] },
        notifiers: [{ type: 'ntfy', name: 'pager', url: `${pager.base}/alerts` }],
      },
      port,
    );
    const cli = startConsoleCli(home, ['run', '--config', file]);
    child = cli.child;
    await cli.waitFor(/telegram: Telegram could not be reached/);
    expect(cli.out()).toMatch(
      /telegram: Telegram could not be reached to check its credentials \(.*ECONNREFUSED.*\): a network problem, not rejected credentials/,
    );
    expect(cli.out()).not.toMatch(/✗ telegram/);
    const doc = await runCliHere(home, ['doctor', '--config', file]);
    expect(doc.stdout).toMatch(/telegram: Telegram could not be reached to check its credentials/);
    expect(doc.stdout).not.toMatch(/✗ telegram/);
    const anon = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    expect(anon.reasons ?? []).not.toContain('credentials_rejected');
  });

  // Issue 55 item 8: QQ answered HTTP 401 with its code 11298 (this server's IP not on the bot's whitelist), and it was
  // said as "QQ could not be reached … a network problem". It was reached, and it refused this host.
  it('QQ refusing this host (code 11298, IP not whitelisted): reached and refused, with the whitelist fix', {
    timeout: 120_000,
  }, async () => {
    const qq = await startFakeQQ({ appId: '102000001', clientSecret: 'qq-right-secret' });
    cleanups.push(() => qq.close());
    qq.faults.notWhitelisted = true;
    const pager = await startFakePush('ntfy', { ntfy: { alerts: '' } });
    cleanups.push(() => pager.close());
    const { home, file } = setup(
      {
        qq: {
          app_id: '102000001',
          client_secret: 'qq-right-secret',
          api_base: qq.baseUrl,
          token_url: qq.tokenUrl,
          alert_to: [{ user: 'u1' }],
        },
        notifiers: [{ type: 'ntfy', name: 'pager', url: `${pager.base}/alerts` }],
      },
      await freePort(),
    );
    const cli = startConsoleCli(home, ['run', '--config', file]);
    child = cli.child;
    await cli.waitFor(/✗ qq cannot deliver alerts/);
    expect(cli.out()).toContain(
      '✗ qq cannot deliver alerts: QQ was reached and refused this host (HTTP 401 code 11298 接口访问源IP不在白名单), not a network problem',
    );
    expect(cli.out()).toMatch(/Fix: QQ only answers the IPs on the bot’s whitelist.*IP whitelist/);
    expect(cli.out()).not.toMatch(/QQ could not be reached|a network problem, not rejected credentials/);
  });

  it("a service that does not answer holds up no other channel: the next channel is checked while Telegram's getMe still hangs", {
    timeout: 120_000,
  }, async () => {
    const events: EndpointEvent[] = [];
    const bot = await startHangingEndpoint('bot', { events, hanging: true });
    cleanups.push(() => bot.close());
    const notifier = await startHangingEndpoint('notifier', { events, hanging: true });
    cleanups.push(() => notifier.close());
    const port = await freePort();
    const { home, file } = setup(
      {
        telegram: { bot_token: WRONG, api_base: bot.url.replace(/\/hook$/, ''), alert_to: [{ chat_id: 42 }] },
        notifiers: [
          { type: 'telegram', name: 'tg', bot_token: GOOD, chat_id: 42, api_base: notifier.url.replace(/\/hook$/, '') },
        ],
      },
      port,
    );
    const cli = startConsoleCli(home, ['run', '--config', file]);
    child = cli.child;
    // Channels start side by side: the notifier's getMe is asked while the bot's first one is still held open.
    await Promise.all([
      bot.first((e) => e.kind === 'received', 60_000),
      notifier.first((e) => e.kind === 'received', 60_000),
    ]);
    const order = events.map((e) => `${e.endpoint} ${e.kind}`);
    // Each asked before either gave up on its question (identify gives up on getMe after 10 s).
    expect(order.slice(0, 2).sort()).toEqual(['bot received', 'notifier received']);
  });
});
