// The remediation stage: what acts on a target. The restart path (the remediator), the remedies an operator or
// remediate.auto chooses (the fixer), and together what a judged evaluation does on its own (`automatic`).
import type { EvalResult } from '../evidence.js';
import type { StateStore } from '../core/state.js';
import type { Alerting } from '../core/alerting.js';
import { createRemediator, type Remediator } from '../core/remediate.js';
import { createFixer, type Fixer } from '../core/fix.js';
import { restartVerified } from '../actions/restart-policy.js';
import type { StageDeps } from './stage.js';
import type { Storage } from './storage.js';
import type { Probes } from './probes.js';

export interface RemediationDeps
  extends StageDeps<'targets' | 'locale' | 'remediate' | 'detect', 'restartPollMs' | 'onRestart' | 'playground'> {
  storage: Pick<Storage, 'audit' | 'history'> & { store: Pick<StateStore, 'state' | 'save'> };
  alerts: { alerting: Pick<Alerting, 'raise'> };
  probes: Pick<Probes, 'watches' | 'reaches'>;
  /** Each target's last evaluation: the platforms it expected are what a restart waits for to reconnect. */
  lastResult: (target: string) => EvalResult | undefined;
  /** A restart ended (or a held one's time came): the target is evaluated again at once. */
  restarted: (target: string) => void;
}

export interface Remediation {
  remediator: Remediator;
  fixer: Fixer;
  /** The remediator, whose automatic step also runs the fixes remediate.auto allows: what a judgement calls. */
  automatic: Remediator;
}

export function buildRemediation(d: RemediationDeps): Remediation {
  const { config, log, clock, opts } = d;
  const { audit, history } = d.storage;
  const { state, save } = d.storage.store;
  const remediator = createRemediator({
    config,
    log,
    audit,
    clock,
    state,
    save,
    raise: d.alerts.alerting.raise,
    watches: d.probes.watches,
    seenPlatforms: (name) => d.lastResult(name)?.evidence.expectedPlatforms ?? [],
    afterRestart: d.restarted,
    pollMs: opts.restartPollMs,
    ...(opts.playground ? { playground: true } : {}),
    onRestart: (rec) => {
      // Verified is back with its platforms: a gateway back without a platform it cannot reach is not (issue 55).
      history.restarted(rec.target, { at: rec.at, ok: restartVerified(rec), actor: rec.actor });
      opts.onRestart?.(rec);
    },
    reach: (name) => d.probes.reaches.get(name),
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
  return { remediator, fixer, automatic };
}
