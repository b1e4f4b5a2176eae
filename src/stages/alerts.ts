// The incidents and what they say: findings become incidents and alerts (alerting), the channels that cannot deliver
// are said on those that can (channel trouble), and every channel's credentials are asked of its service. Two of the
// pipeline's loops come back here: a state_dir write that fails is an alert that is itself written, and a delivery's
// outcome says whether its channel works, which is itself an alert. The root wires both to this stage's handlers.
import type { Channel } from '../types.js';
import type { OutboxOptions } from '../delivery/outbox.js';
import { createDeliveryAudit } from '../state/delivery-audit.js';
import { historyLostAlert, stateDirAlert } from '../state/alerts.js';
import { unreadableReason } from '../history/load.js';
import { createAlerting, type Alerting } from '../core/alerting.js';
import { createChannelTrouble, type ChannelTrouble } from '../core/channel-trouble.js';
import { createCredentialChecks, type CredentialChecks } from '../core/credential-checks.js';
import type { StageDeps } from './stage.js';
import type { Storage } from './storage.js';

export interface AlertsDeps
  extends StageDeps<
    'locale' | 'alerts' | 'remediate' | 'targets' | 'state_dir',
    'readOnly' | 'lockAside' | 'onIncidentTimes' | 'onDelivery' | 'credentialCheckEveryMs'
  > {
  storage: Pick<Storage, 'store' | 'outbox' | 'audit' | 'policy' | 'history'>;
  /** The app's channels, as they are added (the channels stage): what alerts reach and trouble speaks of. */
  channels: readonly Channel[];
  /** The daemon is stopping: a state_dir change is no longer said. */
  stopped: () => boolean;
}

export interface Alerts {
  alerting: Alerting;
  trouble: ChannelTrouble;
  credentials: CredentialChecks;
  /** Answers the state_dir health (storage): a write failed, or works again, is said as an alert and audited. */
  stateDirChanged(problem: string | undefined): void;
  /** Answers the outbox (storage): a delivery's outcome says whether its channel works, and is audited. */
  delivered: NonNullable<OutboxOptions['onDelivery']>;
}

export function buildAlerts(d: AlertsDeps): Alerts {
  const { config, log, clock, channels } = d;
  const { store, outbox, audit, policy, history } = d.storage;
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
    onIncidentTimes: d.opts.onIncidentTimes,
  });
  // A history lost at start is said once (queued until the channels are up); the log said it already. A one-shot
  // run's notice said it to its user.
  if (!d.opts.readOnly)
    for (const lost of history.lost)
      void alerting.raise(
        historyLostAlert(lost, unreadableReason(config.locale, lost.why), config.locale, clock.now()),
      );
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
    everyMs: d.opts.credentialCheckEveryMs,
  });
  return {
    alerting,
    trouble,
    credentials,
    stateDirChanged: stateDirAlerts(d, alerting),
    delivered: deliveryOutcomes(d, trouble),
  };
}

/** A state_dir that fails, then works again: one episode of alerts (open, resolve), each audited. */
function stateDirAlerts(d: AlertsDeps, alerting: Pick<Alerting, 'raise'>): Alerts['stateDirChanged'] {
  const { config, clock } = d;
  let episode = 'gatewatch:state_dir';
  return (problem) => {
    if (d.stopped()) return;
    if (problem) episode = `gatewatch:state_dir@${clock.now().toString(36)}`;
    void alerting.raise(
      stateDirAlert(
        problem,
        episode,
        config.state_dir,
        config.locale,
        clock.now(),
        problem ? d.opts.lockAside : undefined,
      ),
    );
    void d.storage.audit.write({
      type: problem ? 'alert.open' : 'alert.resolve',
      target: 'gatewatch',
      check: 'state_dir',
      severity: problem ? 'critical' : 'ok',
      actor: 'gatewatch',
      detail: { title: problem ?? 'writable again' },
    });
  };
}

/** A delivery's outcome: counted, told to the channel trouble, and recorded under its alert in the audit log. */
function deliveryOutcomes(d: AlertsDeps, trouble: ChannelTrouble): Alerts['delivered'] {
  const { outbox, audit } = d.storage;
  const record = createDeliveryAudit((r) => audit.write(r));
  return (channel, status, attempt) => {
    d.opts.onDelivery?.(channel, status);
    if (status === 'sent') trouble.delivered(channel, attempt?.startedAt);
    else if (attempt?.permanent) trouble.down(channel, attempt.reason ?? status, 'send');
    // Called while the entry is still in the outbox.
    const alert = attempt && outbox.entries().find((e) => e.alert.id === attempt.alertId)?.alert;
    if (alert) void record({ alert, channel, status, reason: attempt.reason });
  };
}
