// The daemon's V8 flags, alone: src/main.ts reads them to pick the code cache made under them (the executable takes
// nothing else of the deploy modules), and so does the build that makes that cache (scripts/bundle-post.mjs).

/**
 * V8 flags of the daemon in the service (and `npm start`): a watchdog that idles beside the gateway trades peak speed for
 * memory. A 1 MB young generation, V8's small-footprint heuristics and no Turbofan (ignition and sparkplug still
 * run the code) keep the console daemon's RSS ~15 MB lower in `npm run bench` (footprint) for no measurable CPU at
 * 50 log lines/s. `--liftoff-only`: fetch() (QQ, the notifiers) parses HTTP with undici's WebAssembly llhttp, which
 * V8 would also compile with Turbofan on worker threads: ~31 MB of compiler scratch memory that their malloc arenas
 * keep (QQ + Feishu daemon ~13 MB more RSS); Liftoff alone parses a response no slower here. Never --jitless,
 * --lite-mode or --no-expose-wasm: without WebAssembly, fetch() throws. `--no-turbofan` needs Node 20's V8
 * (engines: >= 20); node refuses an unknown flag at start.
 */
export const DAEMON_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=1',
  '--optimize-for-size',
  '--no-turbofan',
  '--liftoff-only',
];

/**
 * What the daemon sets as it starts (src/cli/daemon.ts), however node was started. Run by hand on node's defaults, V8
 * doubled the young generation for what outlived its collections while replies were drawn and sent (to 16 MB over 40
 * /uptime pictures) and kept its old generation 9 MB larger, where nothing was kept (issue 51 item 12).
 */
export const DAEMON_RUNTIME_FLAGS: readonly string[] = ['--semi-space-growth-factor=1', '--optimize-for-size'];
