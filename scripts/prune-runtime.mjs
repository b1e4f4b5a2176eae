#!/usr/bin/env node
// node scripts/prune-runtime.mjs [root]: after `npm prune --omit=dev`, removes from node_modules every package that
// neither a runtime package (scripts/runtime-packages.mjs) nor one of theirs depends on: the libraries the bundles
// inlined (zod, yaml, commander, execa, prom-client…) are not loaded again from here. For gatewatch's image
// (Dockerfile), where they were a fifth of the megabytes shipped; prints what it kept and removed.
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { RUNTIME_PACKAGES } from './runtime-packages.mjs';

const root = path.resolve(process.argv[2] ?? '.');
const top = path.join(root, 'node_modules');
// A node_modules that is a link is another tree's (a worktree's, a copy's): never pruned through it.
if (lstatSync(top).isSymbolicLink()) {
  console.error(`prune-runtime: ${top} is a link to another tree: not pruning it`);
  process.exit(1);
}

/** Where `name` resolves from the package folder `from` (its own node_modules, then each one above it). */
function resolveFrom(from, name) {
  for (let dir = from; dir.startsWith(top) || dir === root; dir = path.dirname(dir)) {
    const p = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(p, 'package.json'))) return p;
    if (dir === root) break;
  }
  return undefined;
}

const kept = new Set();
const queue = RUNTIME_PACKAGES.map((n) => resolveFrom(root, n)).filter(Boolean);
while (queue.length) {
  const dir = queue.pop();
  if (kept.has(dir)) continue;
  kept.add(dir);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  // Optional ones only where installed (a platform's binary of @resvg/resvg-js).
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies })) {
    const at = resolveFrom(dir, dep);
    if (at) queue.push(at);
  }
}

/** The packages installed at the top of node_modules (`name`, `@scope/name`). */
const installed = readdirSync(top)
  .filter((n) => !n.startsWith('.'))
  .flatMap((n) => (n.startsWith('@') ? readdirSync(path.join(top, n)).map((m) => `${n}/${m}`) : [n]));
const removed = [];
for (const name of installed) {
  const dir = path.join(top, name);
  // A kept package's own node_modules go with it; a top-level one nothing kept reaches is the bundles'.
  if ([...kept].some((k) => k === dir)) continue;
  rmSync(dir, { recursive: true, force: true });
  removed.push(name);
}
for (const scope of readdirSync(top).filter((n) => n.startsWith('@')))
  if (!readdirSync(path.join(top, scope)).length) rmSync(path.join(top, scope), { recursive: true });
console.log(`prune-runtime: kept ${kept.size} packages for ${RUNTIME_PACKAGES.join(', ')}; removed ${removed.length}`);
