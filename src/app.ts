// The composition root: builds each part of the pipeline (probes → detectors → incidents → actions → delivery) for
// every target, wires them, and hands each part only the ports it needs. The parts live in src/core/.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import type { Channel, ChannelContext, DeliveryOutcome, InboundMessage, Operator, Respond } from './types.js';
import type { EvalResult } from './evidence.js';
import type { MuteState } from './incidents/mute.js';
import { createAuditLog } from './state/audit.js';
import { removeStaleTemps } from './state/atomic.js';
import { createStateDirHealth } from './state/health.js';
import { historyLostAlert, stateDirAlert, type LockAside } from './state/alerts.js';
import { openOutbox, type Outbox, type OutboxOptions } from './delivery/outbox.js';
import { createDeliveryAudit } from './state/delivery-audit.js';
import { deliveryPolicy } from './delivery/routes.js';
import { ack as ackIncidents } from './incidents/machine.js';
import type { RestartRecord } from './actions/restart-policy.js';
import { createRemediator, type Remediator } from './core/remediate.js';
import { createReachability } from './probes/reachability.js';
import { createScopeProbes, scopeSettings } from './core/scope-probes.js';
import { ownBots } from './channels/own-bots.js';
import { DOWN_STATES } from './incidents/outage-starts.js';
import { createFixer } from './core/fix.js';
import { createTargetWatch, type TargetWatch } from './watch/target.js';
import { safeReply } from './util/text-out.js';
import { systemClock, type Clock } from './util/clock.js';
import { scopedStore } from './util/scoped-store.js';
import { registry } from './channels/plugins.js';
// The Hermes platforms' rules, words and lines, registered into the layers below as the registry loads.
import './platforms/index.js';
import type { BusPorts } from '../commands/index.js';
import { openStateStore, type PersistedState } from './core/state.js';
import { unreadableReason, unreadableWords } from './history/load.js';
import { openHistory } from './history/store.js';
import { createAlerting, type JudgeOptions } from './core/alerting.js';
import { createEvaluation, platformsUp, type CheckResult } from './core/evaluation.js';
import { startLoop } from './core/loop.js';
import { startReport } from './core/report.js';
import { GATEWATCH_VERSION } from './util/version.js';
import { createChannelTrouble } from './core/channel-trouble.js';
import { backEdge } from './core/back-edge.js';
import { createCredentialChecks } from './core/credential-checks.js';
import { CredentialsRefused } from './channel-kit/refused.js';
import { downChannel } from './delivery/channel-down.js';
import { redact } from './util/redact.js';

export type { MuteState, EvalResult, PersistedState, JudgeOptions, CheckResult };
export { platformsUp };

export type { App, AppRuntime, CommandCore } from './app-types.js';
import type { App, AppRuntime, CommandCore } from './app-types.js';

export interface AppOptions {
  log: Logger;
  /** The clock every part reads and waits on (default: the system's). */
  clock?: Clock;
  /** Called when a channel cannot recover by itself; the CLI exits non-zero. */
  onFatal?: (reason: string) => void;
  /** One-shot CLI use: evaluations never open incidents or restart on their own, and no state file is set aside. */
  readOnly?: boolean;
  /** A one-shot CLI run's word to its user (a history file it did not read), printed as one `gatewatch: …` line. */
  notice?: (text: string) => void;
  /** Extra verification/poll timings for tests. */
  restartPollMs?: number;
  /** How long the rest of a log burst is gathered before it is judged (default 500 ms); the first line is judged at once. */
  logBatchMs?: number;
  /** Observers for the metrics endpoint (src/ops/metrics.ts). */
  onCheck?: (target: string, result: CheckResult, durationMs: number) => void;
  onRestart?: (rec: RestartRecord) => void;
  onDelivery?: (channel: string, result: DeliveryOutcome['status']) => void;
  /** An incident's time to detect when its alert goes out, its time to recover when it resolves. */
  onIncidentTimes?: (target: string, times: { detectMs?: number; recoverMs?: number }) => void;
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

  // The parts are built in the order below, each from the parts before it. Where an earlier part must reach a later
  // one, that back-edge is declared here, once, and answered where the later part is built.
  /** A state_dir write failed, or works again: an alert (queued in memory, so it still goes out), itself written. */
  const stateDirChanged = backEdge<[problem: string | undefined]>('state_dir health → alerting');
  /** An alert's delivery on a channel ended: whether the channel works is itself said as an alert. */
  const delivered = backEdge<Parameters<NonNullable<OutboxOptions['onDelivery']>>>('outbox → channel trouble');
  /** state.json may say an incident was alerted only once outbox.json holds the alert: a save waits for the enqueues. */
  const alertsQueued = backEdge<[], Promise<unknown>>('state store → alerting');
  /** The platforms a target's last evaluation expected: what a restart waits for to reconnect. */
  const seenPlatforms = backEdge<[target: string], string[]>('remediator → evaluation');
  /** A restart ended: the target is evaluated again at once. */
  const restarted = backEdge<[target: string]>('remediator → evaluation');

  // 1. The state_dir and what is written to it.
  const health = createStateDirHealth({ log, onChange: stateDirChanged.call });
  const audit = createAuditLog(config.state_dir, clock, { log, health });
  const policy = deliveryPolicy(config);
  if (policy.impliedStandby)
    log.info(
      { standby: policy.impliedStandby, for: Object.keys(policy.fallback) },
      "no alerts.routes/fallback: notifiers stand by as their chat channel's fallback",
    );
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
    onDelivery: delivered.call,
  });
  const store = await openStateStore({ stateDir: config.state_dir, log, health, clock, before: alertsQueued.call });
  const { state, save } = store;
  const history = await openHistory({
    stateDir: config.state_dir,
    targets: config.targets.map((t) => t.name),
    log,
    health,
    clock,
    legacy: state.timelines,
    readOnly: opts.readOnly,
    unreadable: (file, why) => opts.notice?.(unreadableWords(config.locale, file, why)),
  });

  // 2. Alerts, and the channels they go out on (added by the caller: addChannel).
  const channels: Channel[] = [];
  const alerting = createAlerting({
    config,
    store,
    outbox,
    audit,
    policy,
    clock,
    log,
    qrReach: () => channels.some((c) => c.qrReach?.() === true),
    history,
    onIncidentTimes: opts.onIncidentTimes,
  });
  alertsQueued.answer(() => alerting.raised());
  // A history lost at start is said once (queued until the channels are up); the log said it already.
  if (!opts.readOnly)
    for (const lost of history.lost)
      void alerting.raise(historyLostAlert(lost, unreadableReason(config.locale, lost.why), config.locale, now()));
  const trouble = createChannelTrouble({
    locale: config.locale,
    clock,
    log,
    channels: () => channels.map((c) => c.name),
    raise: (a) => alerting.raise(a),
    ownFix(name) {
      const fix = channels.find((c) => c.name === name)?.credentialsFix;
      return fix && { en: fix('en'), 'zh-CN': fix('zh-CN') };
    },
  });
  const credentials = createCredentialChecks({
    channels: () => channels,
    trouble,
    clock,
    log,
    everyMs: opts.credentialCheckEveryMs,
  });
  let diskEpisode = 'gatewatch:state_dir';
  stateDirChanged.answer((problem) => {
    if (stopped) return;
    if (problem) diskEpisode = `gatewatch:state_dir@${now().toString(36)}`;
    void alerting.raise(
      stateDirAlert(problem, diskEpisode, config.state_dir, config.locale, now(), problem ? opts.lockAside : undefined),
    );
    void audit.write({
      type: problem ? 'alert.open' : 'alert.resolve',
      target: 'gatewatch',
      check: 'state_dir',
      severity: problem ? 'critical' : 'ok',
      actor: 'gatewatch',
      detail: { title: problem ?? 'writable again' },
    });
  });
  const recordDelivery = createDeliveryAudit((r) => audit.write(r));
  delivered.answer((channel, status, attempt) => {
    opts.onDelivery?.(channel, status);
    if (status === 'sent') trouble.delivered(channel, attempt?.startedAt);
    else if (attempt?.permanent) trouble.down(channel, attempt.reason ?? status, 'send');
    // Called while the entry is still in the outbox.
    const alert = attempt && outbox.entries().find((e) => e.alert.id === attempt.alertId)?.alert;
    if (alert) void recordDelivery({ alert, channel, status, reason: attempt.reason });
  });

  // 3. What is watched: each target's files and process, and (one per target) where its platforms are reached, or
  // not to probe them, as the demo's.
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
  const reaches = new Map(
    config.targets.map((x) => [x.name, createReachability(x.reachability ?? config.detect.reachability, clock)]),
  );
  const scopeProbes = createScopeProbes({
    clock,
    reach: (name) => reaches.get(name),
    ...scopeSettings(config),
    ownBots: () => ownBots(channels),
  });

  // 4. What acts on a target: the restart path, the fixes, and together what a judged evaluation does on its own.
  const remediator: Remediator = createRemediator({
    config,
    log,
    audit,
    clock,
    state,
    save,
    raise: alerting.raise,
    watches,
    seenPlatforms: seenPlatforms.call,
    afterRestart: restarted.call,
    pollMs: opts.restartPollMs,
    onRestart: (rec) => {
      history.restarted(rec.target, { at: rec.at, ok: rec.ok === true, actor: rec.actor });
      opts.onRestart?.(rec);
    },
    reach: (name) => reaches.get(name),
  });
  const fixer = createFixer({ config, audit, clock, state, save, remediator });
  const automatic: Remediator = {
    ...remediator,
    async auto(name, evidence, findings) {
      await remediator.auto(name, evidence, findings);
      void fixer
        .auto(name, evidence, findings)
        .catch((err) => log.error({ err, target: name }, 'automatic fix failed'));
    },
  };

  // 5. The evaluation: gather, detect, judge, then the automatic actions.
  const evaluation = createEvaluation({
    config,
    watches,
    store,
    alerting,
    history,
    remediator: automatic,
    clock,
    log,
    readOnly: opts.readOnly,
    stopped: () => stopped,
    onCheck: opts.onCheck,
    reachable: async (name, ev, probe) => {
      const reach = reaches.get(name);
      if (!reach) return [];
      const down = Object.entries(ev.state?.platforms ?? {})
        .filter(([, st]) => st && DOWN_STATES.has(st.state))
        .map(([p]) => p);
      if (probe && down.length) await reach.check(down);
      return reach.recent().filter((r) => r.reachable);
    },
    scope: scopeProbes.gather,
  });
  seenPlatforms.answer((name) => evaluation.lastResult(name)?.evidence.expectedPlatforms ?? []);
  // Fresh: an evaluation that began during the restart judged nothing, and joining it would leave the recovery to the
  // next scheduled check.
  restarted.answer((name) => evaluation.kick(name, 'restart', true));

  // 6. What operators do, by chat, the CLI or the console: the commands' ports are made of these and the parts above.
  /** The inbound command being handled, so a reply is not echoed back as a notification to the same console. */
  const origin = scopedStore<Pick<InboundMessage, 'channel'>>();
  const repliedTo = (): string[] | undefined => {
    const m = origin.get();
    // The console is one person's terminal: the command's reply reached them. Chat channels have other operators.
    return m?.channel === 'console' && channels.some((c) => c.name === 'console') ? ['console'] : undefined;
  };
  const core: CommandCore = {
    config,
    state,
    audit,
    channels,
    history,
    now,
    clock,
    look: evaluation.look,
    evaluate: evaluation.evaluate,
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
    channelTrouble: trouble,
    credentials,
  };
  let bus: BusPorts | undefined;
  // Loaded with the first command: a one-shot `gatewatch check` never needs the chat commands.
  const commandBus = async () => {
    const [commands, { busPorts }] = await Promise.all([import('../commands/index.js'), import('./operations.js')]);
    bus ??= busPorts(core, log);
    return { ...commands, ports: bus };
  };
  const handle = async (msg: InboundMessage, respond: Respond) => {
    const { dispatch, ports } = await commandBus();
    await origin.run(msg, () => dispatch(ports, msg, (r) => respond(safeReply(r))));
  };
  const context = (ch: Channel): ChannelContext => ({
    handle,
    outbox,
    operators: config.operators,
    audit: (r) => audit.write(r),
    log: log.child({ channel: ch.name }),
    locale: config.locale,
    stateDir: config.state_dir,
    raise: async (reply) => {
      const id = randomUUID();
      const queued = alerting.raise({
        id,
        kind: 'notice',
        target: 'gatewatch',
        check: `channel.${ch.name}`,
        severity: reply.tone ?? 'warning',
        createdAt: now(),
        reply,
      });
      await Promise.all([
        queued,
        audit.write({
          type: 'alert.open',
          target: 'gatewatch',
          check: `channel.${ch.name}`,
          severity: reply.tone ?? 'warning',
          actor: 'gatewatch',
          detail: { title: reply.title, alert: id },
        }),
      ]);
    },
    cannotDeliver: (reason) => trouble.down(ch.name, reason, 'send'),
    fatal: (reason) => {
      log.fatal({ channel: ch.name, reason }, 'channel cannot recover');
      (
        opts.onFatal ??
        ((r: string) => {
          throw new Error(r);
        })
      )(`${ch.name}: ${reason}`);
    },
  });

  // 7. The daemon's run: the schedule and the live watch, from start() to stop().
  let loop: { stop(): void } | undefined;
  let report: { stop(): void } | undefined;
  const runtime: AppRuntime = {};
  let firstCredentialRound: App['firstCredentialRound'];
  return {
    ...core,
    audit,
    channels,
    outbox,
    watches,
    log,
    channelTrouble: trouble,
    credentials,
    get firstCredentialRound() {
      return firstCredentialRound;
    },
    target: (name) => (name ? config.targets.find((t) => t.name === name) : config.targets[0]),
    handle,
    async handleRequest(from, req, respond) {
      const { dispatchRequest, ports } = await commandBus();
      await origin.run(from, () => dispatchRequest(ports, from, req, (r) => respond(safeReply(r))));
    },
    async addChannel(ch) {
      channels.push(ch);
      outbox.setChannels(channels);
      try {
        await ch.start(context(ch));
      } catch (err) {
        // It stays configured but cannot deliver: a stand-in keeps its place (its alerts wait, its fallbacks carry
        // them) and the channels that work hear why once start-up is over. The caller decides whether to go on.
        const reason = redact((err as Error).message);
        await ch.stop().catch(() => undefined);
        channels[channels.indexOf(ch)] = downChannel(ch.name, reason, ch.credentialsFix?.bind(ch));
        outbox.setChannels(channels);
        const refused = err instanceof CredentialsRefused ? err : undefined;
        trouble.down(
          ch.name,
          reason,
          'start',
          refused?.fix,
          refused?.refusal && { service: refused.refusal.service, answer: redact(refused.refusal.answer) },
        );
        throw err;
      }
    },
    attachChannel(ch) {
      channels.push(ch);
    },
    context,
    async start() {
      // Every configured channel has been added by now: only now may entries of removed channels be dropped.
      outbox.retainChannels(channels.map((c) => c.name));
      outbox.start();
      trouble.started();
      // Not awaited: a service that is slow to answer holds up neither start-up nor another channel's check.
      if (!opts.readOnly) firstCredentialRound = credentials.start();
      // A state_dir that is already full or read-only says so now, not at the first thing worth saving: the write
      // fails, the state_dir alert goes out, and the write is retried until the disk is back.
      if (!opts.readOnly) await save();
      loop = await startLoop({
        config,
        watches,
        evaluation,
        alerting,
        escalate: !!policy.escalate,
        state,
        runtime,
        clock,
        log,
        logBatchMs: opts.logBatchMs,
      });
      if (!opts.readOnly) report = startReport({ config, history, outbox, clock, log, gatewatch: GATEWATCH_VERSION });
    },
    async stop() {
      stopped = true;
      credentials.stop();
      loop?.stop();
      report?.stop();
      for (const w of watches.values()) await w.stop();
      for (const c of channels) await c.stop().catch(() => undefined);
      await outbox.stop();
      store.stop();
      history.stop();
      await evaluation.settled();
      await save();
      await history.save();
    },
    raise: alerting.raise,
    stateHealth: health,
    persist: save,
    judge: async (target, findings, o) => void (await alerting.judge(target, findings, o)),
    runtime,
  };
}
