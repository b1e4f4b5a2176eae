#!/usr/bin/env node
// The `gatewatch` executable, built twice from this one file (scripts/bundle.mjs): package.json's bin,
// dist/src/gatewatch.cjs, CommonJS, which is what a cron job runs every few minutes and starts without node's ES
// module loader (a tenth of a bare node's start); and dist/src/cli.js, an ES module, which the service units and
// `node dist/src/cli.js` run. Each runs one bundle with V8's code cache (scripts/bundle.mjs,
// src/util/script-bundle.ts): a plain `gatewatch check` its own (dist/src/bundle-check.cjs), without the command-line
// parser and the other commands; everything else, the daemon and `check --help` included, the full CLI's
// (dist/src/bundle-cli.cjs). No top-level await: CommonJS has none.
import type { CheckOptions, runPlainCheck } from './cli-check.js';
import type { runCli, runPlain } from './cli-entry.js';
import { DAEMON_NODE_FLAGS, DAEMON_RUNTIME_FLAGS } from './deploy/daemon-flags.js';
import { nodeModules, runScriptBundle, type NodeModules } from './util/script-bundle.js';

/**
 * V8's setFlagsFromString without node:v8, whose module loads node's whole stream stack for its heap snapshots: 3 ms
 * of a check's start, a fifteenth of a bare node's, where a healthy check loads no stream at all. process.binding('v8')
 * is the binding node:v8 itself calls. Node warns once that it is deprecated (DEP0111, a warning since Node 10 and
 * never removed); that warning is node's to us, not the user's, and is silenced for this one call through the
 * documented process.noDeprecation. A node without the binding gets node:v8.
 */
async function v8Flags(): Promise<(flags: string) => void> {
  // Under --no-deprecation it is true already, and read-only.
  const quiet = process.noDeprecation === true;
  if (!quiet) process.noDeprecation = true;
  try {
    const binding = (process as { binding?: (name: string) => { setFlagsFromString?: unknown } }).binding?.('v8');
    const set = binding?.setFlagsFromString;
    if (typeof set === 'function') return (flags) => set.call(binding, flags);
  } catch {
    // Not in this node's list of bindings: node:v8 below.
  } finally {
    if (!quiet) process.noDeprecation = false;
  }
  const get = process.getBuiltinModule as typeof process.getBuiltinModule | undefined;
  const v8 = get?.('node:v8') ?? (await import('node:v8'));
  return v8.setFlagsFromString;
}

/**
 * `verb` with only the options it knows (-c/--config FILE, --config=FILE, and `flag`); else undefined. Anything else
 * (--help, a typo, an extra argument) goes through commander, which knows what to say.
 */
function plainArgs<F extends string>(
  args: string[],
  verb: string,
  flag: F,
): ({ config?: string } & Partial<Record<F, boolean>>) | undefined {
  if (args[0] !== verb) return undefined;
  const o: { config?: string } & Partial<Record<F, boolean>> = {};
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === `--${flag}`) (o as Record<F, boolean>)[flag] = true;
    else if ((a === '-c' || a === '--config') && i + 1 < args.length && !args[i + 1]!.startsWith('-'))
      o.config = args[++i];
    else if (a.startsWith('--config=') && a.length > '--config='.length) o.config = a.slice('--config='.length);
    else return undefined;
  }
  return o;
}

/** `check` with only the options it knows (-c/--config FILE, --config=FILE, --json); else undefined. */
const plainCheckArgs = (args: string[]): CheckOptions | undefined => plainArgs(args, 'check', 'json');

// A reader that stops early (`gatewatch init | head -3`) closes the pipe: the next write fails with EPIPE, which as an
// unhandled stream error would crash with a stack trace. Nobody is left to read, so stop quietly, as other CLIs do
// (SIGPIPE); exit 0, since what was asked for was not what failed. Any other write error stays an error.
const onWriteError = (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
};
// Node makes process.stdout and process.stderr on first use, for a pipe a socket (node:net and its streams: a cron-run
// check writes through a pipe): the handler is added then, so that a healthy check, which writes nothing, makes neither.
function quietOnClosedPipe(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const own = Object.getOwnPropertyDescriptor(process, name);
    if (!own?.get) process[name].on('error', onWriteError);
    else {
      let handled = false;
      Object.defineProperty(process, name, {
        configurable: true,
        enumerable: own.enumerable,
        get() {
          const out = own.get!.call(process) as NodeJS.WriteStream;
          if (!handled) out.on('error', onWriteError);
          handled = true;
          return out;
        },
      });
    }
  }
}

/** Set first thing in main(). */
let node: NodeModules;

async function main(): Promise<void> {
  node = await nodeModules();
  quietOnClosedPipe();
  const check = plainCheckArgs(process.argv.slice(2));
  if (check) {
    // A check lives for a fraction of a second, and most of its peak memory is V8 sizing itself for a long life: the
    // young generation doubling under start-up's allocations (5 MB of it on a busy host, whose /proc scan allocates
    // more), and optimizing compiles that never pay back. Before anything loads, so that they apply from the start.
    const setFlagsFromString = await v8Flags();
    setFlagsFromString('--semi-space-growth-factor=1');
    setFlagsFromString('--no-turbofan');
    // The detectors test each log line against a union of their patterns: compiled to machine code on its second run,
    // it is ~0.8 MB of a check's peak. A check reads a few dozen lines: interpreted until the hundredth run (issue 21).
    setFlagsFromString('--regexp-tier-up-ticks=100');
    // A check compiles some 800 regular expressions (the detectors', the redactor's, the config's) and runs most of
    // them on a few dozen lines: V8's pass that tidies a pattern's bytecode cost more than it saves: 7 % of what a
    // check adds to a bare node's instructions (issue 45: 369 → 348 M, node -e 0 87 M).
    setFlagsFromString('--no-regexp-peephole-optimization');
    // Sparkplug compiles a function to baseline machine code once it has run a few times: a tenth of a second's life
    // never earns that back, and the code is ~0.5 MB of the peak (issue 21: 50.06 → 49.5 MB, no slower).
    setFlagsFromString('--no-sparkplug');
    // How long node took to get here (its own start and this file), then to compile and load the bundle: the first
    // two steps of GATEWATCH_DEBUG's (src/util/steps.ts), written at once, before anything makes a stream of stderr.
    const started = process.uptime() * 1000;
    const t0 = process.hrtime.bigint();
    // The flags above are part of what V8 checks a code cache against: the build makes check's cache through this
    // path, and both executables set the same.
    const bundle = runScriptBundle<{ runPlainCheck: typeof runPlainCheck }>(
      node,
      node.url.fileURLToPath(new URL('./bundle-check.cjs', import.meta.url)),
    );
    if (process.env.GATEWATCH_DEBUG)
      node.fs.writeSync(
        2,
        `gatewatch debug: steps node=${started.toFixed(1)} bundle=${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)}\n`,
      );
    await bundle.runPlainCheck(check);
    return;
  }
  // The daemon as the service starts it (`run --config FILE`): without the command-line parser and the other verbs'
  // declarations, which it would keep loaded for its whole life.
  const run = plainArgs(process.argv.slice(2), 'run', 'console');
  // The daemon as the service and `npm start` run it has a code cache of its own, which the build makes under its node
  // flags by running it to the end of its first look: V8 takes a cache only under the flags it was made under, and
  // the daemon sets more as it starts (DAEMON_RUNTIME_FLAGS), which are therefore set here first. Every other start
  // takes the cache a status made.
  const service =
    !!run &&
    process.execArgv.length === DAEMON_NODE_FLAGS.length &&
    process.execArgv.every((f, i) => f === DAEMON_NODE_FLAGS[i]);
  if (service) {
    const setFlagsFromString = await v8Flags();
    for (const flag of DAEMON_RUNTIME_FLAGS) setFlagsFromString(flag);
  }
  const file = node.url.fileURLToPath(new URL('./bundle-cli.cjs', import.meta.url));
  const cli = runScriptBundle<{ runCli: typeof runCli; runPlain: typeof runPlain }>(
    node,
    file,
    `${file}${service ? '.service' : ''}.cache`,
  );
  if (run) await cli.runPlain(run);
  else await cli.runCli(process.argv);
}

// A failure here is an uncaught error, as a module's own would be: its stack, exit code 1.
void main();
