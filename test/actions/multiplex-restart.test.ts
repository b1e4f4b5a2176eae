// A restart of a profile the root multiplexes is a restart of the root gateway (hermes-gateway-current.md §2.5, §2.7):
// the daemon core against a real fake multiplexing root (real processes, pid/state/log files, a `command` service
// manager whose restart really replaces the process). Verified against the root's new pid and the profile's
// `<profile>:<platform>` entries; one lock and cooldown for every target the root serves.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { appWithPhone, stopApp } from '../helpers/demo-apps.js';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import type { App } from '../../src/app.js';
import type { InboundMessage, Reply } from '../../src/types.js';
import { createMultiplexRoot, type MultiplexRoot } from '../fakes/multiplex-gateway.js';
import { until, where } from '../helpers/until.js';

/** How the waits below poll (as the phone's until did): a probe is often a whole evaluation, so not too often. */
const slowPoll = { timeoutMs: 45_000, everyMs: 200 };

const log = pino({ level: process.env.GATEWATCH_TEST_LOG ?? 'silent' });
const apps: App[] = [];
const roots: MultiplexRoot[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await stopApp(a);
  for (const r of roots.splice(0)) await r.stop();
});

async function setup(remediate: Record<string, unknown> = {}, start = true) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-mux-'));
  const root = await createMultiplexRoot(path.join(dir, 'hermes'), {
    default: ['telegram'],
    coder: ['discord'],
    ops: ['discord'],
  });
  roots.push(root);
  await root.start();
  const service = { manager: 'command', restart: root.restartArgv };
  const target = (name: string, home: string) => ({ name, hermes_home: home, service });
  const config = resolveConfig(
    configSchema.parse({
      state_dir: path.join(dir, 'state'),
      targets: [
        target('default', root.root),
        target('coder', path.join(root.root, 'profiles', 'coder')),
        target('ops', path.join(root.root, 'profiles', 'ops')),
      ],
      detect: { disconnect_grace: '1s' },
      remediate: { cooldown: '0s', verify_timeout: '20s', ...remediate },
      schedule: '*/2 * * * * *',
    }),
    undefined,
  );
  const { app, p } = await appWithPhone(apps, config, log);
  if (start) await app.start();
  return { root, app, p };
}

async function say(app: App, text: string): Promise<Reply[]> {
  const replies: Reply[] = [];
  const msg: InboundMessage = { channel: 'console', senderId: 'local', text };
  await app.handle(msg, async (r) => void replies.push(r));
  return replies;
}

describe('restarting a served profile restarts the root gateway', () => {
  it('/restart of a served profile asks first, naming the other profiles; confirmed, the root restarts and is verified for the profile', async () => {
    const { root, app } = await setup({ auto_restart: false }, false);
    const pid0 = await root.pid();
    await until(
      'ops healthy, served',
      where(
        () => app.core.evaluate('ops', { act: false }),
        (r) => r.findings.length === 0 && r.evidence.hermes?.serving?.role === 'served',
      ),
      slowPoll,
    );

    const ask = await say(app, '/restart ops');
    expect(ask).toHaveLength(1);
    expect(ask[0]!.title).toMatch(
      /restarts the root gateway that serves profile ops: the bots of default, coder reconnect too/,
    );
    expect(ask[0]!.buttons?.[0]?.command).toBe('/restart ops confirm');
    expect(await root.restarts()).toHaveLength(1); // only the start: nothing restarted yet

    const done = await say(app, '/restart ops confirm');
    const titles = done.map((r) => r.title);
    expect(titles[0]).toMatch(/^Restarting ops/);
    expect(done[0]!.lines?.join('\n')).toMatch(
      /Restarting the root gateway that serves profile ops: every profile's bots \(default, coder, ops\) reconnect/,
    );
    expect(titles.at(-1)).toMatch(/^Restarted ops: verified in/);
    const pid1 = await root.pid();
    expect(pid1).not.toBe(pid0);
    // The profile it was for, then every profile's bots the root's restart brought back (issue 61 item 5).
    expect(done.at(-1)!.lines?.join('\n')).toContain(
      `pid ${pid1}; Discord in profile ops, Telegram, Discord in profile coder connected`,
    );
    expect(await root.restarts()).toHaveLength(2);
    const begin = (await app.audit.read(100)).find((r) => r.type === 'restart.begin')!;
    expect(begin.detail).toMatchObject({
      via_root: root.root,
      profile: 'ops',
      served_profiles: ['default', 'coder', 'ops'],
      old_pid: pid0,
    });

    // The root's restart restarted coder's bots too: coder's /status says so, and counts it in coder's budget.
    const st = (await say(app, '/status coder')).at(-1)!;
    const field = (label: string) => st.fields?.find((f) => f.label === label)?.value;
    expect(field('last restart')).toMatch(/✓ the operator at the console/);
  });

  it('zh-CN: the confirmation and the note say it in Chinese', async () => {
    const { app } = await setup({ auto_restart: false }, false);
    app.core.config.locale = 'zh-CN';
    await until(
      'coder served',
      where(
        () => app.core.evaluate('coder', { act: false }),
        (r) => r.evidence.hermes?.serving?.role === 'served',
      ),
      slowPoll,
    );
    const ask = await say(app, '/restart coder');
    expect(ask[0]!.title).toMatch(/根网关.*default, ops/);
  });

  it('two served profiles failing at once: one automatic restart of the root, verified, both recover', {
    timeout: 90_000,
  }, async () => {
    const { root, app, p } = await setup();
    await until(
      'healthy',
      where(
        async () => [await app.core.evaluate('coder'), await app.core.evaluate('ops')],
        (rs) => rs.every((r) => r.findings.length === 0),
      ),
      slowPoll,
    );
    const pid0 = await root.pid();
    await root.fault([
      { profile: 'coder', platform: 'discord' },
      { profile: 'ops', platform: 'discord' },
    ]);
    await until(
      'a finished restart',
      where(
        async () => app.core.state.restarts,
        (r) => r.length >= 1 && r.every((x) => x.ok !== undefined),
      ),
      slowPoll,
    );
    // Both recover with the one restart; nothing restarts again. On a busy box the restart may come before one
    // profile's own alert was due (its grace): that one was never alerted and owes no recovery, but is healthy all the same.
    const backFor = (t: string) => p.got.some((a) => a.target === t && /is back/.test(a.reply.title));
    await until(
      'both recoveries',
      where(
        async () => {
          const findings = [await app.core.evaluate('coder'), await app.core.evaluate('ops')].map(
            (r) => r.findings.length,
          );
          await app.outbox.flush();
          return { findings, alerted: p.got.filter((a) => a.kind === 'open').map((a) => a.target) };
        },
        ({ findings, alerted }) => findings.every((n) => n === 0) && alerted.length > 0 && alerted.every(backFor),
      ),
      { ...slowPoll, timeoutMs: 40_000 },
    );
    // Both judged again, acting as the schedule would: no second restart starts.
    for (let i = 0; i < 2; i++) for (const t of ['coder', 'ops']) await app.core.evaluate(t);
    expect(app.core.config.targets.filter((t) => app.core.restartInProgress(t.name))).toEqual([]);
    expect(app.core.state.restarts).toHaveLength(1);
    const rec = app.core.state.restarts[0]!;
    expect(rec.ok).toBe(true);
    expect(rec.unit).toBe(path.resolve(root.root));
    expect(await root.restarts()).toHaveLength(2);
    expect(await root.pid()).not.toBe(pid0);
    // The alerts named the profile; the restart notice said whose restart it was.
    const alerts = p.got.filter((a) => a.kind === 'open');
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(['coder', 'ops']).toContain(a.target);
    const restarted = p.got.find((a) => a.kind === 'restart')!;
    expect(restarted.reply.lines?.join('\n')).toMatch(
      /root gateway that serves profile (coder|ops): every profile's bots \(default, coder, ops\) reconnect/,
    );
  });

  it('one cooldown for the root and every profile it serves: ops restarts the root, coder failing next is held by the same cooldown', {
    timeout: 90_000,
  }, async () => {
    const { root, app } = await setup({ cooldown: '1h' });
    await until(
      'healthy',
      where(
        async () => [await app.core.evaluate('coder'), await app.core.evaluate('ops')],
        (rs) => rs.every((r) => r.findings.length === 0),
      ),
      slowPoll,
    );
    await root.fault([{ profile: 'ops', platform: 'discord' }]);
    await until(
      'the root restarted for ops',
      where(
        async () => app.core.state.restarts,
        (r) => r.length === 1 && r[0]!.ok === true,
      ),
      slowPoll,
    );
    await until(
      'ops back',
      where(
        () => app.core.evaluate('ops'),
        (r) => r.findings.length === 0,
      ),
      slowPoll,
    );
    await root.fault([{ profile: 'coder', platform: 'discord' }]);
    const skip = await until(
      'coder held by the cooldown',
      async () => (await app.audit.read(200)).find((r) => r.type === 'restart.skip' && r.target === 'coder'),
      slowPoll,
    );
    expect(skip!.detail).toMatchObject({ code: 'cooldown' });
    expect(app.core.state.restarts).toHaveLength(1);
    expect(await root.restarts()).toHaveLength(2);
  });
});
