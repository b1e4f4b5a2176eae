// The packages a built gatewatch loads from node_modules when it runs: what the bundles leave external, and what a module
// requires by name the first time it needs it (createRequire: pino's logger, re2js's patterns). The bundles inline the
// rest (scripts/bundle.mjs), so the image keeps these and what they depend on, nothing else (scripts/prune-runtime.mjs).
// test/scripts/runtime-packages.test.ts holds the built bundles to this list.

/** Left external by the daemon's and the CLI's bundles (cli.js and its chunks). */
export const EXTERNAL = ['ws', 'nodemailer', 'grammy', '@resvg/resvg-js'];
/** Left external by check's single-file bundle: the Feishu SDK too (the daemon's bundle has it inlined). */
export const CHECK_EXTERNAL = ['@larksuiteoapi/node-sdk', ...EXTERNAL];
/** Required by name at run time, not bundled (src/util/logger.ts, src/util/line-filter.ts). */
export const REQUIRED_BY_NAME = ['pino', 're2js'];

export const RUNTIME_PACKAGES = [...new Set([...CHECK_EXTERNAL, ...REQUIRED_BY_NAME])];
