// The availability history of one target: how each platform fared over time (only the changes), the incidents with
// their first evidence, alert and recovery, and the restarts with whether each was verified. Plain data, saved as
// state_dir/history/<target>.json (src/history/store.ts); the figures and pictures are drawn from it.

import type { FindingText, Health } from '../types.js';

export type { Health };

export const HEALTHS: readonly Health[] = ['up', 'deaf', 'down', 'stopped', 'muted', 'unknown'];

/** From `at` on, the platform was in this state (until the next change). */
export type Change = [at: number, state: Health];

export interface IncidentEntry {
  id: string;
  check: string;
  platform?: string;
  /** Its title in the configured locale when it opened; `text` words it in the reader's (absent from older files). */
  title: string;
  text?: FindingText;
  severity: 'critical' | 'warning' | 'info';
  /** The first evidence of it (the finding's own start where it knows one, else when it was found). */
  firstAt: number;
  /** When its alert was raised (held by a mute: when it was found). */
  alertAt: number;
  /** Its alert was held by a mute: nothing went out at `alertAt`. */
  alertHeld?: true;
  /** A held alert told after all: by the summary at the end of the mute, at this time. */
  toldAt?: number;
  /** When it was seen resolved. */
  recoveredAt?: number;
  /**
   * Not recovered, handed over at this time to the incident with id `handedTo` that carries its outage on
   * (src/incidents/machine.ts handOver): it ended, but nothing came back then.
   */
  handedOverAt?: number;
  handedTo?: string;
  /**
   * Not recovered, closed at this time for another reason (`closedHow`, machine.ts CloseHow): its gateway was stopped on
   * purpose (`stopped`) or stopped running (`down`), or its evidence aged out without showing an end (`lapsed`).
   */
  closedAt?: number;
  closedHow?: 'stopped' | 'down' | 'lapsed';
  /** Its number among the target's incidents, from 1: `/incident <target>-<n>` names it (absent from older files). */
  n?: number;
  /** When gatewatch found it: its alert may have waited (a failure expected to be over soon), or come at once. */
  detectedAt?: number;
  /** `firstAt` is the last sign of life before a death, not the death: it came after, when exactly is not known. */
  firstUncertain?: boolean;
  /** `firstAt` is gatewatch's own sight of a death gone, not a line of the log (Finding.sinceSeen). */
  firstSeen?: boolean;
  /** `firstAt` is gatewatch's sight of a death gone, and it came after this last sight alive (Finding.sinceAfter). */
  firstAfter?: number;
  /** What set it off where one kind has several (`SIGKILL`), and whose failure a platform's was. */
  cause?: string;
  scope?: string;
  /** What happened between its alert and its end: gatewatch's actions and their results, Hermes' own, what it became. */
  steps?: IncidentStep[];
  /** Who brought it back (src/delivery/recovery.ts): `restart`, `start`, `operator`, `heal`, `outside`, `hermes`, `itself`. */
  by?: string;
  /** The operator whose restart brought it back. */
  actor?: string;
  /** How it ended, where that is another finding than its first (a death whose gateway came back without QQ). */
  endText?: FindingText;
  endTitle?: string;
  endPlatform?: string;
  /** The lines that showed it, redacted, at most EVIDENCE_LINES of EVIDENCE_CHARS each. */
  evidence?: string[];
}

/** The lines of evidence an incident keeps, and how long each may be. */
export const EVIDENCE_LINES = 8;
export const EVIDENCE_CHARS = 300;
/** The steps an incident keeps (its last ones: a restart loop's first restarts go first). */
export const MAX_STEPS = 20;

/**
 * One thing that happened within an incident, at `at`: gatewatch's restart or start (`ok`: verified; `partial`: back
 * without `platforms`), an operator's, a remedy of /fix (`fix`), Hermes reconnecting a platform by itself, Hermes'
 * own report of a death, and what the incident became (`became`: another finding carried it on).
 */
export interface IncidentStep {
  at: number;
  what: 'restart' | 'start' | 'fix' | 'hermes_reconnected' | 'hermes_report' | 'became';
  actor?: string;
  ok?: boolean;
  endedAt?: number;
  /** Platforms a restart came back without (their servers did not answer from here). */
  partial?: string[];
  platform?: string;
  text?: FindingText;
  title?: string;
  /** A remedy's kind (`stop_process`, …), for `fix`; `demo heal` (DEMO_HEAL) for the restart of a `/demo heal`. */
  kind?: string;
  /** A restart gatewatch held before it ran (its cooldown, …), as the restart's own message said: since when, and why. */
  held?: StepHold;
}

/** Why a restart was held (actions/restart-policy.ts RestartHold's code) and what its words name. */
export interface StepHold {
  since: number;
  code: string;
  platforms?: string[];
  state?: string;
  agents?: number;
}

export interface RestartEntry {
  at: number;
  /** Verified: the gateway came back with its platforms. */
  ok: boolean;
  actor: string;
}

/** From `at` on, the target ran these versions (Hermes' null while none was known yet). */
export type VersionChange = [at: number, hermes: string | null, gatewatch: string];

export const HISTORY_VERSION = 1;

export interface TargetHistory {
  version: typeof HISTORY_VERSION;
  target: string;
  /** When gatewatch began watching this target: figures over a longer window say "since" this. */
  since: number;
  /** The last time gatewatch recorded an observation: after a gap in watching, the gap is `unknown`. */
  seenAt: number;
  platforms: Record<string, Change[]>;
  incidents: IncidentEntry[];
  restarts: RestartEntry[];
  /** What it ran: the weekly report says what changed. Absent from histories written before it was kept. */
  versions?: VersionChange[];
}

export const emptyHistory = (target: string, now: number): TargetHistory => ({
  version: HISTORY_VERSION,
  target,
  since: now,
  seenAt: now,
  platforms: {},
  incidents: [],
  restarts: [],
});

export const DAY_MS = 24 * 3_600_000;

/** The windows the figures and pictures are drawn for. */
export const WINDOWS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS } as const;
export type WindowName = keyof typeof WINDOWS;
export const isWindowName = (w: string): w is WindowName => Object.hasOwn(WINDOWS, w);
