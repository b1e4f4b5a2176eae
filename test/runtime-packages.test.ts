// What a built gatewatch loads from node_modules by name (issue 80 item 1: the image shipped every production
// dependency, though the bundles inline most of them): each package the built bundles require or import by name is in
// scripts/runtime-packages.mjs, which the image keeps (scripts/prune-runtime.mjs), and the pruned tree still runs.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIME_PACKAGES } from '../scripts/runtime-packages.mjs';
import { builtFiles, DIST, TEST_DIR } from './helpers/paths.js';

const ROOT = path.resolve(TEST_DIR, '..');
const BUILTIN = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** Every package a built file loads by name: require("x"), a createRequire'd require, import("x"), `from "x"`. */
function loadedByName(): Set<string> {
  const out = new Set<string>();
  const BY_NAME =
    /\b(?:require|requireHere|__require|import)\(\s*["']([^"'./][^"']*)["']\s*\)|\bfrom\s*["']([^"'./][^"']*)["']/g;
  for (const f of builtFiles().filter((n) => /\.c?js$/.test(n))) {
    for (const m of readFileSync(path.join(DIST, f), 'utf8').matchAll(BY_NAME)) {
      const spec = m[1] ?? m[2]!;
      if (!BUILTIN.has(spec) && !BUILTIN.has(spec.split('/')[0]!) && /^[@a-z]/.test(spec)) out.add(packageOf(spec));
    }
  }
  return out;
}

describe('the packages a built gatewatch loads by name', () => {
  it('are the runtime list the image keeps, no more', () => {
    const loaded = [...loadedByName()].sort();
    expect(loaded.filter((p) => !RUNTIME_PACKAGES.includes(p))).toEqual([]);
  });

  it('a tree pruned to them runs check, validate and logs with a pattern', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-pruned-'));
    for (const f of ['package.json', 'dist', 'assets'])
      cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
    // Copied, never linked: a worktree's node_modules may be a link to another tree's, which pruning must not reach.
    cpSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), {
      recursive: true,
      dereference: true,
    });
    const pruned = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'prune-runtime.mjs'), dir], {
      encoding: 'utf8',
    });
    expect(pruned.status, pruned.stderr).toBe(0);
    expect(pruned.stdout).toMatch(/^prune-runtime: kept \d+ packages/);
    // zod is a dependency the bundles inline: gone, and nothing misses it.
    expect(() => readFileSync(path.join(dir, 'node_modules', 'zod', 'package.json'))).toThrow();
    const home = path.join(dir, 'h');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    writeFileSync(path.join(home, 'logs', 'gateway.log'), '2026-01-01 00:00:00,000 INFO gateway.run: hello 4009\n');
    const config = path.join(dir, 'c.yaml');
    writeFileSync(
      config,
      `state_dir: ${dir}/s\ntargets: [{ name: box, hermes_home: ${home}, service: { manager: none } }]\n`,
    );
    const gw = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(dir, 'dist', 'src', 'cli.js'), ...args, '--config', config], {
        encoding: 'utf8',
        env: { ...process.env, HOME: dir, GATEWATCH_CONFIG: '', LANG: 'en_US.UTF-8' },
        timeout: 60_000,
      });
    for (const r of [gw('check'), gw('validate'), gw('logs', '--grep', '4009|x')])
      expect(r.stderr + r.stdout).not.toMatch(/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/);
    expect(gw('logs', '--grep', '4009|x').stdout).toContain('hello 4009');
    // The Feishu SDK's file carries what it depends on (axios, protobufjs…): it loads without node_modules' SDK.
    expect(() => readFileSync(path.join(dir, 'node_modules', '@larksuiteoapi', 'node-sdk', 'package.json'))).toThrow();
    const sdk = spawnSync(
      process.execPath,
      [
        '-e',
        'process.stdout.write(typeof require(process.argv[1]).Client)',
        path.join(dir, 'dist', 'src', 'bundle-lark-sdk.cjs'),
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(sdk.stdout, sdk.stderr).toBe('function');
  });
});
