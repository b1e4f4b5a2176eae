// Issue 35 item 2 on the CLI (test/helpers/cli-run.ts): `gatewatch mute TARGET DURATION` and `mute TARGET --for DURATION` mute one target
// (exit 0; they used to exit 64), `status` shows it, `unmute TARGET` ends it; an unknown target is a usage error
// (exit 64), and `mute --for 30m` / `mute 30m` still mute everything. No daemon: each run answers itself and keeps
// the mute in state.json for the next.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewatch as run } from './helpers/cli-run.js';

const gatewatch = (args: string[], env: Record<string, string> = {}) => run(args, { env });

function configFor(locale?: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-cli-mute-'));
  const config = path.join(dir, 'config.yaml');
  for (const t of ['alpha', 'beta']) mkdirSync(path.join(dir, t));
  writeFileSync(
    config,
    `${locale ? `locale: ${locale}\n` : ''}state_dir: ${dir}/state\ntargets:\n  - { name: alpha, hermes_home: ${dir}/alpha, service: { manager: none } }\n  - { name: beta, hermes_home: ${dir}/beta, service: { manager: none } }\n`,
  );
  return config;
}

describe('gatewatch mute TARGET', () => {
  it('mutes one target in both forms, status shows it, unmute TARGET ends it; an unknown target exits 64', async () => {
    const config = configFor();
    const one = await gatewatch(['mute', 'alpha', '30m', '--config', config]);
    expect(one.stdout).toMatch(/Alerts for alpha muted until /);
    expect(one.stdout).toContain('gatewatch unmute alpha ends it early');
    expect(one.code).toBe(0);
    const flag = await gatewatch(['mute', 'beta', '--for', '1h', '--config', config]);
    expect(flag.stdout).toMatch(/Alerts for beta muted until /);
    expect(flag.code).toBe(0);
    expect((await gatewatch(['status', 'alpha', '--config', config])).stdout).toMatch(
      /muted\s+alpha only, until .* \(an operator on the command line\)/,
    );

    const unknown = await gatewatch(['mute', 'gamma', '30m', '--config', config]);
    expect(unknown.code).toBe(64);
    expect(unknown.stdout).toContain('Unknown target "gamma". Targets: alpha, beta.');
    expect((await gatewatch(['mute', 'alpha', '30m', '1h', '--config', config])).code).toBe(64);
    expect((await gatewatch(['unmute', 'gamma', '--config', config])).code).toBe(64);

    const unmuted = await gatewatch(['unmute', 'alpha', '--config', config]);
    expect(unmuted.stdout).toMatch(/Alerts for alpha unmuted/);
    // Its summary says what is still open on alpha (no gateway there: critical), as the unmute of everything does: exit 1.
    expect(unmuted.code).toBe(1);
    expect((await gatewatch(['status', 'alpha', '--config', config])).stdout).not.toMatch(/muted\s+alpha only/);

    // The mute of everything, both forms, as before.
    expect((await gatewatch(['mute', '--for', '30m', '--config', config])).stdout).toMatch(/^.*Alerts muted until /m);
    expect((await gatewatch(['mute', '30m', '--config', config])).code).toBe(0);
  });

  it('in Chinese', async () => {
    const config = configFor('zh-CN');
    const one = await gatewatch(['mute', 'alpha', '--for', '30m', '--config', config]);
    expect(one.stdout).toMatch(/alpha 的告警已静音至 /);
    expect(one.code).toBe(0);
    const unknown = await gatewatch(['mute', 'gamma', '30m', '--config', config]);
    expect(unknown.stdout).toContain('未知目标“gamma”。可用目标：alpha, beta。');
    expect(unknown.code).toBe(64);
  });
});
