// What a look at a watched gateway (target.ts) may reuse from the last: the host's process scan and the service
// manager's answer, both costly, while the gateway's process is the one they were taken for.
import type { TargetConfig } from '../config/schema.js';
import type { GatewayProcess, ProcessEvidence, ServiceEvidence, ServingEvidence } from '../evidence.js';
import { isAlive, type ProcessTable, type probeProcess } from '../probes/process.js';
import { findGatewayProcesses } from '../probes/gateway-scan.js';
import { probeService } from '../probes/service.js';
import { step } from '../util/steps.js';

const SCAN_REUSE_MS = 10_000;
/**
 * How long the schedule's look may go on from one scan while the pid record leads to the one gateway it found. A
 * second gateway of the home started since writes the record (Hermes does at every start) or exits with a line the
 * log tail reads; one that does neither is found within this, and at once by doctor, commands and process changes.
 */
const SCAN_KEEP_MS = 5 * 60_000;

/**
 * What a look asks of the scan: a log burst's (`quick`), the schedule's (`steady`), doctor's, or the second look at a
 * gateway found gone.
 */
interface ScanAsk {
  quick?: boolean;
  steady?: boolean;
  doctor?: boolean;
  again?: boolean;
}
const SERVICE_REUSE_MS = 60_000;
/** A full gather reuses a running service answer this young for the same live process (see createServiceReuse). */
export const SERVICE_FRESH_MS = 2_000;

type ProcessProbe = ReturnType<typeof probeProcess>;

/**
 * The host's process scan is most of an evaluation's cost (every /proc entry), and a busy log asks for two
 * evaluations a second. A log burst (`quick`) may reuse a scan up to SCAN_REUSE_MS old while the pid file's process
 * is the one it found alive. The schedule (`steady`) may reuse one up to SCAN_KEEP_MS old while the pid record leads to
 * the live gateway that scan found alone: on a quiet gateway, a scan a minute was a third of the idle daemon's CPU
 * (issue 62). A process change, doctor and commands always scan afresh. `elapsed`: milliseconds from a clock that
 * never jumps. With `table`, a one-shot look's (see coldScan).
 */
export function createScanReuse(
  target: TargetConfig,
  elapsed: () => number,
  table?: ProcessTable,
): (o: ScanAsk, procP: ProcessProbe) => Promise<{ list: GatewayProcess[]; error?: string }> {
  let lastScan: { at: number; list: GatewayProcess[] } | undefined;
  return async ({ quick = false, steady = false, doctor = false, again = false }, procP) => {
    if (table && !doctor) return coldScan(target, table, again);
    if (steady && !doctor && !again && lastScan && elapsed() - lastScan.at < SCAN_KEEP_MS) {
      const { list } = lastScan;
      // The record's process just probed alive (a gateway of this home) is the one the scan found, and nothing beside it.
      if (list.length === 1 && isRecorded(list[0]!, await procP)) return { list };
    }
    if (quick && lastScan && elapsed() - lastScan.at < SCAN_REUSE_MS) {
      const { list } = lastScan;
      const [proc, alive] = await Promise.all([
        procP,
        Promise.all(list.map((p) => isAlive(p.pid))).catch(() => [false]),
      ]);
      if (alive.every(Boolean) && (proc.alive ? list.some((p) => p.pid === proc.pid) : list.length === 0))
        return { list };
    }
    const at = elapsed();
    try {
      const list = await step('scan', () => findGatewayProcesses(target));
      lastScan = { at, list };
      return { list };
    } catch (err) {
      // No table (ps timed out on a starved host): said as such, never as a table without a gateway.
      lastScan = undefined;
      return { list: [], error: (err as Error).message };
    }
  };
}

/** Whether `p` is the live gateway the pid record leads to, as the process probe saw it (no container's). */
function isRecorded(p: GatewayProcess, proc: ProcessEvidence): boolean {
  return (
    proc.alive &&
    proc.nsPid === undefined &&
    p.pid === proc.pid &&
    p.startedAt === proc.startedAt &&
    p.startedAt !== undefined &&
    p.cmdline === proc.cmdline
  );
}

/** A profile its root serves, the root's gateway alive. */
export const servedAlive = (s: ServingEvidence): boolean => s.role === 'served' && s.root?.process.alive === true;

/**
 * One look at every target (`gatewatch check`, src/watch/one-look.ts): the host's processes taken once for every target
 * of the run (the table's processes that are no gateway told in one turn), or again for a look that must see the host
 * afresh (`again`). A pid record that leads to a live gateway ends no search: a second gateway beside it (a `--replace`
 * takeover that left the old one alive) is the check's to find as it is the daemon's (issue 77), and so is a gateway
 * of a profile its root's live gateway serves.
 */
async function coldScan(
  target: TargetConfig,
  table: ProcessTable,
  again: boolean,
): Promise<{ list: GatewayProcess[]; error?: string }> {
  if (again) table.forget();
  return step('scan', () => findGatewayProcesses(target, {}, table)).then(
    (list) => ({ list }),
    (err: Error) => ({ list: [], error: err.message }),
  );
}

/**
 * The service manager is asked by spawning systemctl / launchctl / the user's command: once per log burst that was
 * two processes a second on a busy gateway (issue 21). A burst may reuse an answer up to SERVICE_REUSE_MS old while
 * the gateway's process is the one it was given for and the supervisor is not restarting it. The schedule, doctor and
 * commands ask afresh, except that a running answer under SERVICE_FRESH_MS old stands for the same live process: a
 * restart's verification, a one-second schedule and commands typed in a row would otherwise spawn the manager several
 * times a second to hear it again.
 */
export function createServiceReuse(
  target: TargetConfig,
  elapsed: () => number,
  now: () => number,
): (quick: boolean, procP: ProcessProbe) => Promise<ServiceEvidence> {
  let lastService: { at: number; pid: number | undefined; alive: boolean; ev: ServiceEvidence } | undefined;
  return async (quick, procP) => {
    const proc = await procP;
    const l = lastService;
    const same = l && !l.ev.error && l.pid === proc.pid && l.alive === proc.alive;
    const age = l ? elapsed() - l.at : Infinity;
    // An answer that says the supervisor is restarting it changes by the second (supervisord's BACKOFF, then
    // STARTING): asked again, even for a log burst.
    if (
      same &&
      !l.ev.restarting &&
      (quick ? age < SERVICE_REUSE_MS : age < SERVICE_FRESH_MS && proc.alive && l.ev.active === true)
    )
      return l.ev;
    const at = elapsed();
    // gateway.pid as the process probe read it: a gateway nothing supervises is judged by the same record.
    const ev = await step('service', () => probeService(target, { pidRecord: proc.pidFile, proc, now: now() }));
    lastService = { at, pid: proc.pid, alive: proc.alive, ev };
    return ev;
  };
}
