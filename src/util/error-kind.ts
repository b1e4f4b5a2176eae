// What an error text *is*, whoever printed it: one classifier for every platform's, the agent's and storage's
// errors, so a new wording, another library or another platform gets the same verdict as the sentence the reference
// quotes. Hermes logs Python exception messages as they come (`✗ telegram error: %s`, `Reconnect failed: %s`), so the
// same failure reaches the log in the words of whichever library raised it:
//   python-telegram-bot  `Bad Gateway` (a 502, its phrase alone), `<description> (503)`, `Timed out`
//   httpx                `Server error '503 Service Unavailable' for url '…'`, `All connection attempts failed`
//   aiohttp              `503, message='Service Unavailable', url='…'`, `Cannot connect to host h:443 ssl:default [<strerror>]`
//   requests (Lark SDK)  `503 Server Error: Service Unavailable for url: …`
//   urllib               `HTTP Error 503: Service Unavailable`
//   Node's ws            `Unexpected server response: 503`
//   lark-oapi            `503: system busy` (its ServerException for an endpoint answering anything but 200)
//   websockets           `server rejected WebSocket connection: HTTP 502`
//   slack_sdk            `The server responded with: {'ok': False, 'error': 'token_revoked'}` (Slack's error codes)
//   httpx's own line     `HTTP Request: POST https://…/getUpdates "HTTP/1.1 502 Bad Gateway"` (every request, INFO)
//   matrix-nio           `Error validating response: 'next_batch' is a required property` (an answer it cannot read)
//   Node                 `Error: Cannot find module 'x'` (require), `Cannot find package 'x' imported from …` (import)
//   CPython              `ModuleNotFoundError: No module named 'x'`, `ImportError: cannot import name 'x' from 'y'`
//   the C library        gai_strerror's `Temporary failure in name resolution` ([Errno -3]), `Name or service not known`
//                        (-2), `No address associated with hostname` (-5); strerror's `Connection refused`, …
// A kind is judged by what the error is, not by which sentence carried it; a text of no kind is `undefined`.

export type ErrorKind =
  /** The platform's servers answered with an HTTP 5xx: they were reached, and failed. */
  | 'server'
  /** Name resolution failed on this host. */
  | 'dns'
  /** Refused, reset, unreachable network or host: no connection. */
  | 'connect'
  /** The TLS handshake or the certificate failed. */
  | 'tls'
  /** No answer in time. */
  | 'timeout'
  /** Credentials refused (401/403, an invalid or revoked token). */
  | 'auth'
  /** Too many requests: the platform asks to slow down (429, "retry after"). */
  | 'rate_limit'
  /** Another client holds what the platform grants one at a time (409: a second poller on a Telegram bot token). */
  | 'conflict'
  /**
   * The servers answered with something that is not the response asked for: the library could not read it (an error
   * body in place of a /sync answer, for matrix-nio). Of no other kind: whose failure it is, the words do not say.
   */
  | 'invalid_response'
  /** This host's disk is full. */
  | 'disk_full'
  /** A module or package the program imports is not installed: every start fails the same way until it is. */
  | 'install'
  /** A filesystem this host writes to is read-only. */
  | 'read_only'
  /** A file or folder the program may not read or write: another user owns it (EACCES). */
  | 'permission';

export interface ErrorClass {
  kind: ErrorKind;
  /** The HTTP status it carries, by number or by its reason phrase. */
  status?: number;
}

/**
 * Reason phrases of the statuses a kind rests on, as RFC 9110 §15 names them (and Node's `http.STATUS_CODES`, which a
 * test holds this table to). Libraries print them alone (python-telegram-bot's `Bad Gateway`) or after the number.
 */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
/** Phrases that name their status alone; `Conflict` is an everyday word (a merge conflict), said after its number only. */
const ALONE = Object.entries(REASON_PHRASES).filter(([s]) => s !== '409');
const BY_PHRASE = new Map(ALONE.map(([s, p]) => [p.toLowerCase(), Number(s)]));
const PHRASE = new RegExp(`\\b(${ALONE.map(([, p]) => p).join('|')})\\b`, 'i');

/**
 * A number that is an HTTP status by the words around it: `HTTP 503`, `HTTP/1.1 503`, `HTTP Error 503`, `status 503`,
 * `status_code=503`, `code: 503`, `response: 503`, `returned 503`, aiohttp's `503, message=`, requests'
 * `503 Server Error`, python-telegram-bot's `… (503)`, or the number before its own reason phrase. A bare number
 * (`attempt 503`, a close code `4009`, a port `:443`) is none.
 */
const STATUS = new RegExp(
  String.raw`\b([1-5]\d\d): system busy\b|\b(?:HTTP(?:\/\d(?:\.\d)?)?(?: Error)?|status(?:[ _]?code)?|code|response|returned|responded(?: with)?|answered(?: with)?)\s*[:=]?\s*([1-5]\d\d)(?!\d)|\b([1-5]\d\d)(?:, message=| (?:Server|Client) Error\b)|\(([1-5]\d\d)\)|\b([1-5]\d\d):? (?=${Object.values(REASON_PHRASES).join('|')})`,
  'i',
);

/** The HTTP status a text carries, by number or by its reason phrase alone. */
export function httpStatusOf(text: string): number | undefined {
  const m = STATUS.exec(text);
  if (m) return Number(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]);
  const p = PHRASE.exec(text);
  return p ? BY_PHRASE.get(p[1]!.toLowerCase()) : undefined;
}

/** Each kind's words besides a status, most specific first (a text may carry two: the first kind listed wins). */
const WORDS: readonly [ErrorKind, RegExp][] = [
  // matrix-nio's schema check of an answer (nio/responses.py `verify`), then jsonschema's own words, which may quote
  // anything (`'timeout' is a required property`): first, so no word it quotes decides.
  ['invalid_response', /\bError validating response: /],
  // lark-oapi's endpoint saying it is busy in its body (`1: system busy`): the servers answered, and failed.
  ['server', /\b\d+: system busy\b/],
  // Node's loaders (CJS `MODULE_NOT_FOUND`, ESM `ERR_MODULE_NOT_FOUND`) and CPython's import system, as each prints it.
  [
    'install',
    /\bCannot find (?:module|package) '[^']+'|\b(?:ERR_)?MODULE_NOT_FOUND\b|\bModuleNotFoundError\b|\bNo module named '|\bImportError: cannot import name '/,
  ],
  // Python's errno 28 and Node's code; SQLite's SQLITE_FULL as its message says it.
  [
    'disk_full',
    /\[Errno 28\] No space left on device|\[Errno 28\]|\bENOSPC\b|No space left on device|database or disk is full|\bSQLITE_FULL\b/i,
  ],
  // EROFS: Python's errno 30 (CPython's `[Errno %S] %S` with glibc's strerror), Node's code and libuv's words
  // (`read-only file system`); SQLite's SQLITE_READONLY as its message says it (src/main.c `sqlite3ErrStr`).
  [
    'read_only',
    /\[Errno 30\] Read-only file system|\[Errno 30\]|\bEROFS\b|Read-only file system|attempt to write a readonly database|\bSQLITE_READONLY\b/i,
  ],
  // EACCES on a file: CPython's `PermissionError: [Errno 13] Permission denied: '<path>'`, Node's `EACCES: permission
  // denied, open '<path>'`, the shell's and coreutils' `<path>: Permission denied`. A platform's refusal (`send
  // permission denied`, an API's 403) names no path and is no file's.
  [
    'permission',
    /\[Errno 13\] Permission denied|\bPermissionError\b|\bEACCES\b|['"]?\/[^\s'"]*['"]?: Permission denied\b/,
  ],
  [
    'rate_limit',
    /Too Many Requests|\brate[- ]?limit(?:ed)?\b|\bretry[_ -]after\b|Flood control exceeded|\bthrottl(?:ed|ing)\b/i,
  ],
  [
    'auth',
    /\bUnauthori[sz]ed\b|\bForbidden\b|\bInvalidToken\b|\binvalid[_ ](?:token|access[_ ]token|credentials?|app[_ ]secret|client[_ ]secret|grant)\b|\btoken (?:rejected|expired|revoked|has been invalidated|is invalid)\b|\bauthentication failed\b|\bauth(?:entication)? error\b|\b(?:invalid_auth|not_authed|token_revoked|token_expired|account_inactive)\b/i,
  ],
  // gai_strerror (glibc, macOS), Windows' WSAHOST_NOT_FOUND, Python's gaierror numbers, Node's and curl's words.
  [
    'dns',
    /name resolution|Name or service not known|nodename nor servname provided|No address associated with hostname|getaddrinfo|\bENOTFOUND\b|\bEAI_(?:AGAIN|NONAME|NODATA|FAIL)\b|Could not resolve host|\[Errno -[2345]\]|\[Errno 1100[14]\]|Failed to resolve|DNS lookup failed|\bNXDOMAIN\b/i,
  ],
  // Python's ssl module (`[SSL: CERTIFICATE_VERIFY_FAILED] … (_ssl.c:1006)`), aiohttp's and Node's certificate errors.
  // Case matters: aiohttp's `ssl:default` in a connect error is no TLS failure.
  [
    'tls',
    /\[SSL(?:: [A-Z_]+)?\]|\(_ssl\.c:\d+\)|\bSSL(?:Error|CertVerificationError|EOFError|ZeroReturnError)\b|CERTIFICATE_VERIFY_FAILED|certificate verify failed|certificate has expired|self[- ]signed certificate|unable to verify the first certificate|\b(?:CERT_HAS_EXPIRED|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|ERR_TLS_CERT_ALTNAME_INVALID|EPROTO)\b|TLS handshake/,
  ],
  [
    'connect',
    /Connection refused|Connect call failed|All connection attempts failed|Cannot connect to host|Connection reset|Network is unreachable|No route to host|Host is unreachable|Server disconnected|Connection aborted|Remote end closed connection|unable to connect to the server|\b(?:ECONNREFUSED|ECONNRESET|ENETUNREACH|EHOSTUNREACH|ECONNABORTED|EPIPE)\b|\[Errno (?:111|104|101|113|103|61|54|51|65)\]/i,
  ],
  ['timeout', /timed out|timeout|\bETIMEDOUT\b|deadline exceeded|\[Errno 110\]/i],
];

/**
 * The words of one kind, for a reader that keeps or scans lines of that kind only (the agent.log tail keeps disk-full
 * lines): the same table the classifier reads.
 */
export function kindWords(kind: Exclude<ErrorKind, 'server' | 'conflict'>): RegExp {
  return WORDS.find(([k]) => k === kind)![1];
}

/**
 * What an HTTP status says, when it says a kind: a 5xx is the servers failing, 429 a limit, 401/403 refused
 * credentials, 409 another client. Any other status (a 404, a 400 of the bot's own making) is of no kind.
 */
export function statusKind(status: number): ErrorClass | undefined {
  if (status >= 500 && status <= 599) return { kind: 'server', status };
  if (status === 429) return { kind: 'rate_limit', status };
  if (status === 401 || status === 403) return { kind: 'auth', status };
  if (status === 409) return { kind: 'conflict', status };
  return undefined;
}

/** What an error text is (see the top of this file); undefined when it says nothing any kind rests on. */
export function classifyError(text: string): ErrorClass | undefined {
  const status = httpStatusOf(text);
  // A status decides first: an answer is more than any word around it (`Gateway Timeout` is a 504, not a timeout).
  const byStatus = status === undefined ? undefined : statusKind(status);
  if (byStatus) return byStatus;
  for (const [kind, re] of WORDS) if (re.test(text)) return { kind };
  return undefined;
}

/** The kinds that say the platform's servers did not serve this host: a connection that failed, or one they failed. */
const UNSERVED: ReadonlySet<ErrorKind> = new Set(['server', 'dns', 'connect', 'tls', 'timeout']);

/** The servers cannot be reached from here, or answer with errors: the same from a restarted gateway. */
export function isUnserved(c: ErrorClass | undefined): boolean {
  return !!c && UNSERVED.has(c.kind);
}

/** The kinds that say this host's own way out failed, whatever the platform (name resolution, no route). */
export const HOST_WAY_OUT: ReadonlySet<ErrorKind> = new Set(['dns', 'connect', 'tls', 'timeout']);
