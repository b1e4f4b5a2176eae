// `gatewatch run` on the console, stopped with Ctrl-C (SIGINT), as a newcomer stops it (issue 80 item 5): main said
// nothing, and a newcomer could not tell whether the gateway had stopped with it. It says the watch has ended and
// the gateway runs on.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

let child: Parameters<typeof endCli>[0];
afterEach(async () => {
  await endCli(child);
  await cleanup();
});

describe('gatewatch run on the console, stopped with Ctrl-C', () => {
  it.each([
    ['en', /^gatewatch stopped: nothing watches alice now\. The gateway runs on: gatewatch never stops it\.$/m],
    ['zh-CN', /^gatewatch 已停止：现在没有东西在监视 alice。网关照常运行：gatewatch 从不停止它。$/m],
  ] as const)('says the watch ended and the gateway runs on (%s)', async (locale, said) => {
    const dir = await tempDir('gw-run-stop-');
    mkdirSync(path.join(dir, 'hermes', 'logs'), { recursive: true });
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      `locale: ${locale}\nstate_dir: ${dir}/state\ntargets:\n  - { name: alice, hermes_home: ${dir}/hermes, service: { manager: none } }\nchannels: { console: {} }\n`,
    );
    const cli = startConsoleCli(dir, ['run', '--config', config]);
    child = cli.child;
    // Its first look's alert: the daemon has started, its handlers of a stop with it.
    await cli.waitFor(/🔴 alice/u);
    const exited = new Promise<number | null>((r) => cli.child.once('exit', r));
    cli.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(cli.out()).toMatch(said);
  });
});
