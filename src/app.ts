// The core: wires probes → detectors → incidents → actions → delivery for every target, and routes chat commands.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { Config, TargetConfig } from './config/schema.js';
import type { Alert, Channel, ChannelContext, DeliveryOutcome, Finding, InboundMessage, Operator, Reply, Respond } from './types.js';
import type { Evidence } from './evidence.js';
import { createAuditLog, type AuditLog } from './state/audit.js';
import { removeStaleTemps, writeJsonAtomic } from './state/atomic.js';
import { checkStateFile, loadChecked } from './state/schemas.js';
import { createStateDirHealth, type StateDirHealth } from './state/health.js';
import { stateDirAlert } from './state/alerts.js';
import { openOutbox, type Outbox } from './delivery/outbox.js';
import { createDeliveryAudit } from './state/delivery-audit.js';
import { incidentAlert, muteEndAlert } from './delivery/alerts.js';
import { deliveryPolicy, worst } from './delivery/routes.js';
import { escalationAlert, planEscalations, type EscalationRecord } from './delivery/escalate.js';
import { step, ack as ackIncidents, migrateIncident, openIncidents, type Incident, type IncidentEvent, type IncidentState } from './incidents/machine.js';
import { recordPlatforms, type Timeline } from './incidents/timeline.js';
import type { RestartRecord } from './actions/restart-policy.js';
import { createRemediator, type RemediationState } from './actions/remediate.js';
import { createTargetWatch, type TargetWatch } from './watch/target.js';
import { leadingThrottle } from './watch/throttle.js';
import { runDetectors } from './detectors/index.js';
import { withoutServedDuplicates } from './watch/served-dedupe.js';
import type { LogPosition } from './probes/log-tail.js';
import { safeReply } from './util/text-out.js';
import { nodeCron } from './util/cron.js';
import { registry } from './channels/plugins.js';

export interface PersistedState extends RemediationState {
  incidents: IncidentState;
  positions: Record<string, LogPosition>;
  timelines: Record<string, Timeline>;
  mute?: MuteState;
  /** alerts.escalate: per open critical incident, when its clock started and when it was escalated. */
  escalations: Record<string, EscalationRecord>;
}

export interface MuteState {
  until: number;
  by: string;
  /** Alerts held back while muted (nothing goes out while muted). */
  held?: number;
  /** Incidents that recovered while muted, for the summary at the end. */
  recovered?: string[];
}

export interface EvalResult {
  target: string;
  evidence: Evidence;
  findings: Finding[];
}

export interface App {
  config: Config;
  log: Logger;
  audit: AuditLog;
  outbox: Outbox;
  state: PersistedState;
  watches: Map<string, TargetWatch>;
  channels: Channel[];
  now(): number;
  target(name?: string): TargetConfig | undefined;
  /** `quick`: for a log burst (see TargetWatch.gather). */
  evaluate(target: string, opts?: { doctor?: boolean; act?: boolean; quick?: boolean }): Promise<EvalResult>;
  lastResult(target: string): EvalResult | undefined;
  /** When (app clock) the evaluation of `target` now running began; undefined when none runs. */
  evaluatingSince(target: string): number | undefined;
  restart(target: string, actor: string, respond?: Respond): Promise<RestartRecord | { skipped: string }>;
  restartInProgress(target: string): boolean;
  /** Restarts that count for a target's budget: a served profile shares its root's (and its siblings'). */
  restartHistory(target: string): RestartRecord[];
  ack(by: string, target?: string): Promise<Incident[]>;
  mute(untilMs: number, by: string): Promise<void>;
  /** End a mute: one summary of what is still open goes out (and is returned); undefined when nothing was muted. */
  unmute(by: string): Promise<Reply | undefined>;
  muted(): boolean;
  handle(msg: InboundMessage, respond: Respond): Promise<void>;
  operatorFor(msg: InboundMessage): Operator | undefined;
  addChannel(ch: Channel): Promise<void>;
  context(ch: Channel): ChannelContext;
  /** Start the daemon: channels, schedule, live watch. */
  start(): Promise<void>;
  stop(): Promise<void>;
  raise(alert: Alert): Promise<void>;
  /** Whether the state_dir can be written, for /status and /doctor. */
  stateHealth: StateDirHealth;
  /** Write the persisted state now. */
  persist(): Promise<void>;
  /** Findings of a target judged elsewhere (Alertmanager's pseudo-targets) through the same incidents and alerts. */
  judge(target: string, findings: Finding[], o?: JudgeOptions): Promise<void>;
  /** What the health check reads: when the scheduler last ran. */
  runtime: AppRuntime;
}

export interface AppRuntime {
  /** Last scheduled tick (app clock); set at start() too, since the first tick is due within one period. */
  scheduledAt?: number;
  /** Longest gap between the schedule's next runs. */
  schedulePeriodMs?: number;
}

export interface JudgeOptions {
  /** Audit actor of the alert records; default `gatewatch`. */
  actor?: string;
  /** Last touch to each alert before it is raised (e.g. buttons that make sense for a remote target). */
  adjust?: (alert: Alert, ev: IncidentEvent) => Alert;
}

export type CheckResult = 'ok' | Finding['severity'] | 'error';

export interface AppOptions {
  log: Logger;
  now?: () => number;
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
}

/** Each platform of a target: up when the process lives, the state file says connected and no finding says otherwise. */
export function platformsUp(evidence: Evidence, findings: Finding[]): Record<string, boolean> {
  const up: Record<string, boolean> = {};
  for (const p of new Set([...evidence.expectedPlatforms, ...Object.keys(evidence.state?.platforms ?? {})])) {
    // Parked by Hermes on purpose (`disabled`): neither up nor down, so no timeline and no platform_up series.
    if (evidence.state?.platforms[p]?.state === 'disabled' && !evidence.expectedPlatforms.includes(p)) continue;
    up[p] = evidence.process.alive && evidence.state?.platforms[p]?.state === 'connected' && !findings.some((f) => f.platform === p || (!f.platform && f.severity === 'critical'));
  }
  return up;
}

const LOCAL_ADMIN: Operator = { name: 'local', role: 'admin' };
/** The CLI (run here or answered by the daemon over its control socket): audited as actor `cli`. */
const CLI_ADMIN: Operator = { name: 'cli', role: 'admin' };

export async function createApp(config: Config, opts: AppOptions): Promise<App> {
  const now = opts.now ?? Date.now;
  const log = opts.log;
  let stopped = false;
  const stateFile = path.join(config.state_dir, 'state.json');
  if (!opts.readOnly) {
    const removed = await removeStaleTemps(config.state_dir);
    if (removed.length) log.info({ files: removed }, 'removed temp files left by a killed gatewatch');
  }
  // Checked record by record on load (what does not fit is set aside); older records lack fields the machine keeps.
  const loaded = await loadChecked(stateFile, checkStateFile, log);
  const state: PersistedState = { ...loaded, incidents: Object.fromEntries(Object.entries(loaded.incidents).map(([k, v]) => [k, migrateIncident(v)])) };
  // A state_dir that refuses writes is itself an alert (queued in memory, so it still goes out), and so is its return.
  let diskEpisode = 'gatewatch:state_dir';
  const health = createStateDirHealth({
    log,
    onChange: (problem) => {
      if (stopped) return;
      if (problem) diskEpisode = `gatewatch:state_dir@${now().toString(36)}`;
      void raise(stateDirAlert(problem, diskEpisode, config.state_dir, config.locale, now()));
      void audit.write({ type: problem ? 'alert.open' : 'alert.resolve', target: 'gatewatch', check: 'state_dir', severity: problem ? 'critical' : 'ok', actor: 'gatewatch', detail: { title: problem ?? 'writable again' } });
    },
  });
  const audit = createAuditLog(config.state_dir, now, { log, health });
  const policy = deliveryPolicy(config);
  if (policy.implicitFeishuFallback) log.info({ standby: policy.implicitFeishuFallback }, 'no alerts.routes/fallback: the feishu_webhook notifier(s) stand by as the Feishu app bot\'s fallback');
  const recordDelivery = createDeliveryAudit((r) => audit.write(r));
  const outbox: Outbox = await openOutbox({
    stateDir: config.state_dir,
    log,
    health,
    policy,
    locale: config.locale,
    sendTimeoutMs: config.alerts.send_timeout,
    // Alerts raised before every channel is added (a channel's own start, the state_dir check) wait for them all.
    startingUp: true,
    onDelivery: (channel, status, attempt) => {
      opts.onDelivery?.(channel, status);
      // Called while the entry is still in the outbox.
      const alert = attempt && outbox.entries().find((e) => e.alert.id === attempt.alertId)?.alert;
      if (alert) void recordDelivery({ alert, channel, status, reason: attempt.reason });
    },
  });
  const channels: Channel[] = [];
  const results = new Map<string, EvalResult>();
  const evaluating = new Map<string, Promise<EvalResult>>();
  const evaluatingAt = new Map<string, number>();
  const timers: { stop(): void }[] = [];
  const runtime: AppRuntime = {};
  let saveTimer: NodeJS.Timeout | undefined;
  const saveSoon = (delayMs = 1_000) => {
    saveTimer ??= setTimeout(() => {
      saveTimer = undefined;
      void save();
    }, delayMs);
  };
  // Never throws: the state stays in memory, the failure goes to the state_dir health, and the write is retried.
  const save = async () => {
    try {
      await raising;
      await writeJsonAtomic(stateFile, state);
      health.report(stateFile);
    } catch (err) {
      health.report(stateFile, err);
      if (!stopped) saveSoon(5_000);
    }
  };

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
          saveSoon();
        },
        now,
      }),
    );
  }

  const settings = {
    disconnectGraceMs: config.detect.disconnect_grace,
    storm: { disconnects: config.detect.storm.disconnects, withinMs: config.detect.storm.within },
    zombieAfterMs: config.detect.zombie_after,
    locale: config.locale,
  };

  const isMuted = () => !!state.mute && state.mute.until > now();

  // The one place alerts leave: while muted nothing goes out, whatever raised it (incident, restart, escalation,
  // a channel's own trouble); the end of the mute sends one summary instead.
  // state.json may say an incident was alerted only once outbox.json holds the alert: a kill -9 between the two
  // writes must cost a duplicate at worst, never the alert. save() waits for the enqueues under way.
  let raising: Promise<unknown> = Promise.resolve();
  const raise = (alert: Alert): Promise<void> => {
    if (isMuted()) {
      state.mute!.held = (state.mute!.held ?? 0) + 1;
      saveSoon();
      return Promise.resolve();
    }
    const queued = outbox.enqueue(routed(alert));
    raising = Promise.allSettled([raising, queued]).then(() => undefined);
    return queued;
  };

  // A restart result follows the severity of what its target has open (alerts.routes).
  const routed = (alert: Alert): Alert => {
    if (alert.routeSeverity || alert.kind !== 'restart') return alert;
    const sev = worst(openIncidents(state.incidents, alert.target).map((i) => i.finding.severity));
    return sev ? { ...alert, routeSeverity: sev } : alert;
  };

  // alerts.escalate: checked after every judgement and on a timer of its own (the schedule may be hourly).
  // While muted nothing is escalated: what is still due goes out once the mute ends.
  let escalating = false;
  async function escalateDue(): Promise<void> {
    const esc = policy.escalate;
    if (!esc || escalating || isMuted()) return;
    escalating = true;
    try {
      const { start, due, stale } = planEscalations(state.incidents, state.escalations, esc.afterMs, now());
      for (const id of stale) delete state.escalations[id];
      for (const id of start) state.escalations[id] = { since: now() };
      for (const inc of due) state.escalations[inc.id]!.sentAt = now();
      if (!start.length && !due.length && !stale.length) return;
      await Promise.all(
        due.map((inc) => {
          log.warn({ target: inc.target, check: inc.check, incident: inc.id, channels: esc.channels }, 'escalating: critical incident not acknowledged');
          return Promise.all([raise(escalationAlert(inc, esc.afterMs, esc.channels, config.locale, now())), audit.write({ type: 'alert.open', target: inc.target, check: inc.check, severity: 'critical', actor: 'gatewatch', detail: { kind: 'escalate', incident: inc.id, title: inc.finding.title, channels: esc.channels } })]);
        }),
      );
      await save();
    } finally {
      escalating = false;
    }
  }

  /** An escalation not yet delivered is withdrawn once its incident is acknowledged or resolved. */
  const withdrawEscalations = (incidentIds: string[]) => {
    const ids = new Set(incidentIds);
    return ids.size ? outbox.cancel((a) => a.kind === 'escalate' && a.to !== undefined && a.incidentId !== undefined && ids.has(a.incidentId)) : Promise.resolve(0);
  };

  /** The inbound command being handled, so a reply is not echoed back as a notification to the same console. */
  const origin = new AsyncLocalStorage<InboundMessage>();
  const repliedTo = (): string[] | undefined => {
    const m = origin.getStore();
    // The console is one person's terminal: the command's reply reached them. Chat channels have other operators.
    return m?.channel === 'console' && channels.some((c) => c.name === 'console') ? ['console'] : undefined;
  };

  async function endMute(except?: string[]): Promise<Reply | undefined> {
    const m = state.mute;
    if (!m) return undefined;
    delete state.mute;
    const open = openIncidents(state.incidents);
    // Everything open is in the summary: no separate re-announcement, and reminders count from now.
    for (const inc of open) {
      inc.notified = true;
      inc.lastAlertAt = now();
    }
    const alert = muteEndAlert(open, m, config.locale, now());
    await save();
    await raise(except ? { ...alert, except } : alert);
    return alert.reply;
  }

  const remediator = createRemediator({
    config,
    log,
    audit,
    now,
    state,
    save,
    raise,
    watches,
    seenPlatforms: (name) => results.get(name)?.evidence.expectedPlatforms ?? [],
    // Fresh: an evaluation that began during the restart judged nothing, and joining it would leave the recovery
    // to the next scheduled check.
    afterRestart: (name) => kick(name, 'restart', true),
    pollMs: opts.restartPollMs,
    onRestart: opts.onRestart,
  });

  const followUps = new Set<string>();
  /** Evaluate a target; `fresh` when the world just changed (process died or came up, a restart ended). */
  const kick = (name: string, why: string, fresh = false): void => {
    if (stopped) return;
    const running = evaluating.get(name);
    if (fresh && running) {
      // The world just changed: the evaluation under way may have looked before, and joining it would
      // leave the news to the next poll. One more evaluation after it, however many events come meanwhile.
      if (followUps.has(name)) return;
      followUps.add(name);
      void running.catch(() => undefined).then(() => {
        followUps.delete(name);
        kick(name, why);
      });
      return;
    }
    log.debug({ target: name, why }, 'evaluate');
    void app.evaluate(name, { quick: why === 'log' }).catch((err) => log.error({ err, target: name }, 'evaluation failed'));
  };

  /** One target's findings through the incident machine; its events audited and raised. The caller saves. */
  async function judge(name: string, findings: Finding[], o: JudgeOptions = {}): Promise<void> {
    if (state.mute && !isMuted()) await endMute();
    const { state: next, events } = step(state.incidents, name, findings, now(), { remindEveryMs: config.alerts.remind_every, flap: { transitions: config.alerts.flap.transitions, withinMs: config.alerts.flap.within } }, isMuted());
    state.incidents = next;
    // Every alert is queued in this same tick as the new incident state (see raise), and its audit record is taken
    // in memory right after; the record is best-effort on disk and never stands in the alert's way.
    const alerts = events.map((ev) => {
      const alert = incidentAlert(ev, config.locale, now(), config.alerts.flap.within, {
        local: config.targets.some((t) => t.name === ev.incident.target),
        autoRestart: config.remediate.auto_restart,
      });
      return o.adjust ? o.adjust(alert, ev) : alert;
    });
    const queued = alerts.map((a) => raise(a));
    const audited: Promise<void>[] = [];
    for (const [i, ev] of events.entries()) {
      const up = ev.kind === 'resolve' || ev.kind === 'settle';
      const type = up ? 'alert.resolve' : ev.kind === 'remind' ? 'alert.remind' : 'alert.open';
      const inc = ev.incident;
      audited.push(audit.write({
        type,
        target: name,
        check: inc.check,
        severity: up ? 'ok' : inc.finding.severity,
        actor: o.actor ?? 'gatewatch',
        detail: {
          kind: ev.kind,
          incident: inc.id,
          // /history shows this alert's deliveries (the `delivery` records) under it.
          alert: alerts[i]!.id,
          title: inc.finding.title,
          downtime_ms: ev.downtimeMs,
          ...(inc.finding.cause ? { cause: inc.finding.cause } : {}),
          ...(inc.flapping ? { flapping: true, downs: inc.downs.length } : {}),
          ...(ev.muted ? { muted: true } : {}),
        },
      }));
      if (ev.muted && ev.kind === 'resolve' && state.mute) state.mute.recovered = [...new Set([...(state.mute.recovered ?? []), `${name}: ${inc.finding.title}`])].slice(-10);
    }
    await Promise.all([...queued, ...audited]);
    await withdrawEscalations(events.filter((ev) => ev.kind === 'resolve').map((ev) => ev.incident.id));
    await escalateDue();
  }


  async function evaluateOnce(name: string, o: { doctor?: boolean; act?: boolean; quick?: boolean }): Promise<EvalResult> {
    const watch = watches.get(name);
    if (!watch) throw new Error(`unknown target ${name}`);
    const t0 = performance.now();
    const evidence = await watch.gather({ doctor: o.doctor, quick: o.quick }).catch((err: unknown) => {
      opts.onCheck?.(name, 'error', performance.now() - t0);
      throw err;
    });
    // A multiplexing root's entries of a profile watched on its own are that profile's to report.
    const findings = withoutServedDuplicates(runDetectors(evidence, settings), evidence, watch.target.hermes_home, config.targets);
    const worst = (['critical', 'warning', 'info'] as const).find((s) => findings.some((f) => f.severity === s));
    opts.onCheck?.(name, worst ?? 'ok', performance.now() - t0);
    const result = { target: name, evidence, findings };
    results.set(name, result);
    if (o.act === false || (o.act === undefined && opts.readOnly)) return result;
    // Mid-restart the gateway is down on purpose: judge it once the restart is verified (or has failed).
    if (remediator.inProgress(name)) return result;
    state.timelines[name] = recordPlatforms(state.timelines[name] ?? {}, platformsUp(evidence, findings), now());
    await judge(name, findings);
    remediator.settle(name, findings);
    await save();
    await remediator.auto(name, evidence, findings);
    return result;
  }

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
    evaluate(name, o = {}) {
      // One evaluation per target at a time; callers during one share its result.
      const running = evaluating.get(name);
      if (running && !o.doctor) return running;
      const p: Promise<EvalResult> = evaluateOnce(name, o).finally(() => {
        // A doctor run is never the shared one: it must not unlist the evaluation that is.
        if (evaluating.get(name) !== p) return;
        evaluating.delete(name);
        evaluatingAt.delete(name);
      });
      if (!o.doctor) {
        evaluating.set(name, p);
        evaluatingAt.set(name, now());
      }
      return p;
    },
    lastResult: (name) => results.get(name),
    evaluatingSince: (name) => evaluatingAt.get(name),
    async restart(name, actor, respond) {
      if (!watches.has(name)) return { skipped: `unknown target ${name}` };
      const ev = results.get(name)?.evidence ?? (await app.evaluate(name, { act: false })).evidence;
      return remediator.manual(name, actor, ev, respond, repliedTo());
    },
    restartInProgress: (name) => remediator.inProgress(name),
    restartHistory: (name) => remediator.history(name),
    async ack(by, target) {
      const list = ackIncidents(state.incidents, by, now(), target);
      await save();
      await withdrawEscalations(list.map((i) => i.id));
      return list;
    },
    async mute(until, by) {
      // A new /mute during a mute keeps what the first one held, for the one summary at the end.
      state.mute = { ...state.mute, until, by };
      await save();
    },
    unmute: () => endMute(repliedTo()),
    muted: isMuted,
    operatorFor(msg) {
      if (msg.channel === 'cli') return CLI_ADMIN;
      if (msg.channel === 'console') return LOCAL_ADMIN;
      // The channel's plugin names the operator field holding its user ids; a channel without one takes no commands.
      const key = registry.chat(msg.channel)?.operatorKey;
      if (!key) return undefined;
      return config.operators.find((o) => {
        const id = (o as Record<string, unknown>)[key];
        return id !== undefined && id !== '' && String(id) === msg.senderId;
      });
    },
    async handle(msg, respond) {
      // Loaded with the first command: a one-shot `gatewatch check` never needs the chat commands.
      const { dispatch } = await import('../commands/index.js');
      await origin.run(msg, () => dispatch(app, msg, (r) => respond(safeReply(r))));
    },
    async addChannel(ch) {
      channels.push(ch);
      outbox.setChannels(channels);
      await ch.start(app.context(ch));
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
          const queued = raise({ id, kind: 'notice', target: 'gatewatch', check: `channel.${ch.name}`, severity: reply.tone ?? 'warning', createdAt: now(), reply });
          await Promise.all([queued, audit.write({ type: 'alert.open', target: 'gatewatch', check: `channel.${ch.name}`, severity: reply.tone ?? 'warning', actor: 'gatewatch', detail: { title: reply.title, alert: id } })]);
        },
        fatal: (reason) => {
          log.fatal({ channel: ch.name, reason }, 'channel cannot recover');
          (opts.onFatal ?? ((r: string) => { throw new Error(r); }))(`${ch.name}: ${reason}`);
        },
      };
    },
    async start() {
      const cron = nodeCron();
      // node-cron prints to stdout by default; stdout belongs to the console channel.
      cron.setLogger({
        info: (m) => log.debug({ cron: m }),
        debug: (m) => log.debug({ cron: m }),
        warn: (m) => log.warn({ cron: m }),
        error: (m, err) => log.error({ cron: m, err }),
      });
      // Every configured channel has been added by now: only now may entries of removed channels be dropped.
      outbox.retainChannels(channels.map((c) => c.name));
      outbox.start();
      for (const [name, watch] of watches) {
        // The first line of a burst is judged at once, the rest of the burst half a second later in one evaluation;
        // a gateway that logs without pause is still judged twice a second. A process change is judged at once.
        const onLog = leadingThrottle(() => kick(name, 'log'), opts.logBatchMs ?? 500);
        timers.push({ stop: () => onLog.cancel() });
        await watch.start((why) => {
          // Message traffic on a gateway judged healthy cannot raise anything: the schedule judges it, not each line.
          // Not while an incident is open (the result may be from a check that did not judge, e.g. mid-restart).
          if (why === 'traffic' && results.get(name)?.findings.length === 0 && openIncidents(state.incidents, name).length === 0) return;
          if (why === 'log' || why === 'traffic') return onLog.call();
          onLog.cancel();
          kick(name, why, true);
        });
        kick(name, 'start');
      }
      runtime.scheduledAt = now();
      const task = cron.schedule(config.schedule, () => {
        runtime.scheduledAt = now();
        for (const name of watches.keys()) kick(name, 'schedule');
      });
      if (policy.escalate) {
        const t = setInterval(() => void escalateDue().catch((err) => log.error({ err }, 'escalation check failed')), 15_000);
        t.unref();
        timers.push({ stop: () => clearInterval(t) });
      }
      const runs = task.getNextRuns(6).map((d) => d.getTime());
      runtime.schedulePeriodMs = Math.max(...runs.slice(1).map((t, i) => t - runs[i]!));
      timers.push({ stop: () => void task.stop() });
    },
    async stop() {
      stopped = true;
      for (const t of timers) t.stop();
      for (const w of watches.values()) await w.stop();
      for (const c of channels) await c.stop().catch(() => undefined);
      await outbox.stop();
      clearTimeout(saveTimer);
      await Promise.allSettled([...evaluating.values()]);
      await save();
    },
    raise,
    stateHealth: health,
    persist: save,
    judge,
    runtime,
  };
  return app;
}
