// Issue 20's "done when", as a newcomer does it: a demo Hermes home, `gatewatch init --yes --hermes-home <it>`, then
// `gatewatch run` with no --config (it finds what init wrote), and no file edited by hand in between. The gateway is
// then SIGKILLed, as a crash or the OOM killer would; gatewatch says so on the console and restarts it.
// The README's own path (issue 51 item 6): the demo ran and quit first, which stops its gateway as a planned stop;
// init names the target as the demo does, and the run brings the gateway back and says so.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-run.js';
import { startConsoleCli, endCli } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';
import { demoStatus, startDemo, stopDemo } from '../../src/demo/index.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHomeDir: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHomeDir) await stopDemo(demoHomeDir).catch(() => undefined);
});

const pidOf = (home: string): number | undefined => {
  try {
    return (JSON.parse(readFileSync(path.join(home, 'gateway.pid'), 'utf8')) as { pid?: number }).pid;
  } catch {
    return undefined;
  }
};

describe('gatewatch init --yes, then gatewatch run', () => {
  it('against a demo Hermes home: a working watchdog that alerts on a crash and restarts the gateway', {
    timeout: 120_000,
  }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-init-'));
    const env = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', HERMES_HOME: '' };
    demoHomeDir = path.join(home, 'demo-hermes');
    const started = await startDemo(demoHomeDir);
    expect(started.ok, started.error).toBe(true);
    // `npm start` quits (Ctrl-C, or /quit): it stops its demo gateway as it goes.
    expect((await stopDemo(demoHomeDir)).ok).toBe(true);

    const init = await runCli(home, ['init', '--yes', '--hermes-home', demoHomeDir], { env });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('Next: npx gatewatch run\n');
    // The name the demo itself gives it: `status demo` is the same gateway before and after init.
    expect(init.stdout).toMatch(/^  demo +root gateway/m);
    expect(init.stdout).not.toMatch(/^  default /m);
    expect(init.stdout).not.toContain('cannot restart it');
    const validate = await runCli(home, ['validate'], { env });
    expect(validate.stdout).toContain('config OK');

    const cli = startConsoleCli(home, ['run'], { waitMs: 90_000, env });
    child = cli.child;
    await cli.waitFor(
      /The demo gateway demo was stopped \(the demo stops it as it quits\): started it again \(pid \d+\)/,
    );
    expect((await demoStatus(demoHomeDir)).alive).toBe(true);
    let at = await cli.waitFor(/demo: healthy[^🔴]*QQ\s+connected/u, 0, '/status');
    expect(cli.out()).not.toContain('DEMO');
    const before = pidOf(demoHomeDir)!;
    process.kill(before, 'SIGKILL');
    at = await cli.waitFor(/🔴 demo: Gateway died without a shutdown/, at);
    at = await cli.waitFor(/✅ Restarted demo: verified in/, at);
    const after = await until('a new gateway pid', () => {
      const p = pidOf(demoHomeDir!);
      return p !== undefined && p !== before && p;
    });
    expect(after).not.toBe(before);
    await cli.waitFor(/demo: healthy[^🔴]*last restart\s+\S+ \S+ ✓ gatewatch/u, at, '/status');
  });
});
