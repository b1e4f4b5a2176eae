// End to end, issue 20 item 3: one bad channel among working ones never stops gatewatch. The built CLI runs with a
// Telegram bot whose token the (loopback) Bot API refuses beside an ntfy notifier: it keeps running with ntfy, which
// hears once which channel cannot deliver, why and the fix, and `gatewatch doctor` explains the channel's (!). A
// webhook that starts answering 404 is said on the console the same way. With the refused bot as the only channel
// there is nothing to watch for: exit 78. Doctor and test run inside the test's process (runCliHere): what they say is
// the subject, not their process.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleCli, endCli } from '../helpers/console-cli.js';
import { runCli, runCliHere } from '../helpers/cli-run.js';
import { until } from '../helpers/until.js';
import { startFakeTelegram } from '../fakes/telegram-server.js';
import { startFakePush, type FakePush } from '../fakes/push-services.js';
import { startFakeFeishu } from '../fakes/feishu-server.js';
import { startFakeQQ } from '../fakes/qq-server.js';

const GOOD = '7012345678:AAHgood-token-00000000000000000000';
const WRONG = '7012345678:AAHrevoked-token-0000000000000000';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
let child: ChildProcessWithoutNullStreams | undefined;
afterEach(async () => {
  await endCli(child);
  child = undefined;
  while (cleanups.length) await cleanups.pop()!();
});

/** A home with a config watching an (empty) Hermes home, with the given channels. */
function setup(channels: Record<string, unknown>): { home: string; file: string } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-badch-'));
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
    }),
  );
  return { home, file };
}

const titles = (p: FakePush) => p.delivered().map((r) => String(r.body?.title ?? ''));

describe('gatewatch run: one bad channel among working ones', () => {
  it('runs with ntfy when Telegram refuses the token, says so once there with the fix, and doctor explains the (!)', {
    timeout: 120_000,
  }, async () => {
    const tg = await startFakeTelegram({ token: GOOD });
    cleanups.push(() => tg.close());
    const pager = await startFakePush('ntfy', { ntfy: { alerts: '' } });
    cleanups.push(() => pager.close());
    const { home, file } = setup({
      telegram: { bot_token: WRONG, api_base: tg.base, alert_to: [{ chat_id: 42 }] },
      notifiers: [{ type: 'ntfy', name: 'pager', url: `${pager.base}/alerts` }],
    });
    const cli = startConsoleCli(home, ['run', '--config', file]);
    child = cli.child;
    let exited: number | null | undefined;
    child.on('exit', (code) => (exited = code));

    await until(
      'the notice on ntfy',
      () => exited !== undefined || titles(pager).some((t) => /Channel telegram cannot deliver/.test(t)),
      { timeoutMs: 60_000, everyMs: 100 },
    );
    expect(exited).toBeUndefined();
    const notices = pager.delivered().filter((r) => /Channel telegram cannot deliver/.test(String(r.body?.title)));
    expect(notices).toHaveLength(1);
    const body = String(notices[0]!.body.message);
    expect(body).toMatch(/refused by Telegram \(401 Unauthorized\)/);
    expect(body).toMatch(/@BotFather/);
    expect(body).toMatch(/Restart gatewatch after the fix/);
    expect(body).not.toContain(WRONG.split(':')[1]);

    // The daemon answers doctor: the (!) next to telegram says why.
    const doc = await runCliHere(home, ['doctor', '--config', file]);
    expect(doc.stdout).toMatch(/telegram \(!\)/);
    expect(doc.stdout).toMatch(/telegram \(!\): .*refused by Telegram \(401 Unauthorized\)/);
    expect(exited).toBeUndefined();
    expect(titles(pager).filter((t) => /Channel telegram cannot deliver/.test(t))).toHaveLength(1);
  });

  it('says on the console when a webhook answers 404: which channel, why, the fix', { timeout: 120_000 }, async () => {
    const hook = await startFakePush('webhook', { webhook: { secret: 'hook-secret-123' } });
    cleanups.push(() => hook.close());
    for (let i = 0; i < 200; i++) hook.faults.push({ status: 404, body: 'no such hook' });
    const { home, file } = setup({
      console: {},
      notifiers: [{ type: 'webhook', name: 'hook', url: `${hook.base}/hook`, secret: 'hook-secret-123' }],
    });
    const cli = startConsoleCli(home, ['run', '--console', '--config', file]);
    child = cli.child;
    const at = await cli.waitFor(/Channel hook cannot deliver alerts/);
    const rest = cli.out().slice(at);
    expect(rest).toMatch(/HTTP 404/);
    expect(rest).toMatch(/address is wrong or was removed/);
  });

  it('runs with ntfy when Feishu and QQ refuse their secrets at start, and says each once there with its own fix', {
    timeout: 120_000,
  }, async () => {
    const fs = await startFakeFeishu({ appId: 'cli_0123456789abcdef', appSecret: 'feishu-right-secret' });
    cleanups.push(() => fs.close());
    const qq = await startFakeQQ({ appId: '102000001', clientSecret: 'qq-right-secret' });
    cleanups.push(() => qq.close());
    const pager = await startFakePush('ntfy', { ntfy: { alerts: '' } });
    cleanups.push(() => pager.close());
    const { home, file } = setup({
      feishu: {
        app_id: 'cli_0123456789abcdef',
        app_secret: 'feishu-wrong-secret',
        domain: fs.base,
        alert_to: [{ chat_id: 'oc_alerts' }],
      },
      qq: {
        app_id: '102000001',
        client_secret: 'qq-wrong-secret',
        api_base: qq.baseUrl,
        token_url: qq.tokenUrl,
        alert_to: [{ user: 'u1' }],
      },
      notifiers: [{ type: 'ntfy', name: 'pager', url: `${pager.base}/alerts` }],
    });
    const cli = startConsoleCli(home, ['run', '--config', file]);
    child = cli.child;
    let exited: number | null | undefined;
    child.on('exit', (code) => (exited = code));
    const said = (channel: string) =>
      pager.delivered().filter((r) => new RegExp(`Channel ${channel} cannot deliver`).test(String(r.body?.title)));
    await until(
      'both notices on ntfy',
      () => exited !== undefined || (said('feishu').length > 0 && said('qq').length > 0),
      { timeoutMs: 60_000, everyMs: 100 },
    );
    expect(exited).toBeUndefined();
    expect(said('feishu')).toHaveLength(1);
    expect(said('qq')).toHaveLength(1);
    expect(String(said('feishu')[0]!.body.message)).toMatch(
      /refused by Feishu \(code 10014[\s\S]*open\.feishu\.cn\/app/,
    );
    expect(String(said('qq')[0]!.body.message)).toMatch(/refused by QQ \(HTTP 200 code 100016[\s\S]*q\.qq\.com/);
    // Neither the long connection nor the gateway was tried with credentials known to be wrong.
    expect(fs.state.endpointCalls).toBe(0);
    expect(qq.conns).toHaveLength(0);
    const all = cli.out() + pager.requests.map((r) => r.raw).join('\n');
    for (const secret of ['feishu-wrong-secret', 'qq-wrong-secret']) expect(all).not.toContain(secret);
  });

  it('gatewatch test (no daemon): a notifier whose token Telegram refuses is reported failed, the others still tested', {
    timeout: 60_000,
  }, async () => {
    const tg = await startFakePush('telegram', { telegram: { [GOOD]: [42] } });
    cleanups.push(() => tg.close());
    const pager = await startFakePush('ntfy', { ntfy: { alerts: '' } });
    cleanups.push(() => pager.close());
    const { home, file } = setup({
      notifiers: [
        { type: 'telegram', name: 'tg', bot_token: WRONG, chat_id: 42, api_base: tg.base },
        { type: 'ntfy', name: 'pager', url: `${pager.base}/alerts` },
      ],
    });
    const r = await runCliHere(home, ['test', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/pager\s+sent/);
    expect(r.stdout).toMatch(/tg\s+failed: .*refused by Telegram \(401 Unauthorized\)/);
    expect(r.stdout + r.stderr).not.toContain(WRONG.split(':')[1]);
    expect(tg.delivered()).toHaveLength(0);
  });

  it('exits 78 when QQ refuses the secret and is the only channel', { timeout: 60_000 }, async () => {
    const qq = await startFakeQQ({ appId: '102000001', clientSecret: 'qq-right-secret' });
    cleanups.push(() => qq.close());
    const { home, file } = setup({
      qq: {
        app_id: '102000001',
        client_secret: 'qq-wrong-secret',
        api_base: qq.baseUrl,
        token_url: qq.tokenUrl,
        alert_to: [{ user: 'u1' }],
      },
    });
    const r = await runCli(home, ['run', '--config', file]);
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/refused by QQ \(HTTP 200 code 100016/);
    expect(r.stderr).not.toContain('qq-wrong-secret');
  });

  it('exits 78 when the refused bot is the only channel', { timeout: 60_000 }, async () => {
    const tg = await startFakeTelegram({ token: GOOD });
    cleanups.push(() => tg.close());
    const { home, file } = setup({ telegram: { bot_token: WRONG, api_base: tg.base, alert_to: [{ chat_id: 42 }] } });
    const r = await runCli(home, ['run', '--config', file]);
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/refused by Telegram \(401 Unauthorized\)/);
  });
});
