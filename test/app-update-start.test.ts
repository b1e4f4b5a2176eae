// Issue 22 item 4: a gateway `hermes update` stopped and did not start again (hermes-gateway-current.md §8.6, #92890)
// is STARTED through its supervisor (its start command, not a restart), verified, and reported as a start. The demo
// gateway is really stopped by the demo updater, which writes the real update.log lines.
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp } from '../src/app.js';
import { demoStatus, demoTargetConfig, injectFault, startDemo } from '../src/demo/index.js';
import { demoScriptPath } from '../src/demo/script-path.js';
import { phone } from './helpers/phone.js';
import { EVALUATION_EVERY_MS, until, where } from './helpers/until.js';
import { stoppedAfterEach } from './helpers/demo-apps.js';
import { FIX_OPERATORS } from './helpers/fix-scenes.js';
import { renderText } from '../src/delivery/render-text.js';
import type { Reply } from '../src/types.js';

/** A probe below is often a whole evaluation: not more often than that may run. */
const slowPoll = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };
const log = pino({ level: 'silent' });
const { apps, homes } = stoppedAfterEach();

/**
 * A demo gateway watched by an app whose target's service is `service(home, demo's own)`, healthy; then `hermes
 * update` stops it and leaves it stopped (the demo updater writes the real update.log lines).
 */
async function leftStoppedByUpdate(
  dir: string,
  service: (home: string, demo: ReturnType<typeof demoTargetConfig>['service']) => Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const home = path.join(dir, 'hermes');
  homes.push(home);
  const demo = demoTargetConfig(home);
  const config = resolveConfig(
    configSchema.parse({
      state_dir: path.join(dir, 'state'),
      schedule: '0 0 1 1 *',
      targets: [{ ...demo, service: service(home, demo.service) }],
      remediate: { cooldown: '0s', verify_timeout: '30s' },
      ...extra,
    }),
    undefined,
  );
  expect((await startDemo(home, {})).ok).toBe(true);
  const p = phone();
  const app = await createApp(config, { log, restartPollMs: 100 });
  apps.push(app);
  await app.addChannel(p.ch);
  await until(
    'a healthy start',
    where(
      () => app.core.evaluate('demo'),
      (r) => r.findings.length === 0,
    ),
    slowPoll,
  );
  const pid0 = (await demoStatus(home)).pid;
  expect((await injectFault(home, 'update-left-stopped', { updateWindowMs: 300 })).ok).toBe(true);
  const updateLog = path.join(home, 'logs', 'update.log');
  await until(
    'the update done, the gateway left stopped',
    async () =>
      /✓ Update complete!/.test(await readFile(updateLog, 'utf8').catch(() => '')) && !(await demoStatus(home)).alive,
    slowPoll,
  );
  return { home, app, p, pid0, updateLog };
}

describe('a gateway hermes update left stopped', () => {
  it('is started (service.start, never service.restart), verified and reported as a start', {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-upd-'));
    // A restart command that only leaves a mark and fails: only a start can bring the gateway back.
    const marks = path.join(dir, 'restart-called');
    const restart = [
      process.execPath,
      '-e',
      `require('fs').appendFileSync(${JSON.stringify(marks)}, 'restart\\n'); process.exit(3)`,
    ];
    const { home, app, p, pid0, updateLog } = await leftStoppedByUpdate(dir, (_home, service) => ({
      ...service,
      restart,
    }));
    expect(await readFile(updateLog, 'utf8')).toContain(
      `could not arm an automatic gateway restart for PID ${pid0} — stopping it instead`,
    );
    // It said it stopped a manual gateway for good ("Restart manually"): nobody is coming for it, so gatewatch does not
    // wait out the grace it gives a supervised gateway's relaunch (issue 33 item 6): it is an outage now.
    const r = await app.core.evaluate('demo');
    expect(r.findings.find((f) => f.check === 'gateway_stopped')).toMatchObject({ cause: 'update', restart: 'helps' });
    await until(
      'a verified start',
      where(
        async () => app.core.state.restarts,
        (x) => x.length === 1 && x[0]!.ok !== undefined,
      ),
      slowPoll,
    );
    expect(app.core.state.restarts[0]).toMatchObject({ ok: true, start: 'update', checks: ['gateway_stopped'] });
    const pid1 = (await demoStatus(home)).pid;
    expect(pid1).toBeDefined();
    expect(pid1).not.toBe(pid0);
    // Started, not restarted: the restart command was never run.
    expect(await readFile(marks, 'utf8').catch(() => '')).toBe('');

    // The result, said as a start (a hold announced before it, on a loaded host, is a restart alert too).
    const got = await until(
      'the start reported',
      where(
        () => p.got,
        (g) => g.some((a) => a.kind === 'restart' && a.severity === 'ok'),
      ),
      slowPoll,
    );
    // Read once the start is reported, which comes after its audit record: the restart is in app.state before the
    // state is saved and restart.ok written, and on a loaded box a read right after that missed the record.
    const audit = await app.audit.read();
    expect(audit.find((a) => a.type === 'restart.begin')).toMatchObject({
      target: 'demo',
      actor: 'gatewatch',
      detail: { verb: 'start', after: 'update', old_pid: null },
    });
    expect(audit.find((a) => a.type === 'restart.ok')).toMatchObject({ detail: { verb: 'start', after: 'update' } });
    expect(got.find((a) => a.kind === 'restart' && a.severity === 'ok')!.reply.title).toMatch(
      /^Started demo after hermes update left it stopped: verified in \d/,
    );
    expect(got.map((a) => a.reply.title)).not.toContainEqual(expect.stringMatching(/^Restarted demo/));
  });
});

describe('a hand-started gateway hermes update stopped (no service manager: `hermes gateway run` by hand)', () => {
  it('is started detached through service.start with detach: true, verified, and keeps running after the start command', {
    timeout: 120_000,
  }, async () => {
    // What a user who runs `hermes gateway run` in a terminal writes: the foreground command itself, detached.
    const { home, app, pid0 } = await leftStoppedByUpdate(
      mkdtempSync(path.join(os.tmpdir(), 'gw-upd-')),
      (home, service) => ({
        manager: 'command',
        is_active: service.is_active,
        start: [process.execPath, demoScriptPath('gateway'), 'gateway', 'run', '--home', home],
        detach: true,
      }),
    );
    await app.core.evaluate('demo');
    await until(
      'a verified start',
      where(
        async () => app.core.state.restarts,
        (x) => x.length === 1 && x[0]!.ok !== undefined,
      ),
      slowPoll,
    );
    expect(app.core.state.restarts[0]).toMatchObject({ ok: true, start: 'update' });
    const after = await demoStatus(home);
    expect(after.alive).toBe(true);
    expect(after.pid).not.toBe(pid0);
  });
});

describe('a gateway hermes update left stopped, with automatic starts off (issue 33 item 6)', () => {
  it("/fix offers the start; a viewer is refused; the admin's confirmation starts it, verified and audited", {
    timeout: 120_000,
  }, async () => {
    const { home, app, pid0 } = await leftStoppedByUpdate(
      mkdtempSync(path.join(os.tmpdir(), 'gw-upd-')),
      (_home, service) => service,
      {
        operators: FIX_OPERATORS,
        remediate: { auto: [], cooldown: '0s', verify_timeout: '30s' },
      },
    );
    const say = async (text: string, senderId = 'ou_alice') => {
      const replies: Reply[] = [];
      await app.handle({ channel: 'feishu', senderId, text }, async (r) => void replies.push(r));
      return replies.map((r) => renderText(r)).join('\n');
    };
    const r = await app.core.evaluate('demo');
    expect(r.findings.find((f) => f.check === 'gateway_stopped')).toMatchObject({ cause: 'update', restart: 'helps' });
    expect(await say('/fix')).toContain(
      '1. Start demo through its supervisor (it is not running), then check that its platforms connect.',
    );
    expect(await say('/fix 1 confirm', 'ou_victor')).toMatch(/viewer/);
    expect((await demoStatus(home)).alive).toBe(false);
    expect(await say('/fix 1 confirm')).toMatch(/Fix 1 on demo worked/);
    const after = await demoStatus(home);
    expect(after.alive).toBe(true);
    expect(after.pid).not.toBe(pid0);
    const audit = (await app.audit.read()).filter((a) => a.type.startsWith('fix.'));
    expect(audit.map((a) => a.type)).toEqual(['fix.begin', 'fix.ok']);
    expect(audit[0]).toMatchObject({ actor: 'alice', detail: { kind: 'start' } });
  });
});
