// What an incident is, as the state machine (./machine.ts) keeps it and state.json stores it: its fields, its events, its
// key (one incident per cause) and how a record an older version wrote is read.
import type { Finding, FindingText } from '../types.js';

export interface Incident {
  /** Stable for one episode (open → remind → resolve), and across episodes while flapping, so cards update in place. */
  id: string;
  key: string;
  target: string;
  check: string;
  platform?: string;
  finding: Finding;
  status: 'open' | 'resolved';
  /** Start of the current (or last) outage. */
  openedAt: number;
  /** When the incident was closed (the check that found it over). */
  resolvedAt?: number;
  /**
   * When the outage it recovered from ended (≤ resolvedAt): a death ends when its gateway serves again, though the check
   * that sees it may come later. The one end its recovery alert, audit record and history say.
   */
  recoveredAt?: number;
  lastAlertAt?: number;
  acked?: { by: string; at: number };
  flapping: boolean;
  /** Times of open/resolve transitions inside the flap window, across episodes. */
  transitions: number[];
  /**
   * Times what the incident is about went down inside the flap window, for "went down 3 times": its own outages and
   * those its other incidents told (the gateway killed by a SIGTERM between two SIGKILLs: three).
   */
  downs: number[];
  /** False while the open alert has not gone out (muted). */
  notified: boolean;
  /**
   * A death of the gateway that its next life reported too (deaths-seen.ts): Hermes' own account of it is in the
   * evidence, and the recovery says so (`oom`: its last heartbeat showed critical memory).
   */
  hermesReport?: { oom: boolean };
  /** Its advice turned to "a restart helps" after its alert, and the operator was told so: once an incident. */
  helpsTold?: boolean;
  /** When gatewatch first found it (its first sign, `openedAt`, may be earlier: the log dates it). */
  detectedAt?: number;
  /**
   * The finding as its first alert said it (its count then, its words, its start then: a later look may date the start
   * earlier): the write-up compares the end with it, and an alert that replaces it names it by what it said.
   */
  alerted?: { at: number; title: string; text?: FindingText; since?: number };
  /**
   * The incident whose story this one carries on (handOver below): a death whose gateway came back with a platform
   * still down, a startup's missing platform now down for good. One story, one history entry (the first incident's
   * id) and one recovery at its very end.
   */
  chain?: string;
  /** The incidents it took over from, oldest first: what the write-up tells before this one's own finding. */
  follows?: FollowedIncident[];
  /**
   * What it said, each time that changed (another text, not new figures), from when gatewatch saw it: its first, then
   * each turn. A write-up dates each by then: a platform that "cannot be reached" when it opened and whose servers
   * answered a minute later is not told as answering from its start (issue 77).
   */
  turns?: Turn[];
  /**
   * The incident of another cause on the same platform that this one took the place of (handOver): its alert says so,
   * since that one is over without being back. Not part of this one's story: its own start, its own history entry.
   */
  replaced?: FollowedIncident;
  /** Its alert, held by a mute, was told by the mute's summary at this time (src/core/alerting.ts summed). */
  toldAt?: number;
  /** A predecessor's alert went out: this one's recovery is owed though its own alert may not have gone out. */
  owed?: boolean;
  /** Closed without a recovery: the incident with this id carries its outage on. */
  handedTo?: string;
  /** Closed without a word because its gateway went down (moot, not over): a forecast found again resumes it. */
  closedDown?: boolean;
  /** Its alert has an entry of its own in the availability history (src/core/alerting.ts records it). */
  recorded?: boolean;
}

/** What an incident said from a time on (Incident.turns). */
export interface Turn {
  at: number;
  title: string;
  text?: FindingText;
}

/** The most turns an incident keeps (its last ones): advice that goes back and forth is not a story of its own. */
export const MAX_TURNS = 6;

/** An incident another one took over (Incident.follows): what it said, from when, until the hand-over. */
export interface FollowedIncident {
  id: string;
  check: string;
  platform?: string;
  title: string;
  text?: FindingText;
  openedAt: number;
  detectedAt?: number;
  alertedAt?: number;
  /** The start its alert said (`openedAt` as it was then). */
  alertedSince?: number;
  /** When it was handed over. */
  at: number;
  /** What it said, each time that changed (Incident.turns). */
  turns?: Turn[];
}

export type IncidentState = Record<string, Incident>;

/**
 * `flap`: an outage of an incident that is flapping; `settle`: a flapping incident stayed up for a whole flap window;
 * `handover`: no longer found, but what it was about is not over (`heir` carries it on): closed without a word;
 * `close`: closed without a recovery and without a word for another reason (`how`); `resume`: one closed because its
 * gateway went down, found again from the same evidence once it is back: the same story goes on, not a new alert.
 */
export type IncidentEventKind = 'open' | 'remind' | 'resolve' | 'flap' | 'settle' | 'handover' | 'close' | 'resume';

/**
 * How an open incident ended without a recovery (the audit's `alert.close`, README "Audit log"): `replaced`, another
 * incident carries its outage on (`heir`: a hand-over, or the gateway's death that made what it did while running
 * moot); `stopped`, its gateway was stopped on purpose (its operator, `hermes update`); `down`, its gateway stopped
 * running and nothing says why yet; `lapsed`, its evidence aged out without showing an end (told once and over).
 */
export const CLOSE_HOWS = ['replaced', 'stopped', 'down', 'lapsed'] as const;
export type CloseHow = (typeof CLOSE_HOWS)[number];

export interface IncidentEvent {
  kind: IncidentEventKind;
  incident: Incident;
  /** Set for resolve: how long this outage lasted, in the whole seconds its clock times show (clockSpan). */
  downtimeMs?: number;
  /** Found while alerts were muted: recorded, not delivered. */
  muted?: boolean;
  /** Set for handover, and for a close `replaced`: the incident that carries it on. */
  heir?: Incident;
  /** Set for close (and handover: `replaced`): how it ended. */
  how?: CloseHow;
}

/**
 * A finding with a revision (a WhatsApp login QR code, refreshed about every 20 s) is sent again for a new revision at
 * most this often, and only while not acked: each re-send is a push on every channel, and an ack means someone is on it.
 */
export const REVISION_RESEND_MS = 2 * 60_000;

export interface IncidentSettings {
  remindEveryMs: number;
  flap: { transitions: number; withinMs: number };
}

type KeyFields = Pick<Finding, 'target' | 'check' | 'platform' | 'profile' | 'cause'>;

/** One incident per cause: target, check, platform, Hermes profile, and the finding's own cause (SIGKILL vs SIGTERM). */
export function incidentKey(f: KeyFields): string {
  return `${legacyKey(f)}${f.profile ? `@${f.profile}` : ''}${f.cause ? `#${f.cause}` : ''}`;
}

/** The key the previous version used (no profile, no cause): state.json files written by it are keyed so. */
export function legacyKey(f: Pick<Finding, 'target' | 'check' | 'platform'>): string {
  return `${f.target}:${f.check}${f.platform ? `:${f.platform}` : ''}`;
}

/** Fill fields an incident record persisted by an older version lacks. */
export function migrateIncident(i: Incident): Incident {
  return {
    ...i,
    transitions: i.transitions ?? [],
    downs: i.downs ?? (i.status === 'open' ? [i.openedAt] : []),
    flapping: !!i.flapping,
    notified: i.notified ?? true,
  };
}
