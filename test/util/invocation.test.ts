// Every hint that names a command says it as it is typed in this install (issue 51 item 7): from a clone, where a bare
// `gatewatch` is `command not found`, `npx gatewatch …`; installed globally, `gatewatch …`. Real PATH folders and links.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliHere } from '../helpers/cli-run.js';
import { gatewatchCommand } from '../../src/util/invocation.js';
import { commandLine } from '../../src/util/command-line.js';
import { withRunEnv } from '../../src/util/run-env.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** This package's executable, as package.json's bin names it. */
const BIN_FILE: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin.gatewatch;
const BIN = path.join(ROOT, BIN_FILE);

/** A folder for PATH holding `gatewatch`: a link to `to`, or a script of its own. */
function binDir(to?: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-path-'));
  const file = path.join(dir, 'gatewatch');
  if (to) symlinkSync(to, file);
  else {
    writeFileSync(file, '#!/bin/sh\necho another gatewatch\n');
    chmodSync(file, 0o755);
  }
  return dir;
}

let system: string | undefined;
/**
 * The system's commands without any `gatewatch` of its own: after the README's `npm install -g .` a prefix of /usr
 * (Debian's node) puts one in /usr/bin, and these tests must not depend on what is installed on the machine (issue
 * 80 item 7). One folder of links to /usr/bin's and /bin's other entries.
 */
function systemBin(): string {
  if (system) return system;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-system-bin-'));
  for (const from of ['/usr/bin', '/bin'])
    for (const name of existsSync(from) ? readdirSync(from) : [])
      if (name !== 'gatewatch' && !existsSync(path.join(dir, name)))
        symlinkSync(path.join(from, name), path.join(dir, name));
  return (system = dir);
}

const pathOf = (...dirs: string[]) => ({ PATH: [...dirs, systemBin()].join(path.delimiter) });

describe('how gatewatch is typed here', () => {
  it('from a clone (no gatewatch on PATH): npx gatewatch', () => {
    expect(gatewatchCommand(pathOf(mkdtempSync(path.join(os.tmpdir(), 'gw-path-'))))).toBe('npx gatewatch');
  });

  it('installed globally (the gatewatch on PATH is this executable, through npm’s link): gatewatch', () => {
    expect(gatewatchCommand(pathOf(binDir(BIN)))).toBe('gatewatch');
    // npm install -g links the package folder, and bin/gatewatch into it: a chain of links to the same file.
    const pkg = path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-prefix-')), 'gatewatch');
    symlinkSync(ROOT, pkg);
    expect(gatewatchCommand(pathOf(binDir(path.join(pkg, BIN_FILE))))).toBe('gatewatch');
  });

  it('installed before the bin became CommonJS (its link leads to dist/src/cli.js, the other executable): gatewatch', () => {
    expect(BIN_FILE).toBe('dist/src/gatewatch.cjs');
    expect(gatewatchCommand(pathOf(binDir(path.join(ROOT, 'dist', 'src', 'cli.js'))))).toBe('gatewatch');
  });

  it('another gatewatch first on PATH (another install, another version): npx gatewatch, the one of this folder', () => {
    expect(gatewatchCommand(pathOf(binDir(), binDir(BIN)))).toBe('npx gatewatch');
    const other = path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-other-')), 'cli.js');
    writeFileSync(other, '');
    expect(gatewatchCommand(pathOf(binDir(other)))).toBe('npx gatewatch');
  });

  it("npx's own link for its run (a node_modules/.bin first on PATH) is no install: npx gatewatch", () => {
    // What `npx gatewatch` puts first on PATH: ~/.npm/_npx/<hash>/node_modules/.bin/gatewatch → this package.
    const npx = path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-npx-')), 'node_modules', '.bin');
    mkdirSync(npx, { recursive: true });
    symlinkSync(BIN, path.join(npx, 'gatewatch'));
    expect(gatewatchCommand(pathOf(npx))).toBe('npx gatewatch');
    // Installed as well: the install's own bin/ further on still counts.
    expect(gatewatchCommand(pathOf(npx, binDir(BIN)))).toBe('gatewatch');
  });

  it('a relative PATH entry is not trusted for it', () => {
    const dir = binDir(BIN);
    const rel = path.relative(process.cwd(), dir);
    expect(gatewatchCommand({ PATH: rel })).toBe('npx gatewatch');
  });

  it("a reply's command for the CLI follows it (the run's PATH)", async () => {
    const ref = { command: 'restart', target: 'box', confirm: true } as const;
    const clone = await withRunEnv({ env: pathOf(), cwd: ROOT }, async () => commandLine(ref, 'cli'));
    const global = await withRunEnv({ env: pathOf(binDir(BIN)), cwd: ROOT }, async () => commandLine(ref, 'cli'));
    expect(clone).toBe('npx gatewatch restart box --yes');
    expect(global).toBe('gatewatch restart box --yes');
    // Chat is typed in chat.
    expect(commandLine(ref, 'chat')).toBe('/restart box confirm');
  });
});

describe('the hints gatewatch init prints', { timeout: 30_000 }, () => {
  const demoLike = () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-init-hint-'));
    mkdirSync(path.join(home, '.hermes', 'logs'), { recursive: true });
    writeFileSync(path.join(home, '.hermes', 'logs', 'gateway.log'), '');
    writeFileSync(path.join(home, '.hermes', 'gateway_state.json'), JSON.stringify({ gateway_state: 'running' }));
    return home;
  };

  it.each([
    ['from a clone', () => pathOf(), 'npx gatewatch'],
    ['installed globally', () => pathOf(binDir(BIN)), 'gatewatch'],
  ])('%s: each command it names is typed that way', async (_label, env, gw) => {
    const home = demoLike();
    const base = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', HERMES_HOME: '', ...env() };
    const config = () => readFileSync(path.join(home, '.config', 'gatewatch', 'config.yaml'), 'utf8');
    const r = await runCliHere(home, ['init', '--yes'], { env: base });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`Next: ${gw} run\n`);
    expect(r.stdout).toContain(`\`${gw} init --force --channel telegram\``);
    expect(config()).toContain(`check this file with: ${gw} validate`);
    const zh = await runCliHere(home, ['init', '--yes', '--force', '--locale', 'zh-CN'], { env: base });
    expect(zh.stdout).toContain(`下一步：${gw} run\n`);
    const again = await runCliHere(home, ['init', '--yes'], { env: base });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`(\`${gw} init --force\` overwrites it)`);
    expect(config()).toContain(`用 ${gw} validate 检查本文件`);
    if (gw === 'npx gatewatch')
      expect(r.stdout.replaceAll('npx gatewatch', '')).not.toMatch(/gatewatch (run|init|install)\b/);
  });
});
