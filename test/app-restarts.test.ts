// The daemon core against the real demo gateway: automatic restarts, the restart budget across a gatewatch restart,
// no re-alert after a gatewatch restart, and no restart for causes a restart does not fix.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp, type AppOptions } from '../src/app.js';
import { demoTargetConfig, injectFault, startDemo, demoStatus } from '../src/demo/index.js';
import { jumpClock } from './helpers/clock.js';
import { phone } from './helpers/phone.js';
import { renderText } from '../src/delivery/render-text.js';
import { EVALUATION_EVERY_MS, until, where } from './helpers/until.js';
import { stoppedAfterEach } from './helpers/demo-apps.js';

/** A probe below is often a whole evaluation: not more often than that may run. */
const slowPoll = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };

const log = pino({ level: 'silent' });
const { apps, homes } = stoppedAfterEach();

async function setup(extra: Record<string, unknown> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-app-'));
  const home = path.join(dir, 'hermes');
  homes.push(home);
  const config = resolveConfig(
    configSchema.parse({
      state_dir: path.join(dir, 'state'),
      targets: [demoTargetConfig(home)],
      remediate: { cooldown: '0s', verify_timeout: '30s', max_restarts: 1 },
      ...extra,
    }),
    undefined,
  );
  expect((await startDemo(home, {})).ok).toBe(true);
  const open = async (o: Partial<AppOptions> = {}) => {
    const p = phone();
    const app = await createApp(config, { log, restartPollMs: 100, ...o });
    apps.push(app);
    await app.addChannel(p.ch);
    return { app, p };
  };
  return { home, open };
}

const pid = async (home: string) => (await demoStatus(home)).pid;

describe('automatic restarts against the demo gateway', () => {
  it('restarts a dead QQ loop, verifies it, resolves with a recovery notice; the budget survives a gatewatch restart', async () => {
    const { home, open } = await setup();
    const first = await open();
    await until(
      'a healthy start',
      where(
        () => first.app.core.evaluate('demo'),
        (r) => r.findings.length === 0,
      ),
      slowPoll,
    );
    const pid0 = await pid(home);

    await injectFault(home, 'qq-max-reconnect');
    await until(
      'the finding',
      where(
        () => first.app.core.evaluate('demo'),
        (r) => r.findings.some((f) => f.check === 'qq_reconnect_exhausted'),
      ),
      slowPoll,
    );
    await until(
      'a verified restart',
      where(
        async () => first.app.core.state.restarts,
        (r) => r.length === 1 && r[0]!.ok === true,
      ),
      slowPoll,
    );
    expect(await pid(home)).not.toBe(pid0);
    await until(
      'the recovery notice',
      where(
        async () => (await first.app.outbox.flush(), first.p.titles()),
        (t) => t.some((x) => /^demo: (the gateway|QQ) is back: gatewatch restarted the gateway/.test(x)),
      ),
      slowPoll,
    );
    const titles = first.p.titles();
    expect(titles[0]).toMatch(/^demo: .*QQ/);
    expect(titles.some((x) => /^Restarted demo: verified in/.test(x))).toBe(true);
    await first.app.stop();

    // gatewatch restarts; the gateway fails again. One automatic restart per hour was allowed and it is used up.
    const second = await open();
    const pid1 = await pid(home);
    await injectFault(home, 'qq-max-reconnect');
    await until(
      'the escalation',
      async () => (await second.app.core.evaluate('demo'), second.app.core.state.escalated.demo === true),
      slowPoll,
    );
    await second.app.outbox.flush();
    // Said once, by the incident's alert, decided before it went out (issue 51 item 2).
    const said = second.p.got.map((a) => renderText(a.reply));
    expect(said.filter((x) => /did not stick/.test(x))).toHaveLength(1);
    expect(said.some((x) => /auto-restart\W+yes/.test(x))).toBe(false);
    expect(await pid(home)).toBe(pid1);
    expect(second.app.core.state.restarts).toHaveLength(1);
    const audit = await second.app.audit.read();
    expect(audit.filter((r) => r.type === 'restart.skip').at(-1)).toMatchObject({
      target: 'demo',
      detail: { code: 'budget' },
    });

    // An operator /restart still works, and ends the escalation.
    const res = await second.app.core.restart('demo', 'alice');
    expect(res).toMatchObject({ ok: true });
    expect(second.app.core.state.escalated.demo).toBeUndefined();
  });

  it('does not re-alert an open incident after gatewatch restarts', async () => {
    const { home, open } = await setup({ remediate: { auto_restart: false } });
    const first = await open();
    await until(
      'a healthy start',
      where(
        () => first.app.core.evaluate('demo'),
        (r) => r.findings.length === 0,
      ),
      slowPoll,
    );
    await injectFault(home, 'feishu-executor');
    await until(
      'the finding',
      where(
        () => first.app.core.evaluate('demo'),
        (r) => r.findings.some((f) => f.check === 'feishu_executor_shutdown'),
      ),
      slowPoll,
    );
    await first.app.outbox.flush();
    expect(first.p.titles()).toHaveLength(1);
    await first.app.stop();
    const second = await open();
    await second.app.core.evaluate('demo');
    await second.app.outbox.flush();
    expect(second.p.got).toEqual([]);
  });

  it('never restarts for a banned bot; says so once in the audit log', async () => {
    const { home, open } = await setup();
    const { app, p } = await open();
    await until(
      'a healthy start',
      where(
        () => app.core.evaluate('demo'),
        (r) => r.findings.length === 0,
      ),
      slowPoll,
    );
    const pid0 = await pid(home);
    await injectFault(home, 'qq-banned');
    await until(
      'the finding',
      where(
        () => app.core.evaluate('demo'),
        (r) => r.findings.some((f) => f.check === 'qq_banned'),
      ),
      slowPoll,
    );
    await app.core.evaluate('demo');
    await app.outbox.flush();
    expect(p.titles()[0]).toMatch(/^demo: /);
    expect(app.core.state.restarts).toEqual([]);
    expect(await pid(home)).toBe(pid0);
    const skips = (await app.audit.read()).filter((r) => r.type === 'restart.skip');
    expect(skips).toHaveLength(1);
    expect(skips[0]).toMatchObject({ detail: { code: 'unrecoverable' } });
  });

  it('two operators pressing Restart at once start one restart', async () => {
    const { home, open } = await setup();
    const { app } = await open();
    await until(
      'a healthy start',
      where(
        () => app.core.evaluate('demo'),
        (r) => r.findings.length === 0 && r.evidence.state?.gateway_state === 'running',
      ),
      slowPoll,
    );
    const pid0 = await pid(home);
    const results = await Promise.all([app.core.restart('demo', 'alice'), app.core.restart('demo', 'bob')]);
    expect(results.filter((r) => 'ok' in r && r.ok)).toHaveLength(1);
    expect(results.filter((r) => 'skipped' in r).map((r) => (r as { skipped: string }).skipped)).toEqual([
      'a restart is already in progress',
    ]);
    expect(await pid(home)).not.toBe(pid0);
    expect((await app.audit.read()).filter((r) => r.type === 'restart.begin')).toHaveLength(1);
  });

  it('announces the recovery as soon as an automatic restart is verified, not at the next scheduled check', {
    timeout: 90_000,
  }, async () => {
    // A schedule that never fires here: only the restart itself may lead to the recovery notice.
    const { home, open } = await setup({ schedule: '0 0 1 1 *' });
    const { app, p } = await open();
    await app.start();
    await until(
      'a healthy start',
      where(
        () => app.core.lastResult('demo'),
        (r) => r !== undefined && r.findings.length === 0,
      ),
      slowPoll,
    );
    await injectFault(home, 'crash');
    await p.next((a) => a.kind === 'open');
    await until(
      'a verified restart',
      where(
        async () => app.core.state.restarts,
        (r) => r.length === 1 && r[0]!.ok === true,
      ),
      slowPoll,
    );
    // It may well have come while the restart was being waited for: look at everything received.
    const got = await until(
      'the recovery notice',
      where(
        () => p.got,
        (g) => g.some((a) => a.kind === 'resolve'),
      ),
      slowPoll,
    );
    const recovered = got.find((a) => a.kind === 'resolve')!;
    expect(recovered.reply.title).toMatch(/^demo: .* is back: gatewatch restarted the gateway/);
  });

  it('a restart held by the cooldown is announced with when it will happen, then done at that time and said so', {
    timeout: 120_000,
  }, async () => {
    // A schedule that never fires here: only the end of the cooldown may bring the held restart.
    const { home, open } = await setup({
      schedule: '0 0 1 1 *',
      remediate: { cooldown: '15s', verify_timeout: '30s', max_restarts: 3 },
    });
    // The gateway and its restarts take real time; the cooldown is gatewatch's own wait, so the test moves the clock.
    const clock = jumpClock();
    const { app, p } = await open({ clock });
    await app.start();
    await until(
      'a healthy start',
      where(
        () => app.core.lastResult('demo'),
        (r) => r !== undefined && r.findings.length === 0,
      ),
      slowPoll,
    );
    await injectFault(home, 'crash');
    await until(
      'a verified restart',
      where(
        async () => app.core.state.restarts,
        (r) => r.length === 1 && r[0]!.ok === true,
      ),
      slowPoll,
    );
    await until('the restart let go', async () => !app.core.restartInProgress('demo'), slowPoll);
    // Judged recovered on evidence of the new gateway (a look that began during the restart is taken again).
    await until('the recovery', async () => p.got.some((a) => a.kind === 'resolve'), slowPoll);

    // It crashes again inside the cooldown: the incident's alert says the restart is held, and until when (instead of
    // "auto-restart: yes, if the budget allows" and silence).
    const before = p.got.length;
    await injectFault(home, 'crash');
    const got = await until(
      'the alert of the second crash',
      where(
        () => p.got.slice(before),
        (g) => g.some((a) => a.kind === 'open' || a.kind === 'flap'),
      ),
      slowPoll,
    );
    const alert = got.find((a) => a.kind === 'open' || a.kind === 'flap')!;
    const until1 = app.core.state.restarts[0]!.endedAt! + 15_000;
    const hhmmss = (ms: number) => new Date(ms).toLocaleTimeString('sv-SE');
    expect(alert.reply.fields).toContainEqual({
      label: 'auto-restart',
      value: `held (cooldown after the last restart). It restarts at ${hhmmss(until1)}, when the 15s cooldown after the restart that ended at ${hhmmss(app.core.state.restarts[0]!.endedAt!)} ends, if the failure is still there. /restart does it now.`,
    });
    // Said once: no second message for the same hold.
    expect(p.got.some((a) => /held/.test(a.reply.title))).toBe(false);
    // Audited just after the alert goes out: a loaded host can show the test the alert first.
    const skip = await until(
      'the skip in the audit log',
      async () => (await app.audit.read()).filter((r) => r.type === 'restart.skip').at(-1),
      slowPoll,
    );
    expect(skip).toMatchObject({ target: 'demo', detail: { code: 'cooldown', until: new Date(until1).toISOString() } });

    // At the end of the cooldown (no scheduled check comes) it restarts, and the result says how long it was held.
    expect(app.core.state.restarts).toHaveLength(1);
    clock.jump(Math.max(0, until1 - clock.now()));
    await until(
      'the held restart',
      where(
        async () => app.core.state.restarts,
        (r) => r.length === 2 && r[1]!.ok === true,
      ),
      { ...slowPoll, timeoutMs: 60_000 },
    );
    expect(app.core.state.restarts[1]!.at).toBeGreaterThanOrEqual(until1);
    const done = await until(
      'its result',
      where(
        () => p.got,
        (g) => g.filter((a) => /^Restarted demo/.test(a.reply.title)).length === 2,
      ),
      slowPoll,
    );
    const line = done.filter((a) => /^Restarted demo/.test(a.reply.title))[1]!.reply.lines ?? [];
    expect(line).toContainEqual(
      expect.stringMatching(/^Held \d+s \(cooldown after the last restart\), from \d\d:\d\d:\d\d\.$/),
    );
  });
});
