// Builds dist/: every module of src and commands transpiled one to one (the demo's scripts run from there, and the
// bundles below are cut from the same sources), then the bundles (bundle.mjs). esbuild transpiles without checking
// types, in about a second where tsc took twenty on every `npm ci` and every test run: types are checked by
// `npm run typecheck`, which `npm test` runs first (tsconfig's isolatedModules keeps the two transpilers agreeing).
//
// A copy may be running from dist/ while this runs (`npm start`, the demo, a daemon: `npm test` beside them), and it
// loads files from there long after it started (a catalogue or the Feishu SDK on first use, the demo's gateway.js at
// every restart). So dist/ is never emptied under it:
// - sources unchanged since the last build (the same files, lockfile, build scripts and node): nothing is done
//   (dist/.build-stamp); `--force` builds anyway;
// - otherwise the build is made in a directory of its own inside dist/ and moved into place a file at a time, each
//   with a rename over the old one (a file in both builds is never missing, a reader gets the old or the new), then
//   what the new build does not have is removed, except the previous build's bundle files: a copy started before it
//   still finds them. Older ones go. (The bundles' names carry no hash now: a copy that first needs the zh-CN catalogue
//   or the Feishu SDK after a rebuild loads the new build's, whose words or SDK may be newer than its own.)
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const FOLDERS = ['src', 'commands'];
const STAMP = path.join(dist, '.build-stamp');
/** The bundle files a build made itself, in its dist/src: the ones the next build keeps for a running copy. */
const OWN = '.build-own';
const sources = FOLDERS.flatMap((dir) =>
  readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name)),
).sort();

/** What the output depends on: the sources, the dependencies' versions, the build scripts and the node that ran them. */
function inputsHash() {
  const h = createHash('sha256');
  h.update(`${process.version} ${process.arch}\n`);
  const files = [
    ...sources,
    ...[
      'package.json',
      'package-lock.json',
      'scripts/build.mjs',
      'scripts/bundle.mjs',
      'scripts/bundle-post.mjs',
      'scripts/runtime-packages.mjs',
    ].map((f) => path.join(root, f)),
  ];
  for (const f of files) {
    h.update(`${path.relative(root, f)}\n`);
    h.update(existsSync(f) ? readFileSync(f) : '(none)');
    h.update('\n');
  }
  return h.digest('hex');
}

const { bin = {} } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const bins = typeof bin === 'string' ? [bin] : Object.values(bin);
const hash = inputsHash();
const force = process.argv.includes('--force');
const stamped = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
const complete = bins.every((f) => existsSync(path.join(root, f)));

if (!force && stamped === hash && complete) {
  console.log('build: dist/ is up to date with the sources (node scripts/build.mjs --force rebuilds)');
} else {
  await rebuild();
}

async function rebuild() {
  mkdirSync(dist, { recursive: true });
  // What a build killed half-way left (its pid is gone).
  for (const f of readdirSync(dist)) {
    const m = /^\.next-(\d+)$/.exec(f);
    if (m && !alive(Number(m[1]))) rmSync(path.join(dist, f), { recursive: true, force: true });
  }
  const next = path.join(dist, `.next-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  rmSync(STAMP, { force: true });

  await build({
    absWorkingDir: root,
    entryPoints: sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
    outdir: next,
    outbase: root,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  process.env.GATEWATCH_BUILD_OUT = next;
  try {
    await import('./bundle.mjs');
  } finally {
    delete process.env.GATEWATCH_BUILD_OUT;
  }
  const nextSrc = path.join(next, 'src');
  const own = readdirSync(nextSrc).filter((f) => f.startsWith('bundle-'));
  writeFileSync(path.join(nextSrc, OWN), `${own.join('\n')}\n`);
  // The previous build's own chunks, for a copy of it still running (hard links: no copy of the bytes).
  const prevSrc = path.join(dist, 'src');
  const prevOwn = existsSync(path.join(prevSrc, OWN))
    ? readFileSync(path.join(prevSrc, OWN), 'utf8').split('\n').filter(Boolean)
    : [];
  for (const f of prevOwn) {
    if (own.includes(f) || !existsSync(path.join(prevSrc, f))) continue;
    try {
      linkSync(path.join(prevSrc, f), path.join(nextSrc, f));
    } catch {
      // Not kept: only a copy started before this build could miss it.
    }
  }
  // esbuild writes every output 0644: npx links a bin once and then execs the file, so a rebuild that drops its
  // executable bit breaks `npx gatewatch` ("Permission denied") in a checkout that ran it before.
  for (const f of bins) chmodSync(path.join(next, path.relative('dist', f)), 0o755);

  const kept = new Set();
  for (const dir of FOLDERS)
    for (const f of filesUnder(path.join(next, dir))) {
      const rel = path.join(dir, f);
      const to = path.join(dist, rel);
      try {
        mkdirSync(path.dirname(to), { recursive: true });
        renameSync(path.join(next, rel), to);
      } catch {
        // A folder where the new build has a file, or the other way round.
        rmSync(to, { recursive: true, force: true });
        mkdirSync(path.dirname(to), { recursive: true });
        renameSync(path.join(next, rel), to);
      }
      kept.add(rel);
    }
  for (const dir of FOLDERS) {
    for (const f of filesUnder(path.join(dist, dir)))
      if (!kept.has(path.join(dir, f))) rmSync(path.join(dist, dir, f), { force: true });
    removeEmptyFolders(path.join(dist, dir));
  }
  rmSync(next, { recursive: true, force: true });
  writeFileSync(STAMP, `${hash}\n`);
}

/** The files under `dir`, relative to it ([] when it does not exist). */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)));
}

function removeEmptyFolders(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory()) removeEmptyFolders(path.join(dir, e.name));
  if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}
