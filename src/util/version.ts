// gatewatch's own version, as `--version` prints it and the weekly report says it (test/util/version.test.ts holds it
// to package.json's).
export const GATEWATCH_VERSION = '0.1.0';
