// The probes' stage: what is watched of each target (its files, its process, its live log) and, one per target,
// whether this host reaches its platforms' servers (detect.reachability; false: not probed, as the demo's).
import type { Evidence, PlatformState } from '../evidence.js';
import { currentRun, isConnectLine, lastIndex, parseTime, platformOf } from '../detectors/common.js';
import { filesPid } from '../evidence.js';
import type { StateStore } from '../core/state.js';
import type { EvaluationDeps } from '../core/evaluation.js';
import { createTargetWatch, type TargetWatch } from '../watch/target.js';
import { createLivenessPulse } from '../watch/liveness-pulse.js';
import { createOneLook } from '../watch/one-look.js';
import { createReachability, type Reachability } from '../probes/reachability.js';
import { DOWN_STATES } from '../incidents/outage-starts.js';
import { retiredEntry } from '../detectors/platform-entries.js';
import { createScopeProbes, scopeSettings } from '../core/scope-probes.js';
import { configuredBots, ownBots } from '../channels/own-bots.js';
import type { Channel } from '../types.js';
import type { StageDeps } from './stage.js';

export interface ProbesDeps
  extends StageDeps<
    'targets' | 'detect' | 'liveness_interval' | 'fleet' | 'locale' | 'source' | 'channelList',
    'readOnly' | 'oneLook'
  > {
  /** Where each target's log position is kept across restarts (state.json). */
  storage: { store: Pick<StateStore, 'state' | 'saveSoon'> };
  /** The channels, added later: gatewatch's own bots on a platform are a vantage point of its own. */
  channels: readonly Channel[];
}

export interface Probes {
  watches: Map<string, TargetWatch>;
  /** Each target's reachability probe (it probes nothing where detect.reachability is false). */
  reaches: Map<string, Reachability>;
  /** The platforms of a target this host reaches, probing first the ones its state file shows down (`probe`). */
  reachable: NonNullable<EvaluationDeps['reachable']>;
  /** "Us or them": gatewatch's own probes of the platforms a finding names (src/core/scope-probes.ts). */
  scope: NonNullable<EvaluationDeps['scope']>;
}

export function watchTargets(d: ProbesDeps): Probes {
  const { config, log, clock } = d;
  const { store } = d.storage;
  const { state } = store;
  const watches = new Map<string, TargetWatch>();
  // One liveness timer for every target: a wake-up per beat, not one per target.
  const pulse = createLivenessPulse(clock, config.liveness_interval, (beatsPerPoll) =>
    log.debug({ beatsPerPoll }, 'liveness pulse'),
  );
  const oneLook = d.opts.oneLook ? createOneLook() : undefined;
  for (const target of config.targets)
    watches.set(
      target.name,
      createTargetWatch({
        config,
        target,
        log,
        position: state.positions[target.name],
        onPosition: (p) => {
          state.positions[target.name] = p;
          store.saveSoon();
        },
        clock,
        pulse,
        // The daemon keeps its answer for an hour; a one-shot run would start a process every time.
        askHermesCli: !d.opts.readOnly,
        oneLook,
      }),
    );
  const reaches = new Map(
    config.targets.map((x) => [x.name, createReachability(x.reachability ?? config.detect.reachability, clock)]),
  );
  const reachable = async (name: string, ev: Evidence, probe: boolean) => {
    const reach = reaches.get(name);
    if (!reach) return [];
    // A platform connected since its probe failed was reached: every look drops that result, a judgement or not. So
    // does one whose reconnect the log shows before Hermes rewrote its state file (/status says "connected … from the
    // log"): one answer, not "connected" beside "cannot be reached". Nor is such a platform probed again: which came
    // first, Hermes' write or this look, would decide what the operator reads.
    const platforms = withLogConnects(ev);
    reach.seen(platforms, { pid: filesPid(ev.process), start_time: ev.process.pidFile?.start_time });
    // Not a platform the operator removed: its earlier life's entry stays `disconnected` (issue 50 item 5).
    const down = Object.entries(platforms)
      .filter(([p, st]) => st && DOWN_STATES.has(st.state) && !retiredEntry(ev, p))
      .map(([p]) => p);
    if (probe && down.length) await reach.check(down);
    return reach.recent().filter((r) => r.reachable);
  };
  const configured = d.opts.readOnly ? configuredBots(config, clock) : [];
  const scope = createScopeProbes({
    clock,
    reach: (name) => reaches.get(name),
    ...scopeSettings(config),
    // The daemon asks its running channels; a one-shot run, which starts none, asks with the configured channels'
    // credentials, as the daemon's channels would (issue 50 item 3).
    ownBots: () => {
      const running = ownBots(d.channels);
      return running.length ? running : configured;
    },
  });
  return { watches, reaches, reachable, scope: scope.gather };
}

/** The state file's platforms, each one the log saw connect after the file's entry was written marked connected then. */
function withLogConnects(ev: Evidence): Record<string, PlatformState | undefined> {
  const platforms = { ...(ev.state?.platforms ?? {}) };
  const run = currentRun(ev).records;
  for (const [p, st] of Object.entries(platforms)) {
    if (!st || st.state === 'connected') continue;
    const up = run[lastIndex(run, (r) => platformOf(r) === p && isConnectLine(r))];
    const written = parseTime(st.updated_at);
    if (up && written !== undefined && up.ts > written)
      platforms[p] = { ...st, state: 'connected', updated_at: new Date(up.ts).toISOString() };
  }
  return platforms;
}
