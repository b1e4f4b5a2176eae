// The composition root: builds each part of the pipeline (probes → detectors → incidents → actions → delivery) for
// every target, wires them, and hands each part only the ports it needs. The parts live in src/core/.
import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import type { Channel, DeliveryOutcome, InboundMessage, Operator } from './types.js';
import type { EvalResult } from './evidence.js';
import type { MuteState } from './incidents/mute.js';
import { createAuditLog } from './state/audit.js';
import { removeStaleTemps } from './state/atomic.js';
import { createStateDirHealth } from './state/health.js';
import { stateDirAlert, type LockAside } from './state/alerts.js';
import { openOutbox, type Outbox } from './delivery/outbox.js';
import { createDeliveryAudit } from './state/delivery-audit.js';
import { deliveryPolicy } from './delivery/routes.js';
import { ack as ackIncidents } from './incidents/machine.js';
import type { RestartRecord } from './actions/restart-policy.js';
import { createRemediator, type Remediator } from './core/remediate.js';
import { createReachability } from './probes/reachability.js';
import { DOWN_STATES } from './incidents/outage-starts.js';
import { createFixer } from './core/fix.js';
import { createTargetWatch, type TargetWatch } from './watch/target.js';
import { safeReply } from './util/text-out.js';
import { systemClock, type Clock } from './util/clock.js';
import { registry } from './channels/plugins.js';
import type { BusPorts } from '../commands/index.js';
import { openStateStore, type PersistedState } from './core/state.js';
import { createAlerting, type JudgeOptions } from './core/alerting.js';
import { createEvaluation, platformsUp, type CheckResult } from './core/evaluation.js';
import { startLoop } from './core/loop.js';
import { createChannelTrouble } from './core/channel-trouble.js';
import { createCredentialChecks } from './core/credential-checks.js';
import { CredentialsRefused } from './channels/refused.js';
import { downChannel } from './delivery/channel-down.js';
import { redact } from './util/redact.js';

export type { MuteState, EvalResult, PersistedState, JudgeOptions, CheckResult };
export { platformsUp };

export type { App, AppRuntime } from './app-types.js';
import type { App, AppRuntime } from './app-types.js';


export interface AppOptions {
  log: Logger;
  /** The clock every part reads and waits on (default: the system's). */
  clock?: Clock;
  /** Called when a channel cannot recover by itself; the CLI exits non-zero. */
  onFatal?: (reason: string) => void;
  /** One-shot CLI use: evaluations never open incidents or restart on their own. */
  readOnly?: boolean;
  /** Extra verification/poll timings for tests. */
  restartPollMs?: number;
  /** How long the rest of a log burst is gathered before it is judged (default 500 ms); the first line is judged at once. */
  logBatchMs?: number;
  /** Observers for the metrics endpoint (src/ops/metrics.ts). */
  onCheck?: (target: string, result: CheckResult, durationMs: number) => void;
  onRestart?: (rec: RestartRecord) => void;
  onDelivery?: (channel: string, result: DeliveryOutcome['status']) => void;
  /**
   * The daemon's lock is not in the state_dir (it refused it at start): in its fallback directory `dir`, or in memory
   * only. Said in the state_dir alert.
   */
  lockAside?: LockAside;
  /** How often every channel's credentials are asked again (default an hour). */
  credentialCheckEveryMs?: number;
}

const LOCAL_ADMIN: Operator = { name: 'local', role: 'admin' };
/** The CLI (run here or answered by the daemon over its control socket): audited as actor `cli`. */
const CLI_ADMIN: Operator = { name: 'cli', role: 'admin' };

export async function createApp(config: Config, opts: AppOptions): Promise<App> {
  const clock: Clock = opts.clock ?? systemClock;
  const now = clock.now;
  const log = opts.log;
  let stopped = false;
  if (!opts.readOnly) {
    const removed = await removeStaleTemps(config.state_dir);
    if (removed.length) log.info({ files: removed }, 'removed temp files left by a killed gatewatch');
  }
  // A state_dir that refuses writes is itself an alert (queued in memory, so it still goes out), and so is its return.
  let diskEpisode = 'gatewatch:state_dir';
  const health = createStateDirHealth({
    log,
    onChange: (problem) => {
      if (stopped) return;
      if (problem) diskEpisode = `gatewatch:state_dir@${now().toString(36)}`;
      void alerting.raise(stateDirAlert(problem, diskEpisode, config.state_dir, config.locale, now(), problem ? opts.lockAside : undefined));
      void audit.write({ type: problem ? 'alert.open' : 'alert.resolve', target: 'gatewatch', check: 'state_dir', severity: problem ? 'critical' : 'ok', actor: 'gatewatch', detail: { title: problem ?? 'writable again' } });
    },
  });
  const audit = createAuditLog(config.state_dir, clock, { log, health });
  const policy = deliveryPolicy(config);
  if (policy.impliedStandby) log.info({ standby: policy.impliedStandby, for: Object.keys(policy.fallback) }, 'no alerts.routes/fallback: notifiers stand by as their chat channel\'s fallback');
  const recordDelivery = createDeliveryAudit((r) => audit.write(r));
  const outbox: Outbox = await openOutbox({
    stateDir: config.state_dir,
    log,
    clock,
    health,
    policy,
    locale: config.locale,
    sendTimeoutMs: config.alerts.send_timeout,
    // Alerts raised before every channel is added (a channel's own start, the state_dir check) wait for them all.
    startingUp: true,
    onDelivery: (channel, status, attempt) => {
      opts.onDelivery?.(channel, status);
      if (status === 'sent') trouble.delivered(channel);
      else if (attempt?.permanent) trouble.down(channel, attempt.reason ?? status, 'send');
      // Called while the entry is still in the outbox.
      const alert = attempt && outbox.entries().find((e) => e.alert.id === attempt.alertId)?.alert;
      if (alert) void recordDelivery({ alert, channel, status, reason: attempt.reason });
    },
  });
  // state.json may say an incident was alerted only once outbox.json holds the alert: it waits for the enqueues.
  const store = await openStateStore({ stateDir: config.state_dir, log, health, clock, before: () => alerting.raised() });
  const { state, save } = store;
  const alerting = createAlerting({ config, store, outbox, audit, policy, clock, log, qrReach: () => channels.some((c) => c.qrReach?.() === true) });
  const channels: Channel[] = [];
  const trouble = createChannelTrouble({ locale: config.locale, clock, log, channels: () => channels.map((c) => c.name), raise: (a) => alerting.raise(a) });
  const credentials = createCredentialChecks({ channels: () => channels, trouble, clock, log, everyMs: opts.credentialCheckEveryMs });

  const watches = new Map<string, TargetWatch>();
  for (const target of config.targets) {
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
      }),
    );
  }

  /** The inbound command being handled, so a reply is not echoed back as a notification to the same console. */
  const origin = new AsyncLocalStorage<Pick<InboundMessage, 'channel'>>();
  const repliedTo = (): string[] | undefined => {
    const m = origin.getStore();
    // The console is one person's terminal: the command's reply reached them. Chat channels have other operators.
    return m?.channel === 'console' && channels.some((c) => c.name === 'console') ? ['console'] : undefined;
  };

  const evaluation = createEvaluation({
    config,
    watches,
    store,
    alerting,
    // A judged evaluation's automatic actions: the remediator's restart, then a stop remediate.auto allows.
    remediator: () => withAutoFix,
    clock,
    log,
    readOnly: opts.readOnly,
    stopped: () => stopped,
    onCheck: opts.onCheck,
    reachable: async (name, ev, probe) => {
      const reach = reaches.get(name);
      if (!reach) return [];
      const down = Object.entries(ev.state?.platforms ?? {}).filter(([, st]) => st && DOWN_STATES.has(st.state)).map(([p]) => p);
      if (probe && down.length) await reach.check(down);
      return reach.recent().filter((r) => r.reachable).map((r) => r.platform);
    },
  });
  // One per target: a target may say where its platforms are reached (or not to probe them, as the demo's).
  const reaches = new Map(config.targets.map((x) => [x.name, createReachability(x.reachability ?? config.detect.reachability, clock)]));
  const remediator: Remediator = createRemediator({
    config,
    log,
    audit,
    clock,
    state,
    save,
    raise: alerting.raise,
    watches,
    seenPlatforms: (name) => evaluation.lastResult(name)?.evidence.expectedPlatforms ?? [],
    // Fresh: an evaluation that began during the restart judged nothing, and joining it would leave the recovery
    // to the next scheduled check.
    afterRestart: (name) => evaluation.kick(name, 'restart', true),
    pollMs: opts.restartPollMs,
    onRestart: opts.onRestart,
    reach: (name) => reaches.get(name),
  });

  const fixer = createFixer({ config, audit, clock, state, save, remediator });
  const withAutoFix: Remediator = {
    ...remediator,
    async auto(name, evidence, findings) {
      await remediator.auto(name, evidence, findings);
      void fixer.auto(name, evidence, findings).catch((err) => log.error({ err, target: name }, 'automatic fix failed'));
    },
  };

  let bus: BusPorts | undefined;
  // Loaded with the first command: a one-shot `gatewatch check` never needs the chat commands.
  const commandBus = async () => {
    const [commands, { busPorts }] = await Promise.all([import('../commands/index.js'), import('./operations.js')]);
    bus ??= busPorts(app, log);
    return { ...commands, ports: bus };
  };
  let loop: { stop(): void } | undefined;
  const runtime: AppRuntime = {};
  const app: App = {
    config,
    log,
    audit,
    outbox,
    state,
    watches,
    channels,
    now,
    target: (name) => (name ? config.targets.find((t) => t.name === name) : config.targets[0]),
    evaluate: evaluation.evaluate,
    look: evaluation.look,
    lastResult: evaluation.lastResult,
    evaluatingSince: evaluation.evaluatingSince,
    async restart(name, actor, respond) {
      if (!watches.has(name)) return { skipped: `unknown target ${name}` };
      const ev = evaluation.lastResult(name)?.evidence ?? (await evaluation.evaluate(name, { act: false })).evidence;
      return remediator.manual(name, actor, ev, respond, repliedTo());
    },
    restartInProgress: (name) => remediator.inProgress(name),
    async fix(name, remedy, actor, respond) {
      if (!watches.has(name)) return { ok: false, code: 'restart', detail: `unknown target ${name}` };
      // Fresh evidence: the gateway pid a stop must spare is the one running now.
      const ev = (await evaluation.look(name)).evidence;
      return fixer.run(name, remedy, actor, ev, respond);
    },
    restartHistory: (name) => remediator.history(name),
    reachability: (name) => reaches.get(name)?.recent() ?? [],
    async ack(by, target) {
      const list = ackIncidents(state.incidents, by, now(), target);
      await save();
      await alerting.withdrawEscalations(list.map((i) => i.id));
      return list;
    },
    async mute(until, by, target) {
      // A new /mute during a mute keeps what the first one held, for the one summary at the end.
      if (target === undefined) state.mute = { ...state.mute, until, by };
      else state.targetMutes = { ...state.targetMutes, [target]: { ...state.targetMutes?.[target], until, by } };
      await save();
    },
    unmute: (_by, dialect, target) => alerting.endMute(repliedTo(), dialect, target),
    muted: alerting.isMuted,
    operatorFor(msg) {
      if (msg.channel === 'cli') return CLI_ADMIN;
      if (msg.channel === 'console') return LOCAL_ADMIN;
      // The channel's plugin names the operator field holding its user ids; a channel without one takes no commands.
      const key = registry.chat(msg.channel)?.operatorKey;
      if (!key) return undefined;
      return config.operators.find((o) => {
        const id = o[key];
        return id !== undefined && id !== '' && String(id) === msg.senderId;
      });
    },
    async handle(msg, respond) {
      const { dispatch, ports } = await commandBus();
      await origin.run(msg, () => dispatch(ports, msg, (r) => respond(safeReply(r))));
    },
    async handleRequest(from, req, respond) {
      const { dispatchRequest, ports } = await commandBus();
      await origin.run(from, () => dispatchRequest(ports, from, req, (r) => respond(safeReply(r))));
    },
    async addChannel(ch) {
      channels.push(ch);
      outbox.setChannels(channels);
      try {
        await ch.start(app.context(ch));
      } catch (err) {
        // It stays configured but cannot deliver: a stand-in keeps its place (its alerts wait, its fallbacks carry
        // them) and the channels that work hear why once start-up is over. The caller decides whether to go on.
        const reason = redact((err as Error).message);
        await ch.stop().catch(() => undefined);
        channels[channels.indexOf(ch)] = downChannel(ch.name, reason);
        outbox.setChannels(channels);
        const refused = err instanceof CredentialsRefused ? err : undefined;
        trouble.down(ch.name, reason, 'start', refused?.fix, refused?.refusal && { service: refused.refusal.service, answer: redact(refused.refusal.answer) });
        throw err;
      }
    },
    context(ch) {
      return {
        handle: (msg, respond) => app.handle(msg, respond),
        outbox,
        operators: config.operators,
        audit: (r) => audit.write(r),
        log: log.child({ channel: ch.name }),
        locale: config.locale,
        stateDir: config.state_dir,
        raise: async (reply) => {
          const id = randomUUID();
          const queued = alerting.raise({ id, kind: 'notice', target: 'gatewatch', check: `channel.${ch.name}`, severity: reply.tone ?? 'warning', createdAt: now(), reply });
          await Promise.all([queued, audit.write({ type: 'alert.open', target: 'gatewatch', check: `channel.${ch.name}`, severity: reply.tone ?? 'warning', actor: 'gatewatch', detail: { title: reply.title, alert: id } })]);
        },
        cannotDeliver: (reason) => trouble.down(ch.name, reason, 'send'),
        fatal: (reason) => {
          log.fatal({ channel: ch.name, reason }, 'channel cannot recover');
          (opts.onFatal ?? ((r: string) => { throw new Error(r); }))(`${ch.name}: ${reason}`);
        },
      };
    },
    async start() {
      // Every configured channel has been added by now: only now may entries of removed channels be dropped.
      outbox.retainChannels(channels.map((c) => c.name));
      outbox.start();
      trouble.started();
      // Not awaited: a service that is slow to answer holds up neither start-up nor another channel's check.
      if (!opts.readOnly) app.firstCredentialRound = credentials.start();
      // A state_dir that is already full or read-only says so now, not at the first thing worth saving: the write
      // fails, the state_dir alert goes out, and the write is retried until the disk is back.
      if (!opts.readOnly) await save();
      loop = await startLoop({ config, watches, evaluation, alerting, escalate: !!policy.escalate, state, runtime, clock, log, logBatchMs: opts.logBatchMs });
    },
    async stop() {
      stopped = true;
      credentials.stop();
      loop?.stop();
      for (const w of watches.values()) await w.stop();
      for (const c of channels) await c.stop().catch(() => undefined);
      await outbox.stop();
      store.stop();
      await evaluation.settled();
      await save();
    },
    raise: alerting.raise,
    stateHealth: health,
    persist: save,
    judge: async (target, findings, o) => void (await alerting.judge(target, findings, o)),
    runtime,
    channelTrouble: trouble,
    credentials,
  };
  return app;
}
