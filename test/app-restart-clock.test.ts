// A restart-and-verify sequence on the test's own clock: the gateway is SIGKILLed, gatewatch restarts it through its
// supervisor (a real command) and verifies it, and the new gateway takes 30 s of clock time to connect. The whole
// sequence runs in a moment, and every time it reports comes from the clock it was given (or the log it wrote).
import { afterEach, describe, expect, it } from 'vitest';
import type { RestartRecord } from '../src/actions/restart-policy.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { healthyLiveGateway } from './helpers/live-gateway.js';
import { cleanup } from './helpers/probe-procs.js';
import { manualClock } from './helpers/clock.js';
import { clockSpan } from '../src/util/duration.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

describe('restart and verify on an injected clock', () => {
  it('a SIGKILLed gateway is restarted, verified after 30 s of clock time, and its incident resolves', async () => {
    const clock = manualClock();
    let ended!: (r: RestartRecord) => void;
    const restarted = new Promise<RestartRecord>((r) => (ended = r));
    h = await startHarness({
      start: false,
      // The supervisor's restart is a real command that returns at once; the gateway it "starts" comes up later.
      target: {
        service: { manager: 'command', restart: [process.execPath, '-e', '0'], start: [process.execPath, '-e', '0'] },
      },
      config: { remediate: { cooldown: '0s', verify_timeout: '90s' } },
      appOptions: { clock, onRestart: (rec) => ended(rec) },
    });
    const home = h.hermesHome;
    const first = await healthyLiveGateway(home);
    expect((await h.app.core.evaluate('default')).findings).toEqual([]);

    process.kill(first.pid, 'SIGKILL');
    await first.exited; // reaped: no zombie left for the probe to see
    const t0 = clock.now();
    // The new gateway connects 30 s (clock time) after the restart began: its start-up (2 s) appended to the log.
    clock.at(
      t0 + 30_000,
      async () => void (await healthyLiveGateway(home, { runAt: clock.now() - 2_000, append: true })),
    );
    const down = await h.app.core.evaluate('default');
    expect(down.findings.map((f) => f.check)).toContain('state_stale_running');

    const rec = await restarted;
    expect(rec).toMatchObject({ ok: true, actor: 'gatewatch' });
    // Verified once it appeared, 30 s on; back when it served, as its log dates its connects (within its start-up, before
    // it appeared): the time it took is to then, in the whole seconds of the clock (issue 61).
    expect(rec.endedAt! - t0).toBeGreaterThanOrEqual(30_000);
    expect(rec.endedAt! - t0).toBeLessThan(31_000);
    expect(rec.backAt! - t0).toBeGreaterThanOrEqual(28_000);
    expect(rec.backAt! - t0).toBeLessThan(30_000);
    expect(rec.durationMs).toBe(clockSpan(t0, rec.backAt!));
    expect(rec.at).toBe(t0);

    // onRestart reports the record a moment before the restart lets go of the target (then its incidents are judged).
    while (h.app.core.restartInProgress('default')) await new Promise((r) => setImmediate(r));
    const up = await h.app.core.evaluate('default');
    expect(up.findings).toEqual([]);
    const incidents = Object.values(h.app.core.state.incidents);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ status: 'resolved', check: 'state_stale_running' });
    expect(incidents[0]!.resolvedAt! - t0).toBeGreaterThanOrEqual(30_000);
    // One moment it was back, for the restart and for the incident it ended.
    expect(incidents[0]!.recoveredAt).toBe(rec.backAt);
  });
});
