// Advice that fits the cause: against the real demo gateway, a cause a restart cannot fix (a banned QQ bot) gets no
// Restart button in its alert or in /status, and a manual /restart says why it will not help and waits for `confirm`.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/harness.js';
import { demoStatus, injectFault } from '../src/demo/index.js';
import { renderText } from '../src/delivery/render-text.js';
import { alertButtons } from '../src/delivery/alerts.js';
import type { Alert, Channel, Reply } from '../src/types.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function phone() {
  const got: Alert[] = [];
  const ch: Channel = {
    name: 'phone', interactive: false, start: async () => {}, stop: async () => {},
    deliver: async (a) => (got.push(a), { status: 'sent' }), health: () => ({ name: 'phone', ok: true, summary: 'ok' }),
  };
  return { ch, got };
}

async function until<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, what: string, ms = 40_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function say(text: string): Promise<Reply[]> {
  const replies: Reply[] = [];
  await h!.app.handle({ channel: 'console', senderId: 'local', text }, async (r) => void replies.push(r));
  return replies;
}

async function bannedDemo(locale?: 'zh-CN') {
  const p = phone();
  h = await startHarness({ demo: true, start: false, channels: [p.ch], config: locale ? { locale } : {} });
  const app = h.app;
  await until(() => app.evaluate('demo'), (r) => r.findings.length === 0 && r.evidence.state?.gateway_state === 'running', 'a healthy start');
  await injectFault(h.hermesHome, 'qq-banned');
  await until(() => app.evaluate('demo'), (r) => r.findings.some((f) => f.check === 'qq_banned'), 'the banned finding');
  await app.outbox.flush();
  return p;
}

describe('a cause a restart cannot fix', () => {
  it('its alert and /status offer no Restart; logs come first', async () => {
    const p = await bannedDemo();
    const alert = p.got.find((a) => a.check === 'qq_banned')!;
    expect(alert.reply.fields).toContainEqual({ label: 'auto-restart', value: 'no: a restart does not fix this' });
    const commands = alert.reply.buttons!.map((b) => b.command);
    expect(commands.filter((c) => c.startsWith('/restart'))).toEqual([]);
    expect(commands[0]).toBe('/logs 50 demo');
    expect(commands).toContain('/ack demo');
    expect(alert.reply.fields?.find((f) => f.label === 'since')?.value).toMatch(/^\d\d-\d\d \d\d:\d\d:\d\d$/);

    const st = (await say('/status'))[0]!;
    expect(st.title).toMatch(/^demo: 1 problem/);
    expect(st.buttons!.map((b) => b.command).filter((c) => c.startsWith('/restart'))).toEqual([]);
  });

  it('a manual /restart says why it will not help and goes ahead only with confirm', async () => {
    await bannedDemo();
    const pid0 = (await demoStatus(h!.hermesHome)).pid;
    const ask = await say('/restart demo');
    expect(ask).toHaveLength(1);
    const out = renderText(ask[0]!);
    expect(ask[0]!.tone).toBe('warning');
    expect(out).toMatch(/A restart will not fix demo/);
    expect(out).toMatch(/banned/); // the finding itself, its explanation and what to do instead
    const banned = h!.app.lastResult('demo')!.findings.find((f) => f.check === 'qq_banned')!;
    expect(out).toContain(banned.explanation);
    expect(out).toContain(banned.action);
    expect(ask[0]!.buttons).toContainEqual(expect.objectContaining({ command: '/restart demo confirm' }));
    expect((await h!.auditRecords()).filter((r) => r.type === 'restart.begin')).toEqual([]);
    expect((await demoStatus(h!.hermesHome)).pid).toBe(pid0);

    const done = await say('/restart demo confirm');
    expect(done.at(-1)!.title).toMatch(/^Restarted demo: verified/);
    expect((await demoStatus(h!.hermesHome)).pid).not.toBe(pid0);
  });

  it('says it in Chinese too', async () => {
    await bannedDemo('zh-CN');
    const out = renderText((await say('/restart demo'))[0]!);
    expect(out).toMatch(/重启解决不了 demo 的问题/);
    expect(out).toMatch(/发送 \/restart demo confirm/);
  });
});

describe('alertButtons', () => {
  it('fits the restart advice: restart first when it helps, later when waiting, never when it cannot help', () => {
    const cmds = (a?: 'helps' | 'wait' | 'never') => alertButtons('en', 'demo', a).map((b) => b.command);
    expect(cmds()).toEqual(cmds('helps')); // old call sites keep working
    expect(cmds('helps')[0]).toBe('/restart demo confirm');
    expect(cmds('wait')[0]).not.toMatch(/^\/restart/);
    expect(cmds('wait')).toContain('/restart demo confirm');
    expect(cmds('never').some((c) => c.startsWith('/restart'))).toBe(false);
  });
});
