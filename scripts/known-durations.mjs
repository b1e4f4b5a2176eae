// `npm run test:durations`: writes test/helpers/known-durations.json, each test file's duration in seconds (those of
// a second or more: the longest it has recorded) from vitest's record of its last runs (node_modules/.vite/vitest/*/results.json). A run with no
// record of its own (a fresh clone: CI, a new user's first `npm test`) orders its files by this file (vitest.config.ts):
// a long file it did not know would start last and be the run's tail. Files of 1–10 s too: ordered by the ten-second
// files alone, a fresh clone's run took 311 s where a run ordered by its own record took 276–282, its CPU-heavy files
// bunched (581 CPU-s against 504: the waits they slowed polled the longer). Run it after a full `npm test` (and after
// `npm run test:supervisors` and `npm run test:docker`, whose files it keeps too).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const KNOWN = path.join(root, 'test', 'helpers', 'known-durations.json');
const MIN_S = 1;

/** The durations file's entries: relative path → seconds. */
export function knownDurations() {
  return existsSync(KNOWN) ? JSON.parse(readFileSync(KNOWN, 'utf8')) : {};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cache = path.join(root, 'node_modules', '.vite', 'vitest');
  const recorded = {};
  for (const d of existsSync(cache) ? readdirSync(cache) : []) {
    const f = path.join(cache, d, 'results.json');
    if (!existsSync(f)) continue;
    for (const [key, r] of JSON.parse(readFileSync(f, 'utf8')).results ?? [])
      if (r?.duration && !r.failed) recorded[key.slice(key.indexOf(':') + 1)] = Math.round(r.duration / 1000);
  }
  if (!Object.keys(recorded).length) {
    console.error('test:durations: vitest has no record of a run here: run `npm test` first');
    process.exit(1);
  }
  // What this record lacks (a project not run here) is kept as it was; for the rest, the longer of the two. One file's
  // time swings from run to run (death-next-start: 13, 32, 40, 54 and 71 s in five full runs): written at its short,
  // a fresh clone started it among the last files, and it was the run's tail.
  const known = knownDurations();
  const merged = { ...known };
  for (const [file, s] of Object.entries(recorded)) merged[file] = Math.max(s, known[file] ?? 0);
  const kept = Object.entries(merged)
    .filter(([file, s]) => s >= MIN_S && existsSync(path.join(root, file)))
    .sort(([a], [b]) => a.localeCompare(b));
  writeFileSync(KNOWN, `${JSON.stringify(Object.fromEntries(kept), null, 2)}\n`);
  console.log(`test:durations: ${kept.length} files of ${MIN_S} s or more in ${path.relative(root, KNOWN)}`);
}
