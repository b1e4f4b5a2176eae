// The packages a built gatewatch loads from node_modules when it runs: what the bundles leave external, and what a module
// requires by name the first time it needs it (createRequire: pino's logger, re2js's patterns). The bundles inline the
// rest (scripts/bundle.mjs), so the image keeps these and what they depend on, nothing else (scripts/prune-runtime.mjs).
// test/scripts/runtime-packages.test.ts holds the built bundles to this list.

/** Left external by the bundles (the Feishu SDK's own file among them: dist/src/bundle-lark-sdk.cjs). */
export const EXTERNAL = ['ws', 'nodemailer', 'grammy', '@resvg/resvg-js'];
/** Required by name at run time, not bundled (src/util/logger.ts, src/util/line-filter.ts). */
export const REQUIRED_BY_NAME = ['pino', 're2js'];

export const RUNTIME_PACKAGES = [...new Set([...EXTERNAL, ...REQUIRED_BY_NAME])];
