// End to end: `gatewatch run --console` (built dist/) watching the demo gateway, with two push services on loopback
// (an ntfy "pager" and a generic webhook "hook") and alerts.routes sending critical to the pager and everything to the
// hook. A crash (critical) reaches both, its restart result and recovery too; then the hook fails, and a disconnect
// storm (warning, which the pager does not take) reaches the pager instead, marked as the hook's fallback, and the
// hook does not send it once it is back.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleCli, endCli } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';
import { demoTargetConfig, startDemo, stopDemo } from '../../src/demo/index.js';
import { startFakePush, type FakePush, type PushRequest } from '../fakes/push-services.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHome: string | undefined;
const fakes: FakePush[] = [];
afterEach(async () => {
  await endCli(child);
  if (demoHome) await stopDemo(demoHome).catch(() => undefined);
  while (fakes.length) await fakes.pop()!.close();
});

const ntfyTitle = (r: PushRequest) => String(r.body?.title ?? '');
const hookTitle = (r: PushRequest) => String(r.body?.title ?? '');

describe('gatewatch run --console with alerts.routes and alerts.fallback', () => {
  it('routes critical to the pager and everything to the hook; a failing hook falls back to the pager, marked, without a second send', {
    timeout: 240_000,
  }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-routes-'));
    demoHome = path.join(home, 'demo-hermes');
    const pager = await startFakePush('ntfy', { ntfy: { alerts: '' } });
    const hook = await startFakePush('webhook', { webhook: { secret: 'hook-secret-123' } });
    fakes.push(pager, hook);
    await startDemo(demoHome, {});
    const file = path.join(home, 'config.yaml');
    writeFileSync(
      file,
      JSON.stringify({
        state_dir: path.join(home, 'state'),
        targets: [demoTargetConfig(demoHome)],
        detect: { disconnect_grace: '30s', storm: { disconnects: 5, within: '60s' }, zombie_after: '60s' },
        remediate: { cooldown: '20s', verify_timeout: '30s', max_restarts: 10 },
        schedule: '*/10 * * * * *',
        channels: {
          notifiers: [
            { type: 'ntfy', name: 'pager', url: `${pager.base}/alerts` },
            { type: 'webhook', name: 'hook', url: `${hook.base}/hook`, secret: 'hook-secret-123' },
          ],
        },
        alerts: {
          routes: [
            { severity: ['critical'], channels: ['pager', 'console'] },
            { severity: ['critical', 'warning', 'info', 'ok'], channels: ['hook', 'console'] },
          ],
          fallback: { hook: ['pager'] },
        },
      }),
    );
    const cli = startConsoleCli(home, ['run', '--console', '--config', file], { waitMs: 90_000 });
    child = cli.child;
    let at = await cli.waitFor(/demo: healthy[^🔴]*QQ\s+connected/u, 0, '/status');

    // A crash: critical, to both; the verified restart and the recovery follow the incident to both.
    cli.send('/demo fail crash');
    at = await cli.waitFor(/🔴 demo: Gateway died without a shutdown/, at);
    at = await cli.waitFor(/✅ demo: the gateway is back/, at);
    await until(
      'the recovery on both services',
      () =>
        [pager.delivered().map(ntfyTitle), hook.delivered().map(hookTitle)].every((ts) =>
          ts.some((t) => /demo: the gateway is back/.test(t)),
        ),
      { timeoutMs: 60_000, everyMs: 100 },
    );
    const crash = (ts: string[]) => ts.filter((t) => /Gateway died without a shutdown|Restarted demo/.test(t));
    expect(crash(pager.delivered().map(ntfyTitle)).length).toBeGreaterThanOrEqual(2);
    expect(crash(hook.delivered().map(hookTitle)).length).toBeGreaterThanOrEqual(2);
    expect(pager.delivered()[0]!.body.priority).toBe(5);
    const pagerBefore = pager.delivered().length;

    // The hook goes down (HTTP 503 for a while); a disconnect storm is a warning, which the pager does not take.
    for (let i = 0; i < 50; i++) hook.faults.push({ status: 503, body: 'upstream unavailable' });
    cli.send('/demo fail storm');
    at = await cli.waitFor(/Disconnect storm: \d+ drops in/, at);
    await until(
      "the storm alert on the pager, as the hook's fallback",
      () =>
        pager
          .delivered()
          .slice(pagerBefore)
          .some((r) => /Disconnect storm/.test(ntfyTitle(r))),
      { timeoutMs: 90_000, everyMs: 100 },
    );
    const viaFallback = pager
      .delivered()
      .slice(pagerBefore)
      .filter((r) => /Disconnect storm/.test(ntfyTitle(r)));
    expect(viaFallback).toHaveLength(1);
    expect(ntfyTitle(viaFallback[0]!)).toMatch(/\(via fallback for hook\)$/);
    expect(String(viaFallback[0]!.body.message)).toContain('via fallback for hook (hook: webhook: HTTP 503');
    // Warning priority on the pager; the hook was tried (and refused) before the pager was asked.
    expect(viaFallback[0]!.body.priority).toBe(4);
    const hookTries = hook.requests.filter((r) => /Disconnect storm/.test(String(r.body?.title ?? '')));
    expect(hookTries.length).toBeGreaterThanOrEqual(2);
    expect(hookTries.every((r) => r.status === 503)).toBe(true);

    // The hook comes back: it does not send the storm alert the pager already delivered.
    hook.faults.length = 0;
    cli.send('/status');
    await cli.waitFor(/demo: /, at);
    // The daemon's outbox owes the storm alert to nobody (the pager's delivery covered the hook): nothing can resend
    // it. Read from its outbox.json rather than waiting out a window.
    type Entry = { alert: { reply?: { title?: string } }; pending: string[] };
    const owed = async () => {
      const { entries } = JSON.parse(
        await readFile(path.join(home, 'state', 'outbox.json'), 'utf8').catch(() => '{"entries":[]}'),
      ) as { entries: Entry[] };
      return entries.filter((e) => /Disconnect storm/.test(e.alert.reply?.title ?? '') && e.pending.length > 0);
    };
    await until('the storm alert owed to no channel', async () => (await owed()).length === 0, {
      timeoutMs: 30_000,
      everyMs: 100,
    });
    expect(hook.delivered().filter((r) => /Disconnect storm/.test(hookTitle(r)))).toEqual([]);
    expect(pager.delivered().filter((r) => /Disconnect storm/.test(ntfyTitle(r)))).toHaveLength(1);
  });
});
