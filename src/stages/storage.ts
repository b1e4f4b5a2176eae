// The first stage: the state_dir and what is written to it. Its health (a write that fails becomes an alert, said by
// the alerts stage), the audit log, the outbox with the routes it delivers by, the state and the availability history.
import { removeStaleTemps } from '../state/atomic.js';
import { createAuditLog, type AuditLog } from '../state/audit.js';
import { createStateDirHealth, type StateDirHealth } from '../state/health.js';
import { openOutbox, type Outbox, type OutboxOptions } from '../delivery/outbox.js';
import { deliveryPolicy, type DeliveryPolicy } from '../delivery/routes.js';
import { openStateStore, type StateStore } from '../core/state.js';
import { unreadableWords } from '../history/load.js';
import { openHistory, type HistoryStore } from '../history/store.js';
import type { StageDeps } from './stage.js';

export interface StorageDeps
  extends StageDeps<'state_dir' | 'targets' | 'locale' | 'alerts' | 'channelList', 'readOnly' | 'notice'> {
  /** A state_dir write failed (the problem), or works again (undefined). */
  stateDirChanged: (problem: string | undefined) => void;
  /** An alert's delivery on a channel ended. */
  delivered: NonNullable<OutboxOptions['onDelivery']>;
}

export interface Storage {
  health: StateDirHealth;
  audit: AuditLog;
  /** alerts.routes, fallback and escalate, as the outbox and the alerting read them. */
  policy: DeliveryPolicy;
  outbox: Outbox;
  store: StateStore;
  history: HistoryStore;
}

export async function openStorage(d: StorageDeps): Promise<Storage> {
  const { config, log, clock, opts } = d;
  if (!opts.readOnly) {
    const removed = await removeStaleTemps(config.state_dir);
    if (removed.length) log.info({ files: removed }, 'removed temp files left by a killed gatewatch');
  }
  const health = createStateDirHealth({ log, onChange: d.stateDirChanged });
  const audit = createAuditLog(config.state_dir, clock, { log, health });
  const policy = deliveryPolicy(config);
  if (policy.impliedStandby)
    log.info(
      { standby: policy.impliedStandby, for: Object.keys(policy.fallback) },
      "no alerts.routes/fallback: notifiers stand by as their chat channel's fallback",
    );
  const outbox = await openOutbox({
    stateDir: config.state_dir,
    log,
    clock,
    health,
    policy,
    locale: config.locale,
    sendTimeoutMs: config.alerts.send_timeout,
    // Alerts raised before every channel is added (a channel's own start, the state_dir check) wait for them all.
    startingUp: true,
    onDelivery: d.delivered,
  });
  // state.json may say an incident was alerted only once outbox.json holds the alert: a save waits for the enqueues.
  const store = await openStateStore({ stateDir: config.state_dir, log, health, clock, before: outbox.enqueued });
  const history = await openHistory({
    stateDir: config.state_dir,
    targets: config.targets.map((t) => t.name),
    log,
    health,
    clock,
    legacy: store.state.timelines,
    readOnly: opts.readOnly,
    unreadable: (file, why) => opts.notice?.(unreadableWords(config.locale, file, why)),
  });
  return { health, audit, policy, outbox, store, history };
}
