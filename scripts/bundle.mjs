// Bundles the CLI after tsc: dist/src/cli.js (the `bin`) becomes one entry file plus chunks beside it, loaded per
// command (`check` never parses the chat SDKs, prom-client or re2js). Node's ES module loader spends most of a cold
// start resolving and compiling hundreds of small files; a few large ones start in a fraction of the time.
// The chat SDKs stay in node_modules (large, loaded only when their channel is configured). The demo's modules stay
// tsc's files in dist/src/demo: they locate their sibling scripts (gateway.js, ctl.js) by their own path.
import { build } from 'esbuild';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'src');
const demoDir = path.join(root, 'src', 'demo') + path.sep;
const CHUNK = 'bundle-';

// A previous build's chunks (their names carry a hash).
for (const f of readdirSync(out)) if (f.startsWith(CHUNK)) rmSync(path.join(out, f));

const result = await build({
  metafile: !!process.env.GW_BUNDLE_META,
  entryPoints: { cli: path.join(root, 'src', 'cli.ts') },
  outdir: out,
  chunkNames: `${CHUNK}[name]-[hash]`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['@larksuiteoapi/node-sdk', 'ws', 'nodemailer', 'grammy'],
  // CommonJS dependencies inside an ES module still call require().
  banner: { js: "import { createRequire as __gwCreateRequire } from 'node:module'; const require = __gwCreateRequire(import.meta.url);" },
  plugins: [
    {
      // string-width builds an Intl.Segmenter when loaded (ICU data: ~20 ms of CPU) though most commands print no
      // table: build it on the first measurement instead.
      name: 'string-width-lazy-segmenter',
      setup(b) {
        b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
          const text = await readFile(args.path, 'utf8');
          const lazy = text.replace('const segmenter = new Intl.Segmenter();', 'let segmenter;').replaceAll('segmenter.segment(', '(segmenter ??= new Intl.Segmenter()).segment(');
          if (lazy === text || /segmenter\.segment\(/.test(lazy)) console.warn('bundle: string-width changed; its Intl.Segmenter stays eager');
          return { contents: lazy === text ? text : lazy, loader: 'js' };
        });
      },
    },
    {
      name: 'demo-stays-tsc-output',
      setup(b) {
        b.onResolve({ filter: /demo\/[\w-]+\.js$/ }, (args) => {
          const file = path.resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
          if (!file.startsWith(demoDir)) return undefined;
          // Every output file sits in dist/src, beside dist/src/demo.
          return { path: `./demo/${path.basename(file, '.ts')}.js`, external: true };
        });
      },
    },
  ],
});
// GW_BUNDLE_META=file: what went into each output file, for looking at what a command loads.
if (process.env.GW_BUNDLE_META) writeFileSync(process.env.GW_BUNDLE_META, JSON.stringify(result.metafile));
