// Bundles the CLI after tsc. Node's ES module loader spends most of a cold start resolving and compiling hundreds of
// small files, and Node 20 caches no compiled code for modules: the executable (src/main.ts: dist/src/gatewatch.cjs,
// package.json's bin, and dist/src/cli.js, what the service runs) runs one CommonJS bundle with a V8 code cache beside
// it that the build makes by running it once (see the end of this file). A plain `gatewatch check` (what cron runs)
// has one of its own, dist/src/bundle-check.cjs, which never parses the chat SDKs, prom-client or re2js; every other
// command, the daemon's included, runs dist/src/bundle-cli.cjs. The chat SDKs stay in node_modules (large, loaded only
// when their channel is configured), except Feishu's: see larkSdkVersion. The demo's two node scripts (gateway.js,
// ctl.js) are bundled where tsc put them (below).
import { build } from 'esbuild';
import { chmodSync, copyFileSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asciiRegexps, codeCache, demoCodeCache, importCalls } from './bundle-post.mjs';
import { EXTERNAL } from './runtime-packages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// build.mjs makes each build in a directory of its own and then moves it into dist/ (it says where); run alone, dist/.
const out = path.join(process.env.GATEWATCH_BUILD_OUT ?? path.join(root, 'dist'), 'src');
const CHUNK = 'bundle-';
const CHECK = `${CHUNK}check`;
const CHECK_ZH = `${CHECK}-zh-CN`;
const CHECK_EN = `${CHECK}-en`;
const CHECK_WORDS = `${CHECK}-words`;
/** Every command but a plain check, the daemon's included (below). */
const CLI_BUNDLE = `${CHUNK}cli`;
/** The Feishu SDK, which the bundles require (larkSdkFile). */
const LARK_SDK = `${CHUNK}lark-sdk.cjs`;
/** package.json's bin (src/main.ts as CommonJS, below). */
const BIN = 'gatewatch.cjs';

// A previous build's bundles.
for (const f of readdirSync(out)) if (f.startsWith(CHUNK)) rmSync(path.join(out, f));

const banner = {
  js: "import { createRequire as __gwCreateRequire } from 'node:module'; const require = __gwCreateRequire(import.meta.url);",
};
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies inside an ES module still call require().
  banner,
};

const stringWidthLazySegmenter = {
  // string-width builds an Intl.Segmenter when loaded (ICU data: ~20 ms of CPU) though most commands print no
  // table: build it on the first measurement instead.
  name: 'string-width-lazy-segmenter',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const lazy = text
        .replace('const segmenter = new Intl.Segmenter();', 'let segmenter;')
        .replaceAll('segmenter.segment(', '(segmenter ??= new Intl.Segmenter()).segment(');
      if (lazy === text || /segmenter\.segment\(/.test(lazy))
        console.warn('bundle: string-width changed; its Intl.Segmenter stays eager');
      return { contents: lazy === text ? text : lazy, loader: 'js' };
    });
  },
};

// The Feishu SDK's one 6 MB file has Chinese doc comments, so V8 would hold its source as a two-byte string (12.5 MB)
// for the daemon's lifetime; minified and ASCII-escaped it is 2.4 MB, ~10 MB less RSS (issue 12). It reads its version
// from `${__dirname}/../package.json` as it loads (for its User-Agent), which is not beside the built file: the version
// is put in at build time. Fails the build if the SDK changes shape.
const larkSdkVersion = {
  name: 'lark-sdk-version',
  setup(b) {
    b.onLoad({ filter: /[\\/]@larksuiteoapi[\\/]node-sdk[\\/]lib[\\/]index\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const { version } = JSON.parse(await readFile(path.join(path.dirname(args.path), '..', 'package.json'), 'utf8'));
      const head = 'function getSdkVersion() {';
      if (text.split(head).length !== 2 || typeof version !== 'string')
        throw new Error('bundle: @larksuiteoapi/node-sdk changed: getSdkVersion() not found');
      return { contents: text.replace(head, `${head} return ${JSON.stringify(version)};`), loader: 'js' };
    });
  },
};

// The bundles' import of the Feishu SDK: the build's file of it (LARK_SDK), beside them in dist/src.
const larkSdkFile = {
  name: 'lark-sdk-file',
  setup(b) {
    b.onResolve({ filter: /^@larksuiteoapi\/node-sdk$/ }, () => ({ path: `./${LARK_SDK}`, external: true }));
  },
};

// node-cron, once and as CommonJS (dist/src/bundle-node-cron-host.cjs): config validation requires it where a config
// names a `schedule` (synchronously, in the schema) and the daemon's schedule requires the same copy (src/util/cron.ts),
// where they were two (node_modules' own for the one, a chunk for the other: ~2.9 MB of the demo daemon's RSS). Two
// changes to it, both of what the daemon never uses:
// - It works out every match and next run with an Intl.DateTimeFormat, even in the host's own zone (the only zone the
//   daemon schedules in: it passes no timezone). The first one maps ~6 MB of ICU data (locale patterns, zone names)
//   into the process for good: a tenth of an idle daemon's RSS. This copy reads the host zone's date parts and offset
//   from Date instead, which needs only the zone rules. A named timezone still goes through Intl.
// - It names each task and run with crypto.randomUUID() and imports child_process for its background tasks: loading
//   node:crypto and node:child_process cost a process ~2.8 MB (issue 56). Tasks here are named by a counter (the daemon
//   reads no task's name: it only asks a task whether a time matches) and child_process loads if a task is forked.
// Fails the build if node-cron changes shape.
const NODE_CRON = 'bundle-node-cron-host.cjs';
const replaceOnce = (text, from, to, what) => {
  if (text.split(from).length !== 2) throw new Error(`bundle: node-cron changed: ${what} not found once`);
  return text.replace(from, to);
};
const nodeCronForTheDaemon = {
  name: 'node-cron-for-the-daemon',
  setup(b) {
    b.onLoad({ filter: /[\\/]node-cron[\\/]dist[\\/]_shared\.js$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      for (const [head, call] of [
        ['function buildDateParts(date, timezone) {', '__gwHostParts(date)'],
        ['function getTimezoneGMT(date, timezone) {', '__gwHostGMT(date)'],
      ])
        text = replaceOnce(text, head, `${head} if (!timezone) return ${call};`, head);
      text = replaceOnce(text, "import { randomUUID } from 'node:crypto';\n", '', 'its crypto import');
      text = replaceOnce(
        text,
        'function createID() {\n    return randomUUID();\n}',
        'let __gwTasks = 0;\nfunction createID() {\n    return `gatewatch-${++__gwTasks}`;\n}',
        'createID',
      );
      // What Intl's en-US parts give (weekday short, hour 0-23) and getTimezoneGMT's form: 'Z' or 'GMT+05:30'.
      text += `
const __gwWeekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
function __gwHostParts(date) {
  const result = { day: date.getDate(), month: date.getMonth() + 1, year: date.getFullYear(), hour: date.getHours(), minute: date.getMinutes(), second: date.getSeconds(), millisecond: date.getMilliseconds(), weekday: __gwWeekdays[date.getDay()] };
  let gmt;
  Object.defineProperty(result, 'gmt', { enumerable: true, configurable: true, get: () => (gmt ??= __gwHostGMT(date)) });
  return result;
}
function __gwHostGMT(date) {
  const off = -date.getTimezoneOffset();
  if (off === 0) return 'Z';
  const abs = Math.abs(off);
  return \`GMT\${off < 0 ? '-' : '+'}\${String(Math.floor(abs / 60)).padStart(2, '0')}:\${String(abs % 60).padStart(2, '0')}\`;
}
`;
      return { contents: text, loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]node-cron[\\/]dist[\\/]node-cron\.js$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      text = replaceOnce(
        text,
        "import { fork } from 'child_process';\n",
        "const fork = (...a) => require('node:child_process').fork(...a);\n",
        'its child_process import',
      );
      text = replaceOnce(text, "import 'node:crypto';\n", '', 'its crypto import');
      return { contents: text, loader: 'js' };
    });
  },
};

// src/util/cron.ts requires node-cron: in the bundles (each in dist/src, beside it), the copy above.
const cronRequiresTheDaemonsCopy = {
  name: 'cron-requires-the-daemons-copy',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]util[\\/]cron\.ts$/ }, async (args) => ({
      contents: replaceOnce(
        await readFile(args.path, 'utf8'),
        "requireHere('node-cron')",
        `requireHere(${JSON.stringify(`./${NODE_CRON}`)})`,
        "src/util/cron.ts's require",
      ),
      loader: 'ts',
    }));
  },
};

// A node module as our modules import it in check's bundle: a module of the bundle written here (`contents`) in its
// place. Bundled packages (the Feishu SDK) import it as they wrote it.
const builtinAs = (kind, name, contents) => ({
  name: `${kind}-${name}`,
  setup(b) {
    const namespace = `${kind}-${name}`;
    b.onResolve({ filter: new RegExp(`^(node:)?${name.replace('/', '\\/')}$`) }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}`) ? undefined : { path: `node:${name}`, namespace },
    );
    b.onLoad({ filter: /.*/, namespace }, async () => ({ contents: (await contents()).join('\n'), loader: 'js' }));
  },
});
// Loaded on the first call of one of its functions, not as our modules load: `names`, every function they import
// from it (a name not listed fails the build).
// - node:crypto is not in node's start-up snapshot: loading it costs a check 7 ms and 1.7 MB (more on a loaded host),
//   and a healthy check of a home under ~/.hermes hashes nothing, nor does `status` or `logs`.
// - node:v8 loads node's whole stream stack for its heap snapshots (3 ms of a check's start): a check sets no flag
//   through it (src/main.ts sets its own without it), and the daemon's commands stage, which it bundles, only after a
//   picture is sent.
// - node:fs/promises, and the streams, file watchers and readline it loads (a millisecond), in check's bundle: a check
//   calls the file system in its turn (src/util/file-calls.ts), and the executable it runs from is CommonJS, which node
//   starts without its ES module loader (that one reads its modules through fs/promises).
const lazyBuiltin = (name, names) =>
  builtinAs('lazy', name, () => [
    "import { createRequire } from 'node:module';",
    'let m;',
    `const c = () => (m ??= createRequire(import.meta.url)(${JSON.stringify(`node:${name}`)}));`,
    ...names.map((f) => `export const ${f} = (...a) => c().${f}(...a);`),
  ]);
// Taken once. Check's bundle is CommonJS, where esbuild turns every default import of a node module (`import path
// from 'node:path'`, in some seventy files) into a copy of its own: an object with a getter per export, made as the
// bundle loads (a millisecond of a check, and the scavenge its garbage brings closer). Its exports are node's own (a
// name it lacks fails the build).
const oneCopyOfBuiltin = (name) =>
  builtinAs('one-copy-of', name, async () => [
    "import { createRequire } from 'node:module';",
    `const m = createRequire(import.meta.url)(${JSON.stringify(`node:${name}`)});`,
    'export default m;',
    `export const { ${Object.keys(await import(`node:${name}`))
      .filter((k) => k !== 'default')
      .join(', ')} } = m;`,
  ]);
const lazyCrypto = () =>
  lazyBuiltin('crypto', ['createHash', 'createHmac', 'randomBytes', 'randomUUID', 'timingSafeEqual']);
const lazyV8 = () => lazyBuiltin('v8', ['setFlagsFromString']);
const FS_PROMISES = Object.entries(await import('node:fs/promises'))
  .filter(([k, v]) => typeof v === 'function' && k !== 'default')
  .map(([k]) => k);
const lazyFsPromises = () => lazyBuiltin('fs/promises', FS_PROMISES);

// Each Hermes platform's words (src/platforms/<name>/words.ts, 50 KB in all) and each supervisor's
// (src/probes/supervisors/<kind>-texts.ts) are one file of their own too (dist/src/bundle-check-words.cjs): a healthy
// check words nothing, and the registries only hand them to i18n, which reads them when it first words a text. In
// check's bundle each words module is a stand-in whose `en` and `zhCN` load that file when first read, as enOnDemand's
// catalogue does. `file`: that file as the bundle requires it.
const platformsDir = path.join(root, 'src', 'platforms');
const supervisorsDir = path.join(root, 'src', 'probes', 'supervisors');
/** A words module's name in that file: a platform's folder, `supervisor:<kind>`; undefined for any other module. */
const wordsName = (f) => {
  if (path.basename(f) === 'words.ts' && path.dirname(path.dirname(f)) === platformsDir)
    return path.basename(path.dirname(f));
  const kind = /^(\w+)-texts\.ts$/.exec(path.basename(f))?.[1];
  return kind && path.dirname(f) === supervisorsDir ? `supervisor:${kind}` : undefined;
};
const platformWordsOnDemand = (file) => ({
  name: 'platform-words-on-demand',
  setup(b) {
    b.onResolve({ filter: /(^|\/)words\.js$|-texts\.js$/ }, (args) => {
      const name = wordsName(path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')));
      return name ? { path: name, namespace: 'platform-words-on-demand' } : undefined;
    });
    b.onResolve({ filter: new RegExp(`^\\./${CHECK_WORDS}\\.cjs$`) }, (args) => ({ path: args.path, external: true }));
    // One loader for every stand-in: each is then two lines of the bundle.
    b.onResolve({ filter: /^words-on-demand$/, namespace: 'platform-words-on-demand' }, () => ({
      path: 'loader',
      namespace: 'words-on-demand-loader',
    }));
    b.onLoad({ filter: /.*/, namespace: 'words-on-demand-loader' }, () => ({
      contents: [
        'let texts;',
        `const load = (name, k) => (texts ??= require(${JSON.stringify(file)}).words)[name][k];`,
        'export const lazy = (name, k) => new Proxy({}, {',
        '  get: (_, p) => load(name, k)[p],',
        '  has: (_, p) => p in load(name, k),',
        '  ownKeys: () => Reflect.ownKeys(load(name, k)),',
        '  getOwnPropertyDescriptor: (_, p) => Reflect.getOwnPropertyDescriptor(load(name, k), p),',
        '});',
      ].join('\n'),
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'platform-words-on-demand' }, (args) => ({
      contents: [
        "import { lazy } from 'words-on-demand';",
        `export const en = lazy(${JSON.stringify(args.path)}, 'en');`,
        `export const zhCN = lazy(${JSON.stringify(args.path)}, 'zhCN');`,
      ].join('\n'),
      loader: 'js',
    }));
  },
});
/** The file platformWordsOnDemand's stand-ins load: every platform's and supervisor's words by wordsName. */
const platformWordsEntry = () => {
  const files = [
    ...readdirSync(platformsDir).map((d) => path.join(platformsDir, d, 'words.ts')),
    ...readdirSync(supervisorsDir).map((f) => path.join(supervisorsDir, f)),
  ].filter((f) => wordsName(f) && existsSync(f));
  return [
    ...files.map((f, i) => `import * as w${i} from './${path.relative(root, f)}';`),
    `export const words = { ${files.map((f, i) => `${JSON.stringify(wordsName(f))}: w${i}`).join(', ')} };`,
  ].join('\n');
};

// The zh-CN catalogue (150 KB) is a file of its own (dist/src/bundle-check-zh-CN.cjs), which an entry (src/cli-check.ts,
// src/demo/ctl.ts) loads when the config or the terminal reads Chinese: an English run does not compile it. The i18n
// module gets a stand-in and falls back to en. `chunk`: that file as the entry's output imports it.
const zhCNOnDemand = (entry, chunk) => ({
  name: 'zh-CN-on-demand',
  setup(b) {
    b.onResolve({ filter: /(^|\/)text\/zh-CN\.js$/ }, (args) => {
      if (args.importer === path.join(root, 'src', 'i18n.ts')) return { path: 'zh-CN', namespace: 'zh-CN-stand-in' };
      if (args.importer === entry) return { path: chunk, external: true };
      throw new Error(
        `bundle: ${path.relative(root, args.importer)} imports the zh-CN catalogue: ${path.relative(root, entry)}'s bundle keeps it apart`,
      );
    });
    b.onLoad({ filter: /.*/, namespace: 'zh-CN-stand-in' }, () => ({
      contents: 'export const zhCN = undefined;',
      loader: 'js',
    }));
  },
});

// The English catalogue (150 KB, a sixth of check's bundle) is a file of its own too (dist/src/bundle-check-en.cjs): a
// healthy check says nothing, and a cron-run check is healthy almost every time. Its modules keep their `en` (the
// texts are worded synchronously): in check's bundle it is an object that loads the file when first read, with
// require, and then answers every question of it as the catalogue itself would. A healthy check must not read it
// (test/footprint.test.ts lists the files a healthy check loads). `file`: that file as the bundle's output requires it
// (an ES module's with the common banner's require).
const enOnDemand = (file) => ({
  name: 'en-on-demand',
  setup(b) {
    // By the file it names, whoever imports it and however (`./en.js` from src/text as well).
    const catalogue = path.join(root, 'src', 'text', 'en.ts');
    b.onResolve({ filter: /(^|\/)en\.js$/ }, (args) =>
      path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')) === catalogue
        ? { path: 'en', namespace: 'en-on-demand' }
        : undefined,
    );
    b.onResolve({ filter: new RegExp(`^(\\.|\\.\\.)/${CHECK_EN}\\.cjs$`) }, (args) => ({
      path: args.path,
      external: true,
    }));
    b.onLoad({ filter: /.*/, namespace: 'en-on-demand' }, () => ({
      contents: [
        'let texts;',
        `const load = () => (texts ??= require(${JSON.stringify(file)}).en);`,
        'export const en = new Proxy({}, {',
        '  get: (_, k) => load()[k],',
        '  has: (_, k) => k in load(),',
        '  ownKeys: () => Reflect.ownKeys(load()),',
        '  getOwnPropertyDescriptor: (_, k) => Reflect.getOwnPropertyDescriptor(load(), k),',
        '});',
      ].join('\n'),
      loader: 'js',
    }));
  },
});

// The full CLI's zh-CN catalogue (200 KB, two bytes a character in V8) is check's file of it, loaded by loadLocale
// (src/i18n.ts) for every command but an English config's daemon, whose bundle's source (held as long as it runs)
// then does not carry it: i18n's own import of it gets a stand-in here, the imports that load it that file.
const zhCNLoadedByLocale = {
  name: 'zh-CN-loaded-by-locale',
  setup(b) {
    const i18n = path.join(root, 'src', 'i18n.ts');
    b.onResolve({ filter: /(^|\/)text\/zh-CN\.js$/ }, (args) =>
      args.kind === 'dynamic-import'
        ? { path: `./${CHECK_ZH}.cjs`, external: true }
        : args.importer === i18n && args.kind === 'import-statement'
          ? { path: 'zh-CN', namespace: 'zh-CN-by-locale' }
          : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zh-CN-by-locale' }, () => ({
      contents: 'export const zhCN = undefined;',
      loader: 'js',
    }));
  },
};

// dist/src/cli.js: the executable (src/main.ts) as an ES module, what the service units and `node dist/src/cli.js` run.
// It runs one of the bundles below.
const result = await build({
  ...common,
  metafile: true,
  entryPoints: { cli: path.join(root, 'src', 'main.ts') },
  outdir: out,
  splitting: false,
});

// package.json's bin, dist/src/gatewatch.cjs: the same executable as CommonJS, which node starts without its ES module
// loader.
await build({
  ...common,
  banner: { js: '"use strict";var __gwImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__gwImportMetaUrl' },
  entryPoints: [path.join(root, 'src', 'main.ts')],
  format: 'cjs',
  outfile: path.join(out, BIN),
  splitting: false,
});
// Each chat channel's question to its platform (src/chats/<type>/ask.ts, its plugin's `asker`) is inlined too: a check
// asks it where a platform fails, with the secrets this copy of the redactor was given (a module inlined this way runs
// only when imported, so a healthy check pays for its bytes and nothing else).
const chatsDir = path.join(root, 'src', 'chats');
const askers = readdirSync(chatsDir)
  .map((d) => path.join(chatsDir, d, 'ask.ts'))
  .filter((f) => existsSync(f));
const inlined = new Set([
  ...['src/delivery/render-text.ts', 'src/config/load.ts'].map((f) => path.join(root, f)),
  ...askers,
]);
/**
 * A bundle run from a V8 code cache (check's, every other command's, the demo's scripts'): a script whose value is node's module
 * wrapper around CommonJS; import.meta.url (createRequire's base) is the bundle's own URL. Short names: a fifth less for
 * node to read and compile on every run (its errors are one line, not a trace).
 */
const SCRIPT_BUNDLE = {
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  banner: {
    js: `(function(exports,require,module,__filename,__dirname,__gwImport){"use strict";var __gwImportMetaUrl=require("node:url").pathToFileURL(__filename).href;`,
  },
  footer: { js: '})' },
  define: { 'import.meta.url': '__gwImportMetaUrl' },
  minifyIdentifiers: true,
  outdir: out,
};
const checkResult = await build({
  ...common,
  metafile: true,
  // Its entry sets zod's jitless before the schemas are made (src/cli-check-jitless.ts).
  entryPoints: { [CHECK]: path.join(root, 'src', 'cli-check-entry.ts') },
  // import() calls become __gwImport() below.
  ...SCRIPT_BUNDLE,
  splitting: false,
  external: EXTERNAL,
  plugins: [
    larkSdkFile,
    stringWidthLazySegmenter,
    cronRequiresTheDaemonsCopy,
    zhCNOnDemand(path.join(root, 'src', 'cli-check.ts'), `./${CHECK_ZH}.cjs`),
    enOnDemand(`./${CHECK_EN}.cjs`),
    platformWordsOnDemand(`./${CHECK_WORDS}.cjs`),
    lazyCrypto(),
    lazyV8(),
    lazyFsPromises(),
    oneCopyOfBuiltin('path'),
    {
      name: 'check-lazy-imports',
      setup(b) {
        b.onResolve({ filter: /.*/ }, async (args) => {
          if (args.kind !== 'dynamic-import' || args.pluginData?.again) return undefined;
          const r = await b.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            importer: args.importer,
            pluginData: { again: true },
          });
          if (r.errors.length || r.external || inlined.has(r.path)) return r;
          return { path: r.path, namespace: 'not-in-check' };
        });
        b.onLoad({ filter: /.*/, namespace: 'not-in-check' }, (args) => ({
          contents: `throw new Error(${JSON.stringify(`gatewatch check does not load ${path.relative(root, args.path)}`)});`,
          loader: 'js',
        }));
      },
    },
  ],
});
// Every other command in one file too, the daemon among them: src/cli-entry.ts as check's is made, with a code cache
// of its own (two: the service's V8 flags have theirs). Node's ES module loader took half of a `gatewatch status`
// resolving, linking and compiling the hundred chunks it read (0.35 s of CPU where this takes 0.18), and half of a
// daemon's start (0.45 s of CPU where this takes 0.22). Its modules' lazy imports are inlined and run only when
// imported (the daemon's, the channels': bytes, not work), as one copy each: one redactor, one i18n.
await build({
  ...common,
  entryPoints: { [CLI_BUNDLE]: path.join(root, 'src', 'cli-entry.ts') },
  ...SCRIPT_BUNDLE,
  // The packages it imports lazily (the external ones: each has a CommonJS entry) are required, not import()ed: a
  // script compiled from a code cache has no import() callback, and check's pass that rewrites its calls (importCalls)
  // would parse these 1.6 MB once more on every build.
  supported: { 'dynamic-import': false },
  splitting: false,
  external: EXTERNAL,
  plugins: [larkSdkFile, zhCNLoadedByLocale, stringWidthLazySegmenter, cronRequiresTheDaemonsCopy, lazyCrypto()],
});
// The Feishu SDK (larkSdkVersion), a file of its own that both bundles require when a Feishu channel or check's question
// to Feishu first needs it: inlined, it was 2.4 MB of the CLI's bundle and twice its build time.
await build({
  ...common,
  banner: undefined,
  entryPoints: [path.join(root, 'node_modules', '@larksuiteoapi', 'node-sdk', 'lib', 'index.js')],
  format: 'cjs',
  outfile: path.join(out, LARK_SDK),
  splitting: false,
  external: EXTERNAL,
  plugins: [larkSdkVersion],
});
// node-cron for the daemon and for config validation (nodeCronForTheDaemon). A CommonJS file: import.meta.url is its
// own file's URL (node-cron finds its background-task script by it, which this copy never starts).
await build({
  ...common,
  banner: { js: 'var __gwImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__gwImportMetaUrl' },
  entryPoints: [path.join(root, 'node_modules', 'node-cron', 'dist', 'node-cron.js')],
  format: 'cjs',
  outfile: path.join(out, NODE_CRON),
  splitting: false,
  plugins: [nodeCronForTheDaemon],
});
// The catalogue every bundle loads for a Chinese reader, alone (it imports only types). CommonJS: the CLI's bundle
// requires it, check and the demo's scripts import it (its export named for node's ES module loader).
await build({
  ...common,
  banner: undefined,
  entryPoints: { [CHECK_ZH]: path.join(root, 'src', 'text', 'zh-CN.ts') },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  outdir: out,
  splitting: false,
});
// The English one, for check to require when it first words a text (enOnDemand).
await build({
  ...common,
  banner: undefined,
  entryPoints: { [CHECK_EN]: path.join(root, 'src', 'text', 'en.ts') },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  outdir: out,
  splitting: false,
});
// The platforms' words, for check to require when it first words one of their texts (platformWordsOnDemand).
await build({
  ...common,
  banner: undefined,
  stdin: { contents: platformWordsEntry(), resolveDir: root, loader: 'ts', sourcefile: `${CHECK_WORDS}.ts` },
  format: 'cjs',
  outfile: path.join(out, `${CHECK_WORDS}.cjs`),
  splitting: false,
});
// The demo's two node scripts, started on every demo start and restart (and by dozens of tests), each in one file
// over build.mjs's one-to-one copy of its entry, run from a code cache as the CLI's bundles are: dist/src/demo/gateway.cjs
// and ctl.cjs, each started by a launcher of its own name (gateway.js, ctl.js: src/demo/launch.ts). Its third,
// is-active, is a shell script (gatewatch runs it on every check), copied beside them below. They stay in
// dist/src/demo, so what their modules find beside their own path (demoScriptPath) is still there. Nothing imports an
// entry, so no module of them exists twice in one process. The supervisor's zh-CN catalogue is check's file of it
// (zhCNOnDemand). The gateway's platform demo faults come with the platforms' registry, and with it i18n, whose two
// catalogues were 450 KB of the gateway's 620 that it compiled on every start and never read: check's files of them
// too, loaded if a text is ever worded (issue 56).
for (const name of ['gateway', 'ctl']) {
  const entry = path.join(root, 'src', 'demo', `${name}.ts`);
  const zh = zhCNOnDemand(entry, `../${CHECK_ZH}.cjs`);
  const plugins = name === 'ctl' ? [zh, lazyCrypto()] : [zh, enOnDemand(`../${CHECK_EN}.cjs`), lazyCrypto()];
  await build({
    ...common,
    ...SCRIPT_BUNDLE,
    entryPoints: { [name]: entry },
    outdir: path.join(out, 'demo'),
    supported: { 'dynamic-import': false },
    sourcemap: true,
    splitting: false,
    plugins,
  });
  await build({
    ...common,
    banner: undefined,
    entryPoints: [path.join(root, 'src', 'demo', 'launch.ts')],
    outfile: path.join(out, 'demo', `${name}.js`),
    splitting: false,
  });
}
copyFileSync(path.join(root, 'src', 'demo', 'is-active.sh'), path.join(out, 'demo', 'is-active.sh'));
chmodSync(path.join(out, 'demo', 'is-active.sh'), 0o755);
// GW_BUNDLE_META=file: what went into each output file, for looking at what a command loads.
if (process.env.GW_BUNDLE_META)
  writeFileSync(
    process.env.GW_BUNDLE_META,
    JSON.stringify({
      inputs: { ...result.metafile.inputs, ...checkResult.metafile.inputs },
      outputs: { ...result.metafile.outputs, ...checkResult.metafile.outputs },
    }),
  );

// The passes over what esbuild wrote: regular expressions made ASCII, check's import() calls, the code caches.
await asciiRegexps(out, (f) => (f.startsWith(CHUNK) || f === 'cli.js' || f === BIN) && /\.c?js$/.test(f));
await asciiRegexps(path.join(out, 'demo'), (f) => f.endsWith('.cjs'));
const checkFile = path.join(out, `${CHECK}.cjs`);
const cliFile = path.join(out, `${CLI_BUNDLE}.cjs`);
await importCalls(checkFile);
await codeCache(out, [
  { file: checkFile, args: ['check'] },
  { file: cliFile, args: ['status'] },
  // The daemon as the service runs it, under its V8 flags (DAEMON_NODE_FLAGS): a console daemon's start and first look,
  // ended by the end of its input. What V8 compiled for it, not what a status does: the daemon keeps all of it.
  { file: cliFile, args: ['run', '--console'], service: true },
]);
await demoCodeCache(out);
