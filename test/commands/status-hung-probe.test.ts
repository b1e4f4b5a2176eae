// /status while a service-manager probe hangs: a real child process (the configured `is_active` command) that does
// not answer. The reply comes from the last completed evaluation, says how old it is and that a check is running,
// and does not wait for the probe; the event loop stays responsive; the probe is still killed at its timeout.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { until } from '../helpers/until.js';
import { renderText } from '../../src/delivery/render-text.js';
import type { Reply } from '../../src/types.js';
import { clockAt } from '../helpers/clock.js';
import { healthyLiveGateway } from '../helpers/live-gateway.js';
import { hostOf, runCommand, slowestCommandMs } from '../../src/probes/host.js';
import { alive } from '../helpers/proc.js';

let h: Harness | undefined;
let sleeper: number | undefined;
afterEach(async () => {
  if (sleeper)
    try {
      process.kill(sleeper, 'SIGKILL');
    } catch {
      /* gone */
    }
  sleeper = undefined;
  await h?.close();
  h = undefined;
});

describe('/status under a hung service-manager probe', () => {
  it('answers from the last completed check at once, marked as such, while the hung probe runs to its timeout', async () => {
    // The app's clock, which the test moves on instead of waiting.
    let ahead = 0;
    h = await startHarness({
      start: false,
      config: { remediate: { auto_restart: false } },
      appOptions: { clock: clockAt(() => Date.now() + ahead) },
    });
    const hang = path.join(h.dir, 'hang');
    const pidFile = path.join(h.dir, 'probe.pid');
    // `is_active` answers at once until `hang` exists; then it records its pid and sleeps far past the 10 s timeout.
    const isActive = ['sh', '-c', '[ -e "$0" ] || exit 0; echo $$ > "$1"; exec sleep 60', hang, pidFile];
    (h.config.targets[0]!.service as { manager: string; is_active?: string[] }).manager = 'command';
    h.config.targets[0]!.service.is_active = isActive;

    const say = async (text: string) => {
      const replies: Reply[] = [];
      const t0 = performance.now();
      await h!.app.handle({ channel: 'console', senderId: 'local', text }, async (r) => void replies.push(r));
      return { ms: performance.now() - t0, text: replies.map((r) => renderText(r)).join('\n') };
    };

    await h.app.core.evaluate('default'); // a completed check to answer from
    const before = await say('/status');
    expect(before.text).toMatch(/service\s*:?\s*the commands in gatewatch's config: running/);

    writeFileSync(hang, '');
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const t0 = performance.now();
    const hung = h.app.core.evaluate('default', { act: false });
    await until('the probe to hang', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', {
      timeoutMs: 10_000,
      everyMs: 20,
    });
    sleeper = Number(readFileSync(pidFile, 'utf8').trim());
    expect(alive(sleeper)).toBe(true);

    // Twice: the first joins the hung evaluation; so does the second, a second later, with the longer age.
    const first = await say('/status');
    ahead += 1_100;
    const second = await say('/status');
    for (const s of [first, second]) {
      expect(s.ms).toBeLessThan(3_000); // the probe hangs for 10 s: waiting on it would take that long
      expect(s.text).toMatch(/as of\s+\d\d-\d\d \d\d:\d\d:\d\d, a check is running for \d+s/);
      expect(s.text).toMatch(/the commands in gatewatch's config: running/); // what the last completed check saw
    }
    expect(alive(sleeper)).toBe(true);

    const result = await hung;
    lag.disable();
    const tookMs = performance.now() - t0;
    expect(result.evidence.service.error).toMatch(/timed out/);
    expect(tookMs).toBeGreaterThan(8_000);
    expect(tookMs).toBeLessThan(20_000);
    await until('the hung probe to be killed', () => !alive(sleeper!), { timeoutMs: 5_000, everyMs: 20 });
    // Nothing in the hang blocked the loop (generous: the machine may be loaded).
    expect(lag.max / 1e6).toBeLessThan(1_000);

    // The service manager answers again: /status shows it again.
    rmSync(hang);
    await h.app.core.evaluate('default');
    const after = await say('/status');
    expect(after.text).toMatch(/the commands in gatewatch's config: running/);
    expect(after.text).not.toMatch(/timed out/);
  }, 40_000);

  it('waits for the first check of a target, slow or not: there is nothing older to answer from', async () => {
    h = await startHarness({ start: false, config: { remediate: { auto_restart: false } } });
    const marker = path.join(h.dir, 'slow-done');
    // A slow is_active: 2 s, far past the wait.
    h.config.targets[0]!.service = {
      ...h.config.targets[0]!.service,
      manager: 'command',
      is_active: ['sh', '-c', 'sleep 2; touch "$0"', marker],
    } as (typeof h.config.targets)[0]['service'];
    const replies: Reply[] = [];
    await h.app.handle({ channel: 'console', senderId: 'local', text: '/status' }, async (r) => void replies.push(r));
    expect(existsSync(marker)).toBe(true);
    const text = replies.map((r) => renderText(r)).join('\n');
    expect(text).toMatch(/the commands in gatewatch's config: running/);
    expect(text).not.toMatch(/as of/);
  }, 30_000);

  it("another target's hung probe never makes this target's answer the last look's unmarked: its own look is waited for", async () => {
    h = await startHarness({ start: false, config: { remediate: { auto_restart: false } } });
    await h.app.core.evaluate('default'); // down: no gateway runs
    // A probe command of another target, hanging (the commands running now are one list for the whole process).
    const other = runCommand(['sleep', '3'], hostOf({ timeoutMs: 5_000 }));
    await until('the other probe to be slow', () => slowestCommandMs() >= 600, { timeoutMs: 5_000, everyMs: 20 });
    const gw = await healthyLiveGateway(h.hermesHome);
    sleeper = gw.pid;
    const replies: Reply[] = [];
    await h.app.handle({ channel: 'console', senderId: 'local', text: '/status' }, async (r) => void replies.push(r));
    const text = replies.map((r) => renderText(r)).join('\n');
    // This target's own look is quick: its answer is that look's (the gateway runs now). Only when that look itself ran
    // past the wait (a loaded machine) may the answer be the last look's, and then it says so: never stale unmarked.
    if (/as of/.test(text)) expect(text).toMatch(/process\s+DOWN/);
    else {
      expect(text).toMatch(/^✅ default: healthy/);
      expect(text).toContain(String(gw.pid));
    }
    await other;
  }, 30_000);
});
