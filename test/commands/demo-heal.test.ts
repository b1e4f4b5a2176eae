// /demo heal while a restart is under way (issue 61 item 3): the heal said "Restarting it now…", then 🟠 "Not
// restarting demo: a restart is already in progress", then 🟠 "Healed: …". A heal is one message then, and it is no
// warning: it mended what the fault left, and the restart under way starts the gateway anew.
import { afterEach, describe, expect, it } from 'vitest';
import { injectFault } from '../../src/demo/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { phone } from '../helpers/phone.js';
import { EVALUATION_EVERY_MS, until, where } from '../helpers/until.js';

/** A probe below is often a whole evaluation: not more often than that may run. */
const slow = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const WORDS = {
  en: { healed: 'Healed: the other Telegram poller is stopped.', under: /already under way/ },
  'zh-CN': { healed: '已修复：另一个 Telegram 轮询进程已停止。', under: /已有一次重启正在进行/ },
} as const;

/** The current-Hermes demo, its Telegram given up to another poller and alerted: the phone that was told. */
async function conflicted(locale: 'en' | 'zh-CN') {
  const p = phone();
  h = await startHarness({
    demo: true,
    demoHermes: 'current',
    channels: [p.ch],
    config: { locale, remediate: { cooldown: '0s', verify_timeout: '30s', max_restarts: 5 } },
  });
  await until(
    'a healthy gateway',
    where(
      () => h!.app.evaluate('demo'),
      (r) => r.findings.length === 0 && r.evidence.process.alive && r.evidence.state?.gateway_state === 'running',
    ),
    slow,
  );
  expect((await injectFault(h.hermesHome, 'telegram-conflict')).ok).toBe(true);
  await until(
    'the conflict alert',
    async () => (
      await h!.app.outbox.flush(), p.got.find((a) => a.kind === 'open' && a.check === 'telegram_polling_conflict')
    ),
    slow,
  );
  return p;
}

describe.each(['en', 'zh-CN'] as const)('/demo heal (%s)', (locale) => {
  it('during a restart: one message, not a warning, and no second restart', { timeout: 120_000 }, async () => {
    await conflicted(locale);
    const restarting = h!.say('/restart demo confirm');
    await until('the restart under way', () => h!.app.restartInProgress('demo'), { timeoutMs: 20_000, everyMs: 10 });
    const healed = await h!.say('/demo heal');
    expect(healed.map((r) => r.title)).toEqual([WORDS[locale].healed]);
    expect(['ok', 'info']).toContain(healed[0]!.tone);
    expect((healed[0]!.lines ?? []).join('\n')).toMatch(WORDS[locale].under);
    expect((await restarting).at(-1)).toMatchObject({ outcome: 'ok' });
    expect(h!.app.state.restarts).toHaveLength(1);
  });
});
