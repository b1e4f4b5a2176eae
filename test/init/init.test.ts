// `gatewatch init` (issue 20, item 2) as a newcomer runs it: the CLI's code (test/helpers/cli-run.ts) on a temp HOME holding a Hermes root that
// serves a profile, real files; then `validate`, `check` and `status` find what it wrote without --config.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliHere } from '../helpers/cli-run.js';
import { gatewatchCommand } from '../../src/util/invocation.js';

/** How this install is typed here (`npx gatewatch` from a clone): the CLI's hints say it so. */
const gw = gatewatchCommand();

const TOKEN = '123456789:AAEabcdefghijklmnopqrstuvwxyz012';

/**
 * A HOME with ~/.hermes: a root gateway that serves profile `coder` (telegram at the root, discord for coder), and a
 * profile `idle` that was set up but never run. `systemd`: the Hermes user unit and a systemctl on PATH.
 */
function hermesHome(o: { systemd?: boolean } = {}): { home: string; env: Record<string, string> } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-init-'));
  const root = path.join(home, '.hermes');
  mkdirSync(path.join(root, 'logs'), { recursive: true });
  writeFileSync(path.join(root, 'logs', 'gateway.log'), '');
  writeFileSync(
    path.join(root, 'gateway_state.json'),
    JSON.stringify({
      gateway_state: 'running',
      served_profiles: ['coder'],
      platforms: { telegram: { state: 'connected' }, 'coder:discord': { state: 'connected' } },
    }),
  );
  for (const p of ['coder', 'idle']) {
    mkdirSync(path.join(root, 'profiles', p), { recursive: true });
    writeFileSync(path.join(root, 'profiles', p, 'config.yaml'), 'model: x\n');
  }
  const env: Record<string, string> = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', HERMES_HOME: '' };
  if (o.systemd) {
    mkdirSync(path.join(home, '.config', 'systemd', 'user'), { recursive: true });
    writeFileSync(
      path.join(home, '.config', 'systemd', 'user', 'hermes-gateway.service'),
      '[Service]\nExecStart=/bin/true\n',
    );
    const bin = path.join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'systemctl'), '#!/bin/sh\nexit 3\n');
    chmodSync(path.join(bin, 'systemctl'), 0o755);
    env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
  }
  return { home, env };
}

const configOf = (home: string) => path.join(home, '.config', 'gatewatch', 'config.yaml');
const envOf = (home: string) => path.join(home, '.config', 'gatewatch', 'env');

describe('gatewatch init', () => {
  it('--yes: finds the served homes, their platforms and service; writes the config and a 600 env file; says the next command', async () => {
    const { home, env } = hermesHome({ systemd: true });
    // The root named: the other gateways of this host (other tests') are not looked for (test/e2e/init-everywhere).
    const r = await runCliHere(home, ['init', '--yes', '--hermes-home', '~/.hermes'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /default +root gateway, serves coder; platforms Telegram; systemd service hermes-gateway\.service/,
    );
    expect(r.stdout).toMatch(/coder +profile served by the root gateway; platforms Discord/);
    expect(r.stdout).toContain('idle: left out, no gateway has run this profile');
    expect(r.stdout).toContain(`Wrote ${configOf(home)}`);
    expect(r.stdout).toContain(`Wrote ${envOf(home)} (mode 600)`);
    // No channel asked for: the console, and how to add a phone.
    expect(r.stdout).toContain('this terminal (the console channel)');
    expect(r.stdout).toContain(`${gw} init --force --channel telegram`);
    expect(r.stdout).toContain(`Next: ${gw} run\n`);
    const config = readFileSync(configOf(home), 'utf8');
    expect(config).toContain(`hermes_home: "${home}/.hermes"`);
    expect(config).toContain(`hermes_home: "${home}/.hermes/profiles/coder"`);
    expect(config).not.toContain('idle');
    expect(config).toContain('console: {}');
    expect(statSync(envOf(home)).mode & 0o777).toBe(0o600);
    // Where gatewatch looks by default: no --config from here on.
    const validate = await runCliHere(home, ['validate'], { env });
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/targets \(2\):\n  default .*\n  coder /);
    for (const cmd of ['check', 'status']) expect((await runCliHere(home, [cmd], { env })).code, cmd).not.toBe(78);
  });

  it('never touches an existing file without --force: exit 1, one line; --force rewrites the config and keeps the other secrets', async () => {
    const { home, env } = hermesHome();
    expect((await runCliHere(home, ['init', '--yes'], { env })).code).toBe(0);
    writeFileSync(envOf(home), 'OTHER_SECRET=keep-me\n', { mode: 0o600 });
    const before = readFileSync(configOf(home), 'utf8');
    const again = await runCliHere(home, ['init', '--yes', '--channel', 'telegram', '--operator-id', '42'], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `gatewatch: ${configOf(home)} already exists; not touching it (\`${gw} init --force\` overwrites it)\n`,
    );
    expect(readFileSync(configOf(home), 'utf8')).toBe(before);
    const forced = await runCliHere(
      home,
      ['init', '--yes', '--force', '--channel', 'telegram', '--operator-id', '42'],
      {
        env: { ...env, GATEWATCH_TELEGRAM_TOKEN: TOKEN },
      },
    );
    expect(forced.code).toBe(0);
    expect(readFileSync(configOf(home), 'utf8')).toContain('bot_token: ${GATEWATCH_TELEGRAM_TOKEN}');
    // A chat channel's first sign that the chain works: `run` says on the phone what it watches (issue 80 item 5).
    expect(readFileSync(configOf(home), 'utf8')).toContain('\nalerts: { on_start: true }\n');
    expect(before).not.toContain('on_start');
    expect(readFileSync(envOf(home), 'utf8')).toBe(`OTHER_SECRET=keep-me\nGATEWATCH_TELEGRAM_TOKEN=${TOKEN}\n`);
    // The token now comes from the env file alone.
    const validate = await runCliHere(home, ['validate'], { env });
    expect(validate.stderr).not.toContain('error:');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('operators: 1 (1 admin)');
  });

  it('asks for the channel, the app id, the operator id and the secret when not given (answers on stdin)', async () => {
    const { home, env } = hermesHome();
    const r = await runCliHere(home, ['init', '--hermes-home', '~/.hermes'], {
      env,
      input: 'qq\n102345678\nOPENID_OF_OPERATOR\nqq-secret-value\n',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Where should alerts reach you?');
    expect(r.stdout).toContain('Your qq_openid');
    const config = readFileSync(configOf(home), 'utf8');
    expect(config).toContain('app_id: "102345678"');
    expect(config).toContain('client_secret: ${GATEWATCH_QQ_SECRET}');
    expect(config).toContain('alert_to: [{ user: "OPENID_OF_OPERATOR" }]');
    expect(config).toContain('qq_openid: "OPENID_OF_OPERATOR"');
    expect(config).not.toContain('qq-secret-value');
    expect(readFileSync(envOf(home), 'utf8')).toContain('GATEWATCH_QQ_SECRET=qq-secret-value\n');
    expect((await runCliHere(home, ['validate'], { env })).code).toBe(0);
  });

  it('a secret left empty is said to be filled in; zh-CN from $LANG words it all in Chinese', async () => {
    const { home, env } = hermesHome();
    const r = await runCliHere(
      home,
      ['init', '--yes', '--channel', 'feishu', '--app-id', 'cli_a1b2c3d4e5f6a7b8', '--operator-id', 'ou_operator'],
      { env: { ...env, LANG: 'zh_CN.UTF-8' } },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`请把密钥写入 ${envOf(home)}：GATEWATCH_FEISHU_SECRET=…`);
    expect(r.stdout).toContain(`下一步：${gw} run`);
    expect(readFileSync(configOf(home), 'utf8')).toMatch(/^locale: zh-CN$/m);
    const validate = await runCliHere(home, ['validate'], { env });
    expect(validate.code).toBe(78);
    // The config init wrote says zh-CN: validate words its problems in Chinese too.
    expect(validate.stderr).toContain('环境变量 GATEWATCH_FEISHU_SECRET 未设置');
  });

  it('usage errors are one line, exit 64, and write nothing: an unknown channel, a chat channel without its ids, a bad app id', async () => {
    const { home, env } = hermesHome();
    const cases: [string[], RegExp][] = [
      [['--channel', 'pager'], /unknown channel "pager": expected one of console, .*telegram/],
      [['--channel', 'qq'], /--channel qq needs --app-id ID, --operator-id ID/],
      [['--channel', 'feishu', '--app-id', 'nope', '--operator-id', 'ou_1'], /app_id: expected a Feishu app id/],
      [['--channel', 'telegram', '--operator-id', 'me'], /telegram_id: expected a number/],
    ];
    for (const [args, re] of cases) {
      const r = await runCliHere(home, ['init', '--yes', ...args], { env });
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(configOf(home))).toBe(false);
  });

  it('no Hermes home: exit 1 with what to do; --hermes-home points elsewhere', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-init-'));
    const env = { LANG: 'C', LC_ALL: '', HERMES_HOME: '' };
    // The home named alone: the other gateways of this host (other tests') are not looked for.
    const none = await runCliHere(home, ['init', '--yes', '--hermes-home', '~/.hermes'], { env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`no Hermes home found in ${home}/.hermes`);
    expect(none.stderr).toContain('--hermes-home DIR');
    const other = path.join(home, 'srv', 'hermes');
    mkdirSync(path.join(other, 'logs'), { recursive: true });
    writeFileSync(path.join(other, 'gateway_state.json'), '{}');
    const r = await runCliHere(home, ['init', '--yes', '--hermes-home', other], { env });
    expect(r.code).toBe(0);
    expect(readFileSync(configOf(home), 'utf8')).toContain(`hermes_home: "${other}"`);
  });

  it("on the demo's home: a compressed QQ cycle (the playground's) is said in the config it writes, QQ's own is not", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-init-'));
    const demo = (name: string, options: Record<string, unknown>) => {
      const dir = path.join(home, name);
      mkdirSync(path.join(dir, 'logs'), { recursive: true });
      writeFileSync(path.join(dir, 'gateway_state.json'), JSON.stringify({ platforms: { qqbot: {} } }));
      writeFileSync(path.join(dir, '.demo-options.json'), JSON.stringify(options));
      return dir;
    };
    for (const [locale, lang, said] of [
      ['en', 'C.UTF-8', "# The demo gateway drops QQ's idle session every 20s, "],
      ['zh-CN', 'zh_CN.UTF-8', '# 演示网关每 20 秒让 QQ 的空闲会话断开一次'],
    ] as const) {
      const env = { LANG: lang, LC_ALL: '', LC_MESSAGES: '', HERMES_HOME: '' };
      const fast = demo(`fast-${locale}`, { qq_cycle_ms: 20_000 });
      const r = await runCliHere(home, ['init', '--yes', '--force', '--hermes-home', fast], { env });
      expect(r.code, r.stderr).toBe(0);
      const config = readFileSync(configOf(home), 'utf8');
      expect(config).toContain('\ndetect:\n  zombie_after: 60s\n');
      expect(config).toContain(said);
      expect((await runCliHere(home, ['validate'], { env })).code).toBe(0);
    }
    const own = demo('own', {});
    const env = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', HERMES_HOME: '' };
    expect((await runCliHere(home, ['init', '--yes', '--force', '--hermes-home', own], { env })).code).toBe(0);
    expect(readFileSync(configOf(home), 'utf8')).not.toContain('detect:');
  });
});
