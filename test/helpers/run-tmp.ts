// One temp directory for the whole test run, removed when the run ends (vitest's globalSetup, in vitest.config.ts).
// The suite makes some 470 temp directories (homes, state dirs, an npm pack of ~110 MB) and most tests leave theirs for
// a failure to be looked at: without this every `npm test` left about 150 MB in /tmp. The workers, and every process
// they start with the run's environment, read it as TMPDIR (os.tmpdir(), run-env's tmpDir()). It stays under the
// system's temp directory, short, so that paths built in it fit a unix socket as they did in /tmp, and open to all as
// /tmp is.
// GATEWATCH_KEEP_TEST_TMP=1 keeps it, and says where, for a failure to be looked at after the run.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alive, statField } from './proc.js';

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

/** A process's parent pid. */
const parentOf = (pid: number) => statField(pid, 1);

/**
 * The processes of a run left behind (`dir` is the run's directory): those whose environment names it, which each
 * process a test starts inherits, and whose parent does not (init, or a subreaper: their own parent is gone), but
 * vitest's own children (`vitest`: its main process, where the run ends). One whose parent is still a process of the
 * run is that one's to end (a worker's lifeline that cleans up once the worker is gone). A test's processes die with
 * it (issue 62), yet full runs still left a demo gateway now and then (detached, as a service's is): its home went with
 * the run's directory, and it wrote its state file into a directory of its own making for good.
 */
export function stragglers(dir: string, vitest = process.pid): { pid: number; cmdline: string }[] {
  const mark = `${MARK}=${dir}`;
  const ours = processesWith(mark, vitest);
  const marked = new Set(processesWith(mark, -1).map((p) => p.pid));
  if (process.env[MARK] === dir) marked.add(process.pid);
  return ours.filter((p) => {
    const parent = parentOf(p.pid);
    return parent !== undefined && !marked.has(parent);
  });
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

/**
 * Kills what the run left behind, round after round (a straggler's own children are left behind once it is gone).
 * What is ending on its own is given two seconds first: a rig's lifeline, orphaned as its worker ended, is running
 * the cleanup it exists for.
 */
async function killStragglers(dir: string): Promise<{ pid: number; cmdline: string }[]> {
  const killed: { pid: number; cmdline: string }[] = [];
  const first = stragglers(dir);
  for (let waited = 0; waited < 2_000 && first.some((p) => alive(p.pid)); waited += 100)
    await new Promise((r) => setTimeout(r, 100));
  for (let round = 0; round < 5; round++) {
    const left = stragglers(dir).filter((p) => !killed.some((k) => k.pid === p.pid));
    if (!left.length) break;
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
        killed.push(p);
      } catch {
        // Gone meanwhile.
      }
    }
    // Their children are given to init as they die.
    await new Promise((r) => setTimeout(r, 100));
  }
  return killed;
}

/**
 * The users a test made whose homes are in the run's directory (`dir`), from the password file's text: a story that
 * plays a gateway run as its own user (test/probes/supervisors/real-own-user.test.ts) removes its own, unless its
 * process ends first.
 */
export function usersIn(passwd: string, dir: string): string[] {
  return passwd
    .split('\n')
    .map((l) => l.split(':'))
    .filter((f) => f.length >= 6 && f[5]!.startsWith(`${dir}/`))
    .map((f) => f[0]!);
}

/** Removes the users usersIn names (root only): once the run's processes are gone, userdel takes them. */
function removeUsers(dir: string): string[] {
  if (process.getuid?.() !== 0) return [];
  const users = usersIn(readFileSync('/etc/passwd', 'utf8'), dir);
  return users.filter((u) => spawnSync('userdel', [u], { stdio: 'ignore', timeout: 10_000 }).status === 0);
}

export default function setup(): (() => Promise<void>) | undefined {
  if (process.env[MARK]) return undefined;
  const before = process.env.TMPDIR;
  const run = runTmp();
  process.env.TMPDIR = process.env[MARK] = run.dir;
  return async () => {
    const left = await killStragglers(run.dir);
    if (left.length)
      process.stdout.write(
        `\nKilled ${left.length} process(es) this run's tests left running:\n${left.map((p) => `  ${p.pid} ${p.cmdline.slice(0, 200)}`).join('\n')}\n`,
      );
    const users = removeUsers(realpathSync(run.dir));
    if (users.length)
      process.stdout.write(`\nRemoved ${users.length} user(s) this run's tests left: ${users.join(', ')}\n`);
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
