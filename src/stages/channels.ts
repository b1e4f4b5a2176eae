// The last stage: the channels alerts leave on and commands arrive from. Each channel is added by the caller (the
// daemon, or a one-shot `gatewatch test`), started with its context: its view of the outbox, the command handling,
// the audit log and how it says its own trouble.
import { randomUUID } from 'node:crypto';
import type { Channel, ChannelContext, InboundMessage, OutboxView, Respond } from '../types.js';
import type { AuditLog } from '../state/audit.js';
import type { Outbox } from '../delivery/outbox.js';
import type { Alerting } from '../core/alerting.js';
import type { ChannelTrouble } from '../core/channel-trouble.js';
import { downChannel } from '../delivery/channel-down.js';
import { CredentialsRefused } from '../channel-kit/refused.js';
import { redact } from '../util/redact.js';
import type { StageDeps } from './stage.js';

export interface ChannelsDeps extends StageDeps<'operators' | 'locale' | 'state_dir', 'onFatal'> {
  /** The app's channels: this stage adds to them. */
  channels: Channel[];
  storage: { outbox: OutboxView & Pick<Outbox, 'setChannels'>; audit: Pick<AuditLog, 'write'> };
  alerts: { alerting: Pick<Alerting, 'raise'>; trouble: Pick<ChannelTrouble, 'down'> };
  /** A command that arrived on a channel (the commands stage). */
  handle(msg: InboundMessage, respond: Respond): Promise<void>;
}

export interface ChannelsStage {
  /** Start a channel and deliver through it; one that cannot start keeps its place as a stand-in (and throws). */
  addChannel(ch: Channel): Promise<void>;
  /** A channel its caller has started itself, to send through (the one-shot `gatewatch test`). */
  attachChannel(ch: Channel): void;
  context(ch: Channel): ChannelContext;
}

export function channelsStage(d: ChannelsDeps): ChannelsStage {
  const { channels } = d;
  const { outbox } = d.storage;
  const context = (ch: Channel) => channelContext(d, ch);
  return {
    context,
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
        d.alerts.trouble.down(
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
  };
}

/** What a running channel is handed. */
function channelContext(d: ChannelsDeps, ch: Channel): ChannelContext {
  const { config, log } = d;
  const { audit, outbox } = d.storage;
  return {
    handle: d.handle,
    outbox,
    operators: config.operators,
    audit: (r) => audit.write(r),
    log: log.child({ channel: ch.name }),
    locale: config.locale,
    stateDir: config.state_dir,
    raise: async (reply) => {
      const id = randomUUID();
      const check = `channel.${ch.name}`;
      const severity = reply.tone ?? 'warning';
      const queued = d.alerts.alerting.raise({
        id,
        kind: 'notice',
        target: 'gatewatch',
        check,
        severity,
        createdAt: d.clock.now(),
        reply,
      });
      await Promise.all([
        queued,
        audit.write({
          type: 'alert.open',
          target: 'gatewatch',
          check,
          severity,
          actor: 'gatewatch',
          detail: { title: reply.title, alert: id },
        }),
      ]);
    },
    cannotDeliver: (reason) => d.alerts.trouble.down(ch.name, reason, 'send'),
    fatal: (reason) => {
      log.fatal({ channel: ch.name, reason }, 'channel cannot recover');
      (
        d.opts.onFatal ??
        ((r: string) => {
          throw new Error(r);
        })
      )(`${ch.name}: ${reason}`);
    },
  };
}
