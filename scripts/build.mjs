// Builds dist/: every module of src and commands transpiled one to one (the demo's scripts run from there, and the
// bundles below are cut from the same sources), then the bundles (bundle.mjs). esbuild transpiles without checking
// types, in about a second where tsc took twenty on every `npm ci` and every test run: types are checked by
// `npm run typecheck`, which `npm test` runs first (tsconfig's isolatedModules keeps the two transpilers agreeing).
import { build } from 'esbuild';
import { chmodSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const sources = ['src', 'commands'].flatMap((dir) =>
  readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name)),
);

// A module removed from src must not live on in dist (a stale file could still be imported by a stale chunk).
for (const dir of ['src', 'commands']) rmSync(path.join(dist, dir), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: sources,
  outdir: dist,
  outbase: root,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});

await import('./bundle.mjs');

// esbuild writes every output 0644: npx links a bin once and then execs the file, so a rebuild that drops its
// executable bit breaks `npx gatewatch` ("Permission denied") in a checkout that ran it before.
const { bin = {} } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
for (const file of typeof bin === 'string' ? [bin] : Object.values(bin)) chmodSync(path.join(root, file), 0o755);
