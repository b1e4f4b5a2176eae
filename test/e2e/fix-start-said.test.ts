// Issue 77 item 7 through the built daemon: an operator's start from `gatewatch fix` was called "an operator on the
// command line restarted the gateway", listed under "gatewatch:" in the write-up, and `fix` printed "restarted and
// verified". A start is a start, and who ran it is said as who they are: an operator, through gatewatch's fix, not
// gatewatch by itself. The demo gateway is killed; gatewatch may not start it by itself (remediate.auto: []), so the
// operator runs the fix the alert offers, from another terminal. Both locales.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoTargetConfig, startDemo, stopDemo } from '../../src/demo/index.js';
import type { Locale } from '../../src/types.js';
import { gatewatch } from '../helpers/cli-run.js';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHome: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHome) await stopDemo(demoHome).catch(() => undefined);
});

const WORDS = {
  en: {
    died: /🔴 demo: Gateway died/,
    fixed: /\bstarted and verified/,
    back: /✅ demo: the gateway is back: an operator on the command line started the gateway through gatewatch's fix, down \d+s/,
    gatewatch: 'gatewatch: no restart, the alert only.',
    byHand:
      /^By hand: \d\d:\d\d:\d\d an operator on the command line started the gateway through gatewatch's fix, back at \d\d:\d\d:\d\d\.$/m,
    did: /^What gatewatch did: it alerted; it restarted nothing\.$/m,
    operators:
      /^What operators did through gatewatch: \d\d:\d\d:\d\d an operator on the command line started the gateway through gatewatch's fix, back at \d\d:\d\d:\d\d\.$/m,
  },
  'zh-CN': {
    died: /🔴 demo：网关/,
    fixed: /已启动并验证通过/,
    back: /✅ demo：网关已恢复：命令行的操作员 通过 gatewatch 的 fix 启动了网关/,
    gatewatch: 'gatewatch：未重启，只发了告警。',
    byHand: /^人工操作：\d\d:\d\d:\d\d 命令行的操作员 通过 gatewatch 的 fix 启动了网关，\d\d:\d\d:\d\d 恢复。$/m,
    did: /^gatewatch 做了什么：发出告警，未做重启。$/m,
    operators:
      /^操作员通过 gatewatch 做了什么：\d\d:\d\d:\d\d 命令行的操作员 通过 gatewatch 的 fix 启动了网关，\d\d:\d\d:\d\d 恢复。$/m,
  },
} as const;

const readJson = (file: string) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

async function fixStartStory(locale: Locale): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-fixstart-'));
  const home = path.join(dir, 'hermes');
  demoHome = home;
  mkdirSync(home, { recursive: true });
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `state_dir: ${path.join(dir, 'state')}`,
      `locale: ${locale}`,
      `targets: [${JSON.stringify(demoTargetConfig(home))}]`,
      // gatewatch starts nothing by itself: the start is the operator's, through its fix.
      'remediate: { auto: [], cooldown: 0s, verify_timeout: 30s }',
      'channels: { console: {} }',
    ].join('\n'),
  );
  expect((await startDemo(home, {})).ok).toBe(true);
  const cli = startConsoleCli(dir, ['run', '--config', config]);
  child = cli.child;
  await until('the first check', () => readJson(path.join(dir, 'state', 'state.json'))?.timelines?.demo, {
    timeoutMs: 30_000,
  });
  process.kill(readJson(path.join(home, 'gateway.pid')).pid as number, 'SIGKILL');
  const w = WORDS[locale];
  const at = await cli.waitFor(w.died);

  // From another terminal: the fix the alert offers, the gateway's start.
  const fixed = await gatewatch(['fix', 'demo', '1', '--yes', '--config', config], { spawn: true, timeoutMs: 60_000 });
  expect(fixed.stdout).toMatch(w.fixed);
  expect(fixed.stdout).not.toMatch(/restarted and verified|已重启并验证通过/);
  expect(fixed.code).toBe(0);

  // The console's recovery: the operator started it, through gatewatch's fix; the write-up keeps gatewatch's own apart.
  await cli.waitFor(w.back, at);
  const out = cli.out().slice(at);
  expect(out).toContain(w.gatewatch);
  expect(out).toMatch(w.byHand);
  const incident = await gatewatch(['incident', 'demo-1', '--config', config], { spawn: true });
  expect(incident.stdout).toMatch(w.did);
  expect(incident.stdout).toMatch(w.operators);
  const json = JSON.parse(
    (await gatewatch(['incident', 'demo-1', '--json', '--config', config], { spawn: true })).stdout,
  );
  expect(json.by).toBe('operator');
  expect(json.steps).toEqual([expect.objectContaining({ what: 'start', actor: 'cli', ok: true })]);
}

describe("an operator's start through gatewatch's fix, through the built daemon", () => {
  it('en: a start said as a start, by the operator, apart from what gatewatch did', async () => {
    await fixStartStory('en');
  }, 120_000);

  it('zh-CN: the same in Chinese', async () => {
    await fixStartStory('zh-CN');
  }, 120_000);
});
