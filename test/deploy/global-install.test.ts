// `npm pack` from a clean checkout (no dist/) gives a tarball that installs globally into a fresh prefix, with no dev
// dependencies, as a working `gatewatch` on PATH. Needs the npm cache or the registry: skips, saying so, without.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIR } from '../helpers/paths.js';

const run = promisify(execFile);

/** The CA bundle vitest.config.ts set aside for the tests' node processes: npm may need it to reach the registry. */
const npmCa = (): Record<string, string> => {
  const ca = process.env.GATEWATCH_TEST_NODE_EXTRA_CA_CERTS;
  return ca ? { NODE_EXTRA_CA_CERTS: ca } : {};
};
const ROOT = path.join(TEST_DIR, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function sh(
  cmd: string,
  args: string[],
  opts: { cwd?: string; timeout?: number; env?: Record<string, string> } = {},
) {
  try {
    const r = await run(cmd, args, {
      cwd: opts.cwd,
      timeout: opts.timeout ?? 240_000,
      env: {
        ...process.env,
        ...npmCa(),
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
        npm_config_audit: 'false',
        ...opts.env,
      },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number | string; stdout: string; stderr: string };
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: `${e.stderr ?? ''}${String(err)}`,
    };
  }
}

describe('global install from the packed tarball', { timeout: 600_000 }, () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-pack-'));
  const prefix = path.join(tmp, 'prefix');
  let skipped: string | undefined;
  let installWarnings = '';

  beforeAll(async () => {
    // A clean checkout: the sources a clone has, no dist/; node_modules only so that `prepare` (tsc) can build.
    const src = path.join(tmp, 'src');
    mkdirSync(src);
    for (const f of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'README.md',
      'config.example.yaml',
      'assets',
      'src',
      'commands',
      'scripts',
    ])
      cpSync(path.join(ROOT, f), path.join(src, f), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'));
    const pack = await sh(npm, ['pack', '--pack-destination', tmp], { cwd: src });
    expect(pack.code, pack.stderr).toBe(0);
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'))!;
    // Offline first (the cache from npm ci); else the registry; else skip with the reason.
    let inst = await sh(npm, ['install', '-g', '--prefix', prefix, path.join(tmp, tgz), '--offline']);
    if (inst.code !== 0)
      inst = await sh(npm, ['install', '-g', '--prefix', prefix, path.join(tmp, tgz), '--prefer-offline']);
    if (inst.code !== 0) {
      if (/ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|network/i.test(inst.stderr))
        skipped = `no npm cache or registry to install the dependencies from: ${inst.stderr.split('\n').find((l) => /npm error/.test(l)) ?? ''}`;
      else expect(inst.code, inst.stderr).toBe(0);
    }
    installWarnings = inst.stderr;
  }, 600_000);

  it('puts a working gatewatch on PATH: --version, and validate on a real config', async (ctx) => {
    if (skipped) {
      process.stderr.write(`SKIPPED global install test: ${skipped}\n`);
      ctx.skip();
    }
    const bin = path.join(prefix, 'bin', 'gatewatch');
    expect(existsSync(bin)).toBe(true);
    const v = await sh(bin, ['--version']);
    expect(v).toMatchObject({ code: 0 });
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    const home = path.join(tmp, 'hermes');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    writeFileSync(path.join(home, 'logs', 'gateway.log'), '');
    const config = path.join(tmp, 'config.yaml');
    writeFileSync(
      config,
      `state_dir: ${tmp}/state\ntargets:\n  - { name: main, hermes_home: ${home}, service: { manager: none } }\n`,
    );
    const ok = await sh(bin, ['validate', '--config', config]);
    expect(ok.stdout).toContain('config OK');
    expect(ok.code).toBe(0);
    // check runs from the V8 code cache the pack's build made beside its bundle (scripts/bundle.mjs): no gateway here.
    const check = await sh(bin, ['check', '--config', config], {
      env: { GATEWATCH_DEBUG: '1', GATEWATCH_CONFIG: '', LANG: 'C.UTF-8', LC_ALL: '' },
    });
    expect(check.stderr).toContain('code-cache=used');
    expect(check.stdout).toContain('Hermes gateway is not running');
    expect(check.code).toBe(2);
    // The picture is drawn from the installed package: its renderer, and the font shipped in assets/.
    const file = path.join(tmp, 'uptime.png');
    const pic = await sh(bin, ['uptime', '--config', config, '--png', file]);
    expect(pic.code, pic.stderr).toBe(0);
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    // The installed service unit points at the installed copy, not at this checkout.
    const unit = await sh(bin, ['install', '--systemd', '--print', '--config', config]);
    expect(unit.stdout).toContain(path.join(prefix, 'lib', 'node_modules', 'gatewatch', 'dist', 'src', 'cli.js'));
  });

  it("carries no install script of its own: npm does not warn about gatewatch's scripts (issue 20 item 8)", (ctx) => {
    if (skipped) ctx.skip();
    // `prepare` builds a checkout; the tarball ships dist/ built, and npm names every install script it would not run.
    expect(installWarnings).not.toMatch(/gatewatch@[\d.]+ \(/);
    const pkg = JSON.parse(
      readFileSync(path.join(prefix, 'lib', 'node_modules', 'gatewatch', 'package.json'), 'utf8'),
    ) as { scripts?: Record<string, string> };
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts?.[s], s).toBeUndefined();
    // The checkout it was packed from has its own package.json back (with `prepare`, which `npm ci` builds by).
    expect(JSON.parse(readFileSync(path.join(tmp, 'src', 'package.json'), 'utf8')).scripts.prepare).toBeDefined();
    expect(existsSync(path.join(tmp, 'src', '.package.json.prepack'))).toBe(false);
  });

  it('installs no dev dependencies and ships dist/, not the TypeScript sources', (ctx) => {
    if (skipped) ctx.skip();
    const pkg = path.join(prefix, 'lib', 'node_modules', 'gatewatch');
    expect(existsSync(path.join(pkg, 'dist', 'src', 'cli.js'))).toBe(true);
    expect(existsSync(path.join(pkg, 'src'))).toBe(false);
    const deps = readdirSync(path.join(pkg, 'node_modules'));
    for (const dev of ['typescript', 'vitest', 'tsx']) expect(deps).not.toContain(dev);
  });
});
