// Where a one-shot look's time goes (src/util/steps.ts): `GATEWATCH_DEBUG=1 gatewatch check` says each step's
// milliseconds on stderr, which the cold-start bench reads for its breakdown (issue 62). The times themselves are the
// host's; what is checked is which steps are said, and that a healthy check still prints nothing on stdout.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { step, stepNow, stepsTaken } from '../../src/util/steps.js';
import { gatewatch } from '../helpers/cli-run.js';
import { healthyLiveGateway } from '../helpers/live-gateway.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

/** A healthy Hermes home with its live gateway, and a config that watches it. */
async function healthyHome(): Promise<{ home: string; config: string }> {
  const home = await tempDir();
  mkdirSync(path.join(home, 'logs'));
  await healthyLiveGateway(home);
  const config = path.join(home, 'gatewatch.yaml');
  writeFileSync(
    config,
    `state_dir: ${path.join(home, 'state')}\ntargets:\n  - { name: h, hermes_home: ${home}, service: { manager: none } }\n`,
  );
  return { home, config };
}

/** `name=ms` pairs of a steps line, in order. */
const said = (line: string) => line.split(' ').map((kv) => kv.split('='));

describe('steps', () => {
  it('adds up each step’s time under its name, says them in the order first taken, and starts afresh after', async () => {
    stepsTaken();
    await step('log', async () => undefined);
    expect(stepNow('detectors', () => 42)).toBe(42);
    await step('log', async () => undefined);
    await expect(step('scan', async () => Promise.reject(new Error('no /proc')))).rejects.toThrow('no /proc');
    const steps = said(stepsTaken());
    expect(steps.map(([k]) => k)).toEqual(['log', 'detectors', 'scan']);
    for (const [, ms] of steps) expect(Number(ms)).toBeGreaterThanOrEqual(0);
    expect(stepsTaken()).toBe('');
  });

  it.runIf(process.platform === 'linux')(
    'GATEWATCH_DEBUG=1 gatewatch check says its steps on stderr: node’s start, the bundle, the config, the look and what it read; stdout stays empty',
    async () => {
      const { config } = await healthyHome();
      const r = await gatewatch(['check', '--config', config], {
        spawn: true,
        env: { GATEWATCH_DEBUG: '1', GATEWATCH_CONFIG: '' },
      });
      expect(r.stdout).toBe('');
      expect(r.code).toBe(0);
      const steps = Object.fromEntries(
        [...r.stderr.matchAll(/^gatewatch debug: steps (.*)$/gm)].flatMap((m) => said(m[1]!)),
      );
      // The host's processes are scanned though the pid record leads to the live gateway: a second one may run beside it.
      for (const k of ['node', 'bundle', 'config', 'app', 'look', 'log', 'pid-record', 'scan', 'detectors', 'output'])
        expect(Number(steps[k]), `${k} in ${r.stderr}`).toBeGreaterThanOrEqual(0);
    },
  );

  it.runIf(process.platform === 'linux')(
    'says them without making process.stderr, whose stream (node:net for a pipe) the steps would not count: what the bench leaves of the wall time is the exit',
    async () => {
      const { home, config } = await healthyHome();
      const list = path.join(home, 'loaded');
      const preload = path.join(home, 'loaded.cjs');
      writeFileSync(
        preload,
        `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`,
      );
      const r = await gatewatch(['check', '--config', config], {
        spawn: true,
        env: { GATEWATCH_DEBUG: '1', GATEWATCH_CONFIG: '', NODE_OPTIONS: `--require ${preload}` },
      });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^gatewatch debug: steps .*\blook=/m);
      expect(readFileSync(list, 'utf8').split('\n')).not.toContain('NativeModule net');
    },
  );
});
