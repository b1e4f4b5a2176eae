#!/usr/bin/env node
// The `gatewatch` executable, built twice from this one file (scripts/bundle.mjs): package.json's bin,
// dist/src/gatewatch.cjs, CommonJS, which is what a cron job runs every few minutes and starts without node's ES
// module loader (a tenth of a bare node's start); and dist/src/cli.js, an ES module, which the service units and
// `node dist/src/cli.js` run. Each runs one bundle with V8's code cache (scripts/bundle.mjs, and below): a plain
// `gatewatch check` its own (dist/src/bundle-check.cjs), without the command-line parser and the other commands;
// everything else, the daemon and `check --help` included, the full CLI's (dist/src/bundle-cli.cjs). No top-level
// await: CommonJS has none.
import type { Module as NodeModule } from 'node:module';
import type { Script as VmScript } from 'node:vm';
import type { CheckOptions, runPlainCheck } from './cli-check.js';
import type { runCli, runPlain } from './cli-entry.js';
import { DAEMON_NODE_FLAGS, DAEMON_RUNTIME_FLAGS } from './deploy/daemon-flags.js';

/**
 * Node's modules as their CommonJS objects where node hands them out so (process.getBuiltinModule, Node 20.16 on): an
 * ES module's import of one builds its ES facade first, reading every export, and node:fs's lazy fs.ReadStream then
 * loads the whole stream stack: 3.6 ms of a check's CPU, a tenth of a bare node's start (issue 56). An older node
 * imports them.
 */
async function nodeModules() {
  const get = process.getBuiltinModule as typeof process.getBuiltinModule | undefined;
  return {
    fs: get?.('node:fs') ?? (await import('node:fs')),
    module: get?.('node:module') ?? (await import('node:module')),
    path: get?.('node:path') ?? (await import('node:path')),
    url: get?.('node:url') ?? (await import('node:url')),
    vm: get?.('node:vm') ?? (await import('node:vm')),
  };
}
type NodeModules = Awaited<ReturnType<typeof nodeModules>>;

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

// A plain check runs a CommonJS bundle with V8's code cache (dist/src/bundle-check.cjs and its .cache, both made by
// scripts/bundle.mjs). Node 20 caches no compiled code for modules (module.enableCompileCache is Node 22), and a
// cron-run check spent a third of its start-up parsing and compiling the same 600 KB every time; a vm.Script takes
// V8's cached data. The bundle is a script whose value is node's module wrapper (no second copy of the source, as
// Module.wrap would make), and it calls __gwImport for import(): a script compiled from a cache loses the callback
// that resolves import() in Node 20.
//
// The cache is the build's (a check run once, and what V8 had compiled by its end), beside the bundle with the code's
// owner and permissions: nothing is written at run time, so no file another user can write is run as code. V8 checks
// only the source's length, so the cache file carries the exact bytes it was made from and is used only when they
// are the bundle's; V8 itself refuses a cache from another node or under other V8 flags. Without a usable cache the
// bundle compiles as any module would. (Here rather than in a module of its own: an entry of two modules makes esbuild
// import its runtime chunk, one more file for every check.)

// Names the node and the machine that made the cache: V8 checks its own version and flags, but a package packed on
// one architecture runs on others.
const MAGIC = Buffer.from(`gatewatch code cache 1 ${process.version} ${process.arch}\n`, 'latin1');

/** A cache file: the magic line, the source's length (u32 LE), the source, then V8's data. */
const codeCacheFile = (source: Buffer, data: Buffer): Buffer => {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(source.length);
  return Buffer.concat([MAGIC, len, source, data]);
};

/**
 * V8's data in the cache file when it was made from exactly `source`; undefined without one, null when it was made
 * from other bytes. Its copy of the source is compared a piece at a time, so that a check's peak does not hold it.
 */
function cachedDataFor(source: Buffer, file: string): Buffer | undefined | null {
  const { closeSync, fstatSync, openSync, readSync } = node.fs;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const at = MAGIC.length + 4;
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(at);
    if (
      size <= at + source.length ||
      readSync(fd, head, 0, at, 0) !== at ||
      !head.subarray(0, MAGIC.length).equals(MAGIC) ||
      head.readUInt32LE(MAGIC.length) !== source.length
    )
      return null;
    const piece = Buffer.allocUnsafe(64 * 1024);
    for (let done = 0; done < source.length; ) {
      const n = readSync(fd, piece, 0, Math.min(piece.length, source.length - done), at + done);
      if (n === 0 || !piece.subarray(0, n).equals(source.subarray(done, done + n))) return null;
      done += n;
    }
    const data = Buffer.allocUnsafe(size - at - source.length);
    return readSync(fd, data, 0, data.length, at + source.length) === data.length ? data : null;
  } finally {
    closeSync(fd);
  }
}

/** `file` compiled, from its cache when that fits. The bytes read die with this call, before the bundle runs. */
function compileScriptBundle(file: string, cache: string): VmScript {
  const { basename } = node.path;
  const source = node.fs.readFileSync(file);
  const cachedData = cachedDataFor(source, cache);
  // Named by its file name alone: V8 keeps the name a script was compiled under in its code cache, and the build makes
  // the cache in a folder of its own that is moved into place after (a stack named a path that was gone). The name is
  // the same wherever the package lives.
  const script = new node.vm.Script(source.toString('utf8'), {
    filename: basename(file),
    cachedData: cachedData ?? undefined,
  });
  if (process.env.GATEWATCH_DEBUG) {
    const state =
      cachedData === undefined
        ? 'absent'
        : cachedData === null
          ? 'stale'
          : script.cachedDataRejected
            ? 'rejected'
            : 'used';
    // Written at once, not through process.stderr: making that stream (a pipe's is a socket) would count in the steps.
    node.fs.writeSync(2, `gatewatch debug: code-cache=${state} bundle=${basename(file)}\n`);
  }
  return script;
}

/**
 * Runs `file` and gives its exports. GATEWATCH_DEBUG says what became of the cache; GATEWATCH_CODE_CACHE_OUT=path
 * writes one for this bundle at exit, when what has run is compiled (how the build makes the shipped one).
 */
function runScriptBundle<T>(file: string, cache = `${file}.cache`): T {
  const { readFileSync, writeFileSync } = node.fs;
  const { dirname, resolve } = node.path;
  const script = compileScriptBundle(file, cache);
  const out = process.env.GATEWATCH_CODE_CACHE_OUT;
  if (out) process.on('exit', () => writeFileSync(out, codeCacheFile(readFileSync(file), script.createCachedData())));
  const dir = dirname(file);
  // A relative specifier is the bundle's neighbour (a chunk, the zh-CN catalogue); a package resolves from here.
  const importer = (spec: string) =>
    import(spec.startsWith('./') || spec.startsWith('../') ? node.url.pathToFileURL(resolve(dir, spec)).href : spec);
  // In require's cache, as node's loader would put it: what lists the loaded modules sees the bundle.
  const mod = new node.module.Module(file);
  mod.filename = file;
  const req = node.module.createRequire(file);
  req.cache[file] = mod;
  // The wrapper's parameters, as scripts/bundle.mjs writes them.
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: NodeModule,
    filename: string,
    dirname: string,
    gwImport: typeof importer,
  ) => void;
  wrapper.call(mod.exports, mod.exports, req, mod, file, dir, importer);
  mod.loaded = true;
  return mod.exports as T;
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
    file,
    `${file}${service ? '.service' : ''}.cache`,
  );
  if (run) await cli.runPlain(run);
  else await cli.runCli(process.argv);
}

// A failure here is an uncaught error, as a module's own would be: its stack, exit code 1.
void main();
