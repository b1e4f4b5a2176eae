// /history in its reader's words, whatever locale wrote the records: a demo played in Chinese, then read from an
// English terminal, mixed English lines with Chinese causes ("down: 网关未经关闭流程就退出了…", "alert: 已重启 demo…").
// The audit keeps each title's text, not only its words, and the history words it again in the reader's locale.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { runCli } from '../helpers/cli-run.js';
import { englishProse } from '../helpers/english-prose.js';
import { stopDemo } from '../../src/demo/index.js';

const zh = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const en = { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const CJK = /[\u3400-\u9fff]/;

let child: ChildProcessWithoutNullStreams | undefined;
let demoHome: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHome) await stopDemo(demoHome).catch(() => undefined);
});

describe('history in the reader’s words', () => {
  it('a demo played in Chinese reads all English from an English terminal, and all Chinese from a Chinese one', {
    timeout: 180_000,
  }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-history-locale-'));
    demoHome = path.join(home, '.local', 'state', 'gatewatch', 'demo-hermes');
    const cli = startConsoleCli(home, ['run', '--console'], { env: zh });
    child = cli.child;
    let at = await cli.waitFor(/演示网关|DEMO/);
    at = await cli.waitFor(/demo：正常/u, at, '/status');
    const fail = await runCli(home, ['demo', 'fail', 'crash'], { env: zh });
    expect(fail.code, fail.stderr).toBe(0);
    await cli.waitFor(/已重启 demo/u, at);
    await endCli(child);
    child = undefined;

    const e = await runCli(home, ['history'], { env: en });
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/down: Gateway died without a shutdown/);
    expect(e.stdout).toMatch(/alert: Restarted demo: verified in/);
    expect(e.stdout.split('\n').filter((l) => CJK.test(l))).toEqual([]);

    const z = await runCli(home, ['history'], { env: zh });
    expect(z.code, z.stderr).toBe(0);
    expect(z.stdout).toMatch(/中断：网关未经关闭流程就退出了/);
    expect(z.stdout.split('\n').filter((l) => englishProse(l).length)).toEqual([]);
  });
});
