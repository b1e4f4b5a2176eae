// Every gateway process on this host, by one scan of the process table (/proc, else ps), and the home each serves:
// what finds a duplicate gateway, a gateway the pid file does not name, and a container's gateways. A scan reads each
// process's command line once (its exec's mark says when again), a few at a time, letting the loop run between turns.
import { readdir } from '../util/file-calls.js';
import type { GatewayProcess } from '../evidence.js';
import type { TargetConfig } from '../config/schema.js';
import { hostOf, runCommand, type Host, type HostOptions } from './host.js';
import { redact } from '../util/redact.js';
import { pidExists } from '../util/pid.js';
import { PROC_BUFFERS_KEPT, readProcHeadSync, readProcLineSync, readProcTextSync } from '../util/read-capped.js';
import { limiter } from '../util/limit.js';
import { nextTurn } from '../util/next-turn.js';
import { hostPathsOf, inNestedPidNamespace, nestedNow } from './pid-namespace.js';
import type { ProcStat } from './proc-stat.js';
import { execSight, type ExecSight } from './proc-exec.js';
import {
  bootTimeMs,
  canonical,
  gatewayHome,
  homeOfProcess,
  isAlive,
  isGatewayRunArgv,
  liveGatewayHome,
  parseEnviron,
  parseLstart,
  PROC_ARGS_BYTES,
  readCmdline,
  readEnviron,
  readProcStat,
  readProcStatNow,
  ticksToEpochMs,
  type Candidate,
  type ProcessTable,
} from './process.js';

/**
 * A scan's processes, read a few at a time: every one at once took a fresh 4 KB buffer a read (the kept ones ran
 * out), half a megabyte a look on a host of 150 processes, whose churn grew the daemon's RSS over a day of looks.
 * libuv reads four files at a time anyway.
 */
const procReads = limiter(PROC_BUFFERS_KEPT);

/** Stat lines read in one turn of a scan before it lets the loop run (a liveness look waits no longer than that). */
const SIGHTS_A_TURN = 256;

/**
 * What the last scan read of each process, by pid, with the mark of the exec it read (proc-exec.ts): no `gateway run`
 * (null), or the gateway it found. The next scan reads a process's command line again only when that mark changed,
 * and a gateway's environment and namespace with it. The daemon scans every minute, and reading every process anew
 * (each gateway's environment up to 256 KB) was most of its idle CPU (issue 62).
 */
let judged = new Map<number, { mark: string; found: Candidate | null }>();
let cmdlinesRead = 0;
let readByLastScan = new Set<number>();

/** How many processes scans have read (command line first) so far: a test's count of a scan's reads. */
export const scanCmdlinesRead = (): number => cmdlinesRead;
/** The pids whose command line the last scan read: a test asks about its own processes, whatever else runs. */
export const scanReadLast = (): ReadonlySet<number> => readByLastScan;

async function listLinux(inTurn = false): Promise<Candidate[]> {
  // Unreadable, it throws: an empty table would say that no gateway runs.
  const entries = await readdir('/proc');
  const boot = await bootTimeMs();
  const pids = entries.filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid).map(Number);
  const kept = judged;
  readByLastScan = new Set();
  const next = new Map<number, { mark: string; found: Candidate | null }>();
  const found: (Candidate | null | Promise<Candidate | null>)[] = [];
  for (const [i, pid] of pids.entries()) {
    if (i > 0 && i % SIGHTS_A_TURN === 0) await nextTurn();
    if (inTurn) {
      const head = gatewayHead(pid);
      if (head === false) continue;
      const now = head === true ? undefined : candidateNow(pid, head, boot);
      if (now !== undefined) {
        if (now) found.push(now);
        continue;
      }
    }
    const sight = sightOf(pid);
    // No command line to read: a kernel thread's, a zombie's (candidateAt passes both over).
    if (sight && (sight.kernelThread || sight.state === 'Z' || sight.state === 'X')) continue;
    const mark = sight?.mark;
    const last = kept.get(pid);
    if (mark !== undefined && last?.mark === mark) {
      next.set(pid, last);
      // Its canonical home is worked out afresh (homeOf): a symlink on the way may have changed.
      if (last.found) {
        const { homes: _, ...again } = last.found;
        const startedAt = boot === undefined ? undefined : ticksToEpochMs(again.startTicks!, boot);
        found.push({ ...again, startedAt });
      }
      continue;
    }
    const remember = (c: Candidate | null): Candidate | null => {
      if (mark !== undefined) next.set(pid, { mark, found: c });
      return c;
    };
    const read = procReads(() => candidateAt(pid, boot, () => void remember(null)));
    found.push(read.then((c) => (c ? remember(c) : null)));
  }
  const list = await Promise.all(found);
  judged = next;
  return list.filter((c): c is Candidate => c !== null);
}

/**
 * Whether the process at `pid` may be a `gateway run`, told in this turn by the head of its command line: its argv when
 * the head is all of it and a gateway's; `true` when the head is not all of it (it alone decides nothing); false when
 * it names none (an empty one is a kernel thread's, or a zombie's) or the process is gone. A table taken in one turn: a
 * round trip through libuv's threads for every process on the host was most of a cold check's look at a container's
 * gateway (issue 62). Only a one-shot check takes it so, as a whole that its look waits for anyway: a process whose
 * memory is locked holds a read of its command line up, which the daemon's loop must never wait on.
 */
function gatewayHead(pid: number): string[] | boolean {
  try {
    const { text, whole } = readProcHeadSync(`/proc/${pid}/cmdline`);
    if (!whole) return true;
    if (!text.includes('gateway')) return false;
    const argv = text.replace(/\0+$/, '').split('\0');
    return isGatewayRunArgv(argv) && argv;
  } catch {
    return false;
  }
}

/**
 * candidateAt in this turn, for a one-shot table: its command line the whole head the table read, each read after it
 * one call in this turn (the promises of candidateAt's reads were most of what a check paid for each gateway on the
 * host: twenty profiles' gateways, other homes' alike). Undefined where only candidateAt can tell (its namespace link
 * refused).
 */
function candidateNow(pid: number, argv: string[], boot: number | undefined): Candidate | null | undefined {
  const nested = nestedNow(pid);
  if (nested === undefined) return undefined;
  cmdlinesRead++;
  readByLastScan.add(pid);
  const stat = readProcStatNow(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return null;
  let env: Record<string, string> | null;
  try {
    env = parseEnviron(readProcTextSync(`/proc/${pid}/environ`, PROC_ARGS_BYTES));
  } catch {
    env = null; // another user's process: not readable
  }
  // As candidateAt: only what is still the same live process after the read, its memory not yet dropped, counts.
  if (!sameLife(stat, readProcStatNow(pid))) return null;
  if (env && Object.keys(env).length === 0 && gatewayHead(pid) === false) return null;
  return candidateOf(pid, argv, stat, env, nested, boot);
}

/** The process read after its environment is still the live one read before it. */
const sameLife = (stat: ProcStat, after: ProcStat | null) =>
  !!after && after.state !== 'Z' && after.state !== 'X' && after.startTicks === stat.startTicks;

function candidateOf(
  pid: number,
  argv: string[],
  stat: ProcStat,
  env: Record<string, string> | null,
  nested: boolean,
  boot: number | undefined,
): Candidate {
  return {
    pid,
    ppid: stat.ppid,
    startTicks: stat.startTicks,
    argv,
    cmdline: argv.join(' '),
    startedAt: boot === undefined ? undefined : ticksToEpochMs(stat.startTicks, boot),
    env,
    fromProc: true,
    // A gateway in a container names its home as the container sees it: mapped through its mounts (homeOf).
    ...(nested ? { nested: true } : {}),
  };
}

function sightOf(pid: number): ExecSight | null {
  try {
    return execSight(readProcLineSync(`/proc/${pid}/stat`));
  } catch {
    return null;
  }
}

/**
 * The `gateway run` process at `pid`, or null for any other (or one on its way out). `notGateway`: told when its
 * command line is one, and not a gateway's.
 */
async function candidateAt(pid: number, boot: number | undefined, notGateway?: () => void): Promise<Candidate | null> {
  cmdlinesRead++;
  readByLastScan.add(pid);
  const argv = await readCmdline(pid);
  if (!argv) return null;
  if (!isGatewayRunArgv(argv)) {
    notGateway?.();
    return null;
  }
  const stat = await readProcStat(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return null;
  const env = await readEnviron(pid);
  // A process on its way out has already dropped its memory: its environ reads empty, and an empty environment
  // would resolve to the caller's ~/.hermes. Only what is still the same live process after the read counts.
  if (!sameLife(stat, await readProcStat(pid))) return null;
  // It may not be a zombie yet: a process that still has its memory still has its command line, while one whose
  // memory is gone reads both empty (a demo gateway being restarted beside a check was taken for a second gateway
  // of the checker's own ~/.hermes). A live process started with an empty environment keeps its command line.
  if (env && Object.keys(env).length === 0 && !(await readCmdline(pid))) return null;
  return candidateOf(pid, argv, stat, env, await inNestedPidNamespace(pid), boot);
}

async function listPs(host: Host): Promise<Candidate[]> {
  const r = await runCommand(['ps', '-axo', 'pid=,ppid=,lstart=,command='], host);
  // Timed out or failed: no table, and an empty one would say that no gateway runs.
  if (r.exitCode !== 0) throw new Error(`ps: ${r.failure}`);
  const out: Candidate[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\w{3}\s+\w{3}\s+\d{1,2}\s+[\d:]{8}\s+\d{4})\s+(.*)$/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    const cmdline = m[4]!.trim();
    const argv = cmdline.split(/\s+/);
    if (pid === process.pid || !isGatewayRunArgv(argv)) continue;
    out.push({ pid, ppid: Number(m[2]), argv, cmdline, startedAt: parseLstart(m[3]!), env: null });
  }
  return out;
}

// The process table is the same for every target: 50 profiles evaluated in one round share one scan (each reads every
// process's cmdline) instead of 50. Only a scan still running is shared, never a finished one, and what it found is
// checked to be alive still, so a gateway that died meanwhile is not reported.
let inFlight: { key: string; list: Promise<Candidate[]> } | undefined;

const scanKey = (host: Host) => `${host.platform}\0${host.env.PATH ?? ''}`;

async function scanProcesses(host: Host, inTurn = false): Promise<{ list: Candidate[]; shared: boolean }> {
  const key = scanKey(host);
  if (inFlight?.key === key) return { list: await inFlight.list, shared: true };
  const list = host.platform === 'linux' ? listLinux(inTurn) : listPs(host);
  const mine = { key, list };
  inFlight = mine;
  try {
    return { list: await list, shared: false };
  } finally {
    if (inFlight === mine) inFlight = undefined;
  }
}

export function keptProcessTable(resolve?: (p: string) => Promise<string>): ProcessTable {
  let kept: { key: string; list: Candidate[] } | undefined;
  return {
    ...(resolve ? { realpath: resolve } : {}),
    async list(host) {
      const key = scanKey(host);
      if (kept?.key === key) return { list: kept.list, shared: true };
      const scan = await scanProcesses(host, true);
      kept = { key, list: scan.list };
      return scan;
    },
    forget: () => void (kept = undefined),
  };
}

/**
 * The canonical home a candidate serves, worked out once per scan however many targets ask; undefined when it cannot
 * be told. `~` is the gateway's own HOME where its environment shows one (another test's or service's gateway with
 * its own HOME is not ours); the caller's home directory only where the process list carries no environment (ps).
 */
function homeOf(c: Candidate, homedir: string, resolve?: (p: string) => Promise<string>): Promise<string | undefined> {
  c.homes ??= new Map();
  let home = c.homes.get(homedir);
  if (!home) {
    home = servedBy(c, homedir).then((served) =>
      served === undefined
        ? undefined
        : c.nested
          ? hostPathsOf(c.pid, served).then((p) => (p[0] === undefined ? undefined : canonical(p[0], resolve)))
          : canonical(served, resolve),
    );
    c.homes.set(homedir, home);
  }
  return home;
}

/**
 * The home a candidate serves as its own process sees it. With no HOME in its environment (runit's `chpst -u`,
 * supervisord's `user=`), `~` is its user's home in the password file, as Python's expanduser takes it, not the HOME of
 * whoever looks (a container's process: its own, which its home's mapping does not need).
 */
async function servedBy(c: Candidate, homedir: string): Promise<string | undefined> {
  if (!c.fromProc) return homeOfProcess(c.argv, null, homedir);
  return c.nested ? gatewayHome(c.argv, c.env, homedir) : liveGatewayHome(c.pid, c.argv, c.env, homedir);
}

/**
 * Every `gateway run` process serving the target's Hermes home (more than one = duplicates, e.g. launchd plus a
 * manual `--replace`). A wrapper whose child is also a match (`uv run hermes gateway run` → python) counts once.
 * Throws when the process table cannot be listed (ps timed out): that is no look, not an empty table.
 */
export async function findGatewayProcesses(
  target: TargetConfig,
  opts: HostOptions = {},
  table?: ProcessTable,
): Promise<GatewayProcess[]> {
  const host = hostOf(opts);
  const scan = table ? await table.list(host) : await scanProcesses(host);
  const want = await canonical(target.hermes_home, table?.realpath);
  const homes = await Promise.all(scan.list.map((c) => homeOf(c, host.homedir, table?.realpath)));
  let mine = scan.list.filter((_, i) => homes[i] === want);
  if (scan.shared) {
    // A scan begun before this call: a gateway of this home that died since is not listed.
    const alive = await Promise.all(
      mine.map((c) => (c.startTicks !== undefined ? isAlive(c.pid, c.startTicks, host) : pidExists(c.pid))),
    );
    mine = mine.filter((_, i) => alive[i]);
  }
  const parents = new Set(mine.map((c) => c.ppid));
  return mine
    .filter((c) => !parents.has(c.pid))
    .sort((a, b) => a.pid - b.pid)
    .map((c) => ({
      pid: c.pid,
      cmdline: redact(c.cmdline),
      ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
    }));
}
