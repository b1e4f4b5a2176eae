// `npm run test:loaded`: the suite on a busy box, as a user's box often is (issue 62 item 2). Beside `npm test` it runs
// one busy loop per core (or `--burners N`), at the tests' own priority, so that every test meets a box whose load is
// twice its cores; `--workers N` sets vitest's workers (1 and the default 12 are the extremes worth a pass). A test
// that passes only on an idle box waits for a time instead of a state: this finds it. The burners die with this
// script whatever happens (its exit, a signal, the tests' crash). Other arguments go to vitest, as with `npm test`.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** `--name N` out of the arguments, or the fallback. */
function take(name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`gatewatch: ${name} expects a whole number, got "${value}"\n`);
    process.exit(64);
  }
  return n;
}

const burners = take('--burners', os.availableParallelism());
const workers = take('--workers', undefined);

const loops = Array.from({ length: burners }, () =>
  // Its own process group: killed as one, and it never holds the terminal.
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore', detached: true }),
);
const stop = () => {
  for (const l of loops) {
    try {
      process.kill(-l.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
};
process.on('exit', stop);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => {
    stop();
    process.exit(130);
  });

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const started = Date.now();
process.stdout.write(`test:loaded: ${burners} busy loop(s) beside the suite; load ${load()}\n`);
// Through the environment: vitest's --maxWorkers does not reach the projects of vitest.config.ts.
const tests = spawn(process.execPath, [path.join(root, 'scripts/test.mjs'), ...args], {
  cwd: root,
  stdio: 'inherit',
  env: workers !== undefined ? { ...process.env, GATEWATCH_TEST_WORKERS: String(workers) } : process.env,
});
tests.on('close', (code) => {
  stop();
  const s = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`test:loaded: ${s} s, load at the end ${load()}; exit ${code ?? 1}\n`);
  process.exit(code ?? 1);
});
