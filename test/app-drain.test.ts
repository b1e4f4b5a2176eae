// Issue 22 item 6: a busy gateway is respected. An automatic restart for a cause that leaves the gateway serving waits
// for its running agent turns (gateway_state.json `active_agents`, written by the demo gateway as Hermes does) up to
// remediate.drain and says so; a dead gateway is restarted at once; /restart names the busy agents and asks once.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp, type AppOptions } from '../src/app.js';
import { demoStatus, demoTargetConfig, injectFault, startDemo } from '../src/demo/index.js';
import { jumpClock } from './helpers/clock.js';
import { phone } from './helpers/phone.js';
import { EVALUATION_EVERY_MS, until, where } from './helpers/until.js';
import { stoppedAfterEach } from './helpers/demo-apps.js';
import type { Reply } from '../src/types.js';

/** A probe below is often a whole evaluation: not more often than that may run. */
const slowPoll = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };
const log = pino({ level: 'silent' });
const { apps, homes } = stoppedAfterEach();

async function setup(
  remediate: Record<string, unknown>,
  o: Partial<AppOptions> = {},
  s: { busy?: boolean; slowWhile?: string } = {},
) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-drain-'));
  const home = path.join(dir, 'hermes');
  homes.push(home);
  const target = demoTargetConfig(home);
  // A service manager that answers slowly while a file exists (a loaded host): a look takes that long.
  if (s.slowWhile)
    target.service.is_active = [
      '/bin/sh',
      '-c',
      'if [ -e "$1" ]; then sleep 1.5; fi; shift; exec "$@"',
      'slow',
      s.slowWhile,
      ...target.service.is_active,
    ];
  const config = resolveConfig(
    configSchema.parse({
      state_dir: path.join(dir, 'state'),
      schedule: '0 0 1 1 *',
      targets: [target],
      remediate: { cooldown: '0s', verify_timeout: '30s', max_restarts: 3, ...remediate },
    }),
    undefined,
  );
  expect((await startDemo(home, {})).ok).toBe(true);
  const p = phone();
  const app = await createApp(config, { log, restartPollMs: 100, ...o });
  apps.push(app);
  await app.addChannel(p.ch);
  await until(
    'a healthy start',
    where(
      () => app.core.evaluate('demo'),
      (r) => r.findings.length === 0 && r.evidence.state?.gateway_state === 'running',
    ),
    slowPoll,
  );
  // Two agent turns running, as the gateway writes it at a turn boundary.
  if (s.busy !== false) {
    expect((await injectFault(home, 'busy')).ok).toBe(true);
    await until(
      'the busy agents seen',
      where(
        () => app.core.evaluate('demo'),
        (r) => r.evidence.state?.active_agents === 2,
      ),
      slowPoll,
    );
  }
  const say = async (text: string) => {
    const replies: Reply[] = [];
    await app.handle({ channel: 'console', senderId: 'local', text }, async (r) => void replies.push(r));
    return replies;
  };
  return { home, app, p, say };
}

const pid = async (home: string) => (await demoStatus(home)).pid;
const hhmmss = (ms: number) => new Date(ms).toLocaleTimeString('sv-SE');

describe('a busy gateway', () => {
  it('an automatic restart for a platform failure waits for the busy agents up to remediate.drain, says so, then restarts and says why', {
    timeout: 120_000,
  }, async () => {
    const clock = jumpClock();
    const { home, app, p } = await setup({ drain: '90s' }, { clock });
    const pid0 = await pid(home);
    const waitFrom = clock.now();
    await injectFault(home, 'qq-max-reconnect');
    await until(
      'the finding',
      where(
        () => app.core.evaluate('demo'),
        (r) => r.findings.some((f) => f.check === 'qq_reconnect_exhausted'),
      ),
      slowPoll,
    );
    await app.core.evaluate('demo');
    // The incident's alert says the restart waits, for how many, and until when at the latest.
    const got = await until(
      'the alert',
      where(
        () => p.got,
        (g) => g.some((a) => a.kind === 'open'),
      ),
      slowPoll,
    );
    const field = got.find((a) => a.kind === 'open')!.reply.fields!.find((f) => f.label === 'auto-restart')!.value;
    expect(field).toMatch(
      /^held \(waiting for 2 busy agents to finish\)\. It restarts when they finish, at the latest at (\d\d:\d\d:\d\d) \(it waits 1m 30s at most\), if the failure is still there\. \/restart does it now\.$/,
    );
    const skip = (await app.audit.read()).filter((r) => r.type === 'restart.skip').at(-1);
    expect(skip).toMatchObject({ target: 'demo', actor: 'gatewatch', detail: { code: 'drain', agents: 2 } });
    const until1 = Date.parse((skip!.detail as { until: string }).until);
    expect(until1 - waitFrom).toBeGreaterThanOrEqual(90_000);
    expect(until1 - waitFrom).toBeLessThan(100_000);
    expect(field).toContain(hhmmss(until1));
    // Checks while it waits change nothing.
    await app.core.evaluate('demo');
    expect(app.core.state.restarts).toEqual([]);
    expect(await pid(home)).toBe(pid0);

    // The drain time passes with the agents still busy: the restart goes ahead, and its result says why it waited.
    clock.jump(Math.max(0, until1 - clock.now()));
    await until(
      'the restart after the drain',
      where(
        async () => app.core.state.restarts,
        (r) => r.length === 1 && r[0]!.ok === true,
      ),
      { ...slowPoll, timeoutMs: 60_000 },
    );
    expect(app.core.state.restarts[0]!.at).toBeGreaterThanOrEqual(until1);
    const done = await until(
      'its result',
      where(
        () => p.got,
        (g) => g.some((a) => /^Restarted demo/.test(a.reply.title)),
      ),
      slowPoll,
    );
    const lines = done.find((a) => /^Restarted demo/.test(a.reply.title))!.reply.lines ?? [];
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Waited 1m \d+s from \d\d:\d\d:\d\d for 2 busy agents: the longest it waits ran out with them still running, so it restarted\.$/,
      ),
    );
  });

  it('a dead gateway is restarted at once, busy agents or not', { timeout: 120_000 }, async () => {
    const { home, app } = await setup({ drain: '1h' });
    const pid0 = await pid(home);
    await injectFault(home, 'crash');
    await until(
      'a verified restart',
      where(
        async () => (await app.core.evaluate('demo'), app.core.state.restarts),
        (r) => r.length === 1 && r[0]!.ok === true,
      ),
      slowPoll,
    );
    expect(await pid(home)).not.toBe(pid0);
    expect(
      (await app.audit.read()).filter(
        (r) => r.type === 'restart.skip' && (r.detail as { code?: string }).code === 'drain',
      ),
    ).toEqual([]);
  });

  it('/restart on a healthy busy gateway names the busy agents in its one question, and its confirm goes ahead (issue 35)', {
    timeout: 120_000,
  }, async () => {
    const { home, app, say } = await setup({ auto_restart: false });
    const pid0 = await pid(home);
    const asked = (await say('/restart demo'))[0]!;
    expect(asked).toMatchObject({
      title: 'demo looks healthy, and is running 2 agent turns right now: a restart cuts them off. Restart anyway?',
      buttons: [{ command: '/restart demo confirm' }],
      outcome: 'refused',
    });
    expect(await pid(home)).toBe(pid0);
    expect((await app.audit.read()).filter((r) => r.type === 'restart.begin')).toEqual([]);
    const done = await say('/restart demo confirm');
    expect(done.at(-1)).toMatchObject({ outcome: 'ok' });
    expect(done.at(-1)!.title).toMatch(/^Restarted demo: verified in/);
    expect(await pid(home)).not.toBe(pid0);
  });

  // Issue 54 item 6: under load an evaluation is always under way, and /restart took its evidence, read before the
  // turns began: "looks healthy. Restart anyway?" without a word of them. The decision reads the agents now.
  it('/restart while an evaluation that began before the turns is still running names the agents busy now', {
    timeout: 120_000,
  }, async () => {
    const slow = path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-slow-')), 'slow');
    const { home, app, say } = await setup({ auto_restart: false }, {}, { busy: false, slowWhile: slow });
    const pid0 = await pid(home);
    writeFileSync(slow, '');
    // Begun before the turns: it reads the state file at once, then waits on the slow service manager.
    const running = app.core.evaluate('demo');
    expect((await injectFault(home, 'busy')).ok).toBe(true);
    await until(
      'the turns written',
      async () => (await demoStatus(home)).pid !== undefined && busyWritten(home),
      slowPoll,
    );
    const asked = (await say('/restart demo'))[0]!;
    expect(asked.title).toBe(
      'demo looks healthy, and is running 2 agent turns right now: a restart cuts them off. Restart anyway?',
    );
    await running;
    expect(await pid(home)).toBe(pid0);
  });
});

/** The demo gateway wrote its busy turns into gateway_state.json. */
function busyWritten(home: string): boolean {
  try {
    return (
      (JSON.parse(readFileSync(path.join(home, 'gateway_state.json'), 'utf8')) as { active_agents?: number })
        .active_agents === 2
    );
  } catch {
    return false;
  }
}
