// The ports the commands get (commands/ports.ts), made from the core: reading is one port, acting another, so the
// command bus can hand a viewer's command nothing that acts.
import type { Logger } from 'pino';
import type { ActPort, LookPort } from '../commands/ports.js';
import type { BusPorts } from '../commands/index.js';
import type { App } from './app-types.js';
import { openIncidents } from './incidents/machine.js';
import { routesReport } from './delivery/routes-doctor.js';
import { sendNow } from './delivery/send-now.js';
import { strangerGate } from '../commands/strangers.js';

export function lookPort(app: App): LookPort {
  const { config, state } = app;
  return {
    settings: {
      disconnectGraceMs: config.detect.disconnect_grace,
      flapWithinMs: config.alerts.flap.within,
      restartBudget: { maxRestarts: config.remediate.max_restarts, windowMs: config.remediate.window },
      discovered: config.discovered,
    },
    targets: () => config.targets,
    now: app.now,
    look: (target, o) => app.look(target, o),
    lastLook: (target) => app.lastResult(target),
    lookingSince: (target) => app.evaluatingSince(target),
    openIncidents: (target) => openIncidents(state.incidents, target),
    timeline: (target) => state.timelines[target] ?? {},
    restartHistory: (target) => app.restartHistory(target),
    reachability: (target) => app.reachability(target),
    restartInProgress: (target) => app.restartInProgress(target),
    autoRestartPaused: (target) => !!state.escalated[target],
    mute: () => (app.muted() ? state.mute : undefined),
    targetMutes: () => Object.fromEntries(Object.entries(state.targetMutes ?? {}).filter(([, m]) => m.until > app.now())),
    channels: (locale) => app.channels.map((ch) => ch.health(locale)),
    channelTrouble: () => ({ down: app.channelTrouble.list(), unreachable: app.credentials.unreachable() }),
    routesReport: (platforms, locale) => routesReport(config, platforms, locale),
    readAudit: (limit) => app.audit.read(limit),
  };
}

export function actPort(app: App): ActPort {
  return {
    judge: (target) => app.evaluate(target, { act: true }),
    restart: (target, actor, respond) => app.restart(target, actor, respond),
    fix: (target, remedy, actor, respond) => app.fix(target, remedy, actor, respond),
    ack: (by, target) => app.ack(by, target),
    mute: (until, by, target) => app.mute(until, by, target),
    unmute: (by, dialect, target) => app.unmute(by, dialect, target),
    testChannels: () => app.channels.map((c) => c.name),
    async sendNow(name, alert) {
      const ch = app.channels.find((c) => c.name === name);
      return ch ? sendNow(ch, alert) : { status: 'failed', detail: `no channel named ${name}` };
    },
    audit: (r) => app.audit.write(r),
  };
}

export function busPorts(app: App, log: Logger): BusPorts {
  return {
    look: lookPort(app),
    act: actPort(app),
    operatorFor: (msg) => app.operatorFor(msg),
    audit: (r) => app.audit.write(r),
    strangers: strangerGate(),
    log,
    locale: app.config.locale,
  };
}
