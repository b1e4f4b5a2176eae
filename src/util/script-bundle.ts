// Running a bundle from V8's code cache: see below. A module the executable and the demo's scripts inline (each is
// one file as node starts it).
import type { Module as NodeModule } from 'node:module';
import type { Script as VmScript } from 'node:vm';

/**
 * Node's modules as their CommonJS objects where node hands them out so (process.getBuiltinModule, Node 20.16 on): an
 * ES module's import of one builds its ES facade first, reading every export, and node:fs's lazy fs.ReadStream then
 * loads the whole stream stack: 3.6 ms of a check's CPU, a tenth of a bare node's start (issue 56). An older node
 * imports them.
 */
export async function nodeModules() {
  const get = process.getBuiltinModule as typeof process.getBuiltinModule | undefined;
  return {
    fs: get?.('node:fs') ?? (await import('node:fs')),
    module: get?.('node:module') ?? (await import('node:module')),
    path: get?.('node:path') ?? (await import('node:path')),
    url: get?.('node:url') ?? (await import('node:url')),
    vm: get?.('node:vm') ?? (await import('node:vm')),
  };
}
export type NodeModules = Awaited<ReturnType<typeof nodeModules>>;

// The executable (src/main.ts) and the demo's two scripts (src/demo/launch.ts) each run a CommonJS bundle with V8's
// code cache (dist/src/bundle-check.cjs and its .cache, bundle-cli.cjs, demo/gateway.cjs…, all made by
// scripts/bundle.mjs). Node 20 caches no compiled code for modules (module.enableCompileCache is Node 22), and a
// cron-run check spent a third of its start-up parsing and compiling the same 600 KB every time; a vm.Script takes
// V8's cached data. The bundle is a script whose value is node's module wrapper (no second copy of the source, as
// Module.wrap would make), and it calls __gwImport for import(): a script compiled from a cache loses the callback
// that resolves import() in Node 20.
//
// The cache is the build's (the bundle run once, and what V8 had compiled by its end), beside the bundle with the code's
// owner and permissions: nothing is written at run time, so no file another user can write is run as code. V8 checks
// only the source's length, so the cache file carries the exact bytes it was made from and is used only when they
// are the bundle's; V8 itself refuses a cache from another node or under other V8 flags. Without a usable cache the
// bundle compiles as any module would.

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
function cachedDataFor(node: NodeModules, source: Buffer, file: string): Buffer | undefined | null {
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
function compileScriptBundle(node: NodeModules, file: string, cache: string): VmScript {
  const { basename } = node.path;
  const source = node.fs.readFileSync(file);
  const cachedData = cachedDataFor(node, source, cache);
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
export function runScriptBundle<T>(node: NodeModules, file: string, cache = `${file}.cache`): T {
  const { readFileSync, writeFileSync } = node.fs;
  const { dirname, resolve } = node.path;
  const script = compileScriptBundle(node, file, cache);
  const out = process.env.GATEWATCH_CODE_CACHE_OUT;
  // This process's own: a demo gateway it starts would write its cache there too, when it ends.
  delete process.env.GATEWATCH_CODE_CACHE_OUT;
  if (out) process.on('exit', () => writeFileSync(out, codeCacheFile(readFileSync(file), script.createCachedData())));
  const dir = dirname(file);
  // A relative specifier is the bundle's neighbour (the catalogues); a package resolves from here.
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
