// `npm pack` / `npm publish`: `prepack` builds dist/ from clean and takes `prepare` out of the package.json that goes
// into the tarball; `postpack` puts it back. A checkout needs `prepare` (`npm ci` builds dist/, `npm install -g .`
// too); an installed package does not, and npm warns about every install script a global install carries
// ("install scripts not yet covered by allowScripts"). The pinst pattern: npm has no way to leave a script out.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = path.join(root, 'package.json');
// The checkout's own package.json while a pack runs (a pack that failed half-way leaves it: the next run restores it).
const kept = path.join(root, '.package.json.prepack');

function restore() {
  if (existsSync(kept)) renameSync(kept, manifest);
}

if (process.argv[2] === 'pre') {
  restore();
  // A stale module must not ship: build from nothing.
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  await import('./build.mjs');
  const text = readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text);
  if (pkg.scripts?.prepare) {
    writeFileSync(kept, text);
    delete pkg.scripts.prepare;
    writeFileSync(manifest, JSON.stringify(pkg, null, 2) + '\n');
  }
} else if (process.argv[2] === 'post') {
  restore();
} else {
  process.stderr.write('usage: node scripts/pack.mjs pre|post\n');
  process.exit(64);
}
