// `gatewatch demo heal` ends with one line saying what it healed, or that there was nothing to heal, in the reader's
// language (issue 20 item 7): the built CLI in a temp HOME, against the real demo gateway in that HOME's state_dir.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoHome, injectFault, startDemo, stopDemo } from '../../src/demo/index.js';
import { runCliHere } from '../helpers/cli-run.js';

describe('gatewatch demo heal', { timeout: 60_000 }, () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-heal-cli-'));
  const demo = demoHome(path.join(home, '.local', 'state', 'gatewatch'));
  afterAll(async () => {
    await stopDemo(demo);
  });

  it('says what it healed, or that nothing needed it, as its last line; in Chinese under a zh_CN LANG', async () => {
    expect((await startDemo(demo, {})).ok).toBe(true);
    const nothing = await runCliHere(home, ['demo', 'heal'], { env: { LANG: 'zh_CN.UTF-8', LC_ALL: '' } });
    expect(nothing.code, nothing.stderr).toBe(0);
    expect(nothing.stdout.trim().split('\n').at(-1)).toBe(
      '没有故障在磁盘上留下需要撤销的东西：这次重启就是全部的修复。',
    );

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
});
