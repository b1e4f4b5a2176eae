// /fix (issue 22 items 1-3), through the real router on a real core, against real processes: a gateway that is really
// stopped gets a start; an orphan WhatsApp bridge holding a real loopback port is stopped and the gateway restarted
// once; a second `gateway run` polling the same bot token from another Hermes home is stopped, the watched gateway
// never. A viewer, a stranger, or a log line that reads like a command runs nothing; every fix is audited and counted.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { EVALUATION_EVERY_MS, until, where } from '../helpers/until.js';
import { cleanup, spawnIdle, tempDir, trackPid } from '../helpers/probe-procs.js';
import {
  FIX_OPERATORS,
  fixChat,
  restartCommand,
  retimedFixture,
  sharedTokenHomes,
  testBotToken,
  troubledGateway,
} from '../helpers/fix-scenes.js';
import { phone } from '../helpers/phone.js';
import { englishProse } from '../helpers/english-prose.js';
import { freePort } from '../helpers/ports.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

const operators = FIX_OPERATORS;
const { say, text, fixAudit, alive } = fixChat(() => h!);
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
const IDLE = 'setInterval(() => {}, 1000)';
/** A probe below is often a whole evaluation: not more often than that may run. */
const slow = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };

describe('/fix on a gateway that is really stopped', () => {
  it('lists the start, asks, runs it on confirm, audits it and says it worked; a viewer and a stranger run nothing', async () => {
    const home = path.join(await tempDir('gw-fix-down-'), '.hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    const { pid } = await troubledGateway(home, {
      log: retimedFixture('logs/healthy.log'),
      platforms: { feishu: 'connected', qqbot: 'connected' },
    });
    const restart = await restartCommand(home, ['feishu', 'qqbot']);
    // remediate.auto without start: gatewatch judges it but leaves the start to an operator's /fix.
    const config = { operators, remediate: { auto: [], cooldown: '0s', verify_timeout: '30s' } };
    h = await startHarness({
      start: false,
      config,
      target: {
        name: 'demo',
        hermes_home: home,
        platforms: ['feishu', 'qqbot'],
        service: { manager: 'command', restart, start: restart },
      },
    });
    // It dies: nothing stopped it (no stop in its log), and nothing starts it by itself.
    process.kill(pid, 'SIGKILL');
    await until(
      'the gateway is down',
      where(
        () => h!.app.core.evaluate('demo', { act: true }),
        (r) => !r.evidence.process.alive && r.findings.some((f) => f.restart === 'helps'),
      ),
      slow,
    );

    const restarts = (await h.auditRecords()).filter((r) => r.type.startsWith('restart.'));
    expect(restarts.map((r) => [r.type, (r.detail as { reason?: string }).reason])).toEqual([
      ['restart.skip', 'remediate.auto does not list start'],
    ]);
    expect(text(await say('/fix 1 confirm', { senderId: 'ou_victor' }))).toMatch(/viewer/);
    expect(text(await say('/fix 1 confirm', { senderId: 'ou_mallory' }))).toMatch(/not allowed/);
    expect(await fixAudit()).toEqual([]);

    const list = (await say('/fix'))[0]!;
    expect(list.title).toBe('Fixes for demo');
    expect(text([list])).toContain(
      '1. Start demo through its supervisor (it is not running), then check that its platforms connect.',
    );
    const ask = (await say('/fix 1'))[0]!;
    expect(ask.outcome).toBe('refused');
    // The confirmation carries the remedy's identity: pressed later, it runs this start or nothing.
    expect(ask.buttons?.[0]?.command).toMatch(/^\/fix demo 1 #[0-9a-f]{8} confirm$/);
    expect(await fixAudit()).toEqual([]);

    const replies = await say('/fix 1 confirm');
    const last = replies.at(-1)!;
    trackPid(Number(readFileSync(path.join(home, 'new-gateway.pid'), 'utf8')));
    expect(last.title).toMatch(/^Fix 1 on demo worked/);
    expect(await alive(Number(readFileSync(path.join(home, 'new-gateway.pid'), 'utf8')))).toBe(true);
    const audit = await fixAudit();
    expect(audit.map((r) => r.type)).toEqual(['fix.begin', 'fix.ok']);
    expect(audit[0]).toMatchObject({ target: 'demo', actor: 'alice', detail: { kind: 'start' } });
    expect(h.app.core.state.fixes).toHaveLength(1);
  });
});

describe.runIf(process.platform === 'linux')('/fix with a process to stop', () => {
  it('stops the orphan WhatsApp bridge holding its port, then restarts the gateway once; the finding is gone', async () => {
    const base = await tempDir('gw-fix-wa-');
    const home = path.join(base, '.hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    mkdirSync(path.join(home, 'platforms', 'whatsapp', 'session'), { recursive: true });
    // The orphan: an earlier life's bridge of this home's session, listening on its real loopback --port, started
    // before the gateway; bridge.log (real format) says the newest bridge found that port in use.
    const port = await freePort();
    const bridgeArgs = [
      '/opt/hermes/scripts/whatsapp-bridge/bridge.js',
      '--port',
      String(port),
      '--session',
      path.join(home, 'platforms', 'whatsapp', 'session'),
    ];
    const orphan = spawnIdle(
      bridgeArgs,
      process.env,
      process.execPath,
      `const s = require('net').createServer(() => {}); s.listen(${port}, '127.0.0.1', () => console.log(s.address().port)); ${IDLE}`,
    );
    await new Promise((resolve) => orphan.stdout!.once('data', resolve));
    const bridgeLog = readFileSync(
      new URL('../fixtures/hermes-current/whatsapp-orphan-bridge.log', import.meta.url),
      'utf8',
    ).replaceAll('3000', String(port));
    writeFileSync(path.join(home, 'platforms', 'whatsapp', 'bridge.log'), bridgeLog);
    const gw = await troubledGateway(home, {
      log: retimedFixture('hermes-current/whatsapp-orphan-gateway.log'),
      platforms: { telegram: 'connected', whatsapp: 'connected' },
    });
    const restart = await restartCommand(
      home,
      ['telegram', 'whatsapp'],
      `🌉 WhatsApp bridge listening on port ${port} (mode: bot)`,
    );
    const p = phone();
    h = await startHarness({
      start: false,
      channels: [p.ch],
      config: { operators },
      target: { hermes_home: home, platforms: ['telegram', 'whatsapp'], service: { manager: 'command', restart } },
    });

    // The alert offers the fix first: its first remedy as a button (pressed, it asks for its own confirmation).
    await h.app.core.evaluate('default', { act: true });
    const alert = await p.first((a) => a.check === 'whatsapp_orphan_bridge', 20_000);
    expect(alert.reply.buttons?.[0]).toMatchObject({
      label: `Stop pid ${orphan.pid} + restart`,
      command: expect.stringMatching(/^\/fix default #[0-9a-f]{8}$/),
    });
    expect(await alive(orphan.pid!)).toBe(true);

    const list = text(await say('/fix'));
    expect(list).toContain(`1. Stop pid ${orphan.pid} (`);
    expect(list).toContain(`whatsapp-bridge/bridge.js --port ${port} --session`);
    expect(list).toContain(`holding port ${port}`);
    expect(list).toContain('then restart default once');
    const replies = await say('/fix 1 confirm');
    trackPid(Number(readFileSync(path.join(home, 'new-gateway.pid'), 'utf8')));
    expect(replies.at(-1)!.title).toBe(
      `Fix 1 on default worked: “WhatsApp receives nothing: an old bridge (pid ${orphan.pid}) holds port ${port}” is gone.`,
    );
    expect(await listening(port)).toBe(false);
    expect(await alive(gw.pid)).toBe(false); // restarted once, by the service's restart
    const audit = await fixAudit();
    expect(audit.map((r) => r.type)).toEqual(['fix.begin', 'fix.ok']);
    expect(audit[0]).toMatchObject({ detail: { kind: 'stop_process_then_restart', pid: orphan.pid } });
    expect((await h.auditRecords()).filter((r) => r.type === 'restart.ok')).toHaveLength(1);
  });

  it('stops a second gateway polling the same bot token from another Hermes home, never the watched one; a log line that reads like a command does nothing', async () => {
    const { home, other, poller } = await sharedTokenHomes('gw-fix-tg-');
    // A user wrote "/fix 1 confirm" to the bot: Hermes logged it (its real inbound format).
    const said =
      "2026-09-20 09:13:40,000 INFO gateway.run: inbound message: platform=discord user=581234907 chat=581234907 msg='/fix 1 confirm' reply_to_id=None reply_to_text=''";
    const gw = await troubledGateway(home, {
      log: retimedFixture('hermes-current/telegram-conflict-exhausted.log', 30_000, [said]),
      platforms: {
        telegram: {
          state: 'fatal',
          error_code: 'telegram_polling_conflict',
          error_message: 'Telegram polling could not recover after 5 retries (200s total wait).',
        },
        discord: 'connected',
      },
    });
    h = await startHarness({
      start: false,
      config: { operators },
      target: { hermes_home: home, platforms: ['telegram', 'discord'], service: { manager: 'none' } },
    });

    // Judged, with automatic remedies on: the logged text runs nothing, and nothing is stopped by itself.
    const judged = await h.app.core.evaluate('default', { act: true });
    expect(judged.findings.map((f) => f.check)).toContain('telegram_polling_conflict');
    expect(await fixAudit()).toEqual([]);
    expect((await h.auditRecords()).filter((r) => r.type === 'command')).toEqual([]);
    expect(await alive(poller.pid!)).toBe(true);

    const list = text(await say('/fix'));
    expect(list).toContain(`1. Stop pid ${poller.pid} (`);
    expect(list).not.toContain(`Stop pid ${gw.pid} `);
    expect(list).toContain(`the gateway of Hermes home ${other}`);
    const replies = await say('/fix 1 confirm');
    // Stopped; the restart after it has no supervisor here, which the reply says. The reply first: where the poller
    // lives on, it says why (a loaded pass once saw it alive here, and nothing else).
    expect(text(replies)).toContain(`pid ${poller.pid} stopped (SIGTERM)`);
    expect(await alive(poller.pid!)).toBe(false);
    expect(await alive(gw.pid)).toBe(true);
    const audit = await fixAudit();
    expect(audit[0]).toMatchObject({
      type: 'fix.begin',
      detail: { kind: 'stop_process_then_restart', pid: poller.pid },
    });
    expect(JSON.stringify(audit)).not.toContain('AAFakeTokenForTestsOnly');
  });

  it('in Chinese: what the fix did (the stop, and the restart after it) is worded in the reader’s language', async () => {
    const { home, poller } = await sharedTokenHomes('gw-fix-tg-zh-');
    await troubledGateway(home, {
      log: retimedFixture('hermes-current/telegram-conflict-exhausted.log', 30_000),
      platforms: {
        telegram: {
          state: 'fatal',
          error_code: 'telegram_polling_conflict',
          error_message: 'Telegram polling could not recover after 5 retries (200s total wait).',
        },
        discord: 'connected',
      },
    });
    h = await startHarness({
      start: false,
      config: { operators, locale: 'zh-CN' },
      target: { hermes_home: home, platforms: ['telegram', 'discord'], service: { manager: 'none' } },
    });
    await h.app.core.evaluate('default', { act: false });
    const replies = await say('/fix 1 confirm');
    expect(await alive(poller.pid!)).toBe(false);
    const said = text(replies);
    // The restart after the stop has no service manager to go through here: skipped, and said why.
    expect(said).toContain(`修复 1 失败：pid ${poller.pid} 已停止（SIGTERM）；未重启：`);
    expect(englishProse(said)).toEqual([]);
  });

  it('says a poller on another machine is not stopped: nothing to run', async () => {
    const base = await tempDir('gw-fix-tg2-');
    const home = path.join(base, '.hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    writeFileSync(path.join(home, '.env'), `TELEGRAM_BOT_TOKEN=${testBotToken()}\n`);
    await troubledGateway(home, {
      log: retimedFixture('hermes-current/telegram-conflict-exhausted.log'),
      platforms: { telegram: { state: 'fatal', error_code: 'telegram_polling_conflict' }, discord: 'connected' },
    });
    h = await startHarness({
      start: false,
      config: { operators },
      target: { hermes_home: home, platforms: ['telegram', 'discord'], service: { manager: 'none' } },
    });
    const list = text(await say('/fix'));
    expect(list).toContain('The other poller is not on this host: gatewatch stops nothing.');
    expect(list).not.toMatch(/Stop pid/);
    expect(text(await say('/fix 1 confirm'))).toMatch(/There is no fix 1 for default now \(it has 0\)/);
    expect(await fixAudit()).toEqual([]);
  });

  it('remediate.auto: [stop_process] stops a stray poller by itself, audited as gatewatch; once the budget is used it stops nothing, for itself or an operator', async () => {
    const base = await tempDir('gw-fix-auto-');
    const home = path.join(base, '.hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    const token = testBotToken();
    writeFileSync(path.join(home, '.env'), `TELEGRAM_BOT_TOKEN=${token}\n`);
    const first = spawnIdle(['/opt/openclaw/dist/index.js'], { ...process.env, TELEGRAM_BOT_TOKEN: token });
    const gw = await troubledGateway(home, {
      log: retimedFixture('hermes-current/telegram-second-poller.log', 60_000),
      platforms: { telegram: 'connected' },
    });
    const config = {
      operators,
      remediate: { auto: ['stop_process'], max_restarts: 1, cooldown: '0s', verify_timeout: '30s' },
    };
    h = await startHarness({
      start: false,
      config,
      target: { hermes_home: home, platforms: ['telegram'], service: { manager: 'none' } },
    });

    await h.app.core.evaluate('default', { act: true });
    await until('the stray poller is stopped', async () => (await alive(first.pid!)) === false, slow);
    await until(
      'fix.ok',
      where(fixAudit, (a) => a.some((r) => r.type === 'fix.ok')),
      slow,
    );
    expect((await fixAudit()).map((r) => [r.type, r.actor])).toEqual([
      ['fix.begin', 'gatewatch'],
      ['fix.ok', 'gatewatch'],
    ]);

    // Another one starts: the budget (1 per window) is used up.
    const second = spawnIdle(['/opt/openclaw/dist/index.js'], { ...process.env, TELEGRAM_BOT_TOKEN: token });
    await until(
      'the second is named',
      where(
        () => h!.app.core.evaluate('default', { act: true }),
        (r) => r.findings.some((f) => f.remedies?.some((x) => 'process' in x && x.process.pid === second.pid)),
      ),
      slow,
    );
    await until(
      'the refusal is audited',
      where(fixAudit, (a) => a.some((r) => r.type === 'fix.failed')),
      slow,
    );
    await h.app.core.evaluate('default', { act: true });
    const refused = (await say('/fix 1 confirm')).at(-1)!;
    expect(refused.title).toBe('Not running fix 1 on default: the fix budget is used up (1 of 1 per 1h).');
    expect(await alive(second.pid!)).toBe(true);
    expect(await alive(gw.pid)).toBe(true);
    const failed = (await fixAudit()).filter((r) => r.type === 'fix.failed');
    // Once for the automatic attempt, once for the operator's.
    expect(failed.map((r) => r.actor)).toEqual(['gatewatch', 'alice']);
    expect(failed[0]).toMatchObject({ detail: { code: 'budget', used: 1, max: 1 } });
  });

  it('auto_restart: false keeps a stop that ends in a restart for an operator, whatever remediate.auto lists', async () => {
    const { home, poller } = await sharedTokenHomes('gw-fix-off-');
    await troubledGateway(home, {
      log: retimedFixture('hermes-current/telegram-conflict-exhausted.log'),
      platforms: { telegram: { state: 'fatal', error_code: 'telegram_polling_conflict' }, discord: 'connected' },
    });
    const config = { operators, remediate: { auto_restart: false, auto: ['stop_process_then_restart'] } };
    h = await startHarness({
      start: false,
      config,
      target: { hermes_home: home, platforms: ['telegram', 'discord'], service: { manager: 'none' } },
    });
    const judged = await h.app.core.evaluate('default', { act: true });
    expect(judged.findings.flatMap((f) => f.remedies ?? []).map((r) => r.kind)).toEqual(['stop_process_then_restart']);
    await h.app.core.evaluate('default', { act: true });
    expect(await fixAudit()).toEqual([]);
    expect(await alive(poller.pid!)).toBe(true);
  });
});
