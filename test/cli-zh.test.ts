// Issue 20 item 5: with a zh_CN $LANG (and no locale in the config) everything the CLI says to a person is Chinese —
// validate's problems, install's notes, the channel lines of `status`, `demo fail`'s errors, a second daemon's refusal.
// The built CLI in a temp HOME. A line fails when it carries English prose: three or more English words in a row once
// quotations, code spans, paths, keys, ids and numbers are taken out (test/helpers/english-prose.ts). Every scene also
// runs with an English $LANG, where the same filter must find prose: a scene whose output the filter could never flag
// (empty, or all paths) proves nothing.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliHere, type CliResult } from './helpers/cli-run.js';
import { CLI } from './helpers/console-cli.js';
import { heldToFileModes } from './helpers/deny-reads.js';
import { englishProse } from './helpers/english-prose.js';
import { DIST } from './helpers/paths.js';
import { until } from './helpers/until.js';
import { gatewatchCommand } from '../src/util/invocation.js';

/** How this install is typed here (`npx gatewatch` from a clone): the CLI's hints say it so. */
const gw = gatewatchCommand();

const zh = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '', GW_ZH_UNSET: '' };
const en = { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '', GW_ZH_UNSET: '' };

/**
 * The lines of a run (both streams) that carry English prose. `unitFile`: the output is a systemd unit, whose
 * `Key=value` lines are the file's syntax for systemd (its Description is the service's name in systemctl's list,
 * the same whatever the installing terminal's language), not sentences; its comments are read as any line.
 */
function englishLines(r: CliResult, o: { unitFile?: boolean } = {}): string[] {
  return `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((line) => !(o.unitFile && /^[A-Za-z]+=/.test(line)))
    .filter((line) => englishProse(line).length > 0);
}

function home(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'gw-cli-zh-'));
}

/** A Hermes home with a gateway log (a gateway that ran here, now stopped). */
function hermesHome(dir: string): string {
  const h = path.join(dir, 'hermes');
  mkdirSync(path.join(h, 'logs'), { recursive: true });
  writeFileSync(path.join(h, 'logs', 'gateway.log'), '');
  return h;
}

/** `validate --config <file>` in Chinese by the CLI at `cli`, held to the file modes even as root. */
function validateHeldToModes(cli: string, cwd: string, file: string): Promise<CliResult> {
  const { file: program, args } = heldToFileModes([process.execPath, cli, 'validate', '--config', file]);
  return new Promise<CliResult>((resolve) =>
    execFile(
      program,
      args,
      { env: { ...process.env, ...zh, HOME: cwd, GATEWATCH_CONFIG: '' }, cwd },
      (err, stdout, stderr) => resolve({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr }),
    ),
  );
}

describe('the CLI in Chinese, every line', { timeout: 120_000 }, () => {
  it('validate: each problem in Chinese, still naming file, line and key; exit 78', async () => {
    const dir = home();
    const hermes = path.join(dir, 'hermes-no-log');
    mkdirSync(hermes);
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${dir}/state`,
        'targets:',
        `  - { name: gone, hermes_home: ${dir}/nope, service: { manager: none } }`,
        `  - { name: fresh, hermes_home: ${hermes}, service: { manager: none } }`,
        'bogus_key: 1',
        'channels:',
        '  notifiers:',
        '    - { type: ntfy, url: "${GW_ZH_UNSET}" }',
        '',
      ].join('\n'),
    );
    const r = await runCliHere(dir, ['validate', '--config', config], { env: zh });
    expect(r.code).toBe(78);
    const problems = r.stderr.trim().split('\n');
    expect(problems).toHaveLength(4);
    expect(problems).toContain(
      `错误：${config}:3：键“targets[0].hermes_home”：目录 ${dir}/nope 不存在（应为网关运行时使用的 Hermes 主目录，例如 ~/.hermes）`,
    );
    expect(problems).toContain(
      `警告：${config}:4：键“targets[1].log_file”：${hermes}/logs/gateway.log 还不存在（网关用这个主目录运行过吗？）`,
    );
    expect(problems).toContain(`错误：${config}:5：键“bogus_key”：未知的键（拼写错误？）`);
    expect(problems.find((p) => p.includes('GW_ZH_UNSET'))).toMatch(
      new RegExp(`^错误：${config}:8：键“channels\\.notifiers\\[0\\]\\.url”：环境变量 GW_ZH_UNSET 未设置`),
    );
    expect(r.stdout.trim().split('\n').at(-1)).toBe('3 个错误：gatewatch 无法以此配置运行。');
    expect(englishLines(r)).toEqual([]);

    const e = await runCliHere(dir, ['validate', '--config', config], { env: en });
    expect(e.code).toBe(78);
    expect(e.stderr).toContain(`error: ${config}:5: key "bogus_key": unknown key (typo?)`);
    expect(englishLines(e).length).toBeGreaterThanOrEqual(4);

    // A config error that stops a command (not validate) reads the same way, exit 78.
    const check = await runCliHere(dir, ['check', '--config', config], { env: zh });
    expect(check.code).toBe(78);
    expect(check.stderr).toMatch(/^gatewatch: 配置错误：/);
    expect(englishLines(check)).toEqual([]);
    expect(englishLines(await runCliHere(dir, ['check', '--config', config], { env: en }))).not.toEqual([]);
  });

  it("a config error in the terminal's language (LC_ALL > LC_MESSAGES > LANG), whatever locale the file names", async () => {
    // `gatewatch init` writes `locale: <its terminal's>` into the file: a Chinese terminal reading a file an English
    // one wrote (or the reverse) reads its config errors in its own language. Without a language in the environment
    // (unset, C, POSIX: a service manager's), the file's own locale.
    const dir = home();
    const file = (locale: string) => {
      const f = path.join(dir, `config-${locale}.yaml`);
      writeFileSync(f, `locale: ${locale}\nstate_dir: ${dir}/state\nremediate:\n  cooldown: two minutes\n`);
      return f;
    };
    const none = { LANG: '', LC_ALL: '', LC_MESSAGES: '' };
    const scenes: [Record<string, string>, string, RegExp][] = [
      [zh, 'en', /^gatewatch: 配置错误：.*:4：键“remediate\.cooldown”：应为时长/],
      [en, 'zh-CN', /^gatewatch: config error: .*:4: key "remediate\.cooldown": expected a duration/],
      [{ ...none, LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'en', /^gatewatch: 配置错误：/],
      [{ ...none, LC_MESSAGES: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }, 'zh-CN', /^gatewatch: config error: /],
      [{ ...none, LANG: 'C.UTF-8' }, 'zh-CN', /^gatewatch: 配置错误：/],
      [none, 'zh-CN', /^gatewatch: 配置错误：/],
      [none, 'en', /^gatewatch: config error: /],
    ];
    for (const [env, locale, said] of scenes) {
      const r = await runCliHere(dir, ['check', '--config', file(locale)], { env });
      expect(r.code).toBe(78);
      expect(r.stderr, `${JSON.stringify(env)} locale: ${locale}`).toMatch(said);
      const v = await runCliHere(dir, ['validate', '--config', file(locale)], { env });
      expect(v.code).toBe(78);
      expect(/配置|键/.test(v.stderr), `validate ${JSON.stringify(env)} locale: ${locale}`).toBe(
        said.source.includes('配置'),
      );
    }
  });

  it("validate: the schema's own problems and zod's, in Chinese; a message from a key, worded when shown", async () => {
    const dir = home();
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${dir}/state`,
        'schedule: nope',
        'liveness_interval: 5x',
        `targets: [{ name: box, hermes_home: ${hermesHome(dir)}, service: { manager: none } }]`,
        'http:',
        '  listen: 127.0.0.1:99999',
        'channels:',
        '  notifiers:',
        '    - { type: ntfy, url: 5 }',
        '    - { type: pager }',
        '',
      ].join('\n'),
    );
    const r = await runCliHere(dir, ['validate', '--config', config], { env: zh });
    expect(r.code).toBe(78);
    const problems = r.stderr.trim().split('\n');
    expect(problems).toEqual([
      `错误：${config}:2：键“schedule”：应为 cron 表达式，例如“*/1 * * * *”`,
      `错误：${config}:3：键“liveness_interval”：应为时长，例如 90s、10m 或 1h，实际为“5x”`,
      `错误：${config}:6：键“http.listen”：应为 1 到 65535 之间的端口`,
      // What zod refused, said as a person would: what the key takes, what it got.
      `错误：${config}:9：键“channels.notifiers[0].url”：应为文字，这里是数字`,
      expect.stringMatching(
        new RegExp(
          `^错误：${config}:10：键“channels\\.notifiers\\[1\\]\\.type”：应为以下类型之一的通知器：feishu_webhook, `,
        ),
      ),
    ]);
    expect(englishLines(r)).toEqual([]);

    const e = await runCliHere(dir, ['validate', '--config', config], { env: en });
    expect(e.code).toBe(78);
    expect(e.stderr).toContain(
      `error: ${config}:3: key "liveness_interval": expected a duration like 90s, 10m or 1h, got "5x"`,
    );
    expect(e.stderr).toContain(`error: ${config}:9: key "channels.notifiers[0].url": expected text, got a number`);
    // Each of the five problems is one the filter finds in English.
    expect(
      e.stderr
        .trim()
        .split('\n')
        .map((l) => englishProse(l).length > 0),
    ).toEqual([true, true, true, true, true]);

    // A command stopped by the first of them says it the same way, exit 78.
    const check = await runCliHere(dir, ['check', '--config', config], { env: zh });
    expect(check.code).toBe(78);
    // After the line number a Chinese colon, as validate writes it.
    expect(check.stderr).toBe(`gatewatch: 配置错误：${config}:2：键“schedule”：应为 cron 表达式，例如“*/1 * * * *”\n`);
    expect(englishLines(await runCliHere(dir, ['check', '--config', config], { env: en }))).not.toEqual([]);
  });

  it('validate: an env file open to other users and an undefined YAML alias, in Chinese', async () => {
    const dir = home();
    const config = path.join(dir, 'config.yaml');
    writeFileSync(path.join(dir, 'secrets'), 'NTFY_URL=https://ntfy.sh/x\n', { mode: 0o644 });
    chmodSync(path.join(dir, 'secrets'), 0o644);
    writeFileSync(
      config,
      `state_dir: ${dir}/state\nenv_file: ./secrets\ntargets: [{ name: box, hermes_home: ${hermesHome(dir)}, service: { manager: none } }]\n`,
    );
    const open = await runCliHere(dir, ['validate', '--config', config], { env: zh });
    expect(open.code).toBe(78);
    expect(open.stderr).toBe(
      `错误：${config}:2：键“env_file”：env 文件 ${dir}/secrets 对其他用户开放（权限 644）；它保存着密钥：chmod 600 ${dir}/secrets\n`,
    );
    expect(englishLines(open)).toEqual([]);
    expect(englishLines(await runCliHere(dir, ['validate', '--config', config], { env: en }))).not.toEqual([]);

    writeFileSync(
      config,
      `state_dir: ${dir}/state\ntargets: [{ name: box, hermes_home: *nowhere, service: { manager: none } }]\n`,
    );
    const alias = await runCliHere(dir, ['validate', '--config', config], { env: zh });
    expect(alias.code).toBe(78);
    expect(alias.stderr).toBe(`错误：${config}:2：未定义的 YAML 别名 *nowhere\n`);
    expect(englishLines(await runCliHere(dir, ['validate', '--config', config], { env: en }))).not.toEqual([]);
  });

  it("broken YAML: what is wrong and its column in Chinese, the parser's own words after them as a quotation", async () => {
    const dir = home();
    const config = path.join(dir, 'config.yaml');
    writeFileSync(config, `state_dir: ${dir}/state\nstate_dir: ${dir}/again\n`);
    const r = await runCliHere(dir, ['validate', '--config', config], { env: zh });
    expect(r.code).toBe(78);
    expect(r.stderr).toBe(
      `错误：${config}:2：YAML 格式错误（第 1 列）：映射里的键重复；解析器原文「Map keys must be unique」\n`,
    );
    expect(englishLines(r)).toEqual([]);
    const check = await runCliHere(dir, ['check', '--config', config], { env: zh });
    expect(check.code).toBe(78);
    expect(check.stderr).toBe(
      `gatewatch: 配置错误：${config}:2：YAML 格式错误（第 1 列）：映射里的键重复；解析器原文「Map keys must be unique」\n`,
    );
    const e = await runCliHere(dir, ['check', '--config', config], { env: en });
    expect(e.stderr).toBe(`gatewatch: config error: ${config}:2: invalid YAML at column 1: Map keys must be unique\n`);
    expect(englishLines(e)).not.toEqual([]);

    // A code the catalogue has no words for: still what and where in Chinese.
    writeFileSync(config, `state_dir: ${dir}/state\nhttp: &a &b {}\n`);
    const other = await runCliHere(dir, ['validate', '--config', config], { env: zh });
    expect(other.code).toBe(78);
    expect(other.stderr).toBe(
      `错误：${config}:2：YAML 格式错误（第 10 列）：解析器原文「A node can have at most one anchor」\n`,
    );
    expect(englishLines(other)).toEqual([]);
  });

  it('a control socket not to be trusted (a symbolic link): refused in Chinese, exit 75', async () => {
    const dir = home();
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      `state_dir: ${dir}/state\ntargets: [{ name: box, hermes_home: ${hermesHome(dir)}, service: { manager: none } }]\n`,
    );
    mkdirSync(path.join(dir, 'state'));
    symlinkSync(path.join(dir, 'elsewhere.sock'), path.join(dir, 'state', 'gatewatch.sock'));
    const r = await runCliHere(dir, ['status', '--config', config], { env: zh });
    expect(r.code).toBe(75);
    expect(r.stderr).toBe(
      `gatewatch: 拒绝使用控制套接字 ${dir}/state/gatewatch.sock：${dir}/state/gatewatch.sock 是符号链接；不执行命令（如果它不是你要保留的，请删除它）\n`,
    );
    expect(englishLines(r)).toEqual([]);
    expect(englishLines(await runCliHere(dir, ['status', '--config', config], { env: en }))).not.toEqual([]);
  });

  it('check and doctor on a stopped gateway: the evidence lines in our words are Chinese around the values they quote', async () => {
    const dir = home();
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      `state_dir: ${dir}/state\ntargets: [{ name: box, hermes_home: ${hermesHome(dir)}, service: { manager: none } }]\n`,
    );
    for (const verb of ['check', 'doctor']) {
      const r = await runCliHere(dir, [verb, '--config', config], { env: zh });
      expect(r.stdout, verb).toContain('   | gateway.pid：无（没有 pid 文件）');
      expect(englishLines(r), verb).toEqual([]);
      const e = await runCliHere(dir, [verb, '--config', config], { env: en });
      expect(e.stdout, verb).toContain('   | gateway.pid: none (no pid file)');
      expect(englishLines(e), verb).not.toEqual([]);
    }
  });

  it('a daemon that finds a control socket not to be trusted: it runs on, serving it elsewhere, and says why in Chinese', async () => {
    const dir = home();
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      `state_dir: ${dir}/state\ntargets: [{ name: box, hermes_home: ${hermesHome(dir)}, service: { manager: none } }]\n`,
    );
    mkdirSync(path.join(dir, 'state'));
    const sock = path.join(dir, 'state', 'gatewatch.sock');
    symlinkSync(path.join(dir, 'elsewhere.sock'), sock);
    for (const [env, said] of [
      [zh, `（已拒绝 ${sock}：${sock} 是符号链接）。`],
      [en, ` (${sock} refused: ${sock} is a symbolic link).`],
    ] as const) {
      const daemon = spawn(process.execPath, [CLI, 'run', '--config', config], {
        env: { ...process.env, ...env, HOME: dir, GATEWATCH_CONFIG: '', GATEWATCH_LOG_LEVEL: 'error' },
        cwd: dir,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      daemon.stdout.on('data', (d) => (stdout += d));
      daemon.stderr.on('data', (d) => (stderr += d));
      await until('the control socket line', () => stdout.includes(said), { timeoutMs: 30_000, everyMs: 100 }).catch(
        (e: Error) => {
          throw new Error(`${e.message}\n${stdout}\n${stderr}`);
        },
      );
      expect(daemon.exitCode).toBeNull();
      const exited = new Promise((r) => daemon.once('exit', r));
      daemon.kill('SIGTERM');
      await exited;
      if (env === zh) expect(englishLines({ code: 0, stdout, stderr })).toEqual([]);
    }
  });

  it('install: the unit as printed, what it wrote and the notes', async () => {
    const dir = home();
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      `state_dir: ${dir}/state\ntargets: [{ name: box, hermes_home: ${hermesHome(dir)}, service: { manager: none } }]\n`,
    );
    const printed = await runCli(dir, ['install', '--systemd', '--print', '--config', config], { env: zh });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('[Service]');
    expect(englishLines(printed, { unitFile: true })).toEqual([]);

    const wrote = await runCli(dir, ['install', '--systemd', '--config', config], { env: zh });
    expect(wrote.code, wrote.stderr).toBe(0);
    expect(wrote.stdout).toContain(
      `配置中 \${VAR} 所需的密钥写在 ${path.join(dir, 'env')}（每行 KEY=value，chmod 600）。`,
    );
    expect(englishLines(wrote)).toEqual([]);
    const again = await runCli(dir, ['install', '--systemd', '--config', config], { env: en });
    expect(englishLines(again)).not.toEqual([]);
  });

  it('demo fail: an unknown fault and a demo that is not running', async () => {
    const dir = home();
    const unknown = await runCliHere(dir, ['demo', 'fail', 'bogus'], { env: zh });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^gatewatch: 未知故障“bogus”；可选：crash、sigterm、qq-max-reconnect、/);
    const down = await runCliHere(dir, ['demo', 'fail', 'crash'], { env: zh });
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`gatewatch: 演示网关没有在运行（没有 pid 文件）；用这个命令启动它：${gw} demo\n`);
    for (const r of [unknown, down]) expect(englishLines(r)).toEqual([]);
    for (const args of [
      ['demo', 'fail', 'bogus'],
      ['demo', 'fail', 'crash'],
    ])
      expect(englishLines(await runCliHere(dir, args, { env: en }))).not.toEqual([]);
  });

  it("the demo's supervisor script (ctl.js) and demo heal: usage, status and failures in Chinese", async () => {
    const dir = home();
    const demo = path.join(dir, 'demo-home');
    mkdirSync(demo);
    const scenes: [string[], number, string][] = [
      [
        [],
        2,
        '用法：ctl.js <start|stop|restart|status|heal|faults|fail <故障>> --home 目录 [--qq-cycle 20s] [--qq-app-id 编号] [--hermes legacy|current|v0.20]\n',
      ],
      [['status', '--home', demo], 1, '未运行（没有 pid 文件）\n'],
      [['stop', '--home', demo], 0, '没有在运行（没有 pid 文件）\n'],
      [['start', '--home', demo, '--qq-cycle', 'zz'], 1, '失败：应为 QQ 周期，例如 20s 或 30m，实际为“zz”\n'],
      [['heal', '--home', demo], 1, `失败：${demo} 不是演示主目录（没有 .demo-options.json）：不动它\n`],
      [['bogus', '--home', demo], 2, '未知命令“bogus”\n用法：'],
    ];
    for (const [args, code, said] of scenes) {
      const r = await runCtl(dir, args, zh);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stdout.startsWith(said), r.stdout).toBe(true);
      expect(englishLines(r)).toEqual([]);
      // The usage line has no English prose for the filter to find (`usage: ctl.js <start|…>`, `unknown command "x"`):
      // its Chinese words are the check there.
      if (args.length && args[0] !== 'bogus')
        expect(englishLines(await runCtl(dir, args, en)), args.join(' ')).not.toEqual([]);
    }
    // `gatewatch demo heal` on a state dir with no demo in it: the failure the script gives, in Chinese.
    const heal = await runCliHere(dir, ['demo', 'heal'], { env: zh });
    expect(heal.code).toBe(1);
    expect(heal.stderr).toMatch(/^gatewatch: \S+ 不是演示主目录（没有 \.demo-options\.json）：不动它\n$/);
    expect(englishLines(heal)).toEqual([]);
    expect(englishLines(await runCliHere(dir, ['demo', 'heal'], { env: en }))).not.toEqual([]);
  });

  it('a running daemon: status shows the notifier in Chinese; a second daemon is refused in Chinese, exit 75', async () => {
    const zhDaemon = await startDaemon(zh);
    try {
      const status = await zhDaemon.status(zh);
      expect(status.stdout).toMatch(/ntfy[:：]\s*(尚未推送|\S+ 上次推送成功)/);
      expect(englishLines(status)).toEqual([]);

      const second = await runCli(zhDaemon.dir, ['run', '--config', zhDaemon.config], { env: zh });
      expect(second.code).toBe(75);
      expect(second.stderr).toMatch(
        new RegExp(
          `^gatewatch: 另一个 gatewatch 守护进程（pid \\d+）正在为 \\S+ 运行；不再启动第二个。\\n可以在这里与它对话：${gw} status \\| logs \\| check \\| restart。或者先停止它（kill \\d+）。\\n$`,
        ),
      );
      expect(englishLines(second)).toEqual([]);
      // The refusal is worded by the second process, in its own terminal's language.
      const secondEn = await runCli(zhDaemon.dir, ['run', '--config', zhDaemon.config], { env: en });
      expect(secondEn.code).toBe(75);
      expect(englishLines(secondEn)).not.toEqual([]);

      // A client that breaks the protocol by hand (`nc -U`) is told why in the daemon's language.
      const sock = path.join(zhDaemon.dir, 'state', 'gatewatch.sock');
      const said = await Promise.all(
        ['', 'nope\n', '{"v":1,"command":"rm"}\n', 'x'.repeat(70_000)].map((req) => rawAsk(sock, req)),
      );
      expect(said).toEqual([
        '没有收到请求',
        '请求不是 JSON',
        expect.stringMatching(/^“rm”不是 CLI 命令（可选：status, /),
        expect.stringMatching(/^请求过大（最多 \d+ 字节）$/),
      ]);
      for (const e of said) expect(englishProse(e ?? ''), e).toEqual([]);
    } finally {
      await zhDaemon.stop();
    }
    // The daemon answers status in its own language: an English one, for the filter to find the English words.
    const enDaemon = await startDaemon(en);
    try {
      const status = await enDaemon.status(en);
      expect(status.stdout).toMatch(/ntfy: (no push yet|last push ok at \S+)/);
      expect(englishLines(status)).not.toEqual([]);
    } finally {
      await enDaemon.stop();
    }
  });

  // Issue 55 item 7: zod's zh-CN table said `期望 数字，实际接收 string`, an unreadable file `（EACCES）` alone, and a
  // service of configured commands `服务 command：inactive (exit 1)`.
  it("validate and check: zod's type names, a system error and the configured commands' answer, in Chinese", async () => {
    const dir = home();
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${dir}/state`,
        `targets: [{ name: box, hermes_home: ${hermesHome(dir)}, service: { manager: none } }]`,
        'remediate: { max_restarts: ten }',
        'operators: [{ name: ops, role: admin, qq_openid: [1] }]',
        '',
      ].join('\n'),
    );
    const r = await runCliHere(dir, ['validate', '--config', config], { env: zh });
    expect(r.code).toBe(78);
    expect(r.stderr.trim().split('\n')).toEqual([
      `错误：${config}:3：键“remediate.max_restarts”：应为数字，这里是文字`,
      `错误：${config}:4：键“operators[0].qq_openid”：应为文字，这里是列表`,
    ]);
    expect(englishLines(r)).toEqual([]);

    // A config file this user may not read (as root, held to the file modes: test/helpers/deny-reads.ts).
    const locked = path.join(dir, 'locked.yaml');
    writeFileSync(locked, `state_dir: ${dir}/state\n`, { mode: 0o000 });
    chmodSync(locked, 0o000);
    const denied = await validateHeldToModes(CLI, dir, locked);
    expect(denied.code, denied.stderr).toBe(78);
    expect(denied.stderr).toContain(`错误：${locked}：无法读取配置文件（没有权限，EACCES）`);

    // The gateway down, its configured is_active answering 1: the evidence and /status say it in Chinese.
    const svc = path.join(dir, 'svc.yaml');
    writeFileSync(
      svc,
      [
        `state_dir: ${dir}/state`,
        `targets: [{ name: box, hermes_home: ${hermesHome(dir)}, service: { manager: command, is_active: [/bin/false], start: [/bin/true], restart: [/bin/true] } }]`,
        '',
      ].join('\n'),
    );
    const check = await runCliHere(dir, ['check', '--config', svc], { env: zh });
    expect(check.stdout).toContain('| 服务（gatewatch 配置中的命令）：未运行（退出码 1）');
    const status = await runCliHere(dir, ['status', '--config', svc], { env: zh });
    expect(status.stdout).toMatch(/服务\s+gatewatch 配置中的命令：未运行（退出码 1）/);
    const enStatus = await runCliHere(dir, ['status', '--config', svc], { env: en });
    expect(enStatus.stdout).toMatch(/service\s+the commands in gatewatch's config: not running \(exit 1\)/);
  });

  // A clone in a home of mode 0700 (root's /root, where people who work as root on a server clone things): the test
  // above must pass from there too. Another user (uid 65534) could not even load a CLI there.
  it('an unreadable config is said as such by a CLI inside a folder of mode 0700', async () => {
    const dir = home();
    const clone = path.join(dir, 'private', 'gatewatch');
    mkdirSync(clone, { recursive: true });
    chmodSync(path.dirname(clone), 0o700);
    cpSync(path.dirname(DIST), path.join(clone, 'dist'), { recursive: true });
    cpSync(path.join(DIST, '..', '..', 'package.json'), path.join(clone, 'package.json'));
    const locked = path.join(dir, 'locked.yaml');
    writeFileSync(locked, `state_dir: ${dir}/state\n`, { mode: 0o000 });
    const denied = await validateHeldToModes(path.join(clone, 'dist', 'src', 'cli.js'), dir, locked);
    expect(denied.code, denied.stderr).toBe(78);
    expect(denied.stderr).toContain(`错误：${locked}：无法读取配置文件（没有权限，EACCES）`);
  });
});

/** What the daemon says to one raw request on its control socket: the error of its last line. */
function rawAsk(sock: string, request: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const c = net.createConnection(sock, () => c.end(request));
    c.setEncoding('utf8');
    c.on('data', (d: string) => (buf += d));
    c.on('error', reject);
    c.on('close', () => resolve((JSON.parse(buf.trim().split('\n').at(-1)!) as { error?: string }).error));
  });
}

/** The demo's supervisor script as built (dist/src/demo/ctl.js), run as a person runs it from a terminal. */
function runCtl(dir: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [path.join(DIST, 'demo', 'ctl.js'), ...args],
      { env: { ...process.env, ...env, HOME: dir, HERMES_HOME: '' }, cwd: dir },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    ),
  );
}

/** `gatewatch run` in a temp HOME with an ntfy notifier whose service (on loopback) takes every push. */
async function startDaemon(env: Record<string, string>) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const dir = home();
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    `state_dir: ${dir}/state\ntargets: [{ name: box, hermes_home: ${hermesHome(dir)}, service: { manager: none } }]\nchannels:\n  notifiers:\n    - { type: ntfy, url: "http://127.0.0.1:${port}/gw" }\n`,
  );
  const out: string[] = [];
  const daemon: ChildProcess = spawn(process.execPath, [CLI, 'run', '--config', config], {
    env: { ...process.env, ...env, HOME: dir, GATEWATCH_CONFIG: '', GATEWATCH_LOG_LEVEL: 'error' },
    cwd: dir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  daemon.stdout!.on('data', (d) => out.push(String(d)));
  daemon.stderr!.on('data', (d) => out.push(String(d)));
  return {
    dir,
    config,
    /** `gatewatch status` once the daemon answers it (its channels are listed then; a one-shot status has none). */
    status: (cliEnv: Record<string, string>) =>
      until(
        'status answered by the daemon',
        async () => {
          const r = await runCliHere(dir, ['status', '--config', config], { env: cliEnv });
          return /ntfy/.test(r.stdout) ? r : undefined;
        },
        { timeoutMs: 60_000, everyMs: 500 },
      ).catch((e: Error) => {
        throw new Error(`${e.message}; the daemon said:\n${out.join('')}`);
      }),
    stop: async () => {
      if (daemon.exitCode === null) {
        const exited = new Promise((r) => daemon.once('exit', r));
        daemon.kill('SIGTERM');
        await exited;
      }
      await new Promise((r) => server.close(r));
    },
  };
}
