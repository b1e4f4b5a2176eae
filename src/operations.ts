// The ports the commands get (commands/ports.ts), made from the core's parts (CommandCore, which the composition root
// builds from them; an App offers the same): reading is one port, acting another, so the command bus can hand a
// viewer's command nothing that acts.
import type { Logger } from 'pino';
import type { ActPort, LookPort } from '../commands/ports.js';
import type { BusPorts } from '../commands/index.js';
import type { CommandCore } from './app-types.js';
import { openIncidents } from './incidents/machine.js';
import { routesReport } from './delivery/routes-doctor.js';
import { sendNow } from './delivery/send-now.js';
import { strangerGate } from '../commands/strangers.js';
import { registry } from './channels/plugins.js';

export function lookPort(core: CommandCore): LookPort {
  const { config, state } = core;
  return {
    settings: {
      disconnectGraceMs: config.detect.disconnect_grace,
      flapWithinMs: config.alerts.flap.within,
      restartBudget: { maxRestarts: config.remediate.max_restarts, windowMs: config.remediate.window },
      discovered: config.discovered,
      ...(config.http.listen && !config.http.token ? { httpOpen: config.http.listen } : {}),
      ...(config.source ? { configFile: config.source } : {}),
      operatorKeys: Object.fromEntries(
        registry.chats().flatMap((p) => (p.operatorKey ? [[p.type, p.operatorKey]] : [])),
      ),
    },
    targets: () => config.targets,
    now: core.now,
    timer: (fn, ms) => core.clock.timer(fn, ms),
    look: (target, o) => core.look(target, o),
    lastLook: (target) => core.lastResult(target),
    lookingSince: (target) => core.evaluatingSince(target),
    openIncidents: (target) => openIncidents(state.incidents, target),
    history: (target) => core.history.view(target),
    restartHistory: (target, all) => core.restartHistory(target, all),
    reachability: (target) => core.reachability(target),
    restartInProgress: (target) => core.restartInProgress(target),
    restartUnderWay: (target) => core.restartUnderWay(target),
    autoRestartPaused: (target) => !!state.escalated[target],
    mute: () => (core.muted() ? state.mute : undefined),
    targetMutes: () =>
      Object.fromEntries(Object.entries(state.targetMutes ?? {}).filter(([, m]) => m.until > core.now())),
    channels: (locale) => core.channels.map((ch) => ch.health(locale)),
    channelTrouble: () => ({ down: core.channelTrouble.list(), unreachable: core.credentials.unreachable() }),
    routesReport: (platforms, locale) => routesReport(config, platforms, locale),
    readAudit: (limit) => core.audit.read(limit),
  };
}

export function actPort(core: CommandCore): ActPort {
  return {
    judge: (target) => core.evaluate(target, { act: true }),
    restart: (target, actor, respond, o) => core.restart(target, actor, respond, o),
    fix: (target, remedy, actor, respond) => core.fix(target, remedy, actor, respond),
    ack: (by, target) => core.ack(by, target),
    mute: (until, by, target) => core.mute(until, by, target),
    unmute: (by, dialect, target) => core.unmute(by, dialect, target),
    testChannels: () => core.channels.map((c) => c.name),
    async sendNow(name, alert) {
      const ch = core.channels.find((c) => c.name === name);
      return ch ? sendNow(ch, alert, core.clock) : { status: 'failed', detail: `no channel named ${name}` };
    },
    audit: (r) => core.audit.write(r),
  };
}

export function busPorts(core: CommandCore, log: Logger): BusPorts {
  return {
    look: lookPort(core),
    act: actPort(core),
    operatorFor: (msg) => core.operatorFor(msg),
    audit: (r) => core.audit.write(r),
    strangers: strangerGate(),
    log,
    locale: core.config.locale,
  };
}
