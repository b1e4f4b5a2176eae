// Building a finding: its text key and parameters, its evidence lines elided, redacted and bounded, worded once in the
// configured locale for what keeps them as strings.
import type { DetectSettings, Evidence, LogRecord } from '../evidence.js';
import type { Finding, FindingParam, Remedy, RestartAdvice, Severity } from '../types.js';
import { findingKey, platformParam, wordParam, wordText, type FindingKey } from '../i18n.js';
import { formatDuration } from '../util/duration.js';
import { redact } from '../util/redact.js';
import { elideBodies } from '../util/message-bodies.js';
import { serviceParams } from './service-words.js';
import { atHome, entryFact, homesIn, withoutHost, type HomeWords } from './person-words.js';

/** A finding's text parameters: values quoted from the evidence, or texts of their own (`{key, params}`). */
export type Params = Record<string, FindingParam>;

/** A finding's text id: a key of src/text/findings-en.ts without its `finding.` (`process_down`, `qq_banned.protocol`). */
type FindingId = FindingKey extends `finding.${infer Id}` ? Id : never;

/** A finding id of a Hermes platform's own words, as its folder writes it through ownFinding (src/platforms/platform.ts). */
export type OwnFindingId = string & { readonly ownFinding: true };

const MAX_LINE = 400;
/** A message body is measured within this much of a line (its length is all an alert shows). */
const MAX_BODY_SCAN = 20_000;

/**
 * Hermes' `Shutdown context:` line ends with the command line of the process that sent the signal (`parent_cmdline=
 * '/sbin/init'`, in a container the host's PID 1; hermes-gateway.md "signals / shutdown"): its pid and name say who it
 * was, and the command line stays on this host.
 */
const PARENT_CMDLINE = /(\bShutdown context: .*? parent_cmdline=).+$/;

/**
 * One evidence line: what users wrote elided (an alert may quote an `inbound message` line to a group chat, a
 * notifier, the state file), a signal's sender's command line left out, redacted and bounded.
 */
export function line(text: string, homes?: HomeWords): string {
  const quoted = text.length > MAX_BODY_SCAN ? text.slice(0, MAX_BODY_SCAN) : text;
  const host = atHome(withoutHost(quoted.replace(PARENT_CMDLINE, '$1…')), homes);
  const r = redact(elideBodies(host, (n) => `<${n} chars>`));
  return r.length > MAX_LINE ? `${r.slice(0, MAX_LINE - 1)}…` : r;
}

/**
 * An evidence line: a log line as it is, or a fact in our own words (`{ key, params }`), worded in the reader's locale
 * when it is rendered. Its parameters quote the evidence (a path, an error): redacted like a line.
 */
export type EvidenceLine = FindingParam;

/** A fact's words, redacted like a line, the home said as a person pastes it (src/detectors/person-words.ts). */
function redactParam(p: FindingParam, homes: HomeWords | undefined): FindingParam {
  if (typeof p === 'string') return line(p, homes);
  if (typeof p === 'number') return p;
  return p.params
    ? { key: p.key, params: Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, redactParam(v, homes)])) }
    : { key: p.key };
}

/** An evidence line as a person reads it: a gateway_state.json entry in words, any other line redacted. */
const redactFact = (p: FindingParam, homes: HomeWords | undefined): FindingParam =>
  typeof p === 'string' ? entryFact(line(p, homes)) : redactParam(p, homes);

export function lines(records: LogRecord[]): string[] {
  return records.map((r) => line(r.line));
}

export function age(ms: number): string {
  return formatDuration(ms);
}

export interface FindingSpec {
  check: string;
  /**
   * Its text when it is not the check's own: a variant (`state_stale_running.killed`), or one named after the platform
   * (`platform_deaf.<platform>`), which falls back to the check's own text for a platform without one.
   */
  text?:
    | FindingId
    | `${'platform_auth_failed' | 'platform_deaf' | 'forecast' | 'config_fatal' | 'startup_incomplete'}.${string}`
    | OwnFindingId;
  severity: Severity;
  restart: RestartAdvice;
  /** A restart makes it worse: holds every restart (Finding.worse). */
  worse?: boolean;
  platform?: string;
  /** What set it off, where one check has several causes; part of the incident key. */
  cause?: string;
  params?: Params;
  evidence: EvidenceLine[];
  /** When the failure began, when the evidence dates it. */
  since?: number;
  /** `since` is the last sign of life before a death or a deafness, not its start (Finding.sinceIsLastSign). */
  sinceIsLastSign?: boolean;
  /** `since` is gatewatch's own sight of a death gone, not a line of the log (Finding.sinceSeen). */
  sinceSeen?: boolean;
  /** A death only gatewatch's sights date: after this (Finding.sinceAfter). */
  sinceAfter?: number;
  /** An episode's latest evidence (Finding.latest). */
  latest?: number;
  /** Fixes beyond the restart its advice implies (a process to stop), narrowest first. */
  remedies?: Remedy[];
  /** Its incident's first alert waits until then (Finding.quietUntil). */
  quietUntil?: number;
  /** Said once, never reminded of (Finding.once). */
  once?: boolean;
  /** Its subject is the Hermes home's path itself (a configured home that does not exist): not said `~`. */
  homeAsIs?: boolean;
}

/**
 * The finding, with its text key and parameters: renderers word it in their reader's locale. Its title, explanation
 * and action are also worded here, once, in the configured locale, for what keeps them as strings (audit records).
 */
export function finding(ev: Evidence, s: DetectSettings, spec: FindingSpec): Finding {
  const key = findingKey(spec.text ?? spec.check);
  if (!key) throw new Error(`no text for finding ${spec.text ?? spec.check}`);
  const params: Params = {
    target: ev.target,
    ...serviceParams(ev),
    // As a person names it (QQ, Discord in profile ops): the finding's `platform` keeps Hermes' key.
    ...(spec.platform ? { platform: platformParam(spec.platform) } : {}),
  };
  // Params can quote the log (a fatal reason, tool names): redact them like evidence.
  const homes = spec.homeAsIs ? undefined : homesIn(ev);
  for (const [k, v] of Object.entries(spec.params ?? {})) params[k] = typeof v === 'string' ? line(v, homes) : v;
  const text = { key, params };
  const facts = spec.evidence.map((p) => redactFact(p, homes));
  return {
    check: spec.check,
    target: ev.target,
    severity: spec.severity,
    ...(spec.platform ? { platform: spec.platform } : {}),
    ...(spec.cause ? { cause: spec.cause } : {}),
    text,
    ...wordText(s.locale, text),
    evidence: facts.map((p) => wordParam(s.locale, p)),
    ...(facts.some((p) => typeof p === 'object') ? { evidenceText: facts } : {}),
    restart: spec.restart,
    ...(spec.worse ? { worse: true } : {}),
    ...(spec.since !== undefined ? { since: spec.since } : {}),
    ...(spec.since !== undefined && spec.sinceIsLastSign ? { sinceIsLastSign: true } : {}),
    ...(spec.since !== undefined && spec.sinceSeen ? { sinceSeen: true } : {}),
    ...(spec.since !== undefined && spec.sinceAfter !== undefined && spec.sinceAfter < spec.since
      ? { sinceAfter: spec.sinceAfter }
      : {}),
    ...(spec.latest !== undefined ? { latest: spec.latest } : {}),
    ...(spec.remedies?.length ? { remedies: spec.remedies } : {}),
    ...(spec.quietUntil !== undefined ? { quietUntil: spec.quietUntil } : {}),
    ...(spec.once ? { once: true } : {}),
  };
}

export function parseTime(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

export function since(ev: Evidence, ts: number): string {
  return age(ev.now - ts);
}
