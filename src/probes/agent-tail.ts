// Lines that never reach gateway.log, because their logger is not a gateway component or another program wrote them
// (hermes-gateway-current.md §5, §6, §8.7, §8.10, §9.17): slack_bolt's closed-session retry loop, the respawn-storm
// breaker, the agent loop's HTTP 400s, the Lark SDK's dead receive loop, any library's line about its platform's
// connection, a full or read-only disk in whatever file said it. Read from every log beside gateway.log
// (src/probes/side-logs.ts): only matching records are kept, with their traceback lines.
import path from 'node:path';
import { kindWords } from '../util/error-kind.js';
import type { LogRecord } from '../evidence.js';
import {
  isAnswered,
  isGatewayComponent,
  isRequestLine,
  lineRole,
  platformOfLine,
  type LineRole,
} from './line-platform.js';
import { platformAgentLines } from './platform-lines.js';
import { readSideLogs, sideLogFiles, type Keep, type OpenStories } from './side-logs.js';
import type { ListLogs } from './logs-listing.js';
import type { OpenRegular } from '../util/look-files.js';

/** Lark's RuntimeError text (§8.10): where in the record it sits (message or traceback) the reference does not say. */
export const LARK_OTHER_LOOP = /attached to a different loop/;

/** The agent loop's HTTP 400 lines (§8.7). */
export const HTTP_400 =
  /^(?:API call failed \(attempt \d+\/\d+\) .*\bsummary=HTTP 400\b|Non-retryable client error: .*\bHTTP 400\b)/;

/**
 * §9.13: a model stream that went quiet. The first is the upstream router's own text (OmniRoute/pi-ai 504) quoted in
 * Hermes' `Streaming failed: …`; the second is Hermes' own stale-stream guard.
 */
export const STREAM_STALL =
  /Stream produced no non-ping SSE event within \d+ms|^Stream stale for \d+s — no chunks received/;

/** §9.11: the dashboard / TUI backend's loop woke after a stall (`[%s ]event loop stalled %.1fs (GIL pressure suspected)`). */
export const LOOP_STALL = /\bevent loop stalled ([\d.]+)s \(GIL pressure suspected\)/;

/** §9.19: `hermes_state` on state.db: FTS corruption, a held write lock, a replaced file or deleted WAL (stable phrases). */
export const STATE_DB =
  /^state\.db (?:write failed with an FTS-corruption error|FTS indexes remain corrupt)|database is locked \(another Hermes process held the state\.db write lock|deleted state\.db-wal or state\.db-shm|^FATAL: state\.db was replaced underneath the gateway|state\.db routing save failed: file is not a database/;

/**
 * §10.2, #96591: SQLite's own words for a damaged file, in any reader's log (the dashboard's usage loop, a traceback's
 * last line `sqlite3.DatabaseError: database disk image is malformed`).
 */
export const MALFORMED = /\bdatabase disk image is malformed\b/;

/**
 * #98126: a listener that cannot bind its port (asyncio's `error while attempting to bind on address (h, p): …`, as
 * uvicorn logs it for the dashboard): groups 1 and 2 the address and the port.
 */
export const BIND_IN_USE =
  /error while attempting to bind on address \('([^']*)', (\d+)(?:, \d+, \d+)?\): (?:\[errno \d+\] )?address already in use/i;

/** §9.22: a provider credential that is dead (Codex's 401, #65346; the grant-code report's wording is not quoted, so not read). */
export const PROVIDER_DEAD = /Your authentication token has been invalidated\. Please try signing in again\./;

/** §9.17: an MCP server holding the gateway's start-up. */
export const MCP_STARTUP =
  /^MCP server '([^']+)' (initial connection failed \(attempt \d+\/\d+\)|failed initial connection after \d+ attempts|failed initial OAuth authentication)/;

/** §9.18: the start-up watchdog honouring a phase's progress lease; group 1 the phase. */
export const STARTUP_LEASE =
  /^Gateway startup exceeded \d+s but phase '([^']+)' holds a progress lease for another \d+s/;

/** §9.21: the cron ticker's own error. */
export const CRON_TICK_ERROR = /^Cron tick error/;

/**
 * §10.2: a full disk. The reply every user gets is `Sorry, I encountered an error (OSError). [Errno 28] No space left
 * on device` (#52383), then SQLite says `database or disk is full` (PR #88295): in a record or its traceback, in
 * whatever words the classifier knows for a full disk (ENOSPC, SQLITE_FULL).
 */
export const DISK_FULL = kindWords('disk_full');
/** A module an import could not find (Node's and CPython's words): a platform whose install is broken. */
const INSTALL = kindWords('install');

/**
 * Issue 60: a filesystem Hermes writes to, read-only: CPython's `[Errno 30] Read-only file system`, SQLite's `attempt to
 * write a readonly database`, in a record or its traceback, in whatever words the classifier knows for it.
 */
export const READ_ONLY = kindWords('read_only');

/**
 * Issue 77: a file or folder another user owns (`[Errno 13] Permission denied: '<path>'`, Node's `EACCES`): the session
 * files a command run as root left behind say so in whatever the platform's library writes.
 */
export const PERMISSION = kindWords('permission');

/**
 * A library's line about its platform's connection (issue 54): a line gateway.log does not have (a gateway component's
 * is there already) that the attribution table gives a platform and that says the connection is up, down or retrying.
 */
export const besideConnectionLine = (r: LogRecord): boolean => besideRole(r) !== undefined;

const roles = new WeakMap<LogRecord, { platform: string; role: LineRole } | null>();

/** What a library's line beside gateway.log says of its platform's connection (besideConnectionLine), and whose. */
function besideRole(r: LogRecord): { platform: string; role: LineRole } | undefined {
  const known = roles.get(r);
  if (known !== undefined) return known ?? undefined;
  const platform = isGatewayComponent(r.logger) ? undefined : platformOfLine(r);
  const role = platform === undefined ? undefined : lineRole(r);
  const said = role ? { platform: platform!, role } : undefined;
  roles.set(r, said ?? null);
  return said;
}

/**
 * The stories a file's kept records leave open (src/probes/side-logs.ts): each platform whose latest lines are
 * failures and retries since its last line up, the first of them its start (an answer to a request ends only a story
 * of failed requests, as in src/detectors/outages.ts). At the edge when no line up comes before it: the loop may be
 * older than what was read, a busy agent.log rotated since it began (issue 77).
 */
const openStories: OpenStories = (kept) => {
  const open = new Map<string, { start: LogRecord; requests: boolean; after: boolean }>();
  const before = new Set<string>();
  for (const r of kept) {
    const said = besideRole(r);
    if (!said) continue;
    const p = said.platform;
    const x = open.get(p);
    if (said.role === 'up' || (said.role === 'answered' && (!x || x.requests))) {
      open.delete(p);
      before.add(p);
    } else if (said.role === 'down' || said.role === 'retry') {
      if (!x) open.set(p, { start: r, requests: isRequestLine(r), after: before.has(p) });
      else x.requests &&= isRequestLine(r);
    }
  }
  const stories = [...open.values()];
  return { starts: stories.map((x) => x.start), atEdge: stories.some((x) => !x.after) };
};

/** The records beside gateway.log detectors look for, besides a library's line about its platform's connection. */
const AGENT_ONLY: ((r: LogRecord) => boolean)[] = [
  // Each Hermes platform's agent.log-only lines (src/platforms/<name>/, registered): slack_bolt's loop, the Lark SDK's ladder.
  (r) => platformAgentLines().some((re) => re.test(r.message)),
  (r) => /^Gateway \(re\)started \d+ times in [\d.]+s — backing off/.test(r.message), // hermes_cli.gateway
  // agent.conversation_loop (§8.7): `API call failed (attempt 1/3) error_type=BadRequestError … summary=HTTP 400: …`,
  // `Non-retryable client error: <Provider> HTTP 400 (<status>): <message>`.
  (r) => HTTP_400.test(r.message),
  // The agent's own silence and what holds the gateway (§9.11–9.22).
  (r) =>
    STREAM_STALL.test(r.message) ||
    LOOP_STALL.test(r.message) ||
    STATE_DB.test(r.message) ||
    PROVIDER_DEAD.test(r.message),
  (r) =>
    [r.message, ...(r.extra ?? [])].some(
      (l) => DISK_FULL.test(l) || READ_ONLY.test(l) || MALFORMED.test(l) || PERMISSION.test(l),
    ),
  // A platform's import that failed (src/detectors/install-broken.ts): a tool's or the agent's is not a platform's.
  (r) => [r.message, ...(r.extra ?? [])].some((l) => INSTALL.test(l)) && platformOfLine(r) !== undefined,
  (r) => BIND_IN_USE.test(r.message),
  (r) => MCP_STARTUP.test(r.message) || STARTUP_LEASE.test(r.message) || CRON_TICK_ERROR.test(r.message),
  // The SDK's own logger `Lark` (§8.10); a traceback line of any record that names lark_oapi's WS client also counts.
  (r) =>
    (r.logger === 'Lark' || [r.message, ...(r.extra ?? [])].some((l) => l.includes('lark_oapi'))) &&
    [r.message, ...(r.extra ?? [])].some((l) => LARK_OTHER_LOOP.test(l)),
];

/**
 * A platform's API answering (httpx's `200 OK`, a line for every request a busy gateway sends) is kept as the latest
 * of its platform only: it ends an outage of failed requests wherever it stands, and thousands of them hold one record.
 */
const keep: Keep = (r) => {
  const said = besideRole(r);
  if (!said) return AGENT_ONLY.some((k) => k(r));
  return said.role === 'answered' || (said.role === 'up' && isAnswered(r))
    ? `answered\0${said.platform}\0${said.role}`
    : true;
};

/**
 * The kept records of every log beside gateway.log (agent.log, launchd's stderr file, MCP servers' stderr, plugins'
 * and the dashboard's logs), oldest first: `agentLog` (where the config says agent.log is) and what `logsDir` holds
 * (`look`: the look's listing of it and its opening of each file).
 */
export async function readBesideLogs(
  agentLog: string,
  logsDir: string,
  now: number,
  look: { list?: ListLogs; open?: OpenRegular } = {},
): Promise<LogRecord[]> {
  const found = await sideLogFiles(logsDir, now, look.list);
  return readSideLogs(found.includes(agentLog) ? found : [agentLog, ...found], keep, look.open, openStories);
}

/** agent.log's kept records alone (the CLI's and tests' one-file reader). */
export async function readAgentOnlyLines(file: string): Promise<LogRecord[]> {
  return readSideLogs([file], keep, undefined, openStories);
}

export const logsDirOf = (home: string): string => path.join(home, 'logs');
