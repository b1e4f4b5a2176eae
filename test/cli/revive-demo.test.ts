// `gatewatch run` after the demo (issue 51 item 6): quitting `npm start` stops the demo gateway with a planned stop,
// which a run on init's config would take for its operator's and leave alone, in silence. The run starts it again
// and says so in one line, or in one line why not. Real demo gateways in temp homes (the built dist/).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reviveDemoTargets } from '../../src/cli/revive-demo.js';
import { demoStatus, startDemo, stopDemo } from '../../src/demo/index.js';
import { loadLocale } from '../../src/i18n.js';

const homes: string[] = [];
afterEach(async () => {
  for (const h of homes.splice(0)) await stopDemo(h).catch(() => undefined);
});

/** A demo home whose gateway the demo started and then stopped as it quit (stopDemo: marker, SIGTERM). */
async function quitDemo(): Promise<string> {
  const home = path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-revive-')), 'demo-hermes');
  homes.push(home);
  const started = await startDemo(home);
  expect(started.ok, started.error).toBe(true);
  expect((await stopDemo(home)).ok).toBe(true);
  expect((await demoStatus(home)).alive).toBe(false);
  return home;
}

describe('gatewatch run on the demo home after the demo quit', { timeout: 60_000 }, () => {
  it('starts the demo gateway again and says so in one line (en, zh-CN)', async () => {
    const home = await quitDemo();
    const lines = await reviveDemoTargets([{ name: 'demo', hermes_home: home }], 'en');
    const live = await demoStatus(home);
    expect(live.alive).toBe(true);
    expect(lines).toEqual([
      `The demo gateway demo was stopped (the demo stops it as it quits): started it again (pid ${live.pid}), as its service would.`,
    ]);
    // Running: nothing to do, nothing said.
    expect(await reviveDemoTargets([{ name: 'demo', hermes_home: home }], 'en')).toEqual([]);
    await stopDemo(home);
    await loadLocale('zh-CN');
    const zh = await reviveDemoTargets([{ name: 'demo', hermes_home: home }], 'zh-CN');
    expect(zh).toEqual([
      `演示网关 demo 已停止（演示退出时会停止它）：已像它的服务那样重新启动它（pid ${(await demoStatus(home)).pid}）。`,
    ]);
  });

  it('a demo gateway that cannot start: one line why not', async () => {
    const home = await quitDemo();
    // Its logs folder is a file now (a home broken by hand): the start cannot open its log.
    rmSync(path.join(home, 'logs'), { recursive: true });
    writeFileSync(path.join(home, 'logs'), '');
    const lines = await reviveDemoTargets([{ name: 'demo', hermes_home: home }], 'en');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^The demo gateway demo is stopped and could not be started: .*logs.*\. It is watched all the same\.$/,
    );
    expect((await demoStatus(home)).alive).toBe(false);
  });

  it('a real gateway stopped by its operator is left alone, and nothing is said', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-revive-real-'));
    expect(await reviveDemoTargets([{ name: 'default', hermes_home: home }], 'en')).toEqual([]);
  });
});
