// One classifier judges an error text by what it is (issue 50 item 1): each family in the wording the reference quotes
// and in the words other libraries print for the same failure, and the look-alikes that must stay of no kind (or of
// their own). Generic texts are the libraries' own formats: python-telegram-bot's `_baserequest`, httpx's
// `raise_for_status`, aiohttp's `ClientResponseError.__str__` and connector errors, requests' `raise_for_status`,
// urllib's `HTTPError`, Node's `ws`, glibc's gai_strerror and strerror, Python's ssl module.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { classifyError, httpStatusOf, isUnserved, REASON_PHRASES, type ErrorKind } from '../../src/util/error-kind.js';

const FAMILIES: Record<ErrorKind, { status?: number; texts: string[] }[]> = {
  server: [
    {
      status: 500,
      texts: [
        // §10.5, the reference's QQ send failure.
        'sendText failed: HTTP 500: Internal Server Error',
        'Internal Server Error',
        "Server error '500 Internal Server Error' for url 'https://open.feishu.cn/open-apis/auth/v3/tenant_access_token/internal'",
      ],
    },
    {
      status: 502,
      texts: [
        // python-telegram-bot raises NetworkError("Bad Gateway") for a 502: the phrase alone.
        'Bad Gateway',
        "Reconnect failed: Failed to get QQ Bot gateway URL: 502, message='Bad Gateway', url='https://api.sgroup.qq.com/gateway'",
        'Unexpected server response: 502',
      ],
    },
    {
      status: 503,
      texts: [
        'Service Unavailable',
        "Server error '503 Service Unavailable' for url 'https://api.telegram.org/bot…/getMe'",
        '503 Server Error: Service Unavailable for url: https://open.feishu.cn/open-apis/callback/ws/endpoint',
        'HTTP Error 503: Service Unavailable',
        // python-telegram-bot for any other status: `f"{message} ({code})"`.
        'Service temporarily unavailable (503)',
      ],
    },
    { status: 504, texts: ['Gateway Timeout', 'HTTP/1.1 504 Gateway Timeout', 'status_code=504'] },
    {
      status: 502,
      // httpx's own line for a request (httpx/_client.py `'HTTP Request: %s %s "%s %d %s"'`), HTTP/1.1 and HTTP/2.
      texts: [
        'HTTP Request: POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getUpdates "HTTP/1.1 502 Bad Gateway"',
        'HTTP Request: GET https://discord.com/api/v10/gateway/bot "HTTP/2 502 Bad Gateway"',
      ],
    },
  ],
  dns: [
    {
      texts: [
        'Failed to get QQ Bot gateway URL: [Errno -3] Temporary failure in name resolution',
        'Cannot connect to host api.telegram.org:443 ssl:default [Name or service not known]',
        '[Errno -2] Name or service not known',
        '[Errno -5] No address associated with hostname',
        '[Errno 8] nodename nor servname provided, or not known',
        '[Errno 11001] getaddrinfo failed',
        'getaddrinfo ENOTFOUND open.feishu.cn',
        'getaddrinfo EAI_AGAIN api.telegram.org',
      ],
    },
  ],
  connect: [
    {
      texts: [
        'Failed to get QQ Bot gateway URL: All connection attempts failed',
        'Cannot connect to host api.sgroup.qq.com:443 ssl:default [Network is unreachable]',
        "[Errno 111] Connect call failed ('127.0.0.1', 443)",
        'connect ECONNREFUSED 127.0.0.1:443',
        '[Errno 104] Connection reset by peer',
        'Server disconnected',
        '[Errno 113] No route to host',
      ],
    },
  ],
  tls: [
    {
      texts: [
        "Cannot connect to host api.telegram.org:443 ssl:True [SSLCertVerificationError: (1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')]",
        'certificate has expired',
        'EOF occurred in violation of protocol (_ssl.c:2427)',
      ],
    },
  ],
  timeout: [
    {
      texts: [
        'Reconnect failed: Failed to get QQ Bot gateway URL: ReadTimeout',
        'Timed out',
        'telegram connect timed out after 180s',
        'connect ETIMEDOUT 149.154.167.220:443',
      ],
    },
  ],
  auth: [
    {
      status: 401,
      texts: [
        'HTTP 401: Unauthorized',
        'Unauthorized',
        "Client error '401 Unauthorized' for url 'https://api.telegram.org/bot…/getMe'",
      ],
    },
    {
      status: 403,
      texts: [
        'Forbidden',
        '403 Client Error: Forbidden for url: https://open.feishu.cn/open-apis/im/v1/messages',
        'HTTP Request: GET https://slack.com/api/auth.test "HTTP/1.1 403 Forbidden"',
      ],
    },
    {
      status: 401,
      texts: ['HTTP Request: GET https://discord.com/api/v10/users/@me "HTTP/1.1 401 Unauthorized"'],
    },
    {
      texts: [
        'Discord bot token rejected: Improper token has been passed.',
        'invalid token',
        'The token is invalid or was revoked',
      ],
    },
  ],
  rate_limit: [
    {
      status: 429,
      texts: [
        'HTTP 429: Too Many Requests',
        'Too Many Requests',
        'status 429',
        'HTTP Request: POST https://slack.com/api/apps.connections.open "HTTP/1.1 429 Too Many Requests"',
      ],
    },
    { texts: ['Rate limited (4008), waiting 60s', 'Flood control exceeded. Retry in 27 seconds', 'retry after 30'] },
  ],
  conflict: [
    {
      status: 409,
      texts: [
        // A second getUpdates poller on the bot token, as httpx logs Telegram's answer; httpx's raise_for_status.
        'HTTP Request: POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getUpdates "HTTP/1.1 409 Conflict"',
        "Client error '409 Conflict' for url 'https://api.telegram.org/bot…/getUpdates'",
        // python-telegram-bot for a status it has no exception of its own for: `f"{message} ({code})"`.
        'Conflict: terminated by other getUpdates request (409)',
      ],
    },
  ],
  invalid_response: [
    {
      // matrix-nio's `verify` (nio/responses.py) with jsonschema's `%r is a required property`: an error body in place
      // of a /sync answer, whose schema requires `next_batch`; and any other answer it cannot read.
      texts: [
        "Error validating response: 'next_batch' is a required property",
        "Error validating response: 'timeout' is a required property",
        "Error validating response: 'event_id' is a required property",
      ],
    },
  ],
  disk_full: [
    {
      texts: [
        'Sorry, I encountered an error (OSError). [Errno 28] No space left on device',
        'database or disk is full',
        "ENOSPC: no space left on device, write '/home/u/.hermes/state.db'",
      ],
    },
  ],
  // Node 20's loaders and CPython 3.11's import system, each as it prints (run and copied).
  install: [
    {
      texts: [
        "Error: Cannot find module '@whiskeysockets/baileys'",
        "Error [ERR_MODULE_NOT_FOUND]: Cannot find package '@whiskeysockets/baileys' imported from /opt/hermes/scripts/whatsapp-bridge/bridge.mjs",
        "ModuleNotFoundError: No module named 'nio'",
        "ImportError: cannot import name 'AsyncClient' from 'nio' (/opt/hermes/.venv/lib/python3.11/site-packages/nio/__init__.py)",
      ],
    },
  ],
  // CPython's OSError with glibc's strerror for EROFS; libuv's (Node) words; SQLite's SQLITE_READONLY message.
  read_only: [
    {
      texts: [
        "OSError: [Errno 30] Read-only file system: '/srv/hermes/sessions/sessions.json'",
        "EROFS: read-only file system, open '/srv/hermes/logs/bridge.log'",
        'sqlite3.OperationalError: attempt to write a readonly database',
      ],
    },
  ],
  // Issue 77: files another user owns, in CPython's, Node's and coreutils' words (strerror's EACCES).
  permission: [
    {
      texts: [
        "PermissionError: [Errno 13] Permission denied: '/home/ops/.hermes/sessions/sessions.json'",
        "Error: EACCES: permission denied, open '/opt/data/platforms/whatsapp/session/creds.json'",
        "[Errno 13] Permission denied: '/srv/hermes/platforms/matrix/store/olm.db'",
        "mkdir: cannot create directory '/opt/data/logs/gateways/default': Permission denied",
      ],
    },
  ],
};

describe('classifyError: judged by kind, not by wording', () => {
  for (const [kind, groups] of Object.entries(FAMILIES))
    for (const g of groups)
      for (const text of g.texts)
        it(`${kind}${g.status ? ` ${g.status}` : ''}: ${text.slice(0, 80)}`, () => {
          expect(classifyError(text)).toEqual({ kind, ...(g.status !== undefined ? { status: g.status } : {}) });
        });

  it('every family holds at least two wordings', () => {
    for (const [kind, groups] of Object.entries(FAMILIES))
      expect(groups.flatMap((g) => g.texts).length, kind).toBeGreaterThanOrEqual(2);
  });

  it("names each status by the standard's reason phrase, as Node's own table does", () => {
    for (const [status, phrase] of Object.entries(REASON_PHRASES)) expect(http.STATUS_CODES[status]).toBe(phrase);
  });

  it('servers that failed, and servers not reached, are both unserved; credentials, limits and disks are not', () => {
    for (const text of ['Bad Gateway', '[Errno -3] Temporary failure in name resolution', 'Timed out'])
      expect(isUnserved(classifyError(text)), text).toBe(true);
    for (const text of ['Unauthorized', 'Too Many Requests', 'No space left on device', 'KeyError: chat_id'])
      expect(isUnserved(classifyError(text)), text).toBe(false);
  });
});

describe('look-alikes stay of no kind', () => {
  const NONE = [
    // A bare number is no status: an attempt, a close code, a port, a size.
    'Reconnecting in 60s (attempt 503)...',
    'WebSocket closed: code=4009, reason=Session timed ou'.replace('timed ou', 'expired'),
    'Cannot find module listening on :443',
    '[MEMORY] rss=502MB gc=(700, 10, 2) threads=31 uptime=3600s',
    'Sending response (500 chars)',
    // aiohttp's `ssl:default` in a connect error that failed for no TLS reason is no TLS failure.
    "KeyError: 'ssl:default'",
    // Python's NotImplementedError is not a 501.
    'NotImplementedError: stream reconnect',
    // A bad request is the bot's own doing, no kind a restart or the network decides.
    'Bad Request: chat not found',
    // A conflict that names no status is a word: Hermes' own polling lines, a merge.
    'Telegram polling bootstrap conflict; gateway stays alive while conflict retry runs',
    'CONFLICT (content): Merge conflict in config.yaml',
    // httpx's line for a request that succeeded, or failed by the bot's own doing.
    'HTTP Request: POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getUpdates "HTTP/1.1 200 OK"',
    'HTTP Request: POST https://api.telegram.org/bot123/sendMessage "HTTP/1.1 400 Bad Request"',
    // A platform refusing the bot a send names no file (Feishu's 230035).
    'send permission denied',
  ];
  for (const text of NONE) it(text, () => expect(classifyError(text)).toBeUndefined());

  it('a status needs its words: `HTTP 500` is one, `500 chars` and `4009` are none', () => {
    expect(httpStatusOf('HTTP 500')).toBe(500);
    expect(httpStatusOf('Sending response (500 chars)')).toBeUndefined();
    expect(httpStatusOf('code=4009')).toBeUndefined();
  });

  it('a Gateway Timeout is the servers answering (a 504), not a timeout', () => {
    expect(classifyError('504 Gateway Timeout')?.kind).toBe('server');
  });
});
