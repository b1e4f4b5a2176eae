// A check asked after the operator stopped the gateway answers about the stopped gateway, even while an evaluation
// begun before the stop is still under way. Issue 61's story: `gatewatch check` a second after `demo stop`, with QQ
// banned, shared the daemon's evaluation begun while the gateway still ran, and exited 2 on "QQ bot is banned" beside
// "stopped by the operator".
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { injectFault, stopDemo } from '../../src/demo/index.js';
import { runCheck } from '../../src/control/check.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { EVALUATION_EVERY_MS, until, where } from '../helpers/until.js';
import { tempDir } from '../helpers/probe-procs.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const slow = { timeoutMs: 45_000, everyMs: EVALUATION_EVERY_MS };

/**
 * The service manager's is-active answer, held once: while `$1` exists the next call removes it and waits for `$1.go`
 * (an evaluation under way that has not finished looking), then answers as the demo's does.
 */
const HOLD = 'if [ -e "$1" ]; then rm -f "$1"; while [ ! -e "$1.go" ]; do sleep 0.02; done; fi; shift; exec "$@"';

describe('a check asked after the operator stopped the gateway', () => {
  it('reads the world after the question: exit 0 and "stopped", not the ban an earlier evaluation saw', async () => {
    const hold = path.join(await tempDir('gw-hold-'), 'hold');
    h = await startHarness({
      demo: true,
      start: false,
      demoTarget: (t) => ({
        ...t,
        service: { ...t.service, is_active: ['/bin/sh', '-c', HOLD, 'hold', hold, ...t.service.is_active] },
      }),
    });
    await until(
      'a healthy demo',
      where(
        () => h!.app.core.evaluate('demo'),
        (r) => r.findings.length === 0 && r.evidence.process.alive,
      ),
      slow,
    );
    expect((await injectFault(h.hermesHome, 'qq-banned')).ok).toBe(true);
    await until(
      'the ban judged',
      where(
        () => h!.app.core.evaluate('demo'),
        (r) => r.findings.some((f) => f.check === 'qq_banned'),
      ),
      slow,
    );

    // An evaluation begins while the gateway runs, and is still looking when the operator stops it.
    // (The service manager's answer is reused for a moment: evaluations follow each other until one asks it.)
    await writeFile(hold, '');
    let before: Promise<unknown> | undefined;
    let settled = true;
    await until(
      'an evaluation under way',
      async () => {
        if (!existsSync(hold)) return true;
        if (settled) {
          settled = false;
          before = h!.app.core.evaluate('demo').finally(() => (settled = true));
        }
        return false;
      },
      { timeoutMs: 30_000, everyMs: 20 },
    );
    expect((await stopDemo(h.hermesHome)).ok).toBe(true);

    const asked = runCheck(h.app.core);
    await writeFile(`${hold}.go`, '');
    const [, c] = await Promise.all([before, asked]);
    expect(c.summary.findings.map((f) => f.check)).toEqual([]);
    expect(c.exit).toBe(0);
    expect(c.summary.stopped?.map((s) => s.target)).toEqual(['demo']);
  });
});
