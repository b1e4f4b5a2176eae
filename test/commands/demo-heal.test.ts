// /demo heal while a restart is under way (issue 61 item 3): the heal said "Restarting it now…", then 🟠 "Not
// restarting demo: a restart is already in progress", then 🟠 "Healed: …". A heal is one message then, and it is no
// warning: it mended what the fault left, and the restart under way starts the gateway anew. And the recovery after a
// heal (item 4) said "Telegram is back: local restarted the gateway" under an alert that a restart will not help: it
// says the fault was healed, and names the console's operator as a person does, never `local`.
import { afterEach, describe, expect, it } from 'vitest';
import { injectFault } from '../../src/demo/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { phone } from '../helpers/phone.js';
import { EVALUATION_EVERY_MS, until, where } from '../helpers/until.js';
import type { Alert } from '../../src/types.js';

/** A probe below is often a whole evaluation: not more often than that may run. */
const slow = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const WORDS = {
  en: {
    healed: 'Healed: the other Telegram poller is stopped.',
    under: /already under way/,
    back: /^demo: Telegram is back: the operator at the console healed the demo's fault and restarted the gateway, down /,
    by: { label: 'by', value: 'the operator at the console' },
    step: "the operator at the console's /demo heal",
  },
  'zh-CN': {
    healed: '已修复：另一个 Telegram 轮询进程已停止。',
    under: /已有一次重启正在进行/,
    back: /^demo：Telegram 已恢复：控制台的操作员 修复了演示故障并重启了网关，中断 /,
    by: { label: '操作者', value: '控制台的操作员' },
    step: '控制台的操作员 执行了 /demo heal',
  },
} as const;

/** Every sentence of an alert: its title, its fields (label: value) and its lines. */
const sentences = (a: Alert) => [
  a.reply.title,
  ...(a.reply.fields ?? []).map((f) => `${f.label}: ${f.value}`),
  ...(a.reply.lines ?? []),
];

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
      () => h!.app.core.evaluate('demo'),
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
    await until('the restart under way', () => h!.app.core.restartInProgress('demo'), {
      timeoutMs: 20_000,
      everyMs: 10,
    });
    const healed = await h!.say('/demo heal');
    expect(healed.map((r) => r.title)).toEqual([WORDS[locale].healed]);
    expect(['ok', 'info']).toContain(healed[0]!.tone);
    expect((healed[0]!.lines ?? []).join('\n')).toMatch(WORDS[locale].under);
    expect((await restarting).at(-1)).toMatchObject({ outcome: 'ok' });
    expect(h!.app.core.state.restarts).toHaveLength(1);
  });

  it('the recovery it brings says the fault was healed, by whom as a person says it', {
    timeout: 120_000,
  }, async () => {
    const p = await conflicted(locale);
    const healed = await h!.say('/demo heal');
    expect(healed.at(-1)).toMatchObject({ title: WORDS[locale].healed, tone: 'ok' });
    const back = await until(
      'the recovery',
      async () => (await h!.app.outbox.flush(), p.got.find((a) => a.kind === 'resolve')),
      slow,
    );
    expect(back.reply.title).toMatch(WORDS[locale].back);
    expect(back.reply.lines?.join('\n')).toContain(WORDS[locale].step);
    const restarted = p.got.find((a) => a.kind === 'restart')!;
    expect(restarted.reply.fields).toContainEqual(WORDS[locale].by);
    expect(p.got.flatMap(sentences).filter((x) => /\blocal\b/.test(x))).toEqual([]);
  });
});
