// The harness's close() leaves no demo gateway behind, even when an automatic restart is still under way: that restart
// runs on after app.stop() and started a fresh gateway after close() had stopped the demo, which then ran (and used
// CPU) for the rest of the test run.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { healthyDemo, startHarness } from './harness.js';
import { EVALUATION_EVERY_MS, until } from './until.js';
import { injectFault } from '../../src/demo/index.js';

/** The pids of the demo gateways serving `home` (their argv ends `gateway run --home <home>`). */
function gatewaysOf(home: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone
    }
    const at = argv.indexOf('--home');
    if (argv.includes('run') && at > 0 && argv[at + 1] === home) pids.push(Number(d));
  }
  return pids;
}

/** A probe below is often a whole evaluation: not more often than that may run. */
const slow = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };

describe('the harness closes what it started', () => {
  it('no gateway outlives close(), with an automatic restart under way as it is called', {
    timeout: 120_000,
  }, async () => {
    const h = await startHarness({
      demo: true,
      start: false,
      config: { remediate: { cooldown: '0s', verify_timeout: '30s', max_restarts: 3 } },
    });
    const home = h.hermesHome;
    try {
      await healthyDemo(h);
      expect((await injectFault(home, 'qq-max-reconnect')).ok).toBe(true);
      await until(
        'an automatic restart under way',
        async () => (await h.app.core.evaluate('demo'), h.app.core.restartInProgress('demo')),
        slow,
      );
    } finally {
      await h.close();
    }
    // Whatever close() left running has had the time to start its gateway once the restart is over.
    await until('the restart over', () => !h.app.core.restartInProgress('demo'), slow);
    expect(gatewaysOf(home)).toEqual([]);
  });
});
