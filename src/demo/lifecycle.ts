// The lifecycle ledger of the demo gateway playing Hermes v0.20.2 (hermes-gateway-current.md §8.1–§8.3, §10.6, and
// the real timeline in test/fixtures/hermes/real-v0.20.2-lifecycle.log): the sentinel claimed at boot and rewritten on
// a clean exit, the next boot's report of a life that ended without any exit path (its line comes BEFORE `Starting
// Hermes Gateway...`, and a record in the exit diagnostics), and the loop heartbeat every 30 s. A SIGKILL runs none of
// this: the sentinel it leaves says `running` for a pid that is gone, as Hermes' does.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../state/atomic.js';
import { systemClock } from '../util/clock.js';
import { isObject, isPidRunning, readJson } from './liveness.js';
import { pyJsonDumps, utcNowIso } from './files.js';
import { LOGGER } from './hermes-log.js';
import { later, log, type Sim } from './sim.js';

const HEARTBEAT_MS = 30_000;

const files = (home: string) => ({
  sentinel: path.join(home, 'state', 'gateway.lifecycle.json'),
  heartbeat: path.join(home, 'state', 'gateway.heartbeat'),
  exitDiag: path.join(home, 'logs', 'gateway-exit-diag.log'),
});

/** This process's birth, epoch seconds (psutil's `create_time`). */
const createTime = () => systemClock.now() / 1000 - process.uptime();

interface Mem {
  rss_kib: number;
  mem_total_kib: number;
  mem_available_kib: number;
  swap_used_kib: number;
}

/** What `memory_status` samples: the process's RSS and /proc/meminfo's totals, in KiB. */
async function memSample(): Promise<Mem> {
  const info = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(info)?.[1] ?? 0);
  return {
    rss_kib: Math.round(process.memoryUsage().rss / 1024),
    mem_total_kib: kib('MemTotal'),
    mem_available_kib: kib('MemAvailable'),
    swap_used_kib: Math.max(0, kib('SwapTotal') - kib('SwapFree')),
  };
}

/** Python's repr of the `mem` dict, as the WARNING line prints it. */
const memRepr = (m: unknown) =>
  isObject(m)
    ? `{${['rss_kib', 'mem_total_kib', 'mem_available_kib', 'swap_used_kib'].map((k) => `'${k}': ${String(m[k] ?? 0)}`).join(', ')}}`
    : 'None';

/**
 * `record_startup()`, right after the PID-file claim: a previous life whose sentinel still says `running` and whose
 * pid is gone died without any exit path; it is reported (the WARNING line, an exit-diag record) and the new claim
 * carries `prior_unclean_exit`. Returns the new life's start (epoch ms).
 */
export async function claimLife(sim: Sim): Promise<number> {
  const f = files(sim.home);
  await mkdir(path.dirname(f.sentinel), { recursive: true });
  const prev = await readJson(f.sentinel);
  const prevPid = isObject(prev) && typeof prev.pid === 'number' ? prev.pid : undefined;
  const unclean =
    isObject(prev) &&
    prev.phase === 'running' &&
    prevPid !== undefined &&
    prevPid !== sim.self.pid &&
    !(await isPidRunning(prevPid));
  const now = systemClock.now();
  if (unclean) {
    const hb = await readJson(f.heartbeat);
    const beat = isObject(hb) && hb.pid === prevPid ? hb : undefined;
    const lastAt = typeof beat?.updated_at === 'string' ? beat.updated_at : 'None';
    const startedAt = typeof prev.started_at === 'string' ? prev.started_at : 'None';
    log(
      sim,
      'WARNING',
      LOGGER.lifecycle,
      `Previous gateway life (pid=${prevPid}, started_at=${startedAt}) exited UNCLEANLY (no exit path ran — SIGKILL / OOM / VM death). last_heartbeat_at=${lastAt} last_mem=${memRepr(beat?.mem)} suspected_oom=False`,
    );
    const record = {
      ts: utcNowIso(now),
      tag: 'gateway.previous_unclean_exit',
      pid: sim.self.pid,
      prior_pid: prevPid,
      prior_started_at: prev.started_at ?? null,
      prior_start_time: prev.start_time ?? null,
      ...(beat ? { last_heartbeat_at: beat.updated_at, last_heartbeat_mem: beat.mem ?? null } : {}),
      state_db_integrity: 'absent',
    };
    sim.writes.push(() => appendFile(f.exitDiag, pyJsonDumps(record) + '\n', { encoding: 'utf8', mode: 0o600 }));
  }
  const claim = {
    phase: 'running',
    pid: sim.self.pid,
    start_time: now / 1000,
    started_at: utcNowIso(now),
    create_time: createTime(),
    ...(unclean ? { prior_unclean_exit: true } : {}),
  };
  sim.writes.push(() => writeFileAtomic(f.sentinel, JSON.stringify(claim)));
  sim.life = { startTime: now / 1000, createTime: claim.create_time };
  return now;
}

/** `mark_exited`: every graceful exit rewrites the sentinel (only its own: a successor's claim is never touched). */
export async function markExited(sim: Sim, exitCode: number): Promise<void> {
  if (!sim.life) return;
  const f = files(sim.home);
  const cur = await readJson(f.sentinel);
  if (isObject(cur) && cur.pid !== sim.self.pid) return;
  const record = {
    phase: 'exited',
    pid: sim.self.pid,
    exit_code: exitCode,
    exit_reason: 'graceful_shutdown',
    exited_at: utcNowIso(),
    start_time: sim.life.startTime,
    create_time: sim.life.createTime,
  };
  await writeFileAtomic(f.sentinel, JSON.stringify(record));
}

/** `state/gateway.heartbeat`, written once the gateway runs and every 30 s after (no `loop_tick_*` keys at v0.20.x). */
export function startHeartbeat(sim: Sim): void {
  const beat = () => {
    if (sim.hung || sim.stopping) return;
    sim.writes.push(async () => {
      const rec = {
        pid: sim.self.pid,
        updated_at: utcNowIso(),
        monotonic: process.uptime(),
        start_time: sim.life?.startTime ?? null,
        mem: await memSample(),
      };
      await writeFileAtomic(files(sim.home).heartbeat, JSON.stringify(rec));
    });
    later(sim, HEARTBEAT_MS, beat);
  };
  beat();
}
