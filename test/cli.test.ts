// The CLI as a user runs it: real files, exit codes. A command runs inside this process (runCliHere: the CLI's own
// code with its own streams, environment and exit) unless only a process can show it (the daemon, a pipe closed
// under it, the first test's exit from the built executable): those are spawned from dist/.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTargetConfig, injectFault, startDemo, stopDemo } from '../src/demo/index.js';
import { until, where } from './helpers/until.js';
import { CLI } from './helpers/paths.js';
import { gatewatch as run } from './helpers/cli-run.js';
import { gatewatchCommand } from '../src/util/invocation.js';

/** How this install is typed here (`npx gatewatch` from a clone): the CLI's hints say it so. */
const gw = gatewatchCommand();

/** HOME for a run that names none. */
const HOME = mkdtempSync(path.join(os.tmpdir(), 'gw-cli-home-'));

const gatewatch = (args: string[], env: Record<string, string> = {}, o: { spawn?: boolean } = {}) =>
  run(args, { env, home: env.HOME ?? HOME, ...o });

describe('config errors', () => {
  it('exit 78 naming the file, line and key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-cli-'));
    const file = path.join(dir, 'config.yaml');
    writeFileSync(file, 'locale: en\nremediate:\n  cooldown: two minutes\n');
    const r = await gatewatch(['check', '--config', file], {}, { spawn: true });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain(`${file}:3`);
    expect(r.stderr).toContain('remediate.cooldown');
    expect(r.stderr).toMatch(/duration like 90s/);
  });

  it('a dead man period out of range: exit 78 naming the file, line and key, before anything runs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-cli-'));
    const file = path.join(dir, 'config.yaml');
    writeFileSync(
      file,
      `state_dir: ${path.join(dir, 'state')}\ntargets: [{ name: box, hermes_home: ${dir}, service: { manager: none } }]\ndeadman:\n  url: https://hc-ping.com/uuid\n  every: 0s\n`,
    );
    const r = await gatewatch(['run', '--config', file]);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain(`${file}:5`);
    expect(r.stderr).toContain('deadman.every');
    expect(r.stderr).toMatch(/from 1s to 7d, got 0s/);
  });

  it('a config named by $GATEWATCH_CONFIG is used, and a missing one is an error', async () => {
    const r = await gatewatch(['status'], { GATEWATCH_CONFIG: '/nonexistent/gatewatch.yaml' });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('/nonexistent/gatewatch.yaml');
  });
});

describe('gatewatch check against the demo gateway', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-check-'));
  const home = path.join(dir, 'hermes');
  const config = path.join(dir, 'config.yaml');
  const supervisedConfig = path.join(dir, 'supervised.json');
  beforeAll(async () => {
    mkdirSync(home, { recursive: true });
    writeFileSync(
      config,
      `state_dir: ${dir}/state\ntargets:\n  - name: demo\n    hermes_home: ${home}\n    platforms: [feishu, qqbot]\n    service: { manager: none }\n`,
    );
    // The same gateway as its demo service runs it (its ctl commands): what a restart asks first.
    writeFileSync(
      supervisedConfig,
      JSON.stringify({ state_dir: `${dir}/state-supervised`, targets: [demoTargetConfig(home)] }),
    );
    const r = await startDemo(home, {});
    expect(r.ok).toBe(true);
  });
  afterAll(async () => {
    await stopDemo(home);
  });

  it('healthy: prints nothing, exit 0; then a dead QQ loop: findings, exit 2; --json for machines', async () => {
    let r = await until(
      'a clean check',
      where(
        () => gatewatch(['check', '--config', config]),
        (x) => x.code === 0 && !x.stdout,
      ),
      { timeoutMs: 20_000, everyMs: 500 },
    );
    expect(r).toMatchObject({ code: 0, stdout: '' });

    // Nothing supervises it: refused at once, not asked "Restart anyway?" first (issue 80).
    const bare = await gatewatch(['restart', '--config', config]);
    expect(bare.stdout).toMatch(/Not restarting demo: nothing supervises it/);
    expect(bare.stdout).not.toMatch(/Restart anyway/);
    expect(bare.code).toBe(1);
    // A restart of a healthy gateway a service runs, without --yes, is refused: exit 1, so a script knows nothing was
    // restarted.
    const healthy = await gatewatch(['restart', '--config', supervisedConfig]);
    expect(healthy.stdout).toMatch(/demo looks healthy\. Restart anyway\?/);
    // Said the CLI's way, never as chat (issue 20 item 4).
    expect(healthy.stdout).toContain(`To go ahead: ${gw} restart demo --yes`);
    expect(healthy.stdout).not.toMatch(/\/restart|confirm/);
    expect(healthy.code).toBe(1);

    await injectFault(home, 'qq-max-reconnect');
    r = await until(
      'check to find the dead QQ loop',
      where(
        () => gatewatch(['check', '--config', config]),
        (x) => x.code === 2,
      ),
      { timeoutMs: 30_000, everyMs: 500 },
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^🔴 QQ /m);
    expect(r.stdout.split('\n')[1]).not.toMatch(/qq_reconnect_exhausted|qqbot/);
    expect(r.stdout).toContain('Max reconnect attempts reached');

    const j = await gatewatch(['check', '--json', '--config', config]);
    expect(j.code).toBe(2);
    const parsed = JSON.parse(j.stdout);
    expect(parsed.status).toBe('critical');
    expect(parsed.findings.map((f: { check: string }) => f.check)).toContain('qq_reconnect_exhausted');

    const logs = await gatewatch(['logs', '-n', '3', '--grep', 'Max reconnect', '--config', config]);
    expect(logs.stdout).toMatch(/last 1 line of gateway.log matching "Max reconnect"/);

    // Without a supervisor the CLI refuses to restart rather than killing processes itself.
    const rs = await gatewatch(['restart', '--config', config]);
    expect(rs.stdout).toMatch(/Not restarting demo: nothing supervises it/);
    expect(rs.code).toBe(1);

    // Two agent turns running (issue 22 item 6): --yes answered another question; the busy agents are asked about
    // again, the CLI's way, and nothing restarts.
    await injectFault(home, 'busy');
    // Once the gateway says so in its state file (a target its ctl runs restarts for real on --yes), --yes once.
    await until(
      'the gateway running two agent turns',
      () => JSON.parse(readFileSync(path.join(home, 'gateway_state.json'), 'utf8')).active_agents === 2,
      { timeoutMs: 20_000, everyMs: 200 },
    );
    const busy = await gatewatch(['restart', '--yes', '--config', supervisedConfig]);
    expect(busy.stdout).toMatch(/demo is running 2 agent turns right now: a restart cuts them off\. Restart anyway\?/);
    expect(busy.stdout).toContain(`To restart anyway, cutting them off: ${gw} restart demo --yes --interrupt`);
    expect(busy.code).toBe(1);
    const cut = await gatewatch(['restart', '--yes', '--interrupt', '--config', config]);
    expect(cut.stdout).toMatch(/Not restarting demo: nothing supervises it/);
  });
});

describe('gatewatch check on a gateway its operator stopped (issue 19 item 9)', () => {
  /** A gateway run by the commands in gatewatch's config: gatewatch can start it again. */
  const COMMANDS = '{ manager: command, is_active: [/bin/false], start: [/bin/true], restart: [/bin/true] }';

  /**
   * test/fixtures/logs/planned-stop.log (a run, then `hermes gateway stop`), re-dated to end `minutesAgo` before now;
   * by default nothing gatewatch can reach runs it.
   */
  function stoppedHome(minutesAgo: number, service = '{ manager: none }') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-stopped-'));
    const home = path.join(dir, 'hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    const lines = readFileSync(path.join(import.meta.dirname, 'fixtures', 'logs', 'planned-stop.log'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const last = Date.parse(lines.at(-1)!.slice(0, 19).replace(' ', 'T'));
    const shift = Date.now() - minutesAgo * 60_000 - last;
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    const stamp = (ms: number) => {
      const d = new Date(ms);
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    };
    writeFileSync(
      path.join(home, 'logs', 'gateway.log'),
      lines.map((l) => stamp(Date.parse(l.slice(0, 19).replace(' ', 'T')) + shift) + l.slice(19)).join('\n') + '\n',
    );
    writeFileSync(
      path.join(home, 'gateway_state.json'),
      JSON.stringify({
        pid: 48213,
        kind: 'hermes-gateway',
        gateway_state: 'stopped',
        exit_reason: null,
        restart_requested: false,
        platforms: {},
      }),
    );
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      `state_dir: ${dir}/state\ntargets:\n  - name: box\n    hermes_home: ${home}\n    service: ${service}\n`,
    );
    return config;
  }

  it('a fresh stop: exit 0, and it says so (text and --json)', async () => {
    const config = stoppedHome(30);
    const r = await gatewatch(['check', '--config', config]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/box: stopped by the operator at \d\d-\d\d \d\d:\d\d:\d\d/);
    // Nothing gatewatch can reach runs it (no service manager): the start is the operator's to run, not `gatewatch
    // restart`, which would refuse.
    expect(r.stdout).toMatch(
      /no alert \(one reminder if it lasts long\)\. It only watches this gateway and cannot start it: `hermes gateway run` on this host brings it back/,
    );
    const managed = await gatewatch(['check', '--config', stoppedHome(30, COMMANDS)]);
    expect(managed.stdout).toContain(
      `no alert and no restart (one reminder if it lasts long). \`${gw} restart box\` brings it back`,
    );
    const j = await gatewatch(['check', '--json', '--config', config]);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({
      status: 'ok',
      findings: [],
      stopped: [{ target: 'box', by: 'operator' }],
    });
  });

  it("status --json: its buttons name the CLI's commands, and the command by what it does (issue 20 item 4)", async () => {
    const j = await gatewatch(['status', '--json', '--config', stoppedHome(30, COMMANDS)]);
    const [reply] = JSON.parse(j.stdout);
    expect(reply.buttons).toEqual([
      {
        label: 'Restart',
        command: `${gw} restart box`,
        ref: { command: 'restart', target: 'box' },
        style: 'primary',
      },
      {
        label: 'Logs',
        command: `${gw} logs box -n 50`,
        ref: { command: 'logs', lines: 50, target: 'box' },
        style: 'default',
      },
    ]);
    expect(j.stdout).not.toMatch(/"\/(restart|logs)/);
  });

  it('still stopped past detect.operator_stop_reminder: the reminder is a warning, exit 1', async () => {
    const r = await gatewatch(['check', '--config', stoppedHome(13 * 60, COMMANDS)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^🟠 Gateway still stopped/m);
    expect(r.stdout).toMatch(/the operator stopped it 13h/);
    // Its advice said the command line's way: no chat command where there is no chat (issue 20 item 4).
    expect(r.stdout).toContain(`\`${gw} restart box\``);
    expect(r.stdout).not.toContain('/restart');
    const j = await gatewatch(['check', '--json', '--config', stoppedHome(13 * 60, COMMANDS)]);
    expect(JSON.parse(j.stdout).findings[0].action).toContain(`\`${gw} restart box\``);
    expect(j.stdout).not.toContain('/restart');
    // Nothing runs it and gatewatch never saw how it was started: its restart would refuse, so only the start is named.
    const none = await gatewatch(['check', '--config', stoppedHome(13 * 60)]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('`hermes gateway run` on its host');
    expect(none.stdout).not.toContain(`${gw} restart box`);
  });
});

describe('gatewatch demo fail', () => {
  it('names the faults on a typo, and says when no demo is running', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-demo-cli-'));
    const typo = await gatewatch(['demo', 'fail', 'crsh'], { HOME: home });
    // Said as every other CLI error is: one `gatewatch:` line; exit 2 as it always was (a contract).
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^gatewatch: unknown fault "crsh"; one of: crash, sigterm/);
    const idle = await gatewatch(['demo', 'fail', 'crash'], { HOME: home });
    expect(idle.code).toBe(1);
    expect(idle.stderr).toContain(`start it with: ${gw} demo`);
  });
});

describe('gatewatch run', () => {
  it('exits non-zero when its own QQ channel stays offline past give_up_after, so systemd restarts it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-run-'));
    const file = path.join(dir, 'config.yaml');
    // Port 9 on loopback: nothing listens, every connection is refused.
    writeFileSync(
      file,
      [
        `state_dir: ${dir}/state`,
        'targets:',
        `  - { name: gw, hermes_home: ${dir}, service: { manager: none } }`,
        'channels:',
        '  qq: { app_id: "102", client_secret: "s3cret-value", api_base: "http://127.0.0.1:9", token_url: "http://127.0.0.1:9/token", give_up_after: 2s }',
      ].join('\n'),
    );
    const t0 = Date.now();
    const r = await gatewatch(['run', '--config', file], { GATEWATCH_LOG_LEVEL: 'info' });
    expect(r.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(50_000);
    expect(r.stderr).toMatch(/channel cannot recover/);
    expect(r.stderr + r.stdout).not.toContain('s3cret-value');
  });
});

describe('exit codes of the CLI commands', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-exit-'));
  const home = path.join(dir, 'hermes');
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  const config = (service: string, extra = '') => {
    const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(
      file,
      `state_dir: ${dir}/state\ntargets:\n  - name: gw\n    hermes_home: ${home}\n    service: ${service}\n${extra}`,
    );
    return file;
  };

  it('unknown target: exit 2 with the list of targets, in every command that takes one', async () => {
    const file = config('{ manager: none }');
    for (const args of [
      ['restart', 'gw2', '--yes'],
      ['status', 'gw2'],
      ['doctor', 'gw2'],
    ]) {
      const r = await gatewatch([...args, '--config', file]);
      expect(r.stdout).toMatch(/Unknown target "gw2"\. Targets: gw/);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });

  it('restart that fails: exit 1; logs on an unreadable log: exit 1', async () => {
    // The supervisor's restart command fails and the gateway never comes up.
    const fail = [process.execPath, '-e', 'process.exit(3)'];
    const file = config(
      `{ manager: command, is_active: ${JSON.stringify(fail)}, restart: ${JSON.stringify(fail)}, start: ${JSON.stringify(fail)} }`,
      'remediate: { verify_timeout: 3s }\n',
    );
    const r = await gatewatch(['restart', '--yes', '--config', file]);
    expect(r.stdout).toMatch(/Restart of gw failed/);
    expect(r.code).toBe(1);

    const logs = await gatewatch(['logs', '--config', config('{ manager: none }')]);
    expect(logs.stdout).toMatch(/Cannot read .*gateway\.log/);
    expect(logs.code).toBe(1);
  });
});

describe('a hermes_home that does not exist', () => {
  it('a configured one is a config error naming the key and line, exit 78, at the start of the daemon and of check', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-home-'));
    mkdirSync(path.join(dir, '.hermes'));
    const file = path.join(dir, 'config.yaml');
    writeFileSync(
      file,
      `state_dir: ${dir}/state\ntargets:\n  - name: gw\n    hermes_home: ${dir}/.hermse\n    service: { manager: none }\n`,
    );
    for (const cmd of ['run', 'check', 'status']) {
      const r = await gatewatch([cmd, '--config', file]);
      expect(r.code, cmd).toBe(78);
      expect(r.stderr).toContain(`${file}:4`);
      expect(r.stderr).toContain('targets[0].hermes_home');
      expect(r.stderr).toContain(`${dir}/.hermse does not exist`);
    }
  });

  it('a target that leaves hermes_home to its default (~/.hermes) is configured too', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-home-'));
    const file = path.join(dir, 'config.yaml');
    writeFileSync(
      file,
      `state_dir: ${dir}/state\ntargets:\n  - name: a\n    hermes_home: ${dir}\n  - name: b\n    service: { manager: none }\n`,
    );
    const r = await gatewatch(['check', '--config', file], { HOME: dir });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain(`${file}:5`);
    expect(r.stderr).toContain('targets[1].hermes_home');
  });

  it('discovered (no config): no error at start, and doctor says the directory does not exist', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-home-'));
    const env = { HOME: dir, GATEWATCH_CONFIG: '' };
    const st = await gatewatch(['status'], env);
    expect(st.code).not.toBe(78);
    const doc = await gatewatch(['doctor'], env);
    expect(doc.stdout).toContain(`${dir}/.hermes`);
    expect(doc.stdout).toMatch(/does not exist/);
    expect(doc.code).toBe(1);
  });

  it('doctor with a configured typo says it too', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-home-'));
    const file = path.join(dir, 'config.yaml');
    writeFileSync(
      file,
      `state_dir: ${dir}/state\ntargets:\n  - { name: gw, hermes_home: ${dir}/.hermse, service: { manager: none } }\n`,
    );
    const doc = await gatewatch(['doctor', '--config', file]);
    expect(doc.stdout).toMatch(/The Hermes home .*\.hermse does not exist/);
    expect(doc.code).toBe(1);
  });
});

describe('the CLI takes real arguments, parsed once', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-cli-args-'));
  const home = path.join(dir, 'hermes');
  const config = path.join(dir, 'config.yaml');
  beforeAll(() => {
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    const lines = Array.from(
      { length: 40 },
      (_, i) => `2026-06-22 08:00:${String(i).padStart(2, '0')},000 INFO gateway.run: line ${i}`,
    );
    lines.push(
      '2026-06-22 08:01:00,000 INFO gateway.run: spaced a  b here',
      '2026-06-22 08:01:01,000 INFO gateway.run: single a b here',
      '2026-06-22 08:01:02,000 INFO gateway.run: about box the demo',
    );
    writeFileSync(path.join(home, 'logs', 'gateway.log'), lines.join('\n') + '\n');
    writeFileSync(
      config,
      `state_dir: ${path.join(dir, 'state')}\ntargets: [{ name: box, hermes_home: ${home}, service: { manager: none } }]\n`,
    );
  });
  const code = (r: { stdout: string }) => r.stdout.split('\n').filter((l) => /gateway\.run:/.test(l));

  it('logs 20 and logs -n 20 show 20 lines; --grep keeps its spaces; a pattern that names a target is a pattern', async () => {
    expect(code(await gatewatch(['logs', '20', '--config', config]))).toHaveLength(20);
    expect(code(await gatewatch(['logs', '-n', '20', '--config', config]))).toHaveLength(20);
    expect(code(await gatewatch(['logs', 'box', '-n', '2', '--config', config]))).toHaveLength(2);
    const spaced = await gatewatch(['logs', '--grep', 'a  b', '--config', config]);
    expect(spaced.stdout).toContain('matching "a  b"');
    expect(code(spaced)).toEqual([expect.stringContaining('spaced a  b here')]);
    const named = await gatewatch(['logs', '--grep', 'box', '--config', config]);
    expect(code(named)).toEqual([expect.stringContaining('about box the demo')]);
    // The chat form scripts used keeps working: a count, then the filter words.
    expect(code(await gatewatch(['logs', '30', 'line', '39', '--config', config]))).toHaveLength(1);
  });

  it('a bad argument is a usage error: one line, exit 64, nothing run', async () => {
    const bad = await gatewatch(['logs', '-n', 'abc', '--config', config]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toBe('gatewatch: -n/--lines expects a whole number of at least 1, got "abc"\n');
    expect(bad.stdout).toBe('');
    expect((await gatewatch(['history', 'lots', '--config', config])).code).toBe(64);
    expect((await gatewatch(['mute', '--config', config])).code).toBe(64);
    expect((await gatewatch(['logs', 'box', 'extra', '--grep', 'x', '--config', config])).code).toBe(64);
  });

  it('mute takes --for; a bad duration or an unknown target is a usage error naming the CLI form; replies name CLI commands (issue 20 item 4)', async () => {
    const muted = await gatewatch(['mute', '--for', '30m', '--config', config]);
    expect(muted.code).toBe(0);
    expect(muted.stdout).toContain('gatewatch unmute ends it early');
    expect(muted.stdout).not.toMatch(/\/unmute|\/mute/);
    // The form scripts used before --for keeps working.
    expect((await gatewatch(['mute', '30m', '--config', config])).code).toBe(0);
    const bad = await gatewatch(['mute', '--for', 'soon', '--config', config]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toBe(
      'gatewatch: --for expects a duration up to 7d, e.g. 30m or 2h, got "soon"\nusage: gatewatch mute [target] --for <duration>\n',
    );
    // A target that is not configured is a usage error; a configured one is muted on its own (issue 35 item 2).
    expect((await gatewatch(['mute', 'nobox', '--for', '30m', '--config', config])).code).toBe(64);
    expect((await gatewatch(['mute', 'box', '--for', '30m', '--config', config])).code).toBe(0);
    expect((await gatewatch(['unmute', '--config', config])).stdout).toMatch(/unmuted/i);
  });
});

describe('a reader that stops reading (issue 20 item 7)', () => {
  it('`gatewatch init … | head`: the pipe closed before the first line ends the CLI quietly, exit 0', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-epipe-'));
    mkdirSync(path.join(dir, '.hermes', 'logs'), { recursive: true });
    writeFileSync(path.join(dir, '.hermes', 'config.yaml'), 'model: x\n');
    const child = spawn(
      process.execPath,
      [CLI, 'init', '--yes', '--channel', 'console', '-c', path.join(dir, 'gw.yaml')],
      {
        env: { ...process.env, HOME: dir, GATEWATCH_LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // Our end of its stdout closed at once: every line it writes meets EPIPE, as under `| head -0`.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
