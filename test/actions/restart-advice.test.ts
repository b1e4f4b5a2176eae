// Advice that fits the cause: against the real demo gateway, a cause a restart cannot fix (a banned QQ bot) gets no
// Restart button in its alert or in /status, and a manual /restart says why it will not help and waits for `confirm`.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { demoStatus, injectFault } from '../../src/demo/index.js';
import { renderText } from '../../src/delivery/render-text.js';
import { alertButtons } from '../../src/delivery/alerts.js';
import type { Reply } from '../../src/types.js';
import { phone } from '../helpers/phone.js';
import { EVALUATION_EVERY_MS, until, where } from '../helpers/until.js';
import { TEST_DIR } from '../helpers/paths.js';
import { lastStamp, retimeLines } from '../helpers/retime.js';

/** A probe below is often a whole evaluation: not more often than that may run. */
const slowPoll = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const say = (text: string) => h!.say(text);

async function bannedDemo(locale?: 'zh-CN') {
  const p = phone();
  h = await startHarness({ demo: true, start: false, channels: [p.ch], config: locale ? { locale } : {} });
  const app = h.app;
  await until(
    'a healthy start',
    where(
      () => app.core.evaluate('demo'),
      (r) => r.findings.length === 0 && r.evidence.state?.gateway_state === 'running',
    ),
    slowPoll,
  );
  await injectFault(h.hermesHome, 'qq-banned');
  await until(
    'the banned finding',
    where(
      () => app.core.evaluate('demo'),
      (r) => r.findings.some((f) => f.check === 'qq_banned'),
    ),
    slowPoll,
  );
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
    const banned = h!.app.core.lastResult('demo')!.findings.find((f) => f.check === 'qq_banned')!;
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
    expect(out).toMatch(/如仍要重启：\/restart demo confirm/);
  });
});

describe("an alert's Restart button", () => {
  it('pressed once the gateway is healthy again, asks first and restarts nothing', async () => {
    h = await startHarness({ demo: true, start: false });
    await until(
      'a healthy start',
      where(
        () => h!.app.core.evaluate('demo'),
        (r) => r.findings.length === 0 && r.evidence.state?.gateway_state === 'running',
      ),
      slowPoll,
    );
    const pid0 = (await demoStatus(h.hermesHome)).pid;
    // The card of an outage that has since ended by itself.
    const button = alertButtons('en', 'demo', 'helps').find((b) => b.command.startsWith('/restart'))!;
    const ask = await say(button.command);
    expect(ask).toHaveLength(1);
    expect(ask[0]!.title).toMatch(/demo looks healthy\. Restart anyway\?/);
    expect(ask[0]!.buttons).toContainEqual(expect.objectContaining({ command: '/restart demo confirm' }));
    expect((await h.auditRecords()).filter((r) => r.type === 'restart.begin')).toEqual([]);
    expect((await demoStatus(h.hermesHome)).pid).toBe(pid0);
  });
});

describe('alertButtons', () => {
  it('fits the restart advice: restart first when it helps, later when waiting, never when it cannot help', () => {
    const cmds = (a?: 'helps' | 'wait' | 'never') => alertButtons('en', 'demo', a).map((b) => b.command);
    expect(cmds()).toEqual(cmds('helps')); // old call sites keep working
    expect(cmds('helps')[0]).toBe('/restart demo');
    expect(cmds('wait')[0]).not.toMatch(/^\/restart/);
    expect(cmds('wait')).toContain('/restart demo');
    expect(cmds('never').some((c) => c.startsWith('/restart'))).toBe(false);
  });
});

describe('a manual /restart while Hermes is still retrying servers it cannot reach', () => {
  it('asks first and says Hermes is retrying; with confirm it goes on to the restart gate', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { cleanup, spawnIdle, startTicksOf } = await import('../helpers/probe-procs.js');
    // A service runs it (a restart command that fails): a gateway nothing supervises is refused before any question.
    h = await startHarness({ start: false, target: { service: { manager: 'command', restart: ['/bin/false'] } } });
    const child = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: h.hermesHome });
    try {
      const pid = child.pid!;
      writeFileSync(
        path.join(h.hermesHome, 'gateway.pid'),
        JSON.stringify({
          pid,
          kind: 'hermes-gateway',
          argv: ['python', '-m', 'hermes', 'gateway', 'run'],
          start_time: await startTicksOf(pid),
        }),
      );
      // QQ's servers unreachable for two minutes and Hermes still retrying: the fixture's log, moved to end a few seconds ago.
      const lines = readFileSync(path.join(TEST_DIR, 'fixtures', 'logs', 'qq-refused.log'), 'utf8')
        .trim()
        .split('\n');
      const shift = Date.now() - 5_000 - lastStamp(lines);
      writeFileSync(
        path.join(h.hermesHome, 'logs', 'gateway.log'),
        retimeLines(lines, (t) => t + shift).join('\n') + '\n',
      );
      const at = new Date().toISOString();
      writeFileSync(
        path.join(h.hermesHome, 'gateway_state.json'),
        JSON.stringify({
          pid,
          kind: 'hermes-gateway',
          gateway_state: 'running',
          platforms: {
            feishu: { state: 'connected', updated_at: at },
            qqbot: { state: 'disconnected', updated_at: at, error_message: 'All connection attempts failed' },
          },
          updated_at: at,
        }),
      );
      const { findings } = await h.app.core.evaluate('default', { act: false });
      expect(findings.map((f) => f.restart)).toContain('wait');
      expect(findings.some((f) => f.restart === 'helps')).toBe(false);

      const replies: Reply[] = [];
      await h.app.handle(
        { channel: 'console', senderId: 'local', text: '/restart default' },
        async (r) => void replies.push(r),
      );
      expect(replies[0]!.title).toMatch(/does not help default now: Hermes is still retrying/);
      expect(replies[0]!.outcome).toBe('refused');
      expect(renderText(replies[0]!)).toMatch(/cannot be reached from this host/);

      // Confirmed, it goes to the restart itself (here its command fails, and says so).
      const confirmed: Reply[] = [];
      await h.app.handle(
        { channel: 'console', senderId: 'local', text: '/restart default confirm' },
        async (r) => void confirmed.push(r),
      );
      expect(confirmed.at(-1)!.title).toMatch(/Restart of default failed/);
    } finally {
      child.kill('SIGKILL');
      await cleanup();
    }
  });
});
