// The shapes that flow through the pipeline: probes → detectors → incidents → actions → delivery.
// Every stage and every channel depends on this file only, never on each other's internals.
import type { Logger } from 'pino';
import type { TextKey } from './text/en.js';
import type { FindingKey } from './text/findings-en.js';

export type Severity = 'info' | 'warning' | 'critical';

/**
 * Whose failure a platform's is, from gatewatch's own vantage point (hermes-gateway-current.md §10.5): this host's
 * network, the platform for everyone, only this gateway, or not known.
 */
export type PlatformScope = 'host_network' | 'platform' | 'gateway' | 'unknown';

/**
 * How a platform answered an authenticated call of gatewatch's own bot on it (Channel.askPlatform): it answered
 * (whatever it said of the request: a refused token is an answer), it failed on its side (HTTP 5xx), or no answer
 * came (refused, reset, no name, timed out). `detail` is already scrubbed of secrets.
 */
export type PlatformAnswer =
  | { answer: 'answered'; status: number; detail: string }
  | { answer: 'server_error'; status: number; detail: string }
  | { answer: 'no_answer'; detail: string };

/** Whether restarting the gateway is expected to fix a finding. */
export type RestartAdvice =
  | 'helps' // a restart is the fix (dead QQ loop, crashed process, executor shutdown)
  | 'wait' // transient: give the gateway's own reconnect a chance first
  | 'never'; // unrecoverable by restart (banned bot, fatal config, known-bad version): do not restart

/** One cause found in the evidence. Detectors are pure functions that return these. */
export interface Finding {
  /** Stable id of the cause, e.g. `process_down`, `qq_max_reconnect`. Used as the incident key. */
  check: string;
  target: string;
  severity: Severity;
  /** Platform the finding is about (`qqbot`, `feishu`, …), if any; part of the incident key. */
  platform?: string;
  /**
   * Whose failure a platform finding is (src/detectors/scope.ts): this host's network, the platform for everyone, only
   * this gateway, or unknown. Set on every platform finding a target's evaluation makes; `host_network` and `platform`
   * hold its restart (src/detectors/restart-advice.ts).
   */
  scope?: PlatformScope;
  /** What the scope rests on, worded late (`{key, params}`); absent when nothing was probed. */
  scopeWhy?: FindingParam;
  /** Hermes profile the finding is about, when one host runs several; part of the incident key. */
  profile?: string;
  /** What set it off, where one check has several (`SIGKILL`, `SIGTERM`); part of the incident key. */
  cause?: string;
  /**
   * Its words, not yet worded: the catalogue key of its texts and their parameters, worded in the reader's locale
   * when it is rendered (`wordFinding` in src/i18n.ts). Absent from findings saved by older versions and from
   * Alertmanager's: their title, explanation and action below are the words.
   */
  text?: FindingText;
  /** The title in the configured locale, for what keeps it as a string (audit records, old state files). */
  title: string;
  /** Plain explanation of what is wrong (configured locale; renderers word `text`). */
  explanation: string;
  /** What the operator should do (configured locale; renderers word `text`). */
  action: string;
  /** Log lines or facts that show it (already redacted), in the configured locale, for what keeps them as strings. */
  evidence: string[];
  /**
   * The same lines not yet worded, when any is a fact in our own words (a log line is a string as it is): renderers
   * word them in the reader's locale (`wordEvidence` in src/i18n.ts). Absent from findings saved by older versions.
   */
  evidenceText?: FindingParam[];
  restart: RestartAdvice;
  /**
   * A restart makes it worse (hermes-gateway-current.md §9.24's "worse": DingTalk's routing after rapid restarts, a
   * start-up migration): with `restart: 'never'`, it holds every restart of the gateway, not only its platform's.
   */
  worse?: boolean;
  /**
   * Another finding of the target explains this one and decides its restart advice (src/detectors/restart-advice.ts):
   * `restart` above is that cause's, not this finding's own (kept in `own`), and its words say so.
   */
  heldBy?: RestartHeldBy;
  /** When the failure began, if the evidence shows it (epoch ms); the incident dates its downtime from here. */
  since?: number;
  /**
   * `since` is the last sign of life before a death (its last log line or heartbeat) or a deaf socket (its last session
   * cycle or message), not the death or the deafness: it came after, when exactly is not known. The write-up says so.
   */
  sinceIsLastSign?: boolean;
  /**
   * `since` is gatewatch's own first sight of a death (its process gone), not a line of the log: nothing the gateway
   * wrote dates the death, and the write-up says who saw it. With `sinceAfter`, the window it came in.
   */
  sinceSeen?: boolean;
  /**
   * `since` is gatewatch's first sight of a death, and no line of the log or heartbeat dates it: it died after this,
   * its last sight of the process alive (epoch ms), and by `since`. The write-up gives that window, not a moment.
   */
  sinceAfter?: number;
  /**
   * The latest evidence of an episode of many short outages (a storm's last drop, epoch ms): what ended it is the first
   * connect after it, not the first one after `since` (src/incidents/machine.ts EPISODES).
   */
  latest?: number;
  /**
   * Its incident's first alert waits until then: what it says is expected to be over by then (Hermes' next retry
   * connecting a platform whose servers answer again), and an alert about it would arrive after the fact (issue 51).
   */
  quietUntil?: number;
  /**
   * The gateway is down (this finding says so), and these of its platforms were down already when it went down: a fault
   * that came first, said in the death's alert rather than dropped with the rest of what it did while running.
   */
  before?: PlatformBefore[];
  /**
   * What can fix it beyond what its restart advice implies, narrowest first (src/actions/remedies.ts adds the restart
   * or start a 'helps' finding has). Plain data: /fix lists them, an operator runs one.
   */
  remedies?: Remedy[];
  /** A login QR code the platform printed (WhatsApp re-login): sent to the operator; JSON holds a placeholder only. */
  qr?: QrCode;
  /**
   * What changed within one cause that deserves a fresh alert (a new QR code replaced the old one): the incident
   * re-sends its alert when it differs from the last finding's. Not a secret.
   */
  revision?: string;
  /**
   * Said once: a risk that holds for as long as the setup does (a user unit without lingering), not a failure. Its
   * incident opens with one alert and is not reminded of.
   */
  once?: boolean;
  /**
   * The evidence that showed the failure went stale without showing its end (a QR code no bridge refreshes any more):
   * the incident closes quietly instead of saying Recovered, and none is opened. Carries no code.
   */
  lapsed?: boolean;
}

/** The cause that decides a symptom's restart advice: which finding it is, its title, and why it holds the restart. */
/** A platform already down when its gateway went down (src/detectors/down-before.ts): since when, and its last error. */
export interface PlatformBefore {
  platform: string;
  since: number;
  error?: string;
}

export interface RestartHeldBy {
  check: string;
  platform?: string;
  /** The cause's words (absent from an Alertmanager finding: its title is the words). */
  text?: FindingText;
  title: string;
  /**
   * `never`: a restart does not fix the cause; `worse`: a restart makes it worse; `wait`: the cause is still under way;
   * `scope`: the failure is not this gateway's (this host's network, or the platform for everyone: `finding.scope`);
   * `reach`: Hermes gave up on a platform this host's network cannot reach: the restart that brings it back waits
   * until this host reaches it.
   */
  why: 'never' | 'worse' | 'wait' | 'scope' | 'reach';
  /** The symptom's own advice, before the cause decided it. */
  own: RestartAdvice;
}

/**
 * A login QR code as printed (src/util/qr-code.ts makes it): its rows exactly as the platform printed them, and its
 * modules (`true` dark) for channels that take pictures. A credential while it lasts: `toJSON()` is a placeholder, so
 * no state, outbox or audit file, log line or control answer holds the code.
 */
export interface QrCode {
  rows: string[];
  modules: boolean[][];
  toJSON(): string;
}

/**
 * A process as it was proven to be what a remedy stops: re-read right before any signal, and the signal is sent only
 * when pid, start time and command line are all the same (a reused pid is another process).
 */
export interface ProcessIdentity {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot. */
  startTicks: number;
  /** sha256 of its argv (NUL-joined), 16 hex digits: compares the real command line without keeping a secret in it. */
  argvHash: string;
  /** Its command line as shown (redacted, bounded). */
  cmdline: string;
  /** A loopback/any TCP port it must be listening on when it is stopped (an orphan bridge holds the bridge port). */
  port?: number;
}

/** One fix of a finding, as data. `why`: the facts that prove the process is the one to stop (already redacted). */
export type Remedy =
  | { kind: 'restart' }
  | { kind: 'start' }
  /** `why`: what proves it is the process to stop, a text worded for its reader (a plain string from an older state file). */
  | { kind: 'stop_process' | 'stop_process_then_restart'; process: ProcessIdentity; why: FindingParam }
  /** §9.15: stop the gateway, `hermes sessions delete <id> --yes`, start it again (never automatic). */
  | { kind: 'delete_session'; session: { id: string; platform: string; chat: string } }
  /** What only the operator can do (roll back or update Hermes): `/fix` says the steps and runs nothing. */
  | { kind: 'advice'; advice: AdviceKind };

export type AdviceKind = 'polling_regression' | 'memory_growth' | 'discord_stall';

export type RemedyKind = Remedy['kind'];

/** A parameter of a finding's text: a value, or a text of its own worded in the same locale (`{key, params}`). */
/**
 * A text a layer above registers as it loads (a Hermes platform's evidence facts and demo fault, src/platforms/): not a
 * TextKey, since the catalogues cannot import the platforms; worded the same way (src/i18n.ts, addWords).
 */
export type RegisteredTextKey =
  | `${'evidence' | 'demo.fault' | 'platform.name' | 'status.manager'}.${string}`
  | OwnTextKey;

/**
 * A key of a plugin's own words (a Hermes platform's src/platforms/<name>/words.ts, a supervisor's
 * src/probes/supervisors/<kind>-texts.ts), as it writes it through ownText, ownKey or ownFinding, which check it
 * against those words.
 */
export type OwnTextKey = string & { readonly ownText: true };

export type FindingParam =
  | string
  | number
  | { key: TextKey | RegisteredTextKey; params?: Record<string, FindingParam> };

export interface FindingText {
  key: FindingKey | OwnTextKey;
  params: Record<string, FindingParam>;
}

export type Role = 'admin' | 'viewer';

export interface Operator {
  name: string;
  role: Role;
  /** The operator's user id on each chat channel, under the field its plugin names (`qq_openid`, `telegram_id`, …). */
  [idKey: string]: string | undefined;
}

// ---------- reply model: what commands and alerts produce; each channel renders it ----------

export type Tone = Severity | 'ok';

export interface ReplyField {
  label: string;
  value: string;
}

/** A command a reply names, by what it does; each surface words it its own way (src/util/command-line.ts). */
export interface CommandRef {
  command: string;
  /** `demo fail|heal`. */
  verb?: string;
  fault?: string;
  target?: string;
  lines?: number | string;
  duration?: string;
  confirm?: boolean;
  /** `/restart TARGET interrupt`: restart a gateway that is running agent turns. */
  interrupt?: boolean;
  bodies?: boolean;
  /** `/fix TARGET N`: which remedy. */
  n?: number | string;
  /** `/incident demo-7`: an incident's public name (its target and number). */
  incident?: string;
  /**
   * `/fix TARGET #id`: the remedy's identity (src/actions/remedies.ts remedyId), so a button pressed later runs what it
   * named or nothing. Chat words only: the CLI asks and runs in one go, by number.
   */
  remedy?: string;
}

export interface ReplyButton {
  label: string;
  /** The chat command the button runs, e.g. `/restart default`, `/mute 1h`: what a chat channel sends back. */
  command: string;
  /**
   * The same command by what it does (src/util/command-line.ts), for a surface that words commands its own way (the
   * CLI's --json shows `gatewatch restart default`). Absent from buttons saved by older versions.
   */
  ref?: CommandRef;
  /** Visual hint for channels that have one. */
  style?: 'primary' | 'danger' | 'default';
}

export interface Reply {
  title: string;
  tone?: Tone;
  fields?: ReplyField[];
  /** Body lines; evidence and log lines go here (monospace where the channel can). */
  lines?: string[];
  /** Short sections of preformatted text (log tails, timelines). */
  code?: string[];
  /** A login QR code to show first: a picture where the channel takes one, else its rows as printed, monospace. */
  qr?: QrCode;
  /** With `qr`: the line shown in the code's place to whoever may not see it (src/delivery/qr-policy.ts). */
  qrNote?: string;
  buttons?: ReplyButton[];
  /** The same answer for machines, where a command has one (`gatewatch uptime --json` prints it). */
  data?: unknown;
  /**
   * A picture of states over time (/uptime): drawn as a PNG where the channel takes pictures (src/delivery/chart-png.ts),
   * its place taken by `lines` and `code` elsewhere. Plain data, like the rest of a reply (it crosses the control socket).
   */
  chart?: ReplyChart;
  /** What the command did, for machines (the CLI's exit code): unset means it answered. `usage`: bad arguments. */
  outcome?: 'ok' | 'refused' | 'failed' | 'unknown_target' | 'usage';
}

/**
 * A platform's state over time. `deaf`: connected but not working; `stopped`: stopped by the operator or an update;
 * `muted`: not up while alerts were muted for maintenance; `unknown`: gatewatch was not watching.
 */
export type Health = 'up' | 'deaf' | 'down' | 'stopped' | 'muted' | 'unknown';

/** One row of a chart: a target (its worst platform) or a platform, its states from `from` to `to`. */
export interface ChartRow {
  label: string;
  /** The target's own row, drawn first and bold; platform rows follow it. */
  target?: boolean;
  /** [from, to, state], in time order, within the chart's window. */
  spans: [from: number, to: number, state: Health][];
  /** When an incident of this row was alerted. */
  marks: number[];
}

export interface ReplyChart {
  title: string;
  from: number;
  to: number;
  rows: ChartRow[];
  /** Labels under the time axis, already in the reader's words and time zone. */
  ticks: { at: number; label: string }[];
  /** The legend's words, in the reader's language. */
  legend: { up: string; deaf: string; down: string; off: string; incident: string };
  /** A line under the legend ("since …", what is not counted). */
  note?: string;
  /** Drawn in place of the rows (there are none): nothing was watched in the window yet. */
  empty?: string;
}

// ---------- inbound commands ----------

/** Where a message came from: `console`, `cli`, or a chat channel's type (`qq`, `feishu`, …). */
export type ChannelKind = string;

export interface InboundMessage {
  channel: ChannelKind;
  /** The sender's id on that channel: QQ user openid, Feishu open_id, `local` for console/CLI. */
  senderId: string;
  /** Raw text, mentions already stripped and trimmed. */
  text: string;
  /** Channel-specific id of the message, for de-duplication and audit. */
  messageId?: string;
  /** Group/chat the message came from, if not a direct message. */
  chatId?: string;
}

export type Respond = (reply: Reply) => Promise<void>;

// ---------- alerts and the outbox ----------

export type AlertKind = 'open' | 'remind' | 'resolve' | 'flap' | 'escalate' | 'restart' | 'notice';

export interface Alert {
  /** Unique id of this alert message. */
  id: string;
  kind: AlertKind;
  /** Incident the alert belongs to (stable across open/remind/resolve), so cards can update in place. */
  incidentId?: string;
  target: string;
  check?: string;
  severity: Tone;
  createdAt: number;
  reply: Reply;
  /**
   * Its title not yet worded (a catalogue text and its parameters), where one text says it: the audit keeps it, and
   * /history words it in the reader's locale rather than the one it was sent in.
   */
  titleText?: FindingParam;
  /** Channels not to send it to: the operator there asked and already has it as the command's reply. */
  except?: string[];
  /** The severity `alerts.routes` match (besides `severity`): the incident's, so its recovery follows its alerts. */
  routeSeverity?: Severity;
  /** Send to exactly these channels, whatever the routes say (an escalation). */
  to?: string[];
  /** An escalation: channels that can page harder (Feishu urgent) do. */
  urgent?: boolean;
}

/**
 * `detail` is what the channel got, for the log and the audit (English where the channel words it); `said`, when the
 * channel words it, the same in the channel's locale for a person (/test's answer, a fallback channel's note).
 */
export type DeliveryOutcome =
  | { status: 'sent'; detail?: string; said?: string }
  /** The channel holds it (e.g. QQ refused a proactive push): stays in the outbox, not retried on the backoff. */
  | { status: 'deferred'; detail?: string; said?: string }
  /** permanent: retrying the same request cannot help (bot removed from the chat): fall back at once. */
  | { status: 'failed'; detail: string; said?: string; retryAfterMs?: number; permanent?: boolean };

export interface OutboxEntry {
  alert: Alert;
  /** Channels that still have to confirm delivery. */
  pending: string[];
  attempts: Record<string, number>;
  nextAttemptAt: Record<string, number>;
  deferred: Record<string, boolean>;
  lastError: Record<string, string>;
  /** Fallback channel → the channel it stands in for (`alerts.fallback`). */
  via?: Record<string, string>;
  /** Channels that delivered it, so a fallback is not sent to a channel that already has it. */
  sent?: string[];
  /** Channels that could not deliver it and handed it to their fallbacks. */
  fellBack?: string[];
  /**
   * Raised while the channels were still being added (start-up): channels added later that its routes take join it;
   * until then it waits even with `pending` empty (src/delivery/join-late.ts).
   */
  open?: boolean;
}

/** What a channel sees of the outbox. */
export interface OutboxView {
  /** Alerts not yet confirmed by this channel, oldest first. */
  pendingFor(channel: string): Alert[];
  /** The channel confirms it delivered this alert. Persisted before it returns. */
  confirm(alertId: string, channel: string, detail?: string): Promise<void>;
}

// ---------- channels ----------

export interface ChannelHealth {
  name: string;
  ok: boolean;
  /** One-line state, e.g. `connected since 10:02, last ACK 3s ago`. */
  summary: string;
  fields?: ReplyField[];
}

/**
 * What a service answered about a channel's credentials. `rejected`: its own definite refusal (`answer`, e.g.
 * `401 Unauthorized`); `unreachable`: no answer (connection refused, DNS, a timeout, a 5xx), which says nothing about
 * the credentials. No secret in either.
 */
export type CredentialVerdict =
  | { state: 'accepted'; service: string }
  /** `refused: 'host'`: the service refused this host (its IP not on the bot's whitelist), not the credentials. */
  | { state: 'rejected'; service: string; answer: string; fix?: string; refused?: 'host' }
  | { state: 'unreachable'; service: string; reason: string };

/** Everything the core gives a channel. */
export interface ChannelContext {
  /** Run a chat command for a sender; replies come back through `respond` (possibly several: progress, result). */
  handle(msg: InboundMessage, respond: Respond): Promise<void>;
  outbox: OutboxView;
  /** Operators from the config, for channels that need to know who to push to. */
  operators: Operator[];
  audit(record: AuditInput): Promise<void>;
  log: Logger;
  locale: Locale;
  stateDir: string;
  /** The channel cannot recover by itself (e.g. offline past give_up_after): exit non-zero so the supervisor restarts us. */
  fatal(reason: string): void;
  /**
   * The channel cannot deliver for a reason retrying will not fix (its token revoked): said once on every channel
   * that works, with the fix; gatewatch keeps running. Said again only after it has delivered in between.
   */
  cannotDeliver(reason: string): void;
  /** Tell the operators about a problem of gatewatch's own (e.g. QQ stopped the bot with 4914): fans out to every channel. */
  raise(reply: Reply): Promise<void>;
  /**
   * Only send (`gatewatch test` with no daemon running): take in no chat, so nothing an operator writes meanwhile is
   * consumed here and lost (a Telegram poller confirms the updates it fetches).
   */
  sendOnly?: boolean;
}

export interface Channel {
  /** Config name: `console`, `qq`, `feishu`, `feishu_webhook`, … */
  name: string;
  /** Connect and start delivering inbound messages to ctx.handle. Send-only notifiers may do nothing. */
  start(ctx: ChannelContext): Promise<void>;
  stop(): Promise<void>;
  /**
   * Push one alert. Must not throw; return `failed` with a reason instead. `signal` aborts when the outbox gives up on
   * the attempt (its send timeout, or gatewatch stopping): stop sending and close the connection, so a request that
   * was given up for lost cannot still land after its retry.
   */
  deliver(alert: Alert, signal?: AbortSignal): Promise<DeliveryOutcome>;
  /** Its line in /status: worded in `locale` (the reader's), else in the configured locale. */
  health(locale?: Locale): ChannelHealth;
  /** True if this channel can take commands (false for webhook notifiers). */
  readonly interactive: boolean;
  /**
   * Ask the service whether it takes the channel's credentials, with a cheap call that sends nothing to anyone
   * (Telegram's getMe, a Feishu or QQ access token). Present only where the service has such a call. Never throws.
   */
  checkCredentials?(signal: AbortSignal): Promise<CredentialVerdict>;
  /**
   * Ask the platform this channel travels over an authenticated question with the channel's own credentials, the one
   * its gateway would ask first (QQ's gateway URL, Feishu's tenant token, Telegram's getMe): a second vantage point on a
   * platform the Hermes gateway reports down (src/core/scope-probes.ts). Sends nothing to anyone. Never throws.
   */
  askPlatform?(signal: AbortSignal): Promise<PlatformAnswer>;
  /**
   * Present on a channel that hands a login QR code to each recipient as qrFor (src/delivery/qr-policy.ts) allows;
   * every other channel is given alerts without it. True when an admin's private chat on it can take the code now.
   */
  qrReach?(): boolean;
  /**
   * The fix, in `locale`, when the service refuses this channel's credentials: where that service issues them
   * (Telegram's @BotFather, Feishu's developer console). The channel's own words; a channel without any gets the
   * general hint.
   */
  credentialsFix?(locale: Locale): string;
}

/** A text worded in each locale there is (or some of them). */
export type InLocales = Partial<Record<Locale, string>>;

// ---------- audit ----------

export type AuditType =
  | 'alert.open'
  | 'alert.remind'
  | 'alert.resolve'
  /** An incident closed without a recovery and without an alert: `detail.how` says how (README "Audit log"). */
  | 'alert.close'
  | 'restart.begin'
  | 'restart.ok'
  | 'restart.fail'
  | 'restart.skip'
  /** A remedy an operator ran through /fix (or `remediate.auto` ran): begun, worked, did not. */
  | 'fix.begin'
  | 'fix.ok'
  | 'fix.failed'
  /** An advice remedy read through /fix: nothing ran. */
  | 'fix.advice'
  | 'command'
  | 'command.denied'
  /** One delivery attempt's outcome on one channel (the first, and each change from the last one recorded). */
  | 'delivery';

export interface AuditInput {
  type: AuditType;
  target?: string;
  check?: string;
  severity?: Tone;
  /** Who: operator name, `channel:senderId` for strangers, or `gatewatch` for automatic actions. */
  actor: string;
  detail?: string | Record<string, unknown>;
}

export interface AuditRecord extends AuditInput {
  ts: string;
}

export type Locale = 'en' | 'zh-CN';
