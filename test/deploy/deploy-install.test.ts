// `gatewatch install` / `uninstall`: the unit and the plist are parsed back (and checked by systemd-analyze when the
// machine has it), and the CLI writes, re-writes and removes them as a user would see it.
import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DAEMON_NODE_FLAGS, renderSystemdUnit, systemdWord } from '../../src/deploy/systemd.js';
import { renderLaunchdPlist, xmlEscape } from '../../src/deploy/launchd.js';
import { planInstall } from '../../src/deploy/install.js';
import { parsePlist, parseUnit } from '../helpers/plist.js';
import { CLI, TEST_DIR } from '../helpers/paths.js';

const run = promisify(execFile);

async function gatewatch(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, GATEWATCH_LOG_LEVEL: 'error', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function which(cmd: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** systemd's own command-line splitting (quotes, backslash escapes, %% and $$), to read ExecStart= back. */
function systemdSplit(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    let w = '';
    if (line[i] === '"') {
      i++;
      while (line[i] !== '"') {
        if (i >= line.length) throw new Error('unterminated quote');
        if (line[i] === '\\') i++;
        w += line[i++];
      }
      i++;
    } else while (i < line.length && line[i] !== ' ') w += line[i++];
    words.push(w.replace(/%%/g, '%').replace(/\$\$/g, '$'));
  }
  return words;
}

const analyze = which('systemd-analyze');

async function verifyUnit(text: string): Promise<{ ok: boolean; out: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-unit-'));
  const file = path.join(dir, 'gatewatch.service');
  writeFileSync(file, text);
  try {
    const r = await run(analyze!, ['verify', file], { timeout: 30_000 });
    return { ok: !/gatewatch\.service/.test(r.stderr), out: r.stderr };
  } catch (err) {
    return { ok: false, out: String((err as { stderr?: string }).stderr ?? err) };
  }
}

const spec = {
  node: '/usr/bin/node',
  entry: '/opt/gatewatch/dist/src/cli.js',
  config: '/home/ann/.config/gatewatch/config.yaml',
  envFile: '/home/ann/.config/gatewatch/env',
};

describe('the systemd unit', () => {
  it('runs this node and this gatewatch by absolute path with the config, restarts always, reads secrets from the env file, logs to the journal', () => {
    const u = parseUnit(renderSystemdUnit({ ...spec, scope: 'user' }));
    expect(systemdSplit(u.Service!.ExecStart![0]!)).toEqual([
      '/usr/bin/node',
      ...DAEMON_NODE_FLAGS,
      '/opt/gatewatch/dist/src/cli.js',
      'run',
      '--config',
      spec.config,
    ]);
    expect(u.Service!.ExecStart![0]).not.toContain('--replace');
    expect(u.Service!.Restart).toEqual(['always']);
    expect(u.Service!.EnvironmentFile).toEqual([`-${spec.envFile}`]);
    // glibc's malloc as the bench measures it (DAEMON_MALLOC_ENV): the same in both scopes.
    expect(u.Service!.Environment).toEqual(['MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072']);
    expect(parseUnit(renderSystemdUnit({ ...spec, scope: 'system', user: 'ann' })).Service!.Environment).toEqual(
      u.Service!.Environment,
    );
    expect(u.Service!.StandardError).toEqual(['journal']);
    expect(u.Service!.User).toBeUndefined();
    expect(u.Install!.WantedBy).toEqual(['default.target']);
    // A user manager has no network-online.target: no ordering that does nothing.
    expect(u.Unit!.After).toBeUndefined();
    expect(u.Unit!.Wants).toBeUndefined();
  });

  it('runs the daemon with the small-footprint V8 flags, which this node accepts; npm start uses the same', () => {
    expect(
      execFileSync(process.execPath, [...DAEMON_NODE_FLAGS, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' }),
    ).toBe('ok');
    const start = (
      JSON.parse(readFileSync(path.join(TEST_DIR, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts.start!;
    expect(start).toBe(`node ${DAEMON_NODE_FLAGS.join(' ')} dist/src/cli.js run`);
  });

  it('keeps WebAssembly in the daemon: fetch() (QQ, notifiers) parses HTTP with wasm, and throws without it (--jitless, --lite-mode)', () => {
    const script = `const s = require('node:http').createServer((q, r) => r.end('pong')).listen(0, '127.0.0.1', async () => {
      const body = await (await fetch('http://127.0.0.1:' + s.address().port + '/')).text();
      process.stdout.write(body + ' ' + typeof WebAssembly); s.close(); });`;
    expect(
      execFileSync(process.execPath, [...DAEMON_NODE_FLAGS, '-e', script], { encoding: 'utf8', timeout: 30_000 }),
    ).toBe('pong object');
  });

  it('system-wide: runs as the named user and starts with the machine', () => {
    const u = parseUnit(renderSystemdUnit({ ...spec, scope: 'system', user: 'ann' }));
    expect(u.Service!.User).toEqual(['ann']);
    expect(u.Install!.WantedBy).toEqual(['multi-user.target']);
    expect(u.Unit!.After).toEqual(['network-online.target']);
    expect(u.Unit!.Wants).toEqual(['network-online.target']);
  });

  it('paths with spaces, quotes, % and $ survive systemd quoting; a newline is refused', () => {
    const odd = '/srv/my gate "watch" 100%/$HOME\\x/cli.js';
    const u = parseUnit(renderSystemdUnit({ ...spec, entry: odd, config: '/etc/gw 50%.yaml', scope: 'user' }));
    expect(systemdSplit(u.Service!.ExecStart![0]!)).toEqual([
      '/usr/bin/node',
      ...DAEMON_NODE_FLAGS,
      odd,
      'run',
      '--config',
      '/etc/gw 50%.yaml',
    ]);
    expect(systemdWord('/a/b-c_d.js')).toBe('/a/b-c_d.js');
    expect(() => systemdWord('/a\nExecStartPre=/bin/rm')).toThrow(/control character/);
  });

  it.skipIf(!analyze)(
    'systemd-analyze verify accepts a unit whose paths need quoting (and rejects a mis-quoted one)',
    async () => {
      // A real node behind a path with a space and a %: verify fails with "not executable" if the quoting were wrong.
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gw odd 100% '));
      const node = path.join(dir, 'node bin');
      symlinkSync(process.execPath, node);
      const good = await verifyUnit(
        renderSystemdUnit({ ...spec, node, entry: path.join(dir, 'cli.js'), scope: 'user' }),
      );
      expect(good.out).toBe('');
      expect(good.ok).toBe(true);
      const bad = await verifyUnit(
        renderSystemdUnit({ ...spec, node, scope: 'user' }).replace(/^ExecStart=.*$/m, `ExecStart=${node} run`),
      );
      expect(bad.ok).toBe(false);
    },
  );
});

describe('the launchd plist', () => {
  it('is a valid plist that keeps this gatewatch alive with the config and logs to ~/Library/Logs', () => {
    const p = parsePlist(renderLaunchdPlist({ ...spec, scope: 'user', home: '/Users/ann' })) as Record<string, unknown>;
    expect(p.Label).toBe('ai.gatewatch');
    expect(p.ProgramArguments).toEqual([
      '/usr/bin/node',
      ...DAEMON_NODE_FLAGS,
      '/opt/gatewatch/dist/src/cli.js',
      'run',
      '--config',
      spec.config,
    ]);
    expect(p.KeepAlive).toBe(true);
    expect(p.RunAtLoad).toBe(true);
    expect(p.StandardErrorPath).toBe('/Users/ann/Library/Logs/gatewatch.log');
    expect(p.UserName).toBeUndefined();
  });

  it('escapes XML in paths, so a path with & < > quotes reads back unchanged; control characters are refused', () => {
    const odd = `/Users/a&b/<x> "q" 'y'/cli.js`;
    const xml = renderLaunchdPlist({ ...spec, entry: odd, scope: 'system', user: 'a&b', home: '/Users/a&b' });
    const p = parsePlist(xml) as Record<string, unknown>;
    expect((p.ProgramArguments as string[])[1 + DAEMON_NODE_FLAGS.length]).toBe(odd);
    expect(p.UserName).toBe('a&b');
    expect(() => parsePlist(xml.replace('&amp;', '&'))).toThrow();
    expect(() => xmlEscape('a\u0001b')).toThrow(/control character/);
  });

  it.skipIf(!which('python3'))("python's plistlib reads it the same way", () => {
    const xml = renderLaunchdPlist({ ...spec, entry: '/a&b/cli.js', scope: 'user', home: '/Users/ann' });
    const out = execFileSync(
      'python3',
      ['-c', 'import plistlib,sys,json; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))'],
      { input: xml, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual(parsePlist(xml));
  });

  it('planInstall refuses relative paths (a service does not run in your shell)', () => {
    expect(() =>
      planInstall({
        manager: 'launchd',
        scope: 'user',
        config: 'config.yaml',
        node: '/usr/bin/node',
        entry: '/x/cli.js',
        home: '/Users/ann',
      }),
    ).toThrow(/absolute/);
  });
});

describe('gatewatch install / uninstall (CLI)', () => {
  it.skipIf(!analyze)(
    'install --systemd --print: this node and this dist/src/cli.js, the config path absolute, and systemd-analyze verify passes',
    async () => {
      const r = await gatewatch(['install', '--systemd', '--print', '--config', 'rel/config.yaml']);
      expect(r.code).toBe(0);
      const u = parseUnit(r.stdout);
      const argv = systemdSplit(u.Service!.ExecStart![0]!);
      expect(argv.slice(0, 3 + DAEMON_NODE_FLAGS.length)).toEqual([
        process.execPath,
        ...DAEMON_NODE_FLAGS,
        realpathSync(CLI),
        'run',
      ]);
      expect(argv[4 + DAEMON_NODE_FLAGS.length]).toBe(path.resolve('rel/config.yaml'));
      const v = await verifyUnit(r.stdout);
      expect(v.out).toBe('');
    },
  );

  it('install --launchd --print is a valid plist', async () => {
    const r = await gatewatch(['install', '--launchd', '--print']);
    expect(r.code).toBe(0);
    const p = parsePlist(r.stdout) as Record<string, unknown>;
    expect((p.ProgramArguments as string[]).slice(0, 2 + DAEMON_NODE_FLAGS.length)).toEqual([
      process.execPath,
      ...DAEMON_NODE_FLAGS,
      realpathSync(CLI),
    ]);
    expect(p.KeepAlive).toBe(true);
  });

  it('writes the user unit and the env file, says how to enable it; uninstall refuses while enabled, then removes it', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-home-'));
    const config = path.join(home, '.config', 'gatewatch', 'config.yaml');
    mkdirSync(path.dirname(config), { recursive: true });
    writeFileSync(config, 'locale: en\n');
    // A stand-in systemctl on PATH whose answers the test controls: the real one needs a session bus.
    const bin = path.join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(
      path.join(bin, 'systemctl'),
      '#!/bin/sh\ncase "$2" in is-enabled) echo "$FAKE_ENABLED";; is-active) echo "$FAKE_ACTIVE";; esac\n[ "$FAKE_ENABLED" = enabled ] || exit 1\n',
    );
    chmodSync(path.join(bin, 'systemctl'), 0o755);
    const env = {
      HOME: home,
      XDG_CONFIG_HOME: '',
      PATH: `${bin}:${process.env.PATH}`,
      FAKE_ENABLED: 'enabled',
      FAKE_ACTIVE: 'active',
    };

    const unit = path.join(home, '.config', 'systemd', 'user', 'gatewatch.service');
    let r = await gatewatch(['install', '--systemd', '--user', '--config', config], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote ${unit}`);
    expect(r.stdout).toContain('systemctl --user daemon-reload && systemctl --user enable --now gatewatch.service');
    expect(r.stdout).toContain(`gatewatch validate --config ${config}`);
    expect(parseUnit(readFileSync(unit, 'utf8')).Service!.EnvironmentFile).toEqual([
      `-${path.join(path.dirname(config), 'env')}`,
    ]);
    expect(statSync(path.join(path.dirname(config), 'env')).mode & 0o777).toBe(0o600);

    r = await gatewatch(['install', '--systemd', '--config', config], env);
    expect(r.stdout).toContain(`Already installed ${unit}`);

    r = await gatewatch(['uninstall', '--systemd'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('systemctl --user disable --now gatewatch.service');
    expect(existsSync(unit)).toBe(true);

    r = await gatewatch(['uninstall', '--systemd'], { ...env, FAKE_ENABLED: 'disabled', FAKE_ACTIVE: 'inactive' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Removed ${unit}`);
    expect(r.stdout).toContain('systemctl --user daemon-reload');
    expect(existsSync(unit)).toBe(false);

    r = await gatewatch(['uninstall', '--systemd'], env);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('Nothing to remove');
  });

  it('a config path with a newline ends in one line and exit 64 (usage), not a stack trace, and writes nothing', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-nl-'));
    const config = path.join(home, 'a\nExecStartPre=/bin/rm.yaml');
    for (const args of [
      ['install', '--systemd', '--print'],
      ['install', '--systemd'],
    ]) {
      const r = await gatewatch([...args, '--config', config], {
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
      });
      expect(r.stderr).toBe(`gatewatch: cannot put a control character in a systemd unit: ${JSON.stringify(config)}\n`);
      expect(r.code).toBe(64);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(path.join(home, '.config', 'systemd'))).toBe(false);
  });

  it('a unit that cannot be written (~/.config is a file) ends in one line naming why, exit 1, not a stack trace', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-nowrite-'));
    writeFileSync(path.join(home, '.config'), 'not a directory\n');
    const r = await gatewatch(['install', '--systemd', '--config', path.join(home, 'config.yaml')], {
      HOME: home,
      XDG_CONFIG_HOME: '',
    });
    expect(r.stderr).toMatch(/^gatewatch: ENOTDIR: not a directory, mkdir '[^\n]*'\n$/);
    expect(r.code).toBe(1);
  });

  it('--systemd with --launchd is refused', async () => {
    const r = await gatewatch(['install', '--systemd', '--launchd', '--print']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/cannot be used with/);
  });
});
