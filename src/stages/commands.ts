// What operators do, by chat, the CLI or the console: the CommandCore the commands' ports are made of
// (src/operations.ts), built from the stages before, and the handling of a command (the bus, loaded with the first).
import type { Config } from '../config/schema.js';
import type { Channel, InboundMessage, Operator, Respond } from '../types.js';
import type { StateStore } from '../core/state.js';
import type { Alerting } from '../core/alerting.js';
import type { Evaluation } from '../core/evaluation.js';
import type { BusPorts, Sender } from '../../commands/index.js';
import type { CommandRequest } from '../../commands/types.js';
import { ack as ackIncidents } from '../incidents/machine.js';
import { registry } from '../channels/plugins.js';
import { safeReply } from '../util/text-out.js';
import { scopedStore } from '../util/scoped-store.js';
import { collectGarbage } from '../util/collect.js';
import type { CommandCore } from '../app-types.js';
import type { StageDeps } from './stage.js';
import type { Storage } from './storage.js';
import type { Alerts } from './alerts.js';
import type { Probes } from './probes.js';
import type { Remediation } from './remediation.js';

const LOCAL_ADMIN: Operator = { name: 'local', role: 'admin' };
/** The CLI (run here or answered by the daemon over its control socket): audited as actor `cli`. */
const CLI_ADMIN: Operator = { name: 'cli', role: 'admin' };

export interface CommandsDeps extends StageDeps<keyof Config> {
  channels: readonly Channel[];
  storage: Pick<Storage, 'audit' | 'history'> & { store: Pick<StateStore, 'state' | 'save'> };
  alerts: Pick<Alerts, 'trouble' | 'credentials'> & {
    alerting: Pick<Alerting, 'withdrawEscalations' | 'endMute' | 'isMuted'>;
  };
  probes: Pick<Probes, 'watches' | 'reaches'>;
  remediation: Pick<Remediation, 'remediator' | 'fixer'>;
  evaluation: Pick<Evaluation, 'look' | 'evaluate' | 'lastResult' | 'evaluatingSince'>;
}

export interface Commands {
  core: CommandCore;
  /** A chat message (or the console's line): a command, run with the sender's role. */
  handle(msg: InboundMessage, respond: Respond): Promise<void>;
  /** A command with its arguments already structured (the CLI). */
  handleRequest(from: Sender, req: CommandRequest, respond: Respond): Promise<void>;
}

export function buildCommands(d: CommandsDeps): Commands {
  /** The inbound command being handled, so a reply is not echoed back as a notification to the same console. */
  const origin = scopedStore<Pick<InboundMessage, 'channel'>>();
  const repliedTo = (): string[] | undefined => {
    const m = origin.get();
    // The console is one person's terminal: the command's reply reached them. Chat channels have other operators.
    return m?.channel === 'console' && d.channels.some((c) => c.name === 'console') ? ['console'] : undefined;
  };
  const core = commandCore(d, repliedTo);
  let bus: BusPorts | undefined;
  // Loaded with the first command: a one-shot `gatewatch check` never needs the chat commands.
  const commandBus = async () => {
    const [commands, { busPorts }] = await Promise.all([import('../../commands/index.js'), import('../operations.js')]);
    bus ??= busPorts(core, d.log);
    return { ...commands, ports: bus };
  };
  return {
    core,
    async handle(msg, respond) {
      const { dispatch, ports } = await commandBus();
      // A picture's memory is given back once it is sent (src/util/collect.ts).
      const send: Respond = async (r) => {
        await respond(safeReply(r));
        if (r.chart) collectGarbage();
      };
      await origin.run(msg, () => dispatch(ports, msg, send));
    },
    async handleRequest(from, req, respond) {
      const { dispatchRequest, ports } = await commandBus();
      await origin.run(from, () => dispatchRequest(ports, from, req, (r) => respond(safeReply(r))));
    },
  };
}

/** The core's parts, each by the few functions the commands use. */
function commandCore(d: CommandsDeps, repliedTo: () => string[] | undefined): CommandCore {
  const { config, clock, evaluation } = d;
  const { alerting } = d.alerts;
  const { audit, history, store } = d.storage;
  const { state, save } = store;
  const { watches, reaches } = d.probes;
  const { remediator, fixer } = d.remediation;
  return {
    config,
    state,
    audit,
    channels: d.channels,
    history,
    now: clock.now,
    clock,
    look: evaluation.look,
    evaluate: evaluation.evaluate,
    lastResult: evaluation.lastResult,
    evaluatingSince: evaluation.evaluatingSince,
    async restart(name, actor, respond, o) {
      if (!watches.has(name)) return { skipped: `unknown target ${name}` };
      const ev = evaluation.lastResult(name)?.evidence ?? (await evaluation.evaluate(name, { act: false })).evidence;
      return remediator.manual(name, actor, ev, respond, repliedTo(), o);
    },
    restartInProgress: (name) => remediator.inProgress(name),
    restartUnderWay: (name) => remediator.underWay(name),
    async fix(name, remedy, actor, respond) {
      if (!watches.has(name)) return { ok: false, code: 'restart', detail: `unknown target ${name}` };
      // Fresh evidence: the gateway pid a stop must spare is the one running now.
      const ev = (await evaluation.look(name)).evidence;
      return fixer.run(name, remedy, actor, ev, respond);
    },
    restartHistory: (name, all) => remediator.history(name, all),
    reachability: (name) => reaches.get(name)?.recent() ?? [],
    async ack(by, target) {
      const list = ackIncidents(state.incidents, by, clock.now(), target);
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
    operatorFor: (msg) => operatorFor(config, msg),
    channelTrouble: d.alerts.trouble,
    credentials: d.alerts.credentials,
  };
}

/** Who sent a message: the CLI and the console are local admins; a chat user is the operator its channel's id names. */
function operatorFor(config: Pick<Config, 'operators'>, msg: InboundMessage): Operator | undefined {
  if (msg.channel === 'cli') return CLI_ADMIN;
  if (msg.channel === 'console') return LOCAL_ADMIN;
  // The channel's plugin names the operator field holding its user ids; a channel without one takes no commands.
  const key = registry.chat(msg.channel)?.operatorKey;
  if (!key) return undefined;
  return config.operators.find((o) => {
    const id = o[key];
    return id !== undefined && id !== '' && String(id) === msg.senderId;
  });
}
