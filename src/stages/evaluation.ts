// The evaluation stage: each target's evidence gathered and run through the detectors (a look), then, for a
// judgement, through the incidents and the automatic actions (src/core/evaluation.ts).
import type { EvalResult } from '../evidence.js';
import type { StateStore } from '../core/state.js';
import type { Alerting } from '../core/alerting.js';
import { createEvaluation, type Evaluation } from '../core/evaluation.js';
import type { StageDeps } from './stage.js';
import type { Storage } from './storage.js';
import type { Probes } from './probes.js';
import type { Remediation } from './remediation.js';

export interface EvaluationStageDeps extends StageDeps<'detect' | 'locale' | 'targets', 'readOnly' | 'onCheck'> {
  storage: Pick<Storage, 'history'> & { store: StateStore };
  alerts: { alerting: Pick<Alerting, 'judge' | 'isMuted' | 'mutedUntil' | 'raise'> };
  probes: Pick<Probes, 'watches' | 'reachable' | 'scope'>;
  remediation: Pick<Remediation, 'automatic'>;
  /** Where each target's last result is kept (the remediation reads it too). */
  results: Map<string, EvalResult>;
  /** The daemon is stopping: nothing new is evaluated. */
  stopped: () => boolean;
}

export function buildEvaluation(d: EvaluationStageDeps): Evaluation {
  return createEvaluation({
    config: d.config,
    watches: d.probes.watches,
    store: d.storage.store,
    alerting: d.alerts.alerting,
    history: d.storage.history,
    remediator: d.remediation.automatic,
    clock: d.clock,
    log: d.log,
    readOnly: d.opts.readOnly,
    stopped: d.stopped,
    onCheck: d.opts.onCheck,
    reachable: d.probes.reachable,
    scope: d.probes.scope,
    results: d.results,
  });
}
