// The first remedy as an alert's button (issue 22 item 1): through the real router on a real core, against real
// processes. The button asks with the remedy's exact sentence and only its confirmation runs it; a viewer or a stranger
// is refused at both steps and nothing runs; a button pressed after the process it named changed runs nothing and shows
// the current list; a fix that restarts a gateway running agent turns asks again, as /restart does.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { EVALUATION_EVERY_MS, until, where } from '../helpers/until.js';
import { cleanup, spawnIdle, tempDir } from '../helpers/probe-procs.js';
import {
  FIX_OPERATORS,
  fixChat,
  retimedFixture,
  sharedTokenHomes,
  strayPollerAlert,
  testBotToken,
  troubledGateway,
} from '../helpers/fix-scenes.js';
import { phone } from '../helpers/phone.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

const operators = FIX_OPERATORS;
const { say, text, fixAudit, alive } = fixChat(() => h!);
/** A probe below is often a whole evaluation: not more often than that may run. */
const slow = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };
const ID = /#[0-9a-f]{8}/;

/** Two Hermes homes polling one bot token: the watched gateway's polling is fatal, the other home's poller runs here. */
async function conflictScene(prefix: string, state: Record<string, unknown> = {}) {
  const scene = await sharedTokenHomes(prefix);
  const gw = await troubledGateway(scene.home, {
    log: retimedFixture('hermes-current/telegram-conflict-exhausted.log'),
    platforms: { telegram: { state: 'fatal', error_code: 'telegram_polling_conflict' }, discord: 'connected' },
  });
  if (Object.keys(state).length) {
    const file = path.join(scene.home, 'gateway_state.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...state }));
  }
  const p = phone();
  h = await startHarness({
    start: false,
    channels: [p.ch],
    config: { operators },
    target: { hermes_home: scene.home, platforms: ['telegram', 'discord'], service: { manager: 'none' } },
  });
  await h.app.core.evaluate('default', { act: true });
  const alert = await p.first((a) => a.check === 'telegram_polling_conflict', 20_000);
  return { ...scene, gw, alert };
}

describe.runIf(process.platform === 'linux')('the first remedy as an alert button', () => {
  it('is labelled by what it does; pressed it asks, and only the confirmation runs it; a viewer and a stranger run nothing', async () => {
    const { poller, gw, alert } = await conflictScene('gw-fixbtn-ask-');
    const button = alert.reply.buttons?.[0];
    expect(button).toMatchObject({ label: `Stop pid ${poller.pid} + restart`, style: 'danger' });
    expect(button?.command).toMatch(new RegExp(`^/fix default ${ID.source}$`));
    expect(alert.reply.buttons?.filter((b) => b.command.startsWith('/fix'))).toHaveLength(1);

    for (const who of ['ou_victor', 'ou_mallory'])
      expect(text(await say(button!.command, { senderId: who }))).toMatch(/viewer|not allowed/);
    const ask = (await say(button!.command))[0]!;
    expect(ask).toMatchObject({ title: 'Run fix 1 on default?', outcome: 'refused' });
    expect(text([ask])).toContain(`Stop pid ${poller.pid} (`);
    const confirm = ask.buttons?.[0]?.command ?? '';
    expect(confirm).toBe(`${button!.command.replace('/fix default', '/fix default 1')} confirm`);
    // Typed, it runs by its number: the id that guards a button's press is not shown (issue 55 item 5).
    expect(text([ask])).toContain('To go ahead: /fix default 1 confirm');
    expect(text([ask])).not.toMatch(/#[0-9a-f]{8}/);
    expect(await alive(poller.pid!)).toBe(true);

    expect(text(await say(confirm, { senderId: 'ou_victor' }))).toMatch(/viewer/);
    // A stranger is answered once per window: refused (above), then not answered at all.
    expect(await say(confirm, { senderId: 'ou_mallory' })).toEqual([]);
    expect(await alive(poller.pid!)).toBe(true);
    expect(await fixAudit()).toEqual([]);

    const done = await say(confirm);
    expect(await alive(poller.pid!)).toBe(false);
    expect(await alive(gw.pid)).toBe(true);
    expect(text(done)).toContain(`pid ${poller.pid} stopped (SIGTERM)`);
    const audit = await fixAudit();
    expect(audit[0]).toMatchObject({
      type: 'fix.begin',
      actor: 'alice',
      detail: { kind: 'stop_process_then_restart', pid: poller.pid },
    });
    expect((await h!.auditRecords()).filter((r) => r.type === 'command.denied').map((r) => r.actor)).toEqual([
      'victor',
      'feishu:ou_mallory',
      'victor',
    ]);
  });

  it('pressed after the process it named was replaced runs nothing: it says so and shows the current list', async () => {
    const base = await tempDir('gw-fixbtn-stale-');
    const home = path.join(base, '.hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    const token = testBotToken();
    writeFileSync(path.join(home, '.env'), `TELEGRAM_BOT_TOKEN=${token}\n`);
    const first = spawnIdle(['/opt/openclaw/dist/index.js'], { ...process.env, TELEGRAM_BOT_TOKEN: token });
    await troubledGateway(home, {
      log: retimedFixture('hermes-current/telegram-second-poller.log', 60_000),
      platforms: { telegram: 'connected' },
    });
    const p = phone();
    h = await startHarness({
      start: false,
      channels: [p.ch],
      config: { operators },
      target: { hermes_home: home, platforms: ['telegram'], service: { manager: 'none' } },
    });
    await h.app.core.evaluate('default', { act: true });
    const alert = await p.first((a) => !!a.reply.buttons?.some((b) => b.label === `Stop pid ${first.pid}`), 20_000);
    const button = alert.reply.buttons!.find((b) => b.label === `Stop pid ${first.pid}`)!;
    const ask = (await say(button.command))[0]!;
    const confirm = ask.buttons![0]!.command;

    // The stray poller is replaced by another: the same list number now names another process.
    first.kill('SIGKILL');
    const second = spawnIdle(['/opt/openclaw/dist/index.js'], { ...process.env, TELEGRAM_BOT_TOKEN: token });
    await until(
      'the new one is named',
      where(
        () => h!.app.core.evaluate('default'),
        (r) => r.findings.some((f) => f.remedies?.some((x) => 'process' in x && x.process.pid === second.pid)),
      ),
      slow,
    );
    for (const pressed of [button.command, confirm]) {
      const stale = (await say(pressed))[0]!;
      expect(stale).toMatchObject({
        title: 'That fix no longer applies to default: what it named has changed or is gone. The fixes now:',
        outcome: 'refused',
      });
      expect(text([stale])).toContain(`1. Stop pid ${second.pid} (`);
      expect(stale.buttons?.[0]?.command).toMatch(new RegExp(`^/fix default 1 ${ID.source}$`));
    }
    expect(await alive(second.pid!)).toBe(true);
    expect(await fixAudit()).toEqual([]);
    // The typed number still works, on what the list names now.
    await say('/fix 1 confirm');
    expect(await alive(second.pid!)).toBe(false);
  });

  it('a fix that restarts a gateway running agent turns asks again, as /restart does, and runs with interrupt', async () => {
    const { poller, alert } = await conflictScene('gw-fixbtn-busy-', { active_agents: 2 });
    const confirm = (await say(alert.reply.buttons![0]!.command))[0]!.buttons![0]!.command;
    const asked = (await say(confirm))[0]!;
    expect(asked).toMatchObject({
      title: 'default is running 2 agent turns right now: a restart cuts them off. Restart anyway?',
      outcome: 'refused',
    });
    const anyway = asked.buttons?.[0]?.command ?? '';
    expect(anyway).toBe(`${confirm} interrupt`);
    expect(text([asked])).toContain(`To restart anyway, cutting them off: ${anyway}`);
    expect(await alive(poller.pid!)).toBe(true);
    expect(await fixAudit()).toEqual([]);
    // The same question for the typed number.
    expect((await say('/fix 1 confirm'))[0]!.title).toBe(asked.title);

    await say(anyway);
    expect(await alive(poller.pid!)).toBe(false);
    expect((await fixAudit())[0]).toMatchObject({ type: 'fix.begin', detail: { kind: 'stop_process_then_restart' } });
  });
});

describe('the first-remedy button on the alert', () => {
  it('is worded in the reader’s language, and a restart the Restart button offers is not offered twice', () => {
    expect(strayPollerAlert('default', 4242, 'zh-CN').reply.buttons?.[0]).toMatchObject({
      label: '停止 pid 4242 并重启',
      command: expect.stringMatching(/^\/fix default #[0-9a-f]{8}$/),
    });
    // A finding a restart helps: its first remedy is the restart, already the alert's Restart button.
    const helps = strayPollerAlert('default', 4242, 'en', { restart: 'helps', remedies: [{ kind: 'restart' }] });
    expect(helps.reply.buttons?.map((b) => b.command)).toEqual([
      '/restart default',
      '/logs 50 default',
      '/ack default',
      '/mute 1h',
    ]);
  });
});
