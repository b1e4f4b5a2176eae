// One temp directory for the whole test run, removed when the run ends (vitest's globalSetup, in vitest.config.ts).
// The suite makes some 470 temp directories (homes, state dirs, an npm pack of ~110 MB) and most tests leave theirs for
// a failure to be looked at: without this every `npm test` left about 150 MB in /tmp. The workers, and every process
// they start with the run's environment, read it as TMPDIR (os.tmpdir(), run-env's tmpDir()). It stays under the
// system's temp directory, short, so that paths built in it fit a unix socket as they did in /tmp, and open to all as
// /tmp is.
// GATEWATCH_KEEP_TEST_TMP=1 keeps it, and says where, for a failure to be looked at after the run.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

/** A process's parent pid (from /proc/<pid>/stat, after the command name in parentheses). */
function parentOf(pid: number): number | undefined {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * The processes of a run still alive (`dir` is the run's directory): every process whose environment names it, which
 * each process a test starts inherits, but vitest's own (`vitest`: its main process, where the run ends). A test's processes die with it (issue 62), yet full runs
 * still left a demo gateway now and then (detached, as a service's is): its home went with the run's directory, and
 * it wrote its state file into a directory of its own making for good.
 */
export function stragglers(dir: string, vitest = process.pid): { pid: number; cmdline: string }[] {
  return processesWith(`${MARK}=${dir}`, vitest);
}

/** The live processes whose environment holds `entry` (`NAME=value`), but this one and `vitest`'s children. */
export function processesWith(entry: string, vitest = process.pid): { pid: number; cmdline: string }[] {
  if (process.platform !== 'linux') return [];
  const mark = Buffer.from(`\0${entry}\0`);
  const out: { pid: number; cmdline: string }[] = [];
  for (const e of readdirSync('/proc')) {
    const pid = Number(e);
    if (!Number.isInteger(pid) || pid === process.pid || pid === vitest) continue;
    let env: Buffer;
    let cmdline: string;
    try {
      env = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${pid}/environ`)]);
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim();
    } catch {
      continue;
    }
    // A zombie's environ reads empty. The children of vitest's main process are its own (its workers, its esbuild).
    if (env.includes(mark) && parentOf(pid) !== vitest) out.push({ pid, cmdline });
  }
  return out;
}

export default function setup(): (() => void) | undefined {
  if (process.env[MARK]) return undefined;
  const before = process.env.TMPDIR;
  const run = runTmp();
  process.env.TMPDIR = process.env[MARK] = run.dir;
  return () => {
    const left = stragglers(run.dir);
    for (const { pid } of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    if (left.length)
      process.stdout.write(
        `\nKilled ${left.length} process(es) this run's tests left running:\n${left.map((p) => `  ${p.pid} ${p.cmdline.slice(0, 200)}`).join('\n')}\n`,
      );
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
