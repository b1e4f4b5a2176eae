// Issue 61 item 5, the README's path: the playground's demo gateway (`npm start`), whose QQ drops its idle session every
// 20 s by design (compressed time, as the playground's own watch settings say), then `gatewatch init --yes` on its home.
// The config init writes must fit the demo it watches: a healthy demo checks clean. It said "QQ drops its session 162
// times an hour now: 81× its routine rate" and `check` exited 1, the routine being QQ's real one (every 30 min), not the
// demo's. A real demo gateway; the test waits until its log holds the closes that rule judges (ten), not a time.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-run.js';
import { until } from '../helpers/until.js';
import { PLAYGROUND_QQ_CYCLE_MS, startDemo, stopDemo } from '../../src/demo/index.js';

let demoHomeDir: string | undefined;
afterEach(async () => {
  if (demoHomeDir) await stopDemo(demoHomeDir).catch(() => undefined);
});

/** The 4009 closes the demo gateway has logged so far. */
const closes = (home: string) => {
  try {
    return readFileSync(path.join(home, 'logs', 'gateway.log'), 'utf8').match(/ code=4009 /g)?.length ?? 0;
  } catch {
    return 0;
  }
};

describe('gatewatch init --yes on the demo home', () => {
  it("writes a config the demo's compressed QQ cycle fits: a healthy demo checks clean", {
    timeout: 330_000,
  }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-cycle-'));
    const env = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', HERMES_HOME: '' };
    demoHomeDir = path.join(home, 'demo-hermes');
    // As the playground starts it (src/cli/daemon.ts): its cycle is kept in the demo's options for its later starts.
    const started = await startDemo(demoHomeDir, { qqCycleMs: PLAYGROUND_QQ_CYCLE_MS });
    expect(started.ok, started.error).toBe(true);

    const init = await runCli(home, ['init', '--yes', '--hermes-home', demoHomeDir], { env });
    expect(init.code, init.stderr).toBe(0);

    // Ten closes: as many as the rate rule needs to judge the last half hour (detectors/forecast-qq.ts NOW_MIN).
    await until('ten QQ closes in the demo log', () => closes(demoHomeDir!) >= 10, {
      timeoutMs: 300_000,
      everyMs: 1_000,
    });
    const check = await runCli(home, ['check'], { env });
    expect(check.stdout).not.toMatch(/drops its session/);
    expect(check.code, check.stdout).toBe(0);
  });
});
