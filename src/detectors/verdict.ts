// What the detectors say of one look beside its findings: whether the gateway's process lives, when its operator (or
// a planned stop) stopped it, since when it serves, whether `hermes update` holds the home, the unclean death its life
// reports, and which checks could not be judged. The evaluation read each of these from the evidence itself, through
// helpers of five detector modules; it now reads them here, from the look the findings were made of. Each is read
// when first asked: a log burst on a healthy gateway asks for the findings alone, up to twice a second on a busy log.
import type { DetectSettings, Evidence } from '../evidence.js';
import type { Finding } from '../types.js';
import { processAlive } from './common.js';
import { updateWindowLive } from './hermes-current.js';
import { runDetectors, unjudgedChecks } from './index.js';
import { priorDeath, type PriorDeath } from './lives.js';
import { operatorStoppedAt, plannedStopAt, servingSince } from './process.js';

export interface Verdict {
  findings: Finding[];
  /** The gateway's process is alive (a look at the pid file's process, or a scan's). */
  alive(): boolean;
  /** When its operator stopped the gateway that is down now (epoch ms). */
  operatorStoppedAt(): number | undefined;
  /** When the gateway that is down now was stopped on purpose: by its operator or by `hermes update`. */
  plannedStopAt(): number | undefined;
  /** When the gateway serves again: its platforms connected, or its start's grace over. */
  servingSince(): number | undefined;
  /** `hermes update` holds the home: what is not found now is not over. */
  updateHeld(): boolean;
  /** The unclean death this life of the gateway reports (Hermes' lifecycle sentinel). */
  priorDeath(): PriorDeath | undefined;
  /** The checks a look could not judge (a manager that did not answer). */
  unjudged(): ReadonlySet<string>;
}

const once = <T>(read: () => T): (() => T) => {
  let got: { v: T } | undefined;
  return () => (got ??= { v: read() }).v;
};

/** The detectors' verdict on `ev`; `findings` may be narrowed afterwards (another target's, a death already told). */
export function judgeLook(ev: Evidence, s: DetectSettings): Verdict {
  return {
    findings: runDetectors(ev, s),
    alive: once(() => processAlive(ev)),
    operatorStoppedAt: once(() => operatorStoppedAt(ev, s)),
    plannedStopAt: once(() => plannedStopAt(ev, s)),
    servingSince: once(() => servingSince(ev, s)),
    updateHeld: once(() => updateWindowLive(ev)),
    priorDeath: once(() => priorDeath(ev)),
    unjudged: once(() => unjudgedChecks(ev)),
  };
}
