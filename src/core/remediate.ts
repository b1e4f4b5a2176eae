// Acting on findings: automatic restarts by the policy, operator restarts through the same gate, one at a time,
// every step audited and announced. The steps are ./remediate-auto.ts (the policy carried out, an operator's restart),
// ./remediate-restart.ts (one restart, begun to verified), ./remediate-steps.ts and ./remediate-types.ts.
import type { Ctx, Remediator, RemediatorDeps } from './remediate-types.js';
import { historyOf, hold, release, unitOf, viaOf } from './remediate-steps.js';
import { auto, decide, manual } from './remediate-auto.js';

export type {
  EndedHold,
  ManualOptions,
  RemediationState,
  Remediator,
  RemediatorDeps,
} from './remediate-types.js';
export { viaRootNote } from './remediate-steps.js';
export { SAY_BEGIN_AFTER_MS } from './remediate-restart.js';

export function createRemediator(d: RemediatorDeps): Remediator {
  const c: Ctx = {
    d,
    config: d.config,
    state: d.state,
    now: d.clock.now,
    running: new Set(),
    underWay: new Map(),
    begins: new Map(),
    units: new Map(),
    holds: new Map(),
    timers: new Map(),
    spentTold: new Set(),
    commands: new Set(),
  };
  return {
    inProgress: (name) => c.running.has(unitOf(c, name)),
    underWay: (name) => {
      const u = c.underWay.get(unitOf(c, name));
      return u && { ...u, platforms: [...u.platforms] };
    },
    async commandsDone() {
      // One begun while it waited (an operator's /restart as the daemon stops) is waited for too.
      while (c.commands.size) await Promise.allSettled([...c.commands]);
    },
    begun: (name) => c.begins.get(unitOf(c, name)) ?? 0,
    history: (name, all) => historyOf(c, name, all),
    observe: (name, evidence) => void viaOf(c, name, evidence),
    settle(name, findings) {
      if (!findings.some((f) => f.restart === 'helps')) {
        delete c.state.escalated[name];
        release(c, name); // nothing left for the held restart to fix
      }
      if (findings.length === 0) delete c.state.lastSkip[name];
    },
    holdFor(name, evidence, findings) {
      const dec = decide(c, name, evidence, findings);
      if (dec.action === 'escalate') return { spent: dec };
      if (dec.action !== 'skip') return {};
      return dec.code === 'escalated' ? { paused: true } : dec.hold ? { hold: dec.hold } : {};
    },
    told(name, plan) {
      if (plan.hold) void hold(c, name, plan.hold, false);
      if (plan.spent) c.spentTold.add(name);
    },
    auto: (name, evidence, findings) => auto(c, name, evidence, findings),
    manual: (name, actor, evidence, respond, except, o) => manual(c, name, actor, evidence, respond, except, o),
  };
}
