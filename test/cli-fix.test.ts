// `gatewatch fix [target] [n] --yes` (issue 22 item 3) as a user runs it (test/helpers/cli-run.ts): a stray process with the
// bot token in its environment keeps taking Telegram's updates (Hermes' recurring conflicts, real log format); the CLI
// lists the fix, asks without --yes (exit 1, nothing stopped), stops exactly that process with --yes (exit 0), and a
// malformed call is a usage error (exit 64). A fix that restarts a busy gateway asks again until --interrupt.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, spawnIdle, tempDir } from './helpers/probe-procs.js';
import { retimedFixture, sharedTokenHomes, testBotToken, troubledGateway } from './helpers/fix-scenes.js';
import { readLiveProcess } from '../src/probes/proc-identity.js';
import { gatewatch as run } from './helpers/cli-run.js';

afterEach(cleanup);

const gatewatch = (args: string[]) => run(args);
const TOKEN = testBotToken();

describe.runIf(process.platform === 'linux')('gatewatch fix', () => {
  it('lists, asks, then stops the stray poller with --yes; usage errors exit 64', async () => {
    const dir = await tempDir('gw-cli-fix-');
    const home = path.join(dir, '.hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    writeFileSync(path.join(home, '.env'), `TELEGRAM_BOT_TOKEN=${TOKEN}\n`);
    const stray = spawnIdle(['/opt/openclaw/dist/index.js'], { ...process.env, TELEGRAM_BOT_TOKEN: TOKEN });
    const gw = await troubledGateway(home, {
      log: retimedFixture('hermes-current/telegram-second-poller.log', 60_000),
      platforms: { telegram: 'connected' },
    });
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      `state_dir: ${dir}/state\ntargets:\n  - name: gw\n    hermes_home: ${home}\n    platforms: [telegram]\n    service: { manager: none }\n`,
    );

    const list = await gatewatch(['fix', '--config', config]);
    expect(list.stdout).toContain(`1. Stop pid ${stray.pid} (`);
    expect(list.stdout).not.toContain(TOKEN);
    expect(list.code).toBe(0);

    const ask = await gatewatch(['fix', '1', '--config', config]);
    expect(ask.stdout).toContain('Run fix 1 on gw?');
    expect(ask.code).toBe(1);
    expect(await readLiveProcess(stray.pid!)).toBeDefined();

    const ran = await gatewatch(['fix', 'gw', '1', '--yes', '--config', config]);
    expect(ran.stdout).toContain(`pid ${stray.pid} stopped (SIGTERM)`);
    // The conflicts already logged keep the finding open for their window; the poller it named is gone.
    expect(ran.stdout).toContain(`Fix 1 on gw worked: pid ${stray.pid} is gone.`);
    expect(ran.code).toBe(0);
    expect(await readLiveProcess(stray.pid!)).toBeUndefined();
    expect(await readLiveProcess(gw.pid)).toBeDefined();

    expect((await gatewatch(['fix', '1', '2', '--config', config])).code).toBe(64);
  });

  it('a fix that restarts a gateway running agent turns asks again with --yes, and goes ahead with --interrupt', async () => {
    const { home, poller } = await sharedTokenHomes('gw-cli-fix-busy-');
    const gw = await troubledGateway(home, {
      log: retimedFixture('hermes-current/telegram-conflict-exhausted.log'),
      platforms: { telegram: { state: 'fatal', error_code: 'telegram_polling_conflict' }, discord: 'connected' },
    });
    const stateFile = path.join(home, 'gateway_state.json');
    writeFileSync(stateFile, JSON.stringify({ ...JSON.parse(readFileSync(stateFile, 'utf8')), active_agents: 1 }));
    const config = path.join(path.dirname(home), 'config.yaml');
    writeFileSync(
      config,
      `state_dir: ${path.dirname(home)}/state\ntargets:\n  - name: gw\n    hermes_home: ${home}\n    platforms: [telegram, discord]\n    service: { manager: none }\n`,
    );

    const asked = await gatewatch(['fix', 'gw', '1', '--yes', '--config', config]);
    expect(asked.stdout).toContain('gw is running 1 agent turn right now: a restart cuts it off. Restart anyway?');
    expect(asked.stdout).toContain('gatewatch fix gw 1 --yes --interrupt');
    expect(asked.code).toBe(1);
    expect(await readLiveProcess(poller.pid!)).toBeDefined();

    const ran = await gatewatch(['fix', 'gw', '1', '--yes', '--interrupt', '--config', config]);
    expect(ran.stdout).toContain(`pid ${poller.pid} stopped (SIGTERM)`);
    expect(await readLiveProcess(poller.pid!)).toBeUndefined();
    expect(await readLiveProcess(gw.pid)).toBeDefined();
  });
});
