// The demo's two node scripts as node starts them, dist/src/demo/gateway.js and ctl.js: each runs its bundle beside it
// (gateway.cjs, ctl.cjs: scripts/bundle.mjs) from V8's code cache (src/util/script-bundle.ts). Every demo start, restart,
// status and fault starts one, and dozens of tests start hundreds: compiling their 440 and 600 KB was most of each
// start. The launcher is this one file, named after the script it starts.
import { nodeModules, runScriptBundle } from '../util/script-bundle.js';

const node = await nodeModules();
const bundle = node.url.fileURLToPath(import.meta.url).replace(/\.js$/, '.cjs');
await runScriptBundle<{ start(): Promise<void> }>(node, bundle).start();
