// Issue 55 item 3, the demo's `update-left-stopped`: `hermes update` says in update.log that it stops the gateway for
// good ("could not arm an automatic gateway restart for PID … — stopping it instead"), then swaps its code for a while.
// /status said "updating … no alerts, no restarts" all that while, and the alert came only once the update was done,
// a minute after: the README says "critical at once". The alert comes while the update still runs, /status says the
// gateway was stopped for good, and the start waits for the update to be done (a start mid-swap would run half-swapped
// code). A real demo gateway, stopped by the demo's own updater; the app judges every second.
import { mkdtempSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp } from '../src/app.js';
import { demoTargetConfig, injectFault, startDemo } from '../src/demo/index.js';
import { phone } from './helpers/phone.js';
import { until, where } from './helpers/until.js';
import { stoppedAfterEach } from './helpers/demo-apps.js';

const slowPoll = { timeoutMs: 45_000, everyMs: 100 };
const { apps, homes } = stoppedAfterEach();

describe.each(['en', 'zh-CN'] as const)('hermes update leaves the gateway stopped (%s)', (locale) => {
  it('alerted while the update runs, said so by /status, started once the update is done', {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-upd-left-'));
    const home = path.join(dir, 'hermes');
    homes.push(home);
    const config = resolveConfig(
      configSchema.parse({
        state_dir: path.join(dir, 'state'),
        locale,
        schedule: '* * * * * *',
        targets: [demoTargetConfig(home)],
        remediate: { cooldown: '0s', verify_timeout: '30s' },
      }),
      undefined,
    );
    expect((await startDemo(home, {})).ok).toBe(true);
    const p = phone();
    const app = await createApp(config, { log: pino({ level: 'silent' }), restartPollMs: 100 });
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
    await app.start();
    const updateLog = path.join(home, 'logs', 'update.log');
    const said = () => readFile(updateLog, 'utf8').catch(() => '');
    expect((await injectFault(home, 'update-left-stopped', { updateWindowMs: 12_000 })).ok).toBe(true);
    const alert = await p.first((a) => a.kind === 'open' && a.check === 'gateway_stopped', 45_000);
    // Alerted while the update still runs: its log does not say it is done yet.
    expect(await said()).toMatch(/stopping it instead/);
    expect(await said()).not.toMatch(/✓ Update complete!/);
    expect(alert.severity).toBe('critical');
    const replies: string[] = [];
    await app.handle({ channel: 'console', senderId: 'local', text: '/status' }, async (r) => {
      replies.push([r.title, ...(r.fields ?? []).map((f) => `${f.label}: ${f.value}`)].join('\n'));
    });
    const status = replies.join('\n');
    expect(status).not.toMatch(locale === 'en' ? /no alerts, no restarts/ : /不告警、不重启/);
    expect(status).toMatch(locale === 'en' ? /stopped the gateway for good/ : /彻底停止网关/);
    // The start comes once the update is done, never during it.
    await until('the start', () => app.core.state.restarts.find((r) => r.ok), slowPoll);
    const start = app.core.state.restarts.find((r) => r.ok)!;
    expect(start.start).toBe('update');
    // update.log's last write is its "✓ Update complete!": the start began after it.
    expect(await said()).toMatch(/✓ Update complete!/);
    expect(start.at).toBeGreaterThanOrEqual(Math.floor((await stat(updateLog)).mtimeMs));
  });
});
