// The demo gateway's shutdown at a signal, as Hermes does it (reference §4.0; v0.17 wording as in the sample log): its
// `Shutdown context:` line, the phases, the state it persists (running after an unplanned SIGTERM, issue #42675) and
// its exit code (1 then, 0 for a planned stop, 75 for a restart requested through the service).
import os from 'node:os';
import { stopControlSocket } from './current.js';
import { consumePlannedStopMarker, readPidRecord, unlinkQuietly } from './files.js';
import { markExited } from './lifecycle.js';
import { releaseGatewayLock } from './lock.js';
import { cancelAll, feishuLog, markDisconnected, modern, qqLog, runLog, setState, type Sim } from './sim.js';
import { readFile, writeFile } from 'node:fs/promises';
import { systemClock } from '../util/clock.js';

async function removePidFileIfOurs(sim: Sim): Promise<void> {
  const rec = await readPidRecord(sim.home);
  if (rec?.pid !== sim.self.pid) return;
  await unlinkQuietly(sim.paths.pid);
  releaseGatewayLock();
}

async function procText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

function pyRepr(s: string): string {
  if (s.includes("'") && !s.includes('"')) return `"${s}"`;
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

async function shutdownContext(signal: string, plannedMarker: boolean): Promise<string> {
  const ppid = process.ppid;
  const name = (await procText(`/proc/${ppid}/comm`)).trim() || '?';
  const cmdline = (await procText(`/proc/${ppid}/cmdline`)).split('\0').join(' ').trim().slice(0, 300);
  const underSystemd = process.env.INVOCATION_ID || ppid === 1 ? 'yes' : 'no';
  const load = String(Number(os.loadavg()[0]!.toFixed(2)));
  return (
    `signal=${signal} under_systemd=${underSystemd} parent_pid=${ppid} parent_name=${name} loadavg_1m=${load}` +
    `${plannedMarker ? ' planned_stop_marker_present=yes' : ''} parent_cmdline=${pyRepr(cmdline)}`
  );
}

/** SIGTERM/SIGINT, or `pause-for-update` on the control socket: a restart requested through the service (exit 75). */
export async function shutdown(sim: Sim, signal: 'SIGTERM' | 'SIGINT' | 'pause-for-update'): Promise<never> {
  sim.stopping = true;
  sim.hung = false; // a zombie's event loop still runs its signal handler
  cancelAll(sim);
  const t0 = systemClock.now();
  const since = () => ((systemClock.now() - t0) / 1000).toFixed(2);
  const forUpdate = signal === 'pause-for-update';
  const marker = forUpdate ? { present: false, matches: true } : await consumePlannedStopMarker(sim.home, sim.self);
  // Hermes takes SIGINT (a Ctrl-C, pm2's stop) as a planned stop always; a SIGTERM only with the planned-stop marker.
  const planned = marker.matches || signal === 'SIGINT';
  if (!forUpdate) {
    runLog(
      sim,
      'INFO',
      planned
        ? `Received ${signal} as a planned gateway stop — exiting cleanly`
        : `Received ${signal} — initiating shutdown`,
    );
    runLog(sim, 'WARNING', `Shutdown context: ${await shutdownContext(signal, marker.present)}`);
  }
  runLog(sim, 'INFO', forUpdate ? 'Stopping gateway for restart...' : 'Stopping gateway...');
  setState(sim, { gateway_state: 'draining' });
  runLog(sim, 'INFO', `Shutdown phase: notify_active_sessions done at +${since()}s`);
  // v0.17 ends at active_now; later versions count cron jobs and API calls too.
  const drainTail = modern(sim) ? ', cron_at_start=0, cron_now=0, api_at_start=0, api_now=0' : '';
  runLog(
    sim,
    'INFO',
    `Shutdown phase: drain done at +${since()}s (drain took 0.00s, timed_out=False, active_at_start=0, active_now=0${drainTail})`,
  );
  for (const p of sim.adapters) {
    const a = systemClock.now();
    await systemClock.sleep(p === 'feishu' ? 40 : 8);
    if (p === 'feishu') feishuLog(sim, 'INFO', 'Disconnected');
    else if (p === 'qqbot') qqLog(sim, 'INFO', 'Disconnected');
    markDisconnected(sim, p);
    runLog(sim, 'INFO', `✓ ${p} disconnected (${((systemClock.now() - a) / 1000).toFixed(2)}s)`);
  }
  runLog(sim, 'INFO', `Shutdown phase: all adapters disconnected at +${since()}s`);
  await systemClock.sleep(5);
  runLog(sim, 'INFO', `Shutdown phase: final-cleanup tool kill done at +${since()}s`);
  await systemClock.sleep(5);
  runLog(sim, 'INFO', `Shutdown phase: SessionDB close done at +${since()}s`);
  await writeFile(sim.paths.cleanShutdown, '', 'utf8').catch(() => undefined);
  await stopControlSocket(sim);
  if (forUpdate) {
    setState(sim, { gateway_state: 'stopped', restart_requested: true });
  } else if (planned) {
    setState(sim, { gateway_state: 'stopped' });
  } else {
    runLog(
      sim,
      'INFO',
      'Gateway stopped by an unexpected signal — persisting gateway_state=running so container_boot auto-starts on the next boot (issue #42675)',
    );
    setState(sim, { gateway_state: 'running' });
  }
  runLog(sim, 'INFO', `Gateway stopped (total teardown ${since()}s)`);
  if (sim.hermes === 'v0.20') runLog(sim, 'INFO', 'Gateway housekeeping stopped');
  await sim.writes.flush();
  await removePidFileIfOurs(sim);
  // `_exit_after_graceful_shutdown`: the one funnel every graceful exit passes through rewrites the sentinel.
  await markExited(sim, forUpdate ? 75 : planned ? 0 : 1).catch(() => undefined);
  if (forUpdate) {
    runLog(
      sim,
      'INFO',
      'Exiting with code 75 (service-restart requested) so the service manager relaunches the gateway.',
    );
    await sim.writes.flush();
    process.exit(75);
  }
  if (planned) process.exit(0);
  await systemClock.sleep(150);
  runLog(
    sim,
    'INFO',
    'Exiting with code 1 (signal-initiated shutdown without restart request) so systemd Restart=on-failure can revive the gateway.',
  );
  await sim.writes.flush();
  process.exit(1);
}
