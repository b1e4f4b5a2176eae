// The core: wires probes → detectors → incidents → actions → delivery for every target, and routes chat commands.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { Config, TargetConfig } from './config/schema.js';
import type { Alert, Channel, ChannelContext, Finding, InboundMessage, Operator, Respond } from './types.js';
import type { Evidence } from './evidence.js';
import { createAuditLog, type AuditLog } from './state/audit.js';
import { readJson, writeJsonAtomic } from './state/atomic.js';
import { openOutbox, type Outbox } from './delivery/outbox.js';
import { escalateAlert, incidentAlert, restartAlert } from './delivery/alerts.js';
import { step, ack as ackIncidents, openIncidents, type Incident, type IncidentState } from './incidents/machine.js';
import { recordPlatforms, type Timeline } from './incidents/timeline.js';
import { decideAutoRestart, restartGate, type RestartRecord } from './actions/restart-policy.js';
import { runRestart } from './actions/restart.js';
import { restartViaSupervisor } from './actions/supervisor.js';
import { createTargetWatch, type TargetWatch } from './watch/target.js';
import { runDetectors } from './detectors/index.js';
import { probeProcess } from './probes/process.js';
import { readGatewayState } from './probes/state-file.js';
import type { LogPosition } from './probes/log-tail.js';
import { dispatch } from '../commands/index.js';

export interface PersistedState {
  incidents: IncidentState;
  restarts: RestartRecord[];
  escalated: Record<string, boolean>;
  lastSkip: Record<string, string>;
  positions: Record<string, LogPosition>;
  timelines: Record<string, Timeline>;
  mute?: { until: number; by: string };
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
  evaluate(target: string, opts?: { doctor?: boolean; act?: boolean }): Promise<EvalResult>;
  lastResult(target: string): EvalResult | undefined;
  restart(target: string, actor: string, respond?: Respond): Promise<RestartRecord | { skipped: string }>;
  restartInProgress(target: string): boolean;
  ack(by: string, target?: string): Promise<Incident[]>;
  mute(untilMs: number, by: string): Promise<void>;
  unmute(by: string): Promise<void>;
  muted(): boolean;
  handle(msg: InboundMessage, respond: Respond): Promise<void>;
  operatorFor(msg: InboundMessage): Operator | undefined;
  addChannel(ch: Channel): Promise<void>;
  context(ch: Channel): ChannelContext;
  /** Start the daemon: channels, schedule, live watch. */
  start(): Promise<void>;
  stop(): Promise<void>;
  raise(alert: Alert): Promise<void>;
}

export interface AppOptions {
  log: Logger;
  now?: () => number;
  /** Called when a channel cannot recover by itself; the CLI exits non-zero. */
  onFatal?: (reason: string) => void;
  /** One-shot CLI use: evaluations never open incidents or restart on their own. */
  readOnly?: boolean;
  /** Extra verification/poll timings for tests. */
  restartPollMs?: number;
}

const LOCAL_ADMIN: Operator = { name: 'local', role: 'admin' };

export async function createApp(config: Config, opts: AppOptions): Promise<App> {
  const now = opts.now ?? Date.now;
  const log = opts.log;
  const stateFile = path.join(config.state_dir, 'state.json');
  const loaded = await readJson<Partial<PersistedState>>(stateFile, {});
  const state: PersistedState = {
    incidents: loaded.incidents ?? {},
    restarts: loaded.restarts ?? [],
    escalated: loaded.escalated ?? {},
    lastSkip: loaded.lastSkip ?? {},
    positions: loaded.positions ?? {},
    timelines: loaded.timelines ?? {},
    mute: loaded.mute,
  };
  const audit = createAuditLog(config.state_dir, now);
  const outbox = await openOutbox({ stateDir: config.state_dir, log });
  const channels: Channel[] = [];
  const results = new Map<string, EvalResult>();
  const evaluating = new Map<string, Promise<EvalResult>>();
  const restarting = new Set<string>();
  const timers: { stop(): void }[] = [];
  const save = () => writeJsonAtomic(stateFile, state);
  let saveTimer: NodeJS.Timeout | undefined;
  const saveSoon = () => {
    saveTimer ??= setTimeout(() => {
      saveTimer = undefined;
      void save();
    }, 1_000);
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

  const raise = async (alert: Alert) => {
    await outbox.enqueue(alert);
  };

  const isMuted = () => !!state.mute && state.mute.until > now();

  async function evaluateOnce(name: string, o: { doctor?: boolean; act?: boolean }): Promise<EvalResult> {
    const watch = watches.get(name);
    if (!watch) throw new Error(`unknown target ${name}`);
    const evidence = await watch.gather({ doctor: o.doctor });
    const findings = runDetectors(evidence, settings);
    const result = { target: name, evidence, findings };
    results.set(name, result);
    if (o.act === false || (o.act === undefined && opts.readOnly)) return result;
    // Mid-restart the gateway is down on purpose: judge it once the restart is verified (or has failed).
    if (restarting.has(name)) return result;

    const platformsUp: Record<string, boolean> = {};
    for (const p of new Set([...evidence.expectedPlatforms, ...Object.keys(evidence.state?.platforms ?? {})])) {
      platformsUp[p] = evidence.process.alive && evidence.state?.platforms[p]?.state === 'connected' && !findings.some((f) => f.platform === p || (!f.platform && f.severity === 'critical'));
    }
    state.timelines[name] = recordPlatforms(state.timelines[name] ?? {}, platformsUp, now());

    const { state: next, events } = step(state.incidents, name, findings, now(), { remindEveryMs: config.alerts.remind_every, flap: { transitions: config.alerts.flap.transitions, withinMs: config.alerts.flap.within } }, isMuted());
    state.incidents = next;
    for (const ev of events) {
      const type = ev.kind === 'resolve' ? 'alert.resolve' : ev.kind === 'remind' ? 'alert.remind' : 'alert.open';
      await audit.write({ type, target: name, check: ev.incident.check, severity: ev.kind === 'resolve' ? 'ok' : ev.incident.finding.severity, actor: 'gatewatch', detail: { kind: ev.kind, incident: ev.incident.id, title: ev.incident.finding.title, downtime_ms: ev.downtimeMs } });
      await raise(incidentAlert(ev, config.locale, now(), config.alerts.flap.within));
    }
    // Recovery ends an escalation: automatic restarts may run again next time.
    if (!findings.some((f) => f.restart === 'helps')) delete state.escalated[name];
    if (findings.length === 0) delete state.lastSkip[name];
    await save();
    await autoRemediate(name, evidence, findings);
    return result;
  }

  async function autoRemediate(name: string, evidence: Evidence, findings: Finding[]) {
    const d = decideAutoRestart(
      {
        target: name,
        findings,
        service: evidence.service,
        gatewayState: evidence.process.alive ? evidence.state?.gateway_state : undefined,
        history: state.restarts,
        inProgress: restarting.has(name),
        escalated: !!state.escalated[name],
        now: now(),
      },
      { autoRestart: config.remediate.auto_restart, maxRestarts: config.remediate.max_restarts, windowMs: config.remediate.window, cooldownMs: config.remediate.cooldown },
    );
    if (d.action === 'none') return;
    if (d.action === 'skip') {
      if (state.lastSkip[name] === d.code || d.code === 'busy') return;
      state.lastSkip[name] = d.code;
      await audit.write({ type: 'restart.skip', target: name, check: findings[0]?.check, actor: 'gatewatch', detail: { code: d.code, reason: d.reason } });
      await save();
      return;
    }
    if (d.action === 'escalate') {
      state.escalated[name] = true;
      await audit.write({ type: 'restart.skip', target: name, check: findings[0]?.check, severity: 'critical', actor: 'gatewatch', detail: { code: 'budget', reason: d.reason } });
      await raise(escalateAlert(name, d.reason, config.locale, now()));
      await save();
      return;
    }
    void doRestart(name, 'gatewatch', d.reason);
  }

  async function doRestart(name: string, actor: string, reason: string, respond?: Respond): Promise<RestartRecord> {
    const target = config.targets.find((t) => t.name === name)!;
    restarting.add(name);
    try {
      const watch = watches.get(name)!;
      const svc = await watch.service();
      const before = await probeProcess(target);
      const expected = target.platforms ?? results.get(name)?.evidence.expectedPlatforms ?? [];
      await audit.write({ type: 'restart.begin', target: name, actor, detail: { reason, manager: svc.manager, old_pid: before.pid ?? null } });
      if (respond) await respond(restartAlert({ target: name, at: now(), actor, reason }, 'begin', config.locale, now()).reply);
      const rec = await runRestart({
        target: name,
        actor,
        reason,
        oldPid: before.alive ? before.pid : undefined,
        expectedPlatforms: expected,
        verifyTimeoutMs: config.remediate.verify_timeout,
        supervisorRestart: () => restartViaSupervisor(target, svc),
        probe: async () => {
          const [p, st] = await Promise.all([probeProcess(target), readGatewayState(target.state_file)]);
          return { alive: p.alive, pid: p.pid, state: st.state };
        },
        pollMs: opts.restartPollMs,
        now,
      });
      state.restarts = [...state.restarts, rec].slice(-200);
      await save();
      await audit.write({ type: rec.ok ? 'restart.ok' : 'restart.fail', target: name, actor, detail: { reason, duration_ms: rec.durationMs, detail: rec.detail } });
      await raise(restartAlert(rec, rec.ok ? 'ok' : 'fail', config.locale, now()));
      return rec;
    } finally {
      restarting.delete(name);
      // See the result right away: a verified restart resolves its incidents with a recovery notice.
      void app.evaluate(name).catch((err) => log.error({ err }, 'evaluation after restart failed'));
    }
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
      const p = evaluateOnce(name, o).finally(() => evaluating.delete(name));
      if (!o.doctor) evaluating.set(name, p);
      return p;
    },
    lastResult: (name) => results.get(name),
    async restart(name, actor, respond) {
      const watch = watches.get(name);
      if (!watch) return { skipped: `unknown target ${name}` };
      const ev = results.get(name)?.evidence ?? (await app.evaluate(name, { act: false })).evidence;
      const gate = restartGate(
        { target: name, service: await watch.service(), gatewayState: ev.process.alive ? ev.state?.gateway_state : undefined, history: state.restarts, inProgress: restarting.has(name), now: now() },
        0, // an operator may override the cooldown
      );
      if (gate) {
        await audit.write({ type: 'restart.skip', target: name, actor, detail: { code: gate.code, reason: gate.reason } });
        return { skipped: gate.reason };
      }
      delete state.escalated[name];
      delete state.lastSkip[name];
      return doRestart(name, actor, 'operator request', respond);
    },
    restartInProgress: (name) => restarting.has(name),
    async ack(by, target) {
      const list = ackIncidents(state.incidents, by, now(), target);
      await save();
      return list;
    },
    async mute(until, by) {
      state.mute = { until, by };
      await save();
    },
    async unmute() {
      delete state.mute;
      await save();
    },
    muted: isMuted,
    operatorFor(msg) {
      if (msg.channel === 'console' || msg.channel === 'cli') return LOCAL_ADMIN;
      const key = msg.channel === 'qq' ? 'qq_openid' : 'feishu_open_id';
      return config.operators.find((o) => o[key] && o[key] === msg.senderId);
    },
    async handle(msg, respond) {
      await dispatch(app, msg, respond);
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
          await audit.write({ type: 'alert.open', target: 'gatewatch', check: `channel.${ch.name}`, severity: reply.tone ?? 'warning', actor: 'gatewatch', detail: { title: reply.title } });
          await raise({ id: randomUUID(), kind: 'notice', target: 'gatewatch', check: `channel.${ch.name}`, severity: reply.tone ?? 'warning', createdAt: now(), reply });
        },
        fatal: (reason) => {
          log.fatal({ channel: ch.name, reason }, 'channel cannot recover');
          (opts.onFatal ?? ((r: string) => { throw new Error(r); }))(`${ch.name}: ${reason}`);
        },
      };
    },
    async start() {
      // node-cron prints to stdout by default; stdout belongs to the console channel.
      cron.setLogger({
        info: (m) => log.debug({ cron: m }),
        debug: (m) => log.debug({ cron: m }),
        warn: (m) => log.warn({ cron: m }),
        error: (m, err) => log.error({ cron: m, err }),
      });
      outbox.start();
      const kick = (name: string, why: string) => {
        log.debug({ target: name, why }, 'evaluate');
        void app.evaluate(name).catch((err) => log.error({ err, target: name }, 'evaluation failed'));
      };
      for (const [name, watch] of watches) {
        let debounce: NodeJS.Timeout | undefined;
        await watch.start((why) => {
          // Bursts of log lines become one evaluation.
          clearTimeout(debounce);
          debounce = setTimeout(() => kick(name, why), why === 'log' ? 500 : 0);
        });
        kick(name, 'start');
      }
      const task = cron.schedule(config.schedule, () => {
        for (const name of watches.keys()) kick(name, 'schedule');
      });
      timers.push({ stop: () => void task.stop() });
    },
    async stop() {
      for (const t of timers) t.stop();
      for (const w of watches.values()) await w.stop();
      for (const c of channels) await c.stop().catch(() => undefined);
      await outbox.stop();
      clearTimeout(saveTimer);
      await Promise.allSettled([...evaluating.values()]);
      await save();
    },
    raise,
  };
  return app;
}
