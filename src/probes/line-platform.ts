// Which platform a log line is about, whoever logged it: the one table of Hermes' adapters' loggers and tags and of the
// loggers of the libraries under them (issue 54). A library's own logger (lark-oapi's `Lark`, slack_bolt's
// `slack_bolt.AsyncApp`, discord.py's `discord.gateway`, python-telegram-bot's `telegram.ext`, mautrix's `mau.http`) is
// not a gateway component: its lines reach agent.log and errors.log only (hermes-gateway.md §2.2), and without this
// table they were nobody's. A line of a generic library (urllib3, aiohttp, websockets) is its platform's by the host it
// names. And what a line says of its platform's connection, by kind: up (connected, heard a message), down (a failure,
// in any words the error classifier knows or a failure word), or a retry under way; and what httpx's line for each
// request it sent says of the platform's API (issue 60): answered, or failed by its status.
import { classifyError, REASON_PHRASES, statusKind } from '../util/error-kind.js';

interface Source {
  /** The platform key as Hermes writes it in gateway_state.json. */
  platform: string;
  /** Loggers of its adapter and of the libraries under it (`%(name)s`). */
  loggers: RegExp;
  /** The adapter's tag or prefix at the start of a message (`[%s]` = `platform.value.title()`, §6). */
  tag?: RegExp;
  /** Hosts its servers answer at: a generic library's line (urllib3, aiohttp) is the platform's whose host it names. */
  hosts?: RegExp;
  /**
   * Paths of its API no other service has: a generic library's line that names no host (urllib3's `Retrying (…) after
   * connection broken by '…': <path>` quotes the path alone) or a host of the operator's own (a Matrix homeserver).
   */
  paths?: RegExp;
  /**
   * The request that is its receive path (tested on the URL's path): its answer is the connection up, where any other
   * request's answer only says the API serves. Telegram's long poll (`getUpdates`, hermes-gateway-current.md §6).
   */
  receives?: RegExp;
}

/**
 * The platforms, each with its adapter's loggers (hermes-gateway.md §2.2, hermes-gateway-current.md §6) and the
 * libraries Hermes runs it on (its pyproject: lark-oapi, slack-bolt/slack-sdk, discord.py, python-telegram-bot,
 * mautrix; matrix-nio before it, dingtalk-stream).
 */
const SOURCES: readonly Source[] = [
  {
    platform: 'qqbot',
    loggers: /^gateway\.platforms\.qqbot\b/,
    tag: /^\[(?:QQBot(?::[^\]]*)?|Qqbot)\] /i,
    hosts: /\b(?:api\.sgroup\.qq\.com|bots\.qq\.com|api\.bot\.qq\.com)\b/,
    // The token endpoint (qq-bot-protocol.md), the gateway URL's and the OpenAPI's messages.
    paths: /\/app\/getAppAccessToken\b|\/gateway\/bot\b|\/v2\/(?:users|groups)\/\w+\/(?:messages|files)\b/,
  },
  {
    platform: 'feishu',
    loggers: /^(?:gateway\.platforms\.feishu|hermes_plugins\.feishu_platform|Lark$|lark_oapi)\b/,
    tag: /^\[(?:Feishu|Lark)\] /i,
    hosts: /\b(?:open|msg-frontier)\.(?:feishu\.cn|larksuite\.com)\b/,
    paths: /\/open-apis\/|\/callback\/ws\/endpoint\b/,
  },
  {
    platform: 'telegram',
    loggers: /^(?:hermes_plugins\.telegram_platform|telegram)\b/,
    tag: /^\[Telegram\] /,
    hosts: /\bapi\.telegram\.org\b/,
    // The Bot API's path begins with the bot's token: `/bot<id>:<secret>/<method>` (the secret redacted or not).
    paths: /\/bot\d+:[\w*-]+\/\w+/,
    receives: /\/getUpdates$/,
  },
  {
    platform: 'slack',
    loggers: /^(?:hermes_plugins\.slack_platform|slack_bolt|slack_sdk)\b/,
    tag: /^\[Slack\] /,
    hosts: /\b(?:[\w-]+\.)?slack\.com\b/,
  },
  {
    platform: 'discord',
    loggers: /^(?:hermes_plugins\.discord_platform|discord)\b/,
    tag: /^\[Discord\] /,
    hosts: /\b(?:discord\.com|discordapp\.com|gateway\.discord\.gg)\b/,
  },
  {
    platform: 'matrix',
    loggers: /^(?:hermes_plugins\.matrix_platform|nio|mau)\b/,
    tag: /^Matrix: /,
    // A homeserver is the operator's own host: the client-server API's path says Matrix.
    paths: /\/_matrix\/client\//,
  },
  { platform: 'signal', loggers: /^gateway\.platforms\.signal\b/, tag: /^Signal(?: SSE)?: / },
  { platform: 'weixin', loggers: /^gateway\.platforms\.weixin\b/, tag: /^\[Weixin\] / },
  { platform: 'whatsapp', loggers: /^hermes_plugins\.whatsapp_platform\b/, tag: /^\[Whatsapp\] / },
  { platform: 'wecom', loggers: /^hermes_plugins\.wecom_platform\b/, tag: /^\[Wecom\] / },
  { platform: 'dingtalk', loggers: /^(?:hermes_plugins\.dingtalk_platform|dingtalk_stream)\b/, tag: /^\[Dingtalk\] / },
  { platform: 'yuanbao', loggers: /^gateway\.platforms\.yuanbao\b/, tag: /^\[Yuanbao\] / },
  { platform: 'email', loggers: /^gateway\.platforms\.email\b/, tag: /^\[Email\] / },
  { platform: 'photon', loggers: /^hermes_plugins\.photon_platform\b/, tag: /^\[Photon\] / },
];

/** Any other adapter by its module (a plugin platform this table does not list): `hermes_plugins.<p>_platform.*`. */
const ADAPTER_MODULE = /^(?:hermes_plugins\.(\w+?)_platform|gateway\.platforms\.(\w+)|plugins\.platforms\.(\w+))\b/;

/** Libraries any platform may run on: their lines name no platform but by the host they quote. */
const GENERIC_LIBRARIES = /^(?:urllib3|requests|aiohttp|httpx|httpcore|websockets|asyncio|aiohappyeyeballs)\b/;

/** Hermes' gateway components: their lines reach gateway.log (and agent.log); every other logger's, agent.log only. */
export const isGatewayComponent = (logger: string): boolean =>
  logger === 'gateway' || /^(?:gateway|hermes_plugins|plugins\.platforms)\./.test(logger);

/** The runner's lines that name a platform (hermes-gateway.md §4.0): `✓ qqbot connected`, `Reconnecting qqbot (attempt 2)...`. */
// (Not its traffic lines: the traffic readers have their own, and a chat's every line must cost the outage reading
// nothing.)
const RUNNER_NAMES =
  /^(?:[✓✗⚠] (\w+) (?:connected|failed to connect|error:|reconnected|disconnected)|Reconnecting (\w+) \(attempt|Reconnect (\w+)(?: failed| error:|:)|Fatal (\w+) adapter error)/;

/**
 * Every platform's hosts as one pattern, a group each: a generic library's every line is tested (httpx logs one for
 * every request). Group i+1 is HOSTED[i]'s.
 */
const HOSTED = SOURCES.filter((s) => s.hosts).map((s) => s.platform);
const HOSTS = new RegExp(
  SOURCES.filter((s) => s.hosts)
    .map((s) => `(${s.hosts!.source})`)
    .join('|'),
);

/** Every platform's API paths as one pattern, a group each (PATHED[i]'s is group i+1). */
const PATHED = SOURCES.filter((s) => s.paths).map((s) => s.platform);
const PATHS = new RegExp(
  SOURCES.filter((s) => s.paths)
    .map((s) => `(${s.paths!.source})`)
    .join('|'),
);

/** A logger's platform; GENERIC for a generic library's (its lines are the platform's whose host they name). */
const GENERIC = '';
const memo = new Map<string, string | null>();

function byLogger(logger: string): string | null {
  let p = memo.get(logger);
  if (p !== undefined) return p;
  p = SOURCES.find((s) => s.loggers.test(logger))?.platform ?? null;
  if (!p) {
    const m = ADAPTER_MODULE.exec(logger);
    const name = m && (m[1] ?? m[2] ?? m[3]);
    // `gateway.platforms.base` logs for every adapter under its tag.
    p = name && name !== 'base' ? name.toLowerCase() : GENERIC_LIBRARIES.test(logger) ? GENERIC : null;
  }
  if (memo.size < 512) memo.set(logger, p);
  return p;
}

/**
 * The platform a record is about: the runner's line that names it, else its logger's (an adapter or a library under
 * one), else the adapter tag it starts with, else the host a generic library's line quotes; undefined for the rest.
 */
export function platformOfLine(r: { logger: string; message: string }): string | undefined {
  // The runner's lines, and a connect line of its shape whoever logged it (`✓ qqbot connected`).
  const named = r.logger === 'gateway.run' || /^[✓✗⚠] /.test(r.message) ? RUNNER_NAMES.exec(r.message) : null;
  if (named) return (named[1] ?? named[2] ?? named[3] ?? named[4])!.toLowerCase();
  if (r.logger === 'gateway.run') return undefined;
  const own = byLogger(r.logger);
  // A generic library's line by its host alone (httpx logs one per request: a busy gateway's most frequent line).
  if (own === GENERIC) {
    const m = HOSTS.exec(r.message);
    if (m) return HOSTED[m.slice(1).findIndex((g) => g !== undefined)];
    const p = PATHS.exec(r.message);
    return p ? PATHED[p.slice(1).findIndex((g) => g !== undefined)] : undefined;
  }
  if (own) return own;
  // An adapter's tag in an adapter's line (or a file's own unparsed line); in the agent's or a tool's, it is quoted text.
  if (isGatewayComponent(r.logger) || !r.logger.includes('.') || r.logger.endsWith('.log'))
    for (const s of SOURCES) if (s.tag?.test(r.message)) return s.platform;
  return undefined;
}

// ---------- what a line says of its platform's connection, by kind ----------

/**
 * Up: connected (again), a session established or resumed, healthy again; never `not connected` or `disconnected`. (A
 * message heard is proof too, read from the runner's traffic lines by the rule that needs it: a chat's every line must
 * cost the outage reading nothing.)
 */
const UP =
  /(?<!\b(?:not|dis|un)\s?)\b(?:re)?connected\b|\bhas been established\b|\bSession resumed\b|\b(?:confirmed )?healthy(?: again)?\b(?!\s+but\b)|\brestarted after\b/i;
/** A retry under way or scheduled. */
const RETRY =
  /\bretrying\b|\breconnecting\b|\btrying to reconnect\b|\breconnect(?:ing)? in \d|\bwaiting [\d.]+ seconds before continuing\b|\bsleeping for \d/i;
/** The send path: a failed reply is not the connection's (and is retried or reported on its own). */
const SEND = /\bsend(?:ing)?\b|\bsent\b|\bdeliver/i;

/**
 * `answered`: one of the platform's API requests succeeded (httpx's `200 OK`). It says the API serves, not that the
 * connection is up: it ends an outage of failed requests only (src/detectors/outages.ts).
 */
export type LineRole = 'up' | 'down' | 'retry' | 'answered';

const LEVELS = new Set(['WARNING', 'ERROR', 'CRITICAL']);

/**
 * What a platform's line says of its connection, read by kind: `down`, a warning or worse whose error the classifier
 * knows (any kind: a name that does not resolve, a refusal, a 5xx, revoked credentials) and that is not about a send;
 * `up`; `retry` (a rate limit too); undefined when it says none of these (a failure of no known kind included: it
 * neither opens an outage nor ends one). httpx's line for a request is read by its status (requestRole). The specific
 * lines each platform's readers know come first (src/detectors/outages.ts); this reads the rest.
 */
export function lineRole(r: { level: string; message: string; extra?: readonly string[] }): LineRole | undefined {
  const answer = httpAnswer(r.message);
  if (answer) return requestRole(answer);
  if (LEVELS.has(r.level) && !SEND.test(r.message) && !sendQuoted(r.message)) {
    const kind = classifyError(failureText(r))?.kind;
    // Asked to slow down, Hermes waits as told: a wait, not a failure (Weixin's limited sends, Discord's gateway limit).
    if (kind === 'rate_limit') return 'retry';
    if (kind !== undefined) return 'down';
  }
  if (UP.test(r.message)) return 'up';
  if (RETRY.test(r.message) || r.extra?.some((l) => RETRY.test(l))) return 'retry';
  return undefined;
}

/**
 * The part of a failure line that says why: after `err: `, `error: ` or `errored: ` when the line has one, else the
 * message without its tag; with the record's continuation lines that are not a traceback's frames (a library's message
 * may itself span lines: slack_sdk's `The server responded with: {…}`). For httpx's line, its status and the request
 * (`HTTP/1.1 502 Bad Gateway (POST api.telegram.org/…/getUpdates)`): a URL's path may hold a credential (Telegram's
 * `/bot<token>/`), and only its last part names the request.
 */
export function failureText(r: { message: string; extra?: readonly string[] }): string {
  const answer = httpAnswer(r.message);
  if (answer) return `${answer.said} (${answer.method} ${requestWhere(answer)})`;
  const why = /\b(?:err|error|errored):\s+([\s\S]+)$/.exec(r.message);
  const head = why ? why[1]! : r.message.replace(/^\[[^\]]+\] /, '');
  const more = (r.extra ?? []).filter((l) => !/^\s|^Traceback\b/.test(l)).slice(0, 4);
  return more.length ? `${head} ${more.join(' ')}` : head;
}

// ---------- httpx's line for each request it sent ----------

/**
 * httpx logs every response at INFO (httpx/_client.py, logger `httpx`): `'HTTP Request: %s %s "%s %d %s"'` with the
 * method, the URL, the HTTP version (`HTTP/1.1`, `HTTP/2`), the status code and the reason phrase (the server's own,
 * or the standard's; empty for a code it does not know).
 */
const HTTP_REQUEST =
  /^HTTP Request: ([A-Z]+) (https?:\/\/([^/?#\s]+)([^?#\s]*)\S*) "(HTTP\/[\w.]+ (\d{3})\b[^"]*?) ?"$/;

/**
 * urllib3's line for each response (urllib3/connectionpool.py, logger `urllib3.connectionpool`, DEBUG: what requests
 * and the Lark SDK send through): `'%s://%s:%s "%s %s %s" %s %s'` with the scheme, the host, the port, the method, the
 * request's path, the HTTP version, the status and the length (`None` when unknown).
 */
const URLLIB3_REQUEST =
  /^https?:\/\/([^\s:/]+):(?:\d+|None) "([A-Z]+) ([^?#\s]*)\S* (HTTP\/[\w.?]+)" (\d{3}) (?:\d+|None)$/;

interface HttpAnswer {
  method: string;
  host: string;
  /** The URL's path, without its query. */
  path: string;
  status: number;
  /** `HTTP/1.1 502 Bad Gateway` */
  said: string;
}

/** What an HTTP client's line for a request says (httpx's, urllib3's); undefined for any other line. */
function httpAnswer(message: string): HttpAnswer | undefined {
  if (message.startsWith('HTTP Request: ')) {
    const m = HTTP_REQUEST.exec(message);
    return m ? { method: m[1]!, host: m[3]!, path: m[4]!, status: Number(m[6]), said: m[5]! } : undefined;
  }
  if (!message.startsWith('http')) return undefined;
  const u = URLLIB3_REQUEST.exec(message);
  if (!u) return undefined;
  const phrase = REASON_PHRASES[Number(u[5])];
  return {
    method: u[2]!,
    host: u[1]!,
    path: u[3]!,
    status: Number(u[5]),
    said: `${u[4]} ${u[5]}${phrase ? ` ${phrase}` : ''}`,
  };
}

/** The request, by its host and its path's last part: `api.telegram.org/…/getUpdates`. */
function requestWhere(a: HttpAnswer): string {
  const parts = a.path.split('/').filter(Boolean);
  return parts.length > 1 ? `${a.host}/…/${parts.at(-1)}` : parts.length ? `${a.host}/…` : a.host;
}

/** The platforms' receive paths (Source.receives), as one pattern. */
const RECEIVES = new RegExp(SOURCES.flatMap((s) => (s.receives ? [s.receives.source] : [])).join('|') || '(?!)');

/**
 * A request that sends (the Bot API's `send…` methods, a REST API's `…/messages`): its failure is not the connection's.
 */
const SEND_REQUEST = /\/(?:messages|send[A-Z]\w*)(?:\/|$)/;

/**
 * A request's answer: a success is the connection up on the receive path, elsewhere the API answering; a failure of
 * a kind the classifier gives a status (a 5xx, 401/403, 409, 429) is down, unless the request was a send. A 429 here is
 * an answer that failed, not a wait announced: a streak of them keeps the platform from serving.
 */
function requestRole(a: HttpAnswer): LineRole | undefined {
  if (a.status >= 200 && a.status <= 299) return RECEIVES.test(a.path) ? 'up' : 'answered';
  if (SEND_REQUEST.test(a.path)) return undefined;
  return statusKind(a.status) ? 'down' : undefined;
}

/**
 * The request a failure line quotes: a URL's path (aiohttp's `url='…'`, requests' `for url: …`), or the path alone
 * urllib3's retry quotes (`Retrying (…) after connection broken by '…': <path>`).
 */
const QUOTED_PATH = /https?:\/\/[^/\s'"]+(\/[^?#\s'"]*)|after connection broken by '.*': (\/[^?#\s]*)\S*$/;

/** The failure is a send's (its request a `…/messages`, a `send…` method): not its connection's. */
function sendQuoted(message: string): boolean {
  const m = QUOTED_PATH.exec(message);
  return !!m && SEND_REQUEST.test(m[1] ?? m[2]!);
}

/** httpx's line for a request that succeeded: a busy gateway logs one for every request it sends. */
export function isAnswered(r: { message: string }): boolean {
  const a = httpAnswer(r.message);
  return !!a && a.status >= 200 && a.status <= 299;
}

/** httpx's line for a request, whatever its status. */
export const isRequestLine = (r: { message: string }): boolean => httpAnswer(r.message) !== undefined;
