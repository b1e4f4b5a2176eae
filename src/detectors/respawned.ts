// A death the supervisor repairs, said as gatewatch sees it (issue 82 item 5): the gateway it watched gone without an
// exit path, and its supervisor already running the next life. Real pm2 and supervisord start that life within a
// second; Hermes' own report of the death comes only once that life has imported and claimed its start (7–15 s on
// v0.20.2, never on a Hermes without a lifecycle sentinel). The report then joins this death's incident
// (incidents/deaths-seen.ts): one death, one incident. Pure.
import type { DetectSettings, Evidence } from '../evidence.js';
import type { Finding } from '../types.js';
import { currentRun, finding, isRunner } from './common.js';
import { readDeath } from './deaths.js';
import { slotStarting, unasked } from './container.js';
import { diedSeen, seenDead, SHUTDOWN_CONTEXT, supervisorStarting } from './sights.js';
import { loopDeaths, SUPERVISOR_LOOP_DEATHS, supervisorFacts, supervisorParam } from './supervisor.js';

/** Where nothing starts the gateway again by itself: no supervisor to name. */
const UNSUPERVISED: ReadonlySet<string> = new Set(['none', 'command']);

/** The supervisor has started the life after the one gatewatch saw die: a process of its own, not a gateway yet. */
function nextLifeRuns(ev: Evidence, dead: number): boolean {
  const s = ev.service;
  if (UNSUPERVISED.has(s.manager) || s.gaveUp || s.stopped) return false;
  // A container's s6 restarts the slot; a container the runtime is restarting is the runtime's own restart. Unasked (the
  // runtime does not answer), its next life is the new gateway process serving the home.
  if (s.slot?.status) return slotStarting(ev) && s.slot.status.pid !== dead;
  if (unasked(s)) return ev.processes.some((q) => q.pid !== dead);
  // Its process found serving the home before it claims the pid file (Python still importing), the supervisor saying
  // it restarts it: that start is the supervisor's, whose own answer may be a moment old.
  const next = ev.processes.some((q) => q.pid !== dead);
  return (supervisorStarting(ev) && s.mainPid !== dead) || (next && s.restarting === true);
}

/**
 * The death gatewatch saw, the supervisor repairing it: the dead gateway's pid, and when it was seen gone. Asked only
 * where nothing else says why the gateway is down (process.ts).
 */
function respawnedDeath(ev: Evidence): { pid: number; at: number } | undefined {
  const p = ev.process;
  if (p.alive || p.seenPid === undefined || p.goneSeenAt === undefined) return undefined;
  const run = currentRun(ev).records;
  if (!diedSeen(ev, run.at(-1)?.ts) || !nextLifeRuns(ev, p.seenPid)) return undefined;
  // Several deaths the supervisor counted are a loop (respawn_storm says it), not one death repaired.
  if ((loopDeaths(ev)?.count ?? 0) >= SUPERVISOR_LOOP_DEATHS) return undefined;
  // An exit path ran (a stop or restart the supervisor was asked for, a watchdog's exit): not a death without a word.
  const shutdown = run.filter((r) => isRunner(r) && SHUTDOWN_CONTEXT.test(r.message));
  const death = readDeath(ev, run, shutdown);
  if (shutdown.length || (death && death.kind !== 'unclean')) return undefined;
  return { pid: p.seenPid, at: seenDead(ev)! };
}

/** process_down's kind `respawned`: a warning naming the supervisor, dated at the death, never restarted. */
export function respawned(ev: Evidence, s: DetectSettings): Finding[] {
  const d = respawnedDeath(ev);
  if (!d) return [];
  return [
    finding(ev, s, {
      check: 'process_down',
      text: 'process_down.respawned',
      // Not the death that waits for gatewatch's restart: the supervisor's, with no budget of gatewatch's spent.
      cause: 'respawned',
      severity: 'warning',
      restart: 'never',
      // Told once: what comes next is the supervisor's next life, not a reminder.
      once: true,
      params: { pid: String(d.pid), supervisor: supervisorParam(ev) },
      evidence: [{ key: 'evidence.seen_gone', params: { pid: d.pid } }, ...supervisorFacts(ev)],
      since: d.at,
      sinceSeen: true,
    }),
  ];
}
