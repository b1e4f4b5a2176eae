// Issue 35 item 5: `/fix` without a target when several gateways are in trouble. One message lists every remedy that
// can run now, numbered across the targets (a healthy one is left out); `/fix 2` asks about the second and its confirm
// runs it, with the same confirm, audit and viewer refusal as `/fix TARGET N`. In both locales. Real `gateway run`
// processes, really killed; the remedy is a start through a `command` supervisor that really starts a new one.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { EVALUATION_EVERY_MS, until, where } from '../helpers/until.js';
import { cleanup, tempDir, trackPid } from '../helpers/probe-procs.js';
import { FIX_OPERATORS, fixChat, restartCommand, retimedFixture, troubledGateway } from '../helpers/fix-scenes.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

const { say, text, fixAudit } = fixChat(() => h!);
/** A probe below is often a whole evaluation: not more often than that may run. */
const slow = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };

/** alpha and beta really down (nothing starts them by itself), gamma healthy. */
async function scene(locale: 'en' | 'zh-CN') {
  const base = await tempDir('gw-fix-across-');
  const homes: Record<string, string> = {};
  const pids: Record<string, number> = {};
  const targets = [];
  for (const name of ['alpha', 'beta', 'gamma']) {
    const home = path.join(base, name, '.hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    homes[name] = home;
    pids[name] = (
      await troubledGateway(home, {
        log: retimedFixture('logs/healthy.log'),
        platforms: { feishu: 'connected', qqbot: 'connected' },
      })
    ).pid;
    const restart = await restartCommand(home, ['feishu', 'qqbot']);
    targets.push({
      name,
      hermes_home: home,
      platforms: ['feishu', 'qqbot'],
      service: { manager: 'command', restart, start: restart },
    });
  }
  h = await startHarness({
    start: false,
    config: {
      locale,
      operators: FIX_OPERATORS,
      targets,
      remediate: { auto: [], cooldown: '0s', verify_timeout: '30s' },
    },
  });
  for (const name of ['alpha', 'beta']) {
    process.kill(pids[name]!, 'SIGKILL');
    await until(
      `${name} is down`,
      where(
        () => h!.app.core.evaluate(name, { act: true }),
        (r) => !r.evidence.process.alive && r.findings.some((f) => f.restart === 'helps'),
      ),
      slow,
    );
  }
  return { homes };
}

describe('/fix without a target, several gateways in trouble', () => {
  it('lists every remedy numbered across them; /fix 2 asks about the second and its confirm runs it; a viewer runs nothing', async () => {
    const { homes } = await scene('en');
    const list = (await say('/fix'))[0]!;
    expect(list.title).toBe('Fixes for alpha, beta');
    const shown = text([list]);
    expect(shown).toContain('🔴 alpha: ');
    expect(shown).toContain(
      '1. Start alpha through its supervisor (it is not running), then check that its platforms connect.',
    );
    expect(shown).toContain('🔴 beta: ');
    expect(shown).toContain(
      '2. Start beta through its supervisor (it is not running), then check that its platforms connect.',
    );
    expect(shown).not.toContain('gamma');
    expect(shown).toContain('To run one: /fix <n> confirm');
    expect(list.buttons!.map((b) => b.command)).toEqual([
      expect.stringMatching(/^\/fix 1 #[0-9a-f]{8}$/),
      expect.stringMatching(/^\/fix 2 #[0-9a-f]{8}$/),
    ]);

    expect(text(await say('/fix 2 confirm', { senderId: 'ou_victor' }))).toMatch(/viewer/);
    expect(await fixAudit()).toEqual([]);

    const ask = (await say('/fix 2'))[0]!;
    expect(ask).toMatchObject({ title: 'Run fix 2 on beta?', outcome: 'refused' });
    expect(text([ask])).toContain('Start beta through its supervisor');
    const go = ask.buttons![0]!.command;
    expect(go).toMatch(/^\/fix 2 #[0-9a-f]{8} confirm$/);
    // Typed, it runs by its number: the id that guards a button's press is not shown (issue 55 item 5).
    expect(text([ask])).toContain('To go ahead: /fix 2 confirm');
    expect(text([ask])).not.toMatch(/#[0-9a-f]{8}/);
    expect(await fixAudit()).toEqual([]);

    const done = (await say(go)).at(-1)!;
    trackPid(Number(readFileSync(path.join(homes.beta!, 'new-gateway.pid'), 'utf8')));
    expect(done.title).toMatch(/^Fix 2 on beta worked/);
    const audit = await fixAudit();
    expect(audit.map((r) => [r.type, r.target, r.actor])).toEqual([
      ['fix.begin', 'beta', 'alice'],
      ['fix.ok', 'beta', 'alice'],
    ]);

    // One gateway left in trouble: just its list, as `/fix alpha` shows it.
    const left = (await say('/fix'))[0]!;
    expect(left.title).toBe('Fixes for alpha');
    expect(text([left])).toContain('To run one: /fix alpha <n> confirm');
    // The contract forms still work, and a number past the list says how many there are.
    expect((await say('/fix alpha 1'))[0]!.title).toBe('Run fix 1 on alpha?');
  });

  it('in Chinese, and a number past the list', async () => {
    await scene('zh-CN');
    const list = (await say('/fix'))[0]!;
    expect(list.title).toBe('alpha, beta 的修复方法');
    expect(text([list])).toContain('执行其中一个：/fix <编号> confirm');
    expect((await say('/fix 2'))[0]!.title).toBe('在 beta 上执行修复 2？');
    const none = (await say('/fix 3'))[0]!;
    expect(none).toMatchObject({
      title: '现在没有第 3 个修复（alpha, beta 上共 2 个）。查看：/fix',
      outcome: 'refused',
    });
  });
});
