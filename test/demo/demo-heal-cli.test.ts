// `gatewatch demo heal` ends with one line saying what it healed, or that there was nothing to heal, in the reader's
// language (issue 20 item 7): the built CLI in a temp HOME, against the real demo gateway in that HOME's state_dir.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoHome, demoStatus, injectFault, startDemo, stopDemo } from '../../src/demo/index.js';
import { spawn } from 'node:child_process';
import { runCli, runCliHere } from '../helpers/cli-run.js';
import { CLI } from '../helpers/paths.js';
import { until } from '../helpers/until.js';

/** `npm start`'s playground in a HOME of its own (`user`), its console collected; and the CLI beside it. */
function playgroundIn(user: string) {
  const env = {
    ...process.env,
    HOME: user,
    GATEWATCH_CONFIG: '',
    GATEWATCH_LOG_LEVEL: 'error',
    LANG: 'en_US.UTF-8',
    LC_ALL: '',
  };
  const child = spawn(process.execPath, [CLI, 'demo'], { env, cwd: user });
  const said = { out: '' };
  child.stdout!.on('data', (d) => (said.out += d));
  child.stderr!.on('data', (d) => (said.out += d));
  const end = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  return { child, said, end };
}
const cliIn = (user: string) => (args: string[]) => runCli(user, args, { env: { LANG: 'en_US.UTF-8', LC_ALL: '' } });

describe('gatewatch demo heal', { timeout: 60_000 }, () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-heal-cli-'));
  const demo = demoHome(path.join(home, '.local', 'state', 'gatewatch'));
  afterAll(async () => {
    await stopDemo(demo);
  });

  it('says what it healed, or that nothing needed it, as its last line; in Chinese under a zh_CN LANG', async () => {
    // Its start read done (a start consumes a fault file it finds: the one injected below, were it that early).
    expect((await startDemo(demo, { untilState: true })).ok).toBe(true);
    const nothing = await runCliHere(home, ['demo', 'heal'], { env: { LANG: 'zh_CN.UTF-8', LC_ALL: '' } });
    expect(nothing.code, nothing.stderr).toBe(0);
    expect(nothing.stdout.trim().split('\n').at(-1)).toBe(
      '没有故障在磁盘上留下需要撤销的东西：这次重启就是全部的修复。',
    );

    // That heal restarted the gateway and ended once the new one wrote its pid; its start reads the fault folder after
    // that, and would take the fault below as its own (a busy box's run met it): the fault goes in once it has.
    await until('the healed gateway started', async () => {
      const s = await demoStatus(demo);
      return !!s.state && s.alive && s.state.pid === s.pid && s.state.gateway_state !== 'starting';
    });
    expect((await injectFault(demo, 'fewer-platforms')).ok).toBe(true);
    const healed = await runCliHere(home, ['demo', 'heal'], { env: { LANG: 'en_US.UTF-8', LC_ALL: '' } });
    expect(healed.code, healed.stderr).toBe(0);
    expect(healed.stdout.trim().split('\n').at(-1)).toBe('Healed: the pending fault is dropped.');
  });

  // Issue 55 item 8: `demo stop` said nothing, whether it stopped the gateway or found none.
  it('demo stop says what it stopped, or that nothing ran', async () => {
    const pid = (await startDemo(demo, {})).pid;
    const stopped = await runCliHere(home, ['demo', 'stop'], { env: { LANG: 'en_US.UTF-8', LC_ALL: '' } });
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toBe(`Stopped the demo gateway (pid ${pid}).\n`);
    const again = await runCliHere(home, ['demo', 'stop'], { env: { LANG: 'zh_CN.UTF-8', LC_ALL: '' } });
    expect(again.stdout).toBe('演示网关本来就没有运行（没有 pid 文件）。\n');
  });

  // Issue 80 item 4: with the playground's daemon running, `demo heal` from a second terminal restarted the gateway
  // behind its back: the recovery said "QQ is back: Hermes reconnected it", and the heal was in no history.
  it('with the playground running, heals through its daemon: the recovery says the heal brought it back', {
    timeout: 180_000,
  }, async () => {
    const user = mkdtempSync(path.join(os.tmpdir(), 'gw-heal-daemon-'));
    const pg = playgroundIn(user);
    const said = pg.said;
    try {
      const cli = cliIn(user);
      await until('the playground healthy', async () => (await cli(['check'])).code === 0, {
        timeoutMs: 90_000,
        everyMs: 1_000,
      });
      expect((await cli(['demo', 'fail', 'qq-banned'])).code).toBe(0);
      await until('the QQ alert', () => /🔴 demo: .*QQ/u.test(said.out), { timeoutMs: 60_000, everyMs: 250 });
      const healed = await cli(['demo', 'heal']);
      expect(healed.code, healed.stdout + healed.stderr).toBe(0);
      await until(
        'the recovery',
        () => /demo: QQ is back: .*healed the demo's fault and restarted the gateway/.test(said.out),
        {
          timeoutMs: 60_000,
          everyMs: 250,
        },
      );
      expect(said.out).not.toMatch(/QQ is back: Hermes reconnected it/);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- the playground's console:\n${said.out.slice(-4000)}`);
    } finally {
      await pg.end();
      await stopDemo(demoHome(path.join(user, '.local', 'state', 'gatewatch')));
    }
  });
  // Issue 80 item 4: a new playground replayed the last session's recoveries: "✅ demo: QQ is back: Hermes reconnected
  // it" for the ban the last one played, which its Ctrl-C ended by stopping the gateway.
  it('a new playground says nothing of what the last one left open: closed by its stop, in the history', {
    timeout: 240_000,
  }, async () => {
    const user = mkdtempSync(path.join(os.tmpdir(), 'gw-demo-again-'));
    const cli = cliIn(user);
    const first = playgroundIn(user);
    let second: ReturnType<typeof playgroundIn> | undefined;
    try {
      await until('the playground healthy', async () => (await cli(['check'])).code === 0, {
        timeoutMs: 90_000,
        everyMs: 1_000,
      });
      expect((await cli(['demo', 'fail', 'qq-banned'])).code).toBe(0);
      await until('the QQ alert', () => /🔴 demo: .*QQ/u.test(first.said.out), { timeoutMs: 60_000, everyMs: 250 });
      await first.end();
      second = playgroundIn(user);
      // Its first look is done once /status answers with the gateway serving.
      await until('the new playground healthy', async () => (await cli(['check'])).code === 0, {
        timeoutMs: 90_000,
        everyMs: 1_000,
      });
      await until('its /status', async () => /demo: healthy/.test((await cli(['status'])).stdout), {
        timeoutMs: 30_000,
        everyMs: 500,
      });
      expect(second.said.out).not.toMatch(/is back|🔴|✅/u);
      expect((await cli(['history'])).stdout).toMatch(/closed, the gateway was stopped on purpose: QQ bot is banned/);
    } catch (e) {
      throw new Error(
        `${(e as Error).message}\n--- the playgrounds' consoles:\n${first.said.out.slice(-3000)}\n---\n${second?.said.out.slice(-3000)}`,
      );
    } finally {
      if (second) await second.end();
      await stopDemo(demoHome(path.join(user, '.local', 'state', 'gatewatch')));
    }
  });
});
