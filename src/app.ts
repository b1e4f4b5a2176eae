// The composition root: the daemon is built from named stages, in the order of the pipeline, each from the ones before
// it and each handed only the ports it needs (src/stages/): storage → alerts (incidents and delivery's feedback) →
// probes → remediation → evaluation → commands → channels → the daemon's run. The parts they are made of live in
// src/core/ and the layers below.
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import type { Channel } from './types.js';
import type { EvalResult } from './evidence.js';
import type { MuteState } from './incidents/mute.js';
import { systemClock, type Clock } from './util/clock.js';
// The Hermes platforms' rules, words and lines, registered into the layers below as the registry loads.
import './platforms/index.js';
import type { PersistedState } from './core/state.js';
import type { JudgeOptions } from './core/alerting.js';
import { platformsUp, type CheckResult } from './core/evaluation.js';
import { backEdge } from './core/back-edge.js';
import { openStorage, type Storage, type StorageDeps } from './stages/storage.js';
import { buildAlerts, type Alerts } from './stages/alerts.js';
import { watchTargets, type Probes } from './stages/probes.js';
import { buildRemediation } from './stages/remediation.js';
import { buildEvaluation } from './stages/evaluation.js';
import { buildCommands, type Commands } from './stages/commands.js';
import { channelsStage, type ChannelsStage } from './stages/channels.js';
import { daemonRun, lifecycle, type DaemonRun } from './stages/run.js';

export type { MuteState, EvalResult, PersistedState, JudgeOptions, CheckResult };
export { platformsUp };

export type { App, AppOptions, AppRuntime, CommandCore } from './app-types.js';
import type { App, AppOptions } from './app-types.js';

export async function createApp(config: Config, opts: AppOptions): Promise<App> {
  const clock: Clock = opts.clock ?? systemClock;
  const { log } = opts;
  const base = { config, log, clock, opts };
  const life = lifecycle();
  /** The channels alerts leave on: added by the channels stage, read by every stage that speaks of them. */
  const channels: Channel[] = [];

  // The pipeline's loops back to an earlier stage: declared here, once, and answered where the later stage is built.
  /** A state_dir write failed, or works again: an alert (queued in memory, so it still goes out), itself written. */
  const stateDirChanged = backEdge<[problem: string | undefined]>('state_dir health → alerts');
  /** An alert's delivery on a channel ended: whether the channel works is itself said as an alert. */
  const delivered = backEdge<Parameters<StorageDeps['delivered']>>('outbox → channel trouble');
  /** A restart ended (or a held restart's time came): the target is evaluated again at once. */
  const restarted = backEdge<[target: string]>('remediation → evaluation');

  // 1. The state_dir and what is written to it: the audit log, the outbox, the state, the history.
  const storage = await openStorage({ ...base, stateDirChanged: stateDirChanged.call, delivered: delivered.call });

  // 2. Incidents and alerts, the channels that cannot deliver, their credentials.
  const alerts = buildAlerts({ ...base, storage, channels, stopped: life.stopped });
  stateDirChanged.answer(alerts.stateDirChanged);
  delivered.answer(alerts.delivered);

  // 3. What is watched of each target, and whether this host reaches its platforms.
  const probes = watchTargets({ ...base, storage, channels });

  // 4. What acts on a target. Each target's last evaluation is kept where the restart path reads it too.
  const results = new Map<string, EvalResult>();
  const remediation = buildRemediation({
    ...base,
    storage,
    alerts,
    probes,
    lastResult: (name) => results.get(name),
    restarted: restarted.call,
  });

  // 5. The evaluation: gather, detect, judge, then the automatic actions.
  const evaluation = buildEvaluation({ ...base, storage, alerts, probes, remediation, results, stopped: life.stopped });
  // Fresh: an evaluation that began during the restart judged nothing, and joining it would leave the recovery to the
  // next scheduled check.
  restarted.answer((name) => evaluation.kick(name, 'restart', true));

  // 6. What operators do, by chat, the CLI or the console.
  const commands = buildCommands({ ...base, channels, storage, alerts, probes, remediation, evaluation });

  // 7. The channels, added by the caller, each started with its context.
  const channelStage = channelsStage({ ...base, channels, storage, alerts, handle: commands.handle });

  // 8. The daemon's run, from start() to stop().
  const run = daemonRun({ ...base, life, storage, alerts, probes, evaluation, remediation, channels });

  return appOf(log, { storage, alerts, probes, commands, channelStage, run, channels });
}

/** The App the CLI, the ops endpoints and the tests use: the command core, and the stages' parts they reach. */
function appOf(
  log: Logger,
  s: {
    storage: Storage;
    alerts: Alerts;
    probes: Probes;
    commands: Commands;
    channelStage: ChannelsStage;
    run: DaemonRun;
    channels: Channel[];
  },
): App {
  const { storage, alerts, run } = s;
  return {
    core: s.commands.core,
    ...s.channelStage,
    audit: storage.audit,
    channels: s.channels,
    outbox: storage.outbox,
    watches: s.probes.watches,
    log,
    channelTrouble: alerts.trouble,
    credentials: alerts.credentials,
    get firstCredentialRound() {
      return run.firstCredentialRound;
    },
    handle: s.commands.handle,
    handleRequest: s.commands.handleRequest,
    start: run.start,
    stop: run.stop,
    raise: alerts.alerting.raise,
    stateHealth: storage.health,
    persist: storage.store.save,
    judge: async (target, findings, o) => void (await alerts.alerting.judge(target, findings, o)),
    runtime: run.runtime,
  };
}
