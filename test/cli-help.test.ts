// The CLI in the reader's language (issue 20 item 5): commander's help and errors by $LANG before any config is read,
// validate and install by the config's locale (or $LANG where it sets none). Usage errors exit 64. In a temp HOME: the
// built CLI for the Chinese help and install, the CLI's code in this process for the rest (test/helpers/cli-run.ts).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliHere } from './helpers/cli-run.js';
import { quietHome } from './helpers/quiet-home.js';
import { gatewatchCommand } from '../src/util/invocation.js';

/** How this install is typed here (`npx gatewatch` from a clone): the CLI's hints say it so. */
const gw = gatewatchCommand();

const zh = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const en = { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' };

const setup = (locale?: string) => quietHome({ prefix: 'gw-cli-zh-', head: locale ? `locale: ${locale}\n` : '' });

describe('the CLI in Chinese', { timeout: 60_000 }, () => {
  it('help and commander errors follow $LANG; a bad option is a usage error, exit 64, in either language', async () => {
    const { home } = setup();
    const help = await runCli(home, ['--help'], { env: zh });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('用法：');
    expect(help.stdout).toContain('看守 Hermes Agent 网关的机器人');
    expect(help.stdout).toContain('在一段时间内静音告警');
    expect(help.stdout).not.toMatch(/Usage:|Options:|display help/);

    const bad = await runCliHere(home, ['logs', '--bogus'], { env: zh });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/^gatewatch: 未知选项 '--bogus'（你是想输入 --bodies 吗？）\n$/);
    const badEn = await runCliHere(home, ['logs', '--bogus'], { env: en });
    expect(badEn.code).toBe(64);
    expect(badEn.stderr).toBe("gatewatch: unknown option '--bogus' (Did you mean --bodies?)\n");
    // An unknown verb: one line, no help before it (README: every error ends in one `gatewatch: …` line).
    const verb = await runCliHere(home, ['frobnicate'], { env: en });
    expect([verb.code, verb.stdout, verb.stderr]).toEqual([64, '', "gatewatch: unknown command 'frobnicate'\n"]);
    expect((await runCliHere(home, ['--help'], { env: en })).stdout).toContain('Usage: gatewatch');

    // gatewatch's own argument checks, too.
    const { config } = setup();
    const mute = await runCliHere(home, ['mute', '--for', 'soon', '--config', config], { env: zh });
    expect(mute.code).toBe(64);
    expect(mute.stderr).toBe(
      'gatewatch: --for 需要不超过 7d 的时长，例如 30m 或 2h，收到的是“soon”\n用法：gatewatch mute [目标] --for <时长>\n',
    );
  });

  it("validate speaks the config's locale, or $LANG's where the config sets none", async () => {
    const byConfig = setup('zh-CN');
    const a = await runCliHere(byConfig.home, ['validate', '--config', byConfig.config], { env: en });
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('目标（1）：');
    expect(a.stdout.trim().split('\n').at(-1)).toBe('配置正常');

    const byLang = setup();
    const b = await runCliHere(byLang.home, ['validate', '--config', byLang.config], { env: zh });
    expect(b.stdout.trim().split('\n').at(-1)).toBe('配置正常');
    const c = await runCliHere(byLang.home, ['validate', '--config', byLang.config], { env: en });
    expect(c.stdout.trim().split('\n').at(-1)).toBe('config OK');
  });

  it('install says what it wrote and what to do next in Chinese', async () => {
    const { home, config } = setup();
    const r = await runCli(home, ['install', '--systemd', '--config', config], { env: zh });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`已写入 ${path.join(home, '.config', 'systemd', 'user', 'gatewatch.service')}`);
    expect(r.stdout).toContain(`先检查配置：${gw} validate --config ${config}`);
    expect(r.stdout).toContain('然后启用并启动它：');
  });

  it('verb help says the verb’s own words; demo’s says --hermes; demo fail with no fault lists them (issue 61)', async () => {
    const { home } = setup();
    const fix = await runCliHere(home, ['fix', '--help'], { env: en });
    expect(fix.stdout).toContain('Usage: gatewatch fix [target] [n] [--yes] [--interrupt] [options]');
    expect(fix.stdout).not.toContain('[args...]');
    // In Chinese the placeholders are Chinese too (issue 61 item 2), the option words as typed.
    const zhFix = await runCliHere(home, ['fix', '--help'], { env: zh });
    expect(zhFix.stdout).toMatch(/用法：gatewatch fix \[目标\] \[n\] \[--yes\] \[--interrupt\] \[选项\]\n/);
    const zhLogs = await runCliHere(home, ['logs', '--help'], { env: zh });
    expect(zhLogs.stdout).toMatch(/用法：gatewatch logs \[目标\] \[-n 行数\] \[--grep 模式\] \[--bodies\] \[选项\]\n/);
    const demo = await runCli(home, ['demo', '--help'], { env: en });
    expect(demo.stdout).toContain('--hermes legacy|current|v0.20');
    const faults = await runCli(home, ['demo', 'fail'], { env: zh });
    expect(faults.code).toBe(0);
    expect(faults.stdout).toMatch(/^演示网关能演示的故障/);
    expect(faults.stdout).toMatch(/^ {2}crash {16}\S/m);
    expect(faults.stdout).toMatch(/^ {2}qq-banned /m);
  });
});
