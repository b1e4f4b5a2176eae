// gatewatch's own state (incidents, log positions, timelines, restarts, mute, escalations) and the one place it is
// written: atomically, never throwing, retried while the state_dir refuses writes.
import { stat } from '../util/file-calls.js';
import path from 'node:path';
import type { Logger } from 'pino';
import type { IncidentState } from '../incidents/machine.js';
import { migrateIncident } from '../incidents/machine.js';
import type { Timeline } from '../incidents/timeline.js';
import type { OutageStarts } from '../incidents/outage-starts.js';
import type { SeenDeath } from '../incidents/deaths-seen.js';
import type { MuteState } from '../incidents/mute.js';
import type { RemediationState } from './remediate.js';
import type { EscalationRecord } from '../delivery/escalate.js';
import type { LogPosition } from '../probes/log-tail.js';
import { stateJson, writeFileAtomic } from '../state/atomic.js';
import { loadChecked } from '../state/schemas.js';
import { checkStateFile } from './state-schema.js';
import type { StateDirHealth } from '../state/health.js';
import type { Clock } from '../util/clock.js';
import { privateDir } from '../util/private-dir.js';

export interface PersistedState extends RemediationState {
  incidents: IncidentState;
  positions: Record<string, LogPosition>;
  timelines: Record<string, Timeline>;
  /** Per target: when each platform's current outage began, so /status's "since" survives a gatewatch restart. */
  outages: Record<string, OutageStarts>;
  mute?: MuteState;
  /** Mutes of one target each (`/mute TARGET 30m`), beside the mute of everything. */
  targetMutes?: Record<string, MuteState>;
  /** alerts.escalate: per open critical incident, when its clock started and when it was escalated. */
  escalations: Record<string, EscalationRecord>;
  /** Per target: the deaths gatewatch saw, so that the next life's own report of one is not a second incident. */
  deaths: Record<string, SeenDeath[]>;
}

export interface StateStore {
  state: PersistedState;
  /** Write now. Never throws: the state stays in memory, the failure goes to the state_dir health and is retried. */
  save(): Promise<void>;
  /** Write within `delayMs` (once, however often asked meanwhile). */
  saveSoon(delayMs?: number): void;
  /** No more retries; a pending write is dropped (call save() last). */
  stop(): void;
}

export async function openStateStore(o: {
  stateDir: string;
  log: Logger;
  health: StateDirHealth;
  before?: () => Promise<unknown>;
  clock: Clock;
}): Promise<StateStore> {
  const clock = o.clock;
  const file = path.join(o.stateDir, 'state.json');
  // Checked record by record on load (what does not fit is set aside); older records lack fields the machine keeps.
  const loaded = await loadChecked(file, checkStateFile, o.log, clock);
  const state: PersistedState = {
    ...loaded,
    incidents: Object.fromEntries(Object.entries(loaded.incidents).map(([k, v]) => [k, migrateIncident(v)])),
  };
  let stopped = false;
  let timer: (() => void) | undefined;
  const saveSoon = (delayMs = 1_000) => {
    if (stopped) return;
    timer ??= clock.timer(() => {
      timer = undefined;
      void save();
    }, delayMs);
  };
  // What the file holds, as this store last wrote it: a save that would write the same again writes nothing. Each
  // evaluation saves, once a minute on a quiet gateway, and a write is seven round trips through libuv's threads and an
  // fsync, for a state that has not changed (issue 62).
  // The file is asked (one stat) whether it is still the one written: a state_dir removed or replaced since is written
  // again, and its failure reported (/healthz's 503), as every save did.
  let written: { json: string; mark: string } | undefined;
  const markOf = (st: { ino: number; size: number; mtimeMs: number }) => `${st.ino}:${st.size}:${st.mtimeMs}`;
  const save = async () => {
    try {
      await o.before?.();
      const json = stateJson(state);
      const same = json === written?.json && (await stat(file).then(markOf, () => undefined)) === written.mark;
      if (!same) {
        await privateDir(o.stateDir);
        await writeFileAtomic(file, json);
        written = { json, mark: markOf(await stat(file)) };
      }
      o.health.report(file);
    } catch (err) {
      o.health.report(file, err);
      saveSoon(5_000);
    }
  };
  return {
    state,
    save,
    saveSoon,
    stop() {
      stopped = true;
      timer?.();
    },
  };
}
