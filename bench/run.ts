// `npm run bench`: runs every bench/*.ts (each exports a default async function that prints its figures).
// Optional arguments filter by file name: `npm run bench -- log-tail`.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(here))
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const f of files) {
  console.log(`\n== ${f}`);
  try {
    const mod = (await import(pathToFileURL(path.join(here, f)).href)) as { default?: () => Promise<void> };
    if (typeof mod.default !== 'function') throw new Error('no default export');
    await mod.default();
  } catch (e) {
    failed++;
    console.log(`   failed: ${(e as Error).stack ?? e}`);
  }
}
process.exitCode = failed ? 1 : 0;
