// Issue 35 item 2: mute one target. `/mute alpha 30m` holds alpha's alerts only (beta still alerts), survives a
// restart of gatewatch (state.json), is audited, shows in /status and /history with its end, ends early with
// `/unmute alpha` or by itself, each time with one summary of alpha's incidents. An unknown target is a usage error
// naming the targets. The mute of everything works as before. Two targets with no gateway: process_down opens on each.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createApp, type App } from '../../src/app.js';
import { renderText } from '../../src/delivery/render-text.js';
import { formatTime } from '../../src/util/time.js';
import { phone, type Phone } from '../helpers/phone.js';
import type { Reply } from '../../src/types.js';
import { clockAt } from '../helpers/clock.js';

const apps: App[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
});

function configIn(dir: string, locale: 'en' | 'zh-CN') {
  const targets = ['alpha', 'beta'].map((name) => ({
    name,
    hermes_home: path.join(dir, name),
    service: { manager: 'none' },
  }));
  return resolveConfig(
    configSchema.parse({ locale, state_dir: path.join(dir, 'state'), schedule: '0 0 1 1 *', targets }),
    undefined,
  );
}

/** Real time moved by `offset`; `stopped` holds it still while a mute's end is compared to the second. */
interface Clockwork {
  offset: number;
  stopped?: number;
}

async function open(
  dir: string,
  locale: 'en' | 'zh-CN',
  clock: Clockwork,
): Promise<{ app: App; p: Phone; say: (text: string) => Promise<Reply[]> }> {
  const app = await createApp(configIn(dir, locale), {
    log: pino({ level: 'silent' }),
    clock: clockAt(() => clock.stopped ?? Date.now() + clock.offset),
  });
  apps.push(app);
  const p = phone();
  await app.addChannel(p.ch);
  const say = async (text: string) => {
    const replies: Reply[] = [];
    await app.handle({ channel: 'console', senderId: 'local', text }, async (r) => void replies.push(r));
    return replies;
  };
  return { app, p, say };
}

const judgeBoth = async (app: App) => {
  await app.core.evaluate('alpha', { act: true });
  await app.core.evaluate('beta', { act: true });
  await app.outbox.flush();
};

describe('/mute TARGET', () => {
  it('holds that target’s alerts only, shows in /status and /history, is audited, survives a restart and ends with its summary', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-mute-target-'));
    const clock: Clockwork = { offset: 0 };
    let { app, p, say } = await open(dir, 'en', clock);

    clock.stopped = app.core.now();
    const muted = (await say('/mute alpha 30m'))[0]!;
    const until = app.core.now() + 30 * 60_000;
    clock.stopped = undefined;
    expect(muted.title).toBe(`Alerts for alpha muted until ${formatTime(until)}`);
    expect(renderText(muted)).toContain('/unmute alpha ends it early');
    expect((await app.audit.read()).filter((r) => r.type === 'command').at(-1)).toMatchObject({
      actor: 'local',
      detail: { command: 'mute', args: ['alpha', '30m'] },
    });

    await judgeBoth(app);
    // beta alerts; alpha is held.
    expect(p.got.map((a) => [a.kind, a.target])).toEqual([['open', 'beta']]);
    expect(app.core.muted()).toBe(false);
    expect(app.core.muted('alpha')).toBe(true);

    const status = renderText((await say('/status alpha'))[0]!);
    expect(status).toMatch(
      new RegExp(`muted\\s+alpha only, until ${formatTime(until)} \\(the operator at the console\\)`),
    );
    expect(renderText((await say('/status beta'))[0]!)).not.toMatch(/muted/);
    const history = renderText((await say('/history'))[0]!);
    expect(history).toContain(`Muted now: alpha, until ${formatTime(until)} (the operator at the console)`);
    expect(history).toMatch(/ alpha gatewatch: down: .*\[muted\]/);
    expect(history).not.toMatch(/ beta gatewatch: down: .*\[muted\]/);

    // gatewatch restarts: the mute is still there, and still alpha's only.
    await app.stop();
    apps.length = 0;
    ({ app, p, say } = await open(dir, 'en', clock));
    expect(app.core.muted('alpha')).toBe(true);
    expect(app.core.muted('beta')).toBe(false);
    await judgeBoth(app);
    expect(p.got).toEqual([]);

    // An early end: one summary of alpha's incidents.
    const ended = (await say('/unmute alpha'))[0]!;
    expect(ended.title).toBe('Alerts for alpha unmuted — 1 incident still open');
    expect(renderText(ended)).toMatch(/alpha: Hermes gateway is not running/);
    expect(renderText(ended)).not.toMatch(/beta:/);
    expect(app.core.muted('alpha')).toBe(false);
    expect((await say('/unmute alpha'))[0]!.title).toBe('Alerts for alpha were not muted on their own');

    // One that runs out ends at alpha's next check, with the same summary.
    await say('/mute alpha 10m');
    clock.offset = 11 * 60_000;
    await judgeBoth(app);
    expect(p.titles()).toContain('Alerts for alpha unmuted — 1 incident still open');
    expect(app.core.state.targetMutes).toBeUndefined();
  });

  it('an unknown target is a usage error listing the targets; the mute of everything works as before', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-mute-target-'));
    const { app, say } = await open(dir, 'en', { offset: 0 });
    const bad = (await say('/mute gamma 30m'))[0]!;
    expect(bad).toMatchObject({ title: 'Unknown target "gamma". Targets: alpha, beta.', outcome: 'usage' });
    expect((await say('/unmute gamma'))[0]).toMatchObject({
      title: 'Unknown target "gamma". Targets: alpha, beta.',
      outcome: 'usage',
    });
    expect(app.core.muted('alpha') || app.core.muted('beta')).toBe(false);

    await say('/mute beta 1h');
    // With only a target muted, a bare /unmute says which is muted and how to end it.
    expect(renderText((await say('/unmute'))[0]!)).toMatch(/beta is muted until .*: \/unmute beta ends it/);
    expect((await say('/mute 30m'))[0]!.title).toMatch(/^Alerts muted until /);
    expect(app.core.muted()).toBe(true);
    expect((await say('/unmute'))[0]!.title).toMatch(/^Alerts unmuted/);
    expect(app.core.muted('beta')).toBe(true);
  });

  it('in Chinese', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-mute-target-'));
    const clock: Clockwork = { offset: 0 };
    const { app, say } = await open(dir, 'zh-CN', clock);
    clock.stopped = app.core.now();
    const until = app.core.now() + 30 * 60_000;
    expect((await say('/mute alpha 30m'))[0]!.title).toBe(`alpha 的告警已静音至 ${formatTime(until)}`);
    clock.stopped = undefined;
    expect((await say('/mute gamma 30m'))[0]!.title).toBe('未知目标“gamma”。可用目标：alpha, beta。');
    expect(renderText((await say('/history'))[0]!)).toContain(
      `当前静音：alpha，至 ${formatTime(until)} (控制台的操作员)`,
    );
    await app.core.evaluate('alpha', { act: true });
    expect((await say('/unmute alpha'))[0]!.title).toBe('已取消 alpha 的静音 — 仍有 1 个未解决的故障');
  });
});
