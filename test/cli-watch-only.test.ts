// A target whose config says `restart: false` (another user's gateway, one its operator keeps by hand; issue 80 item 3):
// gatewatch watches it and says what it finds, and restarts, starts or stops nothing of it, by itself or when asked. The
// demo gateway under its demo service, which gatewatch could restart: only the config's word keeps it from doing so.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTargetConfig, injectFault, startDemo, stopDemo } from '../src/demo/index.js';
import { gatewatch as run } from './helpers/cli-run.js';
import { until } from './helpers/until.js';

const HOME = mkdtempSync(path.join(os.tmpdir(), 'gw-cli-home-'));
const gatewatch = (args: string[]) => run(args, { env: {}, home: HOME });

describe('a target with `restart: false`', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-watch-only-'));
  const home = path.join(dir, 'hermes');
  const config = path.join(dir, 'config.json');
  const pid = () => JSON.parse(readFileSync(path.join(home, 'gateway.pid'), 'utf8')).pid as number;
  beforeAll(async () => {
    mkdirSync(home, { recursive: true });
    writeFileSync(
      config,
      JSON.stringify({ state_dir: `${dir}/state`, targets: [{ ...demoTargetConfig(home), restart: false }] }),
    );
    expect((await startDemo(home, {})).ok).toBe(true);
  });
  afterAll(() => stopDemo(home));

  it('is watched and its findings said, but neither `restart --yes` nor `fix` acts on it', async () => {
    await until('a clean check', async () => (await gatewatch(['check', '--config', config])).code === 0, {
      timeoutMs: 30_000,
    });
    const validate = await gatewatch(['validate', '--config', config]);
    expect(validate.stdout).toMatch(/^  demo .*; gatewatch only watches it \(`restart: false` in its target\)[;\n]/m);
    const before = pid();
    const restart = await gatewatch(['restart', 'demo', '--yes', '--config', config]);
    expect(restart.stdout).toMatch(/Not restarting demo: its target says `restart: false`/);
    expect(restart.code).toBe(1);

    await injectFault(home, 'qq-max-reconnect');
    const found = await until(
      'the dead QQ loop found',
      async () => {
        const r = await gatewatch(['check', '--json', '--config', config]);
        return r.code === 2 ? (JSON.parse(r.stdout).findings as { check: string; action: string }[]) : undefined;
      },
      { timeoutMs: 30_000, everyMs: 500 },
    );
    const qq = found.find((f) => f.check === 'qq_reconnect_exhausted')!;
    // Main: "gatewatch restarts it by itself when auto-restart is on".
    expect(qq.action).toContain('gatewatch only watches it (`restart: false` in its target)');
    expect(qq.action).not.toMatch(/restarts it by itself|gatewatch restart demo/);
    const status = await gatewatch(['status', 'demo', '--config', config]);
    expect(status.stdout).toMatch(/^ +service +.*; gatewatch only watches it \(`restart: false` in its target\)$/m);

    // /fix offers no restart it would refuse: nothing to run, and what to do by hand.
    const dry = await gatewatch(['fix', 'demo', '--config', config]);
    expect(dry.stdout).toMatch(/gatewatch can fix nothing of what is wrong on demo/);
    expect(dry.stdout).toContain("by hand: the restart command gatewatch's config gives this gateway");
    const fix = await gatewatch(['fix', 'demo', '1', '--yes', '--config', config]);
    expect(fix.stdout).toMatch(/There is no fix 1 for demo now/);
    expect(fix.code).not.toBe(0);
    expect(pid()).toBe(before);
  });
});
