// One temp directory for the whole test run, removed when the run ends (vitest's globalSetup, in vitest.config.ts).
// The suite makes some 470 temp directories (homes, state dirs, an npm pack of ~110 MB) and most tests leave theirs for
// a failure to be looked at: without this every `npm test` left about 150 MB in /tmp. The workers, and every process
// they start with the run's environment, read it as TMPDIR (os.tmpdir(), run-env's tmpDir()). It stays under the
// system's temp directory, short, so that paths built in it fit a unix socket as they did in /tmp, and open to all as
// /tmp is.
// GATEWATCH_KEEP_TEST_TMP=1 keeps it, and says where, for a failure to be looked at after the run.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunTmp {
  dir: string;
  /** Removes the directory and all in it; says why when it cannot (a mount a failed test left behind). */
  remove(): string | undefined;
}

export function runTmp(parent = os.tmpdir()): RunTmp {
  const dir = mkdtempSync(path.join(parent, 'gw-suite-'));
  // As /tmp is: the tests that play a second user (control-aside, control-squatter) have it make things in here.
  chmodSync(dir, 0o1777);
  return {
    dir,
    remove() {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  };
}

/** The variable that says the run has its directory: each of vitest's projects runs the global setup. */
const MARK = 'GATEWATCH_TEST_RUN_TMP';

export default function setup(): (() => void) | undefined {
  if (process.env[MARK]) return undefined;
  const before = process.env.TMPDIR;
  const run = runTmp();
  process.env.TMPDIR = process.env[MARK] = run.dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    delete process.env[MARK];
    if (process.env.GATEWATCH_KEEP_TEST_TMP) {
      process.stdout.write(`\nThis run's temp files are kept in ${run.dir}\n`);
      return;
    }
    const why = run.remove();
    if (why) process.stdout.write(`\nThis run's temp files could not all be removed (${run.dir}): ${why}\n`);
  };
}
