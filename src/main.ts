#!/usr/bin/env node
// The `gatewatch` executable (bundled as dist/src/cli.js). A cron job runs `gatewatch check` every few minutes: a plain
// check goes straight to its own bundle (dist/src/bundle-check.js, see scripts/bundle.mjs) without the command-line
// parser and the other commands; everything else, `check --help` included, goes through the full CLI in src/cli.ts.
import { setFlagsFromString } from 'node:v8';
import type { CheckOptions } from './cli-check.js';

/** `check` with only the options it knows (-c/--config FILE, --config=FILE, --json); else undefined. */
function plainCheckArgs(args: string[]): CheckOptions | undefined {
  if (args[0] !== 'check') return undefined;
  const o: CheckOptions = {};
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') o.json = true;
    else if ((a === '-c' || a === '--config') && i + 1 < args.length && !args[i + 1]!.startsWith('-')) o.config = args[++i];
    else if (a.startsWith('--config=') && a.length > '--config='.length) o.config = a.slice('--config='.length);
    // Anything else (--help, a typo, an extra argument) goes through commander, which knows what to say.
    else return undefined;
  }
  return o;
}

// A reader that stops early (`gatewatch init | head -3`) closes the pipe: the next write fails with EPIPE, which as an
// unhandled stream error would crash with a stack trace. Nobody is left to read, so stop quietly, as other CLIs do
// (SIGPIPE); exit 0, since what was asked for was not what failed. Any other write error stays an error.
for (const out of [process.stdout, process.stderr])
  out.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(0);
  });

const check = plainCheckArgs(process.argv.slice(2));
if (check) {
  // A check lives for a fraction of a second, and most of its peak memory is V8 sizing itself for a long life: the
  // young generation doubling under start-up's allocations (5 MB of it on a busy host, whose /proc scan allocates
  // more), and optimizing compiles that never pay back. Before anything loads, so that they apply from the start.
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--no-turbofan');
  // The detectors test each log line against a union of their patterns: compiled to machine code on its second run,
  // it is ~0.8 MB of a check's peak. A check reads a few dozen lines: interpreted until the hundredth run (issue 21).
  setFlagsFromString('--regexp-tier-up-ticks=100');
}
if (check) await (await import('./cli-check.js')).runPlainCheck(check);
else await import('./cli.js');
