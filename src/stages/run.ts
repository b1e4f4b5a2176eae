// The daemon's run, from start() to stop(): the outbox's loop and the channels' trouble once every channel is added,
// the credential checks, the schedule and the live watch of every target (src/core/loop.ts), the weekly report; and
// everything let go of again, in order, the state written last.
import type { Config } from '../config/schema.js';
import type { Channel } from '../types.js';
import type { Alerting } from '../core/alerting.js';
import type { Evaluation } from '../core/evaluation.js';
import type { ChannelTrouble } from '../core/channel-trouble.js';
import type { CredentialChecks } from '../core/credential-checks.js';
import type { Remediator } from '../core/remediate.js';
import { startLoop, type LoopRuntime } from '../core/loop.js';
import { startReport } from '../core/report.js';
import { GATEWATCH_VERSION } from '../util/version.js';
import type { StageDeps } from './stage.js';
import type { Storage } from './storage.js';
import type { Probes } from './probes.js';

/** Whether the daemon is stopping: the parts that would start something new then ask it. */
export interface Lifecycle {
  stopped(): boolean;
  stop(): void;
}

export function lifecycle(): Lifecycle {
  let stopped = false;
  return {
    stopped: () => stopped,
    stop: () => void (stopped = true),
  };
}

export interface RunDeps extends StageDeps<keyof Config, 'readOnly' | 'logBatchMs'> {
  life: Lifecycle;
  storage: Pick<Storage, 'outbox' | 'store' | 'history' | 'policy'>;
  alerts: {
    alerting: Pick<Alerting, 'escalateDue'>;
    trouble: Pick<ChannelTrouble, 'started'>;
    credentials: Pick<CredentialChecks, 'start' | 'stop'>;
  };
  probes: Pick<Probes, 'watches'>;
  evaluation: Pick<Evaluation, 'kick' | 'lastResult' | 'settled' | 'unsettledSince' | 'whenUnsettled'>;
  remediation: { remediator: Pick<Remediator, 'commandsDone'> };
  channels: readonly Channel[];
}

export interface DaemonRun {
  /** Start the daemon: channels, schedule, live watch. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** What the health check reads: when the scheduler last ran. */
  runtime: LoopRuntime;
  /** The first round of credential checks, once start() has begun it: for the banner. */
  readonly firstCredentialRound?: ReturnType<CredentialChecks['start']>;
}

export function daemonRun(d: RunDeps): DaemonRun {
  const { config, log, clock, opts, storage, channels } = d;
  const { outbox, store, history } = storage;
  const { alerting, trouble, credentials } = d.alerts;
  const { watches } = d.probes;
  let loop: { stop(): void } | undefined;
  let report: { stop(): void } | undefined;
  let firstCredentialRound: DaemonRun['firstCredentialRound'];
  const runtime: LoopRuntime = {};
  return {
    runtime,
    get firstCredentialRound() {
      return firstCredentialRound;
    },
    async start() {
      // Told to stop while it was starting up: nothing more is started.
      if (d.life.stopped()) return;
      // Every configured channel has been added by now: only now may entries of removed channels be dropped.
      outbox.retainChannels(channels.map((c) => c.name));
      outbox.start();
      trouble.started();
      // Not awaited: a service that is slow to answer holds up neither start-up nor another channel's check.
      if (!opts.readOnly) firstCredentialRound = credentials.start();
      // A state_dir that is already full or read-only says so now, not at the first thing worth saving: the write
      // fails, the state_dir alert goes out, and the write is retried until the disk is back.
      if (!opts.readOnly) await store.save();
      loop = await startLoop({
        config,
        watches,
        evaluation: d.evaluation,
        alerting,
        escalate: !!storage.policy.escalate,
        state: store.state,
        runtime,
        clock,
        log,
        logBatchMs: opts.logBatchMs,
      });
      if (!opts.readOnly) report = startReport({ config, history, outbox, clock, log, gatewatch: GATEWATCH_VERSION });
    },
    async stop() {
      d.life.stop();
      credentials.stop();
      loop?.stop();
      report?.stop();
      // The evaluations under way end (one may begin a restart), then the restart commands under way (each has its own
      // timeout): what they start is there to be stopped.
      await d.evaluation.settled();
      await d.remediation.remediator.commandsDone();
      for (const w of watches.values()) await w.stop();
      for (const c of channels) await c.stop().catch(() => undefined);
      await outbox.stop();
      store.stop();
      history.stop();
      // Again: a restart command that ended (its answer kicks an evaluation) or a chat command answered while its
      // channel stopped can have begun one more since the first wait, and what it records belongs in the save below.
      await d.evaluation.settled();
      await store.save();
      await history.save();
    },
  };
}
