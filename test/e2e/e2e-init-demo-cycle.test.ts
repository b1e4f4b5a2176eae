// Issue 61 item 5, the README's path: the playground's demo gateway (`npm start`), whose QQ drops its idle session every
// 20 s by design (compressed time, as the playground's own watch settings say), then `gatewatch init --yes` on its home.
// The config init writes must fit the demo it watches: a healthy demo checks clean. It said "QQ drops its session 162
// times an hour now: 81× its routine rate" and `check` exited 1, the routine being QQ's real one (every 30 min), not the
// demo's. A real demo gateway; the test waits until its log holds the closes that rule judges (ten), not a time.
//
// Ten closes of the playground's cycle are 200 s of real time, the longest wait of the whole suite by twice. So the
// first nine come from an earlier life of the same demo gateway, played at a hundredth of the cycle and stopped
// cleanly: every line its own, then its clock stretched until its closes come one every cycle, ending as the second
// life starts. (The live demo's closes come a little slower than one a cycle, its reconnect between them: the earlier
// life is never the gentler of the two.) The second life runs at the playground's own pace; the check waits for its
// first close.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-run.js';
import { until } from '../helpers/until.js';
import { PLAYGROUND_QQ_CYCLE_MS, startDemo, stopDemo } from '../../src/demo/index.js';
import { lastStamp, lineStamp, retimeLines } from '../helpers/retime.js';

let demoHomeDir: string | undefined;
afterEach(async () => {
  if (demoHomeDir) await stopDemo(demoHomeDir).catch(() => undefined);
});

/** A QQ close as the demo gateway logs it. */
const CLOSE = ' code=4009 ';

/** The 4009 closes the demo gateway has logged so far. */
const closes = (home: string) => {
  try {
    return readFileSync(gatewayLog(home), 'utf8').split(CLOSE).length - 1;
  } catch {
    return 0;
  }
};
const gatewayLog = (home: string) => path.join(home, 'logs', 'gateway.log');

/** How much faster than the playground the earlier life plays. */
const PACE = 100;

/**
 * The log's lines as if its time had run slower, so that its closes come one every `cycleMs` on average, its last line
 * at `end`: each stamped line's time moved, the rest of each line as the gateway wrote it (a line without a stamp
 * continues the one before).
 */
function stretchLog(file: string, cycleMs: number, end: number): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.filter((l) => l.includes(CLOSE)).map((l) => lineStamp(l)!);
  const factor = cycleMs / ((at.at(-1)! - at[0]!) / (at.length - 1));
  const last = lastStamp(lines);
  writeFileSync(file, retimeLines(lines, (t) => end - (last - t) * factor).join('\n'));
}

describe('gatewatch init --yes on the demo home', () => {
  it("writes a config the demo's compressed QQ cycle fits: a healthy demo checks clean", {
    timeout: 240_000,
  }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-cycle-'));
    const env = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', HERMES_HOME: '' };
    demoHomeDir = path.join(home, 'demo-hermes');
    // The earlier life: nine closes at a hundredth of the cycle, a clean stop, then its closes stretched onto the cycle.
    const early = await startDemo(demoHomeDir, { qqCycleMs: PLAYGROUND_QQ_CYCLE_MS / PACE });
    expect(early.ok, early.error).toBe(true);
    await until('nine QQ closes in the earlier life', () => closes(demoHomeDir!) >= 9, { timeoutMs: 60_000 });
    expect((await stopDemo(demoHomeDir)).ok).toBe(true);
    const earlier = closes(demoHomeDir);
    stretchLog(gatewayLog(demoHomeDir), PLAYGROUND_QQ_CYCLE_MS, Date.now());

    // As the playground starts it (src/cli/daemon.ts): its cycle is kept in the demo's options for its later starts.
    const started = await startDemo(demoHomeDir, { qqCycleMs: PLAYGROUND_QQ_CYCLE_MS });
    expect(started.ok, started.error).toBe(true);

    const init = await runCli(home, ['init', '--yes', '--hermes-home', demoHomeDir], { env });
    expect(init.code, init.stderr).toBe(0);

    // Ten closes at least, as many as the rate rule needs to judge the last half hour (platforms/qqbot/forecast.ts
    // NOW_MIN), one of them at the playground's own pace.
    await until('a QQ close of the second life', () => closes(demoHomeDir!) > earlier, {
      timeoutMs: 120_000,
      everyMs: 500,
    });
    expect(closes(demoHomeDir)).toBeGreaterThanOrEqual(10);
    const check = await runCli(home, ['check'], { env });
    expect(check.stdout).not.toMatch(/drops its session/);
    expect(check.code, check.stdout).toBe(0);
  });
});
