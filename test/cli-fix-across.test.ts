// Issue 35 item 5 on the built CLI: `gatewatch fix` with two gateways down lists both remedies numbered across them
// (exit 0), `gatewatch fix 2` asks about beta's (exit 1, the CLI's --yes form), a number past the list is refused
// naming how many there are; in both locales. No gateway runs here: each target's remedy is a start, through the
// start command its config gives (a gateway nothing could start has no remedy to list: /fix offers none it would refuse).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewatch as run } from './helpers/cli-run.js';
import { gatewatchCommand } from '../src/util/invocation.js';

/** How this install is typed here (`npx gatewatch` from a clone): the CLI's hints say it so. */
const gw = gatewatchCommand();

const gatewatch = (args: string[]) => run(args);

function configFor(locale: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-cli-fix-across-'));
  for (const t of ['alpha', 'beta']) mkdirSync(path.join(dir, t, 'logs'), { recursive: true });
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    `locale: ${locale}\nstate_dir: ${dir}/state\ntargets:\n  - { name: alpha, hermes_home: ${dir}/alpha, service: { manager: command, start: [/bin/true] } }\n  - { name: beta, hermes_home: ${dir}/beta, service: { manager: command, start: [/bin/true] } }\n`,
  );
  return config;
}

describe('gatewatch fix without a target, two gateways down', () => {
  it('lists every remedy numbered across them; fix 2 asks about the second', async () => {
    const config = configFor('en');
    const list = await gatewatch(['fix', '--config', config]);
    expect(list.stdout).toContain('Fixes for alpha, beta');
    expect(list.stdout).toContain('  1. Start alpha through its supervisor');
    expect(list.stdout).toContain('  2. Start beta through its supervisor');
    expect(list.stdout).toContain(`To run one: ${gw} fix <n> --yes`);
    expect(list.code).toBe(0);
    const ask = await gatewatch(['fix', '2', '--config', config]);
    expect(ask.stdout).toContain('Run fix 2 on beta?');
    expect(ask.stdout).toContain(`To go ahead: ${gw} fix 2 --yes`);
    expect(ask.code).toBe(1);
    const past = await gatewatch(['fix', '3', '--config', config]);
    expect(past.stdout).toContain(`There is no fix 3 now (there are 2 on alpha, beta). See them: ${gw} fix`);
    expect(past.code).toBe(1);
  });

  it('in Chinese', async () => {
    const config = configFor('zh-CN');
    const list = await gatewatch(['fix', '--config', config]);
    expect(list.stdout).toContain('alpha, beta 的修复方法');
    expect(list.stdout).toContain(`执行其中一个：${gw} fix <编号> --yes`);
    expect((await gatewatch(['fix', '2', '--config', config])).stdout).toContain('在 beta 上执行修复 2？');
  });

  it('gateways nothing could start (no manager, not started by hand here): no remedy it would refuse is listed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-cli-fix-none-'));
    mkdirSync(path.join(dir, 'alpha', 'logs'), { recursive: true });
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      `state_dir: ${dir}/state\ntargets:\n  - { name: alpha, hermes_home: ${dir}/alpha, service: { manager: none } }\n`,
    );
    const list = await gatewatch(['fix', '--config', config]);
    // Main listed "1. Start alpha through its supervisor", which the restart gate then refused.
    expect(list.stdout).toContain('gatewatch can fix nothing of what is wrong on alpha');
    expect(list.stdout).toContain('No service manager runs it, so gatewatch cannot restart it');
    expect(list.stdout).not.toMatch(/through its supervisor/);
  });
});
