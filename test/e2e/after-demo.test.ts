// The CLI after the demo: a newcomer quits `npm start` (the demo daemon, no config, no Hermes) and types the start
// screen's own hint. `status` said "default: process DOWN (no pid file)", `check` "Hermes gateway is not running … start
// it by hand", `incident demo-1` no such incident while `history` listed it, `status demo` no target "demo". Without a
// daemon the CLI finds what the demo daemon watched: the target `demo`, its home and the same state (its incidents,
// its restarts), and says first, plainly, that the demo is stopped and how to start it again. In both locales; `check`
// through its own bundle.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { runCli } from '../helpers/cli-run.js';
import { gatewatchCommand } from '../../src/util/invocation.js';
import { stopDemo } from '../../src/demo/index.js';

const zh = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const en = { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const gw = gatewatchCommand();

let child: ChildProcessWithoutNullStreams | undefined;
let demoHome: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHome) await stopDemo(demoHome).catch(() => undefined);
});

describe('the CLI after the demo quit', () => {
  it('status, check, incident and status demo read what the demo watched, and say it is stopped', {
    timeout: 180_000,
  }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-after-demo-'));
    demoHome = path.join(home, '.local', 'state', 'gatewatch', 'demo-hermes');
    const cli = startConsoleCli(home, ['run'], { env: en });
    child = cli.child;
    const at = await cli.waitFor(/demo: healthy/u, await cli.waitFor(/watching the DEMO gateway/), '/status');
    const fail = await runCli(home, ['demo', 'fail', 'crash'], { env: en });
    expect(fail.code, fail.stderr).toBe(0);
    // Its recovery recorded before the demo quits: a busy box may verify the restart a look before it says the end.
    await cli.waitFor(/✅ demo: the gateway is back/, await cli.waitFor(/Restarted demo: verified in/, at));
    await endCli(child);
    child = undefined;

    const stopped = `gatewatch: The demo is stopped: gatewatch stopped its demo gateway as it quit. Below is what it saw; \`${gw} demo\` starts both again.\n`;
    for (const args of [['status'], ['status', 'demo']]) {
      const r = await runCli(home, args, { env: en });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr).toBe(stopped);
      expect(r.stdout).toMatch(/^ℹ️ demo: stopped/u);
      // Its restart, as the demo daemon recorded it.
      expect(r.stdout).toMatch(/last restart\s+\S+ \S+ ✓ gatewatch/);
      expect(r.stdout).not.toMatch(/default|no pid file|Unknown target/);
    }
    const check = await runCli(home, ['check'], { env: en });
    expect(check.code).toBe(0);
    expect(check.stderr).toBe(stopped);
    expect(check.stdout).toMatch(/^ℹ️ demo: stopped/u);
    expect(check.stdout).not.toMatch(/Hermes gateway is not running|hermes gateway run/);
    const incident = await runCli(home, ['incident', 'demo-1'], { env: en });
    expect(incident.code, incident.stdout).toBe(0);
    expect(incident.stdout).toMatch(/^✅ Incident demo-1: Gateway died without a shutdown/u);

    const zhStatus = await runCli(home, ['status'], { env: zh });
    expect(zhStatus.code).toBe(0);
    expect(zhStatus.stderr).toBe(
      `gatewatch: 演示已停止：gatewatch 退出时停止了它的演示网关。下面是它看到的情况；\`${gw} demo\` 会把两者重新启动。\n`,
    );
    expect(zhStatus.stdout).toMatch(/^ℹ️ demo：/u);
    const zhCheck = await runCli(home, ['check'], { env: zh });
    expect(zhCheck.code).toBe(0);
    expect(zhCheck.stderr).toMatch(/演示已停止/);
  });
});
