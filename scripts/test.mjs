// `npm test`: the typecheck and the lint beside the build, then the tests beside them. The tests spend much of their
// time waiting on real processes and sockets, so on two cores the typecheck's and the lint's CPU fit in their idle
// time instead of running first; they run at a lower priority so that they take only that idle time and leave the
// tests' timing alone. Any failing fails the run; the typecheck's and the lint's output are shown after the tests' so
// they do not interleave.
// Arguments go to vitest (`npm test -- test/cli.test.ts`), as they did when the script ended in `vitest run`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Runs `node script ...args`; resolves with its exit code (1 when killed by a signal) and, if captured, its output. */
function run(script, args, capture) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: root,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let out = '';
    if (capture) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      try {
        os.setPriority(child.pid, 10);
      } catch {
        // Not allowed on this host: it runs at the tests' priority, which is only slower.
      }
    }
    child.on('error', (e) => resolve({ code: 1, out: `${out}${e.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

// The typecheck and the lint read only the sources: they start at once, beside the build. The build replaces dist/,
// which the tests run, so it finishes before they start.
const typesP =
  // Incremental: a rerun checks again only what changed since the last (a fifth of the CPU); .tmp/ is not committed.
  // TypeScript 7's tsc (native) on one thread: 9.5 CPU-s where its four checkers took 15 in the same 8 s (each
  // checker resolves the shared types again), and every CPU-s it takes is the tests'.
  run(
    path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc'),
    [
      '-p',
      'tsconfig.test.json',
      '--singleThreaded',
      '--incremental',
      '--tsBuildInfoFile',
      '.tmp/tsconfig.test.tsbuildinfo',
    ],
    true,
  );
// Biome (native, no tsc program): lint and format check in one pass, about 6 CPU-s for the whole tree, on one thread
// for the same reason; files, rules and format in biome.jsonc (`npm run format` formats).
const lintP = run(
  path.join(path.dirname(require.resolve('@biomejs/biome/package.json')), 'bin', 'biome'),
  ['ci', '--colors=off', '--threads=1'],
  true,
);
const build = await run(path.join(root, 'scripts/build.mjs'), [], false);
if (build.code !== 0) {
  // What the typecheck says about the same sources is the likelier explanation: shown before exiting.
  const types = await typesP;
  if (types.code !== 0) process.stdout.write(`\nTypecheck (tsc -p tsconfig.test.json) failed:\n${types.out}`);
  await lintP;
  process.exit(build.code);
}

const [types, lint, tests] = await Promise.all([
  typesP,
  lintP,
  run(
    path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs'),
    // The default reporter, then the run's time and its slowest files (scripts/slowest-files.mjs).
    [
      'run',
      '--reporter=default',
      `--reporter=${path.join(root, 'scripts', 'slowest-files.mjs')}`,
      ...process.argv.slice(2),
    ],
    false,
  ),
]);
if (types.code !== 0) {
  process.stdout.write(`\nTypecheck (tsc -p tsconfig.test.json) failed:\n${types.out}`);
} else {
  process.stdout.write('\nTypecheck (tsc -p tsconfig.test.json): no errors\n');
}
if (lint.code !== 0) {
  process.stdout.write(`\nLint and format (biome ci) failed:\n${lint.out}`);
} else {
  process.stdout.write('Lint and format (biome ci): no errors\n');
}
process.exit(types.code !== 0 ? types.code : lint.code !== 0 ? lint.code : tests.code);
