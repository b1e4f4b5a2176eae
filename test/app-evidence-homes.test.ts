// Issue 54: fresh homes in the words of the libraries under Hermes, each judged by the daemon and by `gatewatch check
// --json` (a cron job, no daemon) alike. Every failing home shows its trouble only in evidence gatewatch did not read:
// a library's own logger in agent.log, a file beside gateway.log, a served profile's logs. Each family comes in two
// wordings or two places; the look-alikes beside them must stay quiet. One config watches every home at once: one look
// of the daemon per home and one run of `check` in all.
import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, open, readFile, utimes, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Finding } from '../src/types.js';
import { cleanup, tempDir } from './helpers/probe-procs.js';
import { ago, chat, entryAgo, every, gatewayFor, QQ, writeHome, type HomeSpec } from './helpers/evidence-homes.js';
import { judgedAlike } from './helpers/evidence-homes.js';

// ---------- the libraries' words (see test/helpers/evidence-homes.ts for where each comes from) ----------

/** lark-oapi's `connect failed, err: {}` with requests' ConnectionError around urllib3's NameResolutionError. */
const larkDns = (host: string, err: string) =>
  `connect failed, err: HTTPSConnectionPool(host='${host}', port=443): Max retries exceeded with url: /callback/ws/endpoint (Caused by NameResolutionError("HTTPSConnection(host='${host}', port=443): Failed to resolve '${host}' (${err})"))`;
const LARK_CONN = ' [conn_id=7441234567890123456]';
const ordinal = (n: number) => `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;

/** The Lark SDK losing its link `from` seconds ago, then `tries` reconnects 120 s apart, each failing with `err`. */
function larkLadder(from: number, tries: number, err: string): string[] {
  const lines = [
    `${ago(from)} ERROR Lark: receive message loop exit, err: no close frame received or sent${LARK_CONN}`,
    `${ago(from)} INFO Lark: disconnected to wss://msg-frontier.feishu.cn/ws/v2?device_id=7441234567890123456&service_id=33554678${LARK_CONN}`,
  ];
  for (let i = 0; i < tries; i++) {
    const s = from - 20 - i * 120;
    lines.push(`${ago(s)} INFO Lark: trying to reconnect for the ${ordinal(i + 1)} time`);
    lines.push(`${ago(s - 1)} ERROR Lark: ${err}`);
  }
  return lines;
}

/** Hermes' Feishu supervisor while the SDK's ladder runs (v0.21.4+, §9.4). */
const feishuRetrying = (s: number) => ({
  state: 'retrying',
  error_code: null,
  error_message: 'Feishu websocket link lost; reconnecting',
  updated_at: new Date(Date.now() - s * 1000).toISOString(),
});

/** QQ's own reconnect loop failing since `from` seconds ago with `err` (hermes-gateway.md §4.1). */
function qqFailing(from: number, err: string): string[] {
  const lines = [`${ago(from)} WARNING ${QQ} WebSocket error: WebSocket closed`];
  every(from - 2, 60, Math.floor(from / 60)).forEach((s, i) => {
    lines.push(`${ago(s)} WARNING ${QQ} Reconnect failed: ${err}`);
    lines.push(`${ago(s)} INFO ${QQ} Reconnecting in 60s (attempt ${i + 2})...`);
  });
  return lines;
}

/** slack_sdk's `Failed to retrieve WSS URL` and `Failed to connect (error: …); Retrying...` with a SlackApiError. */
function slackRefused(logger: string, from: number, error: string): string[] {
  const api = `The request to the Slack API failed. (url: https://slack.com/api/apps.connections.open, status: 200)`;
  const said = `The server responded with: {'ok': False, 'error': '${error}'}`;
  return every(from, 10, Math.floor(from / 10)).flatMap((s) => [
    `${ago(s)} ERROR ${logger}: Failed to retrieve WSS URL: ${api}`,
    said,
    `${ago(s)} ERROR ${logger}: Failed to connect (error: ${api}`,
    `${said}); Retrying...`,
    'Traceback (most recent call last):',
    '  File "/opt/hermes/.venv/lib/python3.14/site-packages/slack_sdk/socket_mode/aiohttp/__init__.py", line 401, in connect',
    '    self.wss_uri = await self.issue_new_wss_url()',
    `slack_sdk.errors.SlackApiError: ${api}`,
    said,
  ]);
}

/** discord.py 2.7's `Attempting a reconnect in %.2fs` (ERROR, discord.client, with its traceback) every `gap` s. */
const discordReconnecting = (from: number, gap: number, error: string) =>
  every(from, gap, Math.floor(from / gap)).map(
    (s) =>
      `${ago(s)} ERROR discord.client: Attempting a reconnect in 8.21s\nTraceback (most recent call last):\n  File "/opt/hermes/.venv/lib/python3.14/site-packages/discord/client.py", line 745, in connect\n    await self.ws.poll_event()\n${error}`,
  );

/** python-telegram-bot 22.8's default polling error callback (ERROR, telegram.ext.Updater, with its traceback). */
const ptbPolling = (from: number, gap: number, error: string) =>
  every(from, gap, Math.floor(from / gap)).map(
    (s) =>
      `${ago(s)} ERROR telegram.ext.Updater: Exception happened while polling for updates.\nTraceback (most recent call last):\n  File "/opt/hermes/.venv/lib/python3.14/site-packages/telegram/ext/_utils/networkloop.py", line 161, in network_retry_loop\n    if not await do_action():\n${error}`,
  );

/** A Telegram bot token (its shape: the bot's id, a colon, 35 characters): it rides in every Bot API URL's path. */
const BOT_TOKEN = '7012345678:AAF3kq9ZxYtW2vB8nR4mL6pJ0sD1cH5gE7u';
/** httpx's INFO line for each request it sends (httpx/_client.py `'HTTP Request: %s %s "%s %d %s"'`), `s` seconds ago. */
const httpx = (s: number, method: string, url: string, status: string) =>
  `${ago(s)} INFO httpx: HTTP Request: ${method} ${url} "${status}"`;
/** python-telegram-bot's long poll through httpx every `gap` s from `from` seconds ago, each answered `status`. */
const getUpdates = (from: number, gap: number, status: string, upTo = 0) =>
  every(from, gap, Math.floor((from - upTo) / gap) + 1).map((s) =>
    httpx(s, 'POST', `https://api.telegram.org/bot${BOT_TOKEN}/getUpdates`, status),
  );

/** Matrix's sync loop (`Matrix: sync error: %s — retrying in 5s`, §6) failing every 5 s since `from` seconds ago. */
const matrixSync = (from: number, err: string) =>
  every(from, 5, Math.floor(from / 5)).map(
    (s) => `${ago(s)} WARNING hermes_plugins.matrix_platform.adapter: Matrix: sync error: ${err} — retrying in 5s`,
  );

/** QQ's routine idle close and its resume at each of `stamps` (seconds ago), as the real v0.17 gateway wrote them. */
const qqCloses = (stamps: number[]) =>
  stamps.flatMap((s) => [
    `${ago(s)} WARNING ${QQ} WebSocket closed: code=4009 reason=Session timed out`,
    `${ago(s)} INFO ${QQ} Reconnecting in 2s (attempt 1)...`,
    `${ago(s - 2)} INFO ${QQ} Reconnected`,
    `${ago(s - 2)} INFO ${QQ} Session resumed`,
  ]);

/** Closes up to `last` seconds ago, each interval `shrink` times the one before, from 30 min down to `until` s. */
function climbing(last: number, shrink: number, until: number): number[] {
  const out: number[] = [];
  for (let at = last, gap = until; gap <= 1800; gap /= shrink) {
    out.push(at);
    at += gap;
  }
  return out.reverse();
}

/** A climb of QQ's closes said with its rate now and its time left; the routine rate in its evidence. */
const CLIMB_SAID =
  /^QQ drops its session more and more often: \d+ times an hour \(one every 2 min\) now, one a minute in about /;
const ROUTINE_SAID = /routine: 2 times an hour \(one every 30 min\) per session/;

/** Two platforms chatting: a turn each every 5 min for the last hour. */
const chatting = (...platforms: string[]) =>
  platforms.flatMap((p, k) => every(3000 - k * 30, 300, 10).flatMap((s) => chat(p, s, `${p}-user`)));

/** CPython's `Handler.handleError` report of an ENOSPC, each line as Hermes' `stderr_timestamp` wrapper stamps it. */
const loggingErrorLines = (s: number, stamp: (line: string) => string) =>
  [
    '--- Logging error ---',
    'Traceback (most recent call last):',
    '  File "/usr/lib/python3.14/logging/__init__.py", line 1154, in emit',
    '    self.flush()',
    '  File "/usr/lib/python3.14/logging/__init__.py", line 1134, in flush',
    '    self.stream.flush()',
    'OSError: [Errno 28] No space left on device',
    'Call stack:',
    '  File "/opt/hermes/gateway/run.py", line 2210, in _handle_message',
    '    logger.info("inbound message: platform=%s user=%s", platform, user)',
    "Message: 'inbound message: platform=%s user=%s'",
    "Arguments: ('qqbot', 'U1')",
  ].map((l) => stamp(l));

const MiB = 1024 * 1024;

/**
 * A big log, sparse (no disk spent): `size` bytes, its first line stamped `bornAgo` seconds ago, a line `back` bytes
 * before its end stamped `backAgo` seconds ago, and its last line now; written `writtenAgo` seconds ago.
 */
function bigLog(bytes: number, o: { bornAgo: number; back: number; backAgo: number; writtenAgo?: number }) {
  const size = Math.round(bytes);
  return async (home: string, rel: string) => {
    const file = path.join(home, rel);
    await mkdir(path.dirname(file), { recursive: true });
    const fh = await open(file, 'w');
    const line = (s: number, text: string) => Buffer.from(`\n${ago(s)} INFO hindsight.memory: ${text}\n`);
    await fh.write(line(o.bornAgo, 'memory plugin started').subarray(1), 0, undefined, 0);
    await fh.write(line(o.backAgo, 'recall: 412 entries scanned'), 0, undefined, size - o.back - 1);
    const last = line(o.writtenAgo ?? 1, 'recall: 412 entries scanned');
    await fh.write(last, 0, undefined, size - last.length);
    await fh.close();
    const at = new Date(Date.now() - (o.writtenAgo ?? 1) * 1000);
    await utimes(file, at, at);
  };
}

/**
 * RotatingFileHandler's rollover of the log `rel` under a home `cut` seconds ago (hermes-gateway.md §2.2): the records
 * written before it are `<rel>.1`, the file holds only what came after.
 */
const rollOver = (rel: string, cut: number) => async (home: string) => {
  const file = path.join(home, rel);
  const lines = (await readFile(file, 'utf8')).replace(/\n$/, '').split('\n');
  const at = lines.findIndex((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} /.test(l) && l.slice(0, 23) >= ago(cut));
  const split = at < 0 ? lines.length : at;
  await writeFile(`${file}.1`, `${lines.slice(0, split).join('\n')}\n`);
  await writeFile(file, split < lines.length ? `${lines.slice(split).join('\n')}\n` : '');
};

/** The adapter's print()s when the bridge it spawned died at once (hermes-gateway-current.md §6). */
const BRIDGE_DIED = [
  '[Whatsapp] Bridge process died (exit code 1)',
  '[Whatsapp] Check log: /home/u/.hermes/platforms/whatsapp/bridge.log',
];

/** The runner retrying WhatsApp since `from` seconds ago, a dead-on-start bridge each time (§6, §4.0 backoff). */
const whatsappRetries = (from: number) => [
  `${ago(from)} WARNING gateway.run: ✗ whatsapp failed to connect`,
  ...every(1800, 300, 6).flatMap((s, i) => [
    `${ago(s)} INFO gateway.run: Reconnecting whatsapp (attempt ${i + 1})...`,
    `${ago(s)} INFO hermes_plugins.whatsapp_platform.adapter: [Whatsapp] Bridge found at /opt/hermes/scripts/whatsapp-bridge/bridge.js`,
    `${ago(s - 2)} INFO gateway.run: Reconnect whatsapp failed, next retry in 300s`,
  ]),
];

/** Node 20's own report of a package it cannot load, by require (CJS) or by import (ESM), as it prints it (run). */
const nodeMissing = (how: 'require' | 'import') =>
  how === 'require'
    ? [
        'node:internal/modules/cjs/loader:1210',
        '  throw err;',
        '  ^',
        '',
        "Error: Cannot find module '@whiskeysockets/baileys'",
        'Require stack:',
        '- /opt/hermes/scripts/whatsapp-bridge/bridge.js',
        '    at Module._resolveFilename (node:internal/modules/cjs/loader:1207:15)',
        '    at Module._load (node:internal/modules/cjs/loader:1038:27)',
        '    at Module.require (node:internal/modules/cjs/loader:1289:19)',
        "  code: 'MODULE_NOT_FOUND',",
        "  requireStack: [ '/opt/hermes/scripts/whatsapp-bridge/bridge.js' ]",
        '}',
        '',
        'Node.js v20.20.2',
      ]
    : [
        'node:internal/modules/esm/resolve:873',
        '  throw new ERR_MODULE_NOT_FOUND(packageName, fileURLToPath(base), null);',
        '        ^',
        '',
        "Error [ERR_MODULE_NOT_FOUND]: Cannot find package '@whiskeysockets/baileys' imported from /opt/hermes/scripts/whatsapp-bridge/bridge.mjs",
        '    at packageResolve (node:internal/modules/esm/resolve:873:9)',
        '    at moduleResolve (node:internal/modules/esm/resolve:946:18)',
        "  code: 'ERR_MODULE_NOT_FOUND'",
        '}',
        '',
        'Node.js v20.20.2',
      ];

/** 4.2 GiB nine days old, growing about 450 MB an hour lately (64 MiB in 8.5 min). */
const RUNAWAY = { bornAgo: 9 * 86_400, back: 64 * MiB, backAgo: 510 };

/** A port this test process listens on (the holder the host names), closed after all. */
const servers: net.Server[] = [];
async function heldPort(): Promise<number> {
  const srv = net.createServer();
  servers.push(srv);
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return (srv.address() as net.AddressInfo).port;
}

/** The dashboard's uvicorn failing to bind `port` at each of `stamps` (seconds ago), in `wording`. */
const bindFailed = (port: number, wording: 'linux' | 'macos') =>
  wording === 'linux'
    ? `ERROR:    [Errno 98] error while attempting to bind on address ('127.0.0.1', ${port}): address already in use`
    : `ERROR:    [Errno 48] error while attempting to bind on address ('0.0.0.0', ${port}): [errno 48] address already in use`;

/** A reader of state.db meeting SQLite's "malformed": the dashboard's usage loop as Hermes logs it (gui.log). */
const usageLoopMalformed = (s: number) => [
  `${ago(s)} ERROR hermes_cli.web_server: usage refresh failed`,
  'Traceback (most recent call last):',
  '  File "/opt/hermes/hermes_cli/web_server.py", line 812, in _usage_loop',
  '    rows = db.execute(USAGE_SQL).fetchall()',
  'sqlite3.DatabaseError: database disk image is malformed',
];

// ---------- the homes ----------

interface Case {
  /** What the home holds, dated when it is written (just before the looks: a slow run must not age its lines). */
  spec: () => HomeSpec;
  /** The served profile whose target is judged (the root's target is watched beside it); the root's by default. */
  watch?: string;
  /** The home on a disk of its own (a tmpfs of `sizeKiB`, filled to leave `freeKiB`): root only. */
  disk?: { sizeKiB: number; freeKiB: number };
  /** The findings about this home, as `check:platform` (or `check` alone), with their scope and restart advice. */
  want: Verdict[];
  /** What else to set up once the home exists (a file's time). */
  then?: (home: string) => Promise<void>;
}

interface Verdict {
  id: string;
  scope?: string;
  restart?: string;
  /** A line of its evidence says this. */
  evidence?: RegExp;
  /** Its title says this. */
  title?: RegExp;
}

const qqLive = () => ({ qqbot: entryAgo('connected', 3590) });

const CASES: Record<string, Case> = {
  // ----- 1: every line to its platform: the Lark SDK's lines (agent.log only) -----
  'Feishu and QQ fail name resolution together, Feishu in the Lark SDK’s words (v0.21.4+ supervisor)': {
    spec: () => ({
      platforms: { qqbot: entryAgo('disconnected', 10), feishu: feishuRetrying(520) },
      gateway: qqFailing(300, 'Failed to get QQ Bot gateway URL: [Errno -3] Temporary failure in name resolution'),
      agent: larkLadder(560, 4, larkDns('open.feishu.cn', '[Errno -3] Temporary failure in name resolution')),
    }),
    want: [
      { id: 'platform_down:qqbot', scope: 'host_network', restart: 'never' },
      { id: 'forecast:feishu', scope: 'host_network', restart: 'never' },
    ],
  },
  'Feishu and QQ fail name resolution together, Feishu’s entry still connected (≤ v0.21.3)': {
    spec: () => ({
      platforms: { qqbot: entryAgo('disconnected', 10), feishu: entryAgo('connected', 3590) },
      gateway: qqFailing(300, 'Failed to get QQ Bot access token: [Errno -2] Name or service not known'),
      agent: larkLadder(400, 3, larkDns('open.feishu.cn', '[Errno -2] Name or service not known')),
    }),
    want: [
      { id: 'platform_down:feishu', scope: 'host_network', restart: 'never' },
      { id: 'platform_down:qqbot', scope: 'host_network', restart: 'never' },
    ],
  },
  'Feishu’s endpoint answers 503 in the SDK’s words while QQ chats': {
    spec: () => ({
      platforms: { ...qqLive(), feishu: feishuRetrying(520) },
      gateway: chatting('qqbot'),
      agent: larkLadder(560, 4, 'connect failed, err: 503: system busy'),
    }),
    want: [{ id: 'forecast:feishu', scope: 'platform', restart: 'never' }],
  },
  'Feishu’s long connection refused with HTTP 502 while QQ chats, its entry still connected': {
    spec: () => ({
      platforms: { ...qqLive(), feishu: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: larkLadder(500, 4, 'connect failed, err: server rejected WebSocket connection: HTTP 502'),
    }),
    want: [{ id: 'platform_down:feishu', scope: 'platform', restart: 'never' }],
  },
  'Discord and QQ fail name resolution together, Discord in discord.py’s own words (agent.log only)': {
    spec: () => ({
      platforms: { qqbot: entryAgo('disconnected', 10), discord: entryAgo('connected', 3590) },
      gateway: qqFailing(300, 'Failed to get QQ Bot gateway URL: [Errno -3] Temporary failure in name resolution'),
      agent: discordReconnecting(
        280,
        40,
        'aiohttp.client_exceptions.ClientConnectorDNSError: Cannot connect to host gateway.discord.gg:443 ssl:default [Temporary failure in name resolution]',
      ),
    }),
    want: [
      { id: 'platform_down:discord', scope: 'host_network', restart: 'never' },
      { id: 'platform_down:qqbot', scope: 'host_network', restart: 'never' },
    ],
  },
  'Telegram’s polling answered Bad Gateway (502) in python-telegram-bot’s words while QQ chats': {
    spec: () => ({
      platforms: { ...qqLive(), telegram: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: ptbPolling(600, 30, 'telegram.error.NetworkError: Bad Gateway (502)'),
    }),
    want: [{ id: 'platform_down:telegram', scope: 'platform', restart: 'never' }],
  },
  // ----- 2: one rule for a platform that keeps failing, whatever its words -----
  'Matrix’s sync refused for 38 minutes while two platforms chat': {
    spec: () => ({
      platforms: { ...qqLive(), telegram: entryAgo('connected', 3590), matrix: entryAgo('connected', 3590) },
      gateway: [
        ...chatting('qqbot', 'telegram'),
        ...matrixSync(
          38 * 60,
          "Cannot connect to host matrix.example.org:443 ssl:default [Connect call failed ('203.0.113.7', 443)]",
        ),
      ],
    }),
    want: [{ id: 'platform_down:matrix', scope: 'unknown', restart: 'wait' }],
  },
  'Matrix’s sync answered 503 for 20 minutes while QQ chats': {
    spec: () => ({
      platforms: { ...qqLive(), matrix: entryAgo('connected', 3590) },
      gateway: [
        ...chatting('qqbot'),
        ...matrixSync(
          20 * 60,
          "503, message='Service Unavailable', url='https://matrix.example.org/_matrix/client/v3/sync?timeout=30000'",
        ),
      ],
    }),
    want: [{ id: 'platform_down:matrix', scope: 'platform', restart: 'never' }],
  },
  'Slack’s token revoked: Bolt retries forever (slack_bolt.AsyncApp, agent.log only)': {
    spec: () => ({
      platforms: { telegram: entryAgo('connected', 3590), slack: entryAgo('connected', 3590) },
      gateway: chatting('telegram'),
      agent: slackRefused('slack_bolt.AsyncApp', 20 * 60, 'token_revoked'),
    }),
    want: [{ id: 'platform_down:slack', restart: 'never' }],
  },
  'Slack’s app token refused (invalid_auth), the Socket Mode client’s own logger': {
    spec: () => ({
      platforms: { telegram: entryAgo('connected', 3590), slack: entryAgo('connected', 3590) },
      gateway: chatting('telegram'),
      agent: slackRefused('slack_sdk.socket_mode.aiohttp', 12 * 60, 'invalid_auth'),
    }),
    want: [{ id: 'platform_down:slack', restart: 'never' }],
  },
  // ----- issue 60: the HTTP client's own lines, a library's validation error -----
  'Telegram’s getUpdates answered 502 for ten minutes, httpx’s line its only trace, while QQ chats': {
    spec: () => ({
      platforms: { ...qqLive(), telegram: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: getUpdates(600, 20, 'HTTP/1.1 502 Bad Gateway'),
    }),
    want: [
      {
        id: 'platform_down:telegram',
        scope: 'platform',
        restart: 'never',
        evidence: /bot7012345678:\*\*\*\/getUpdates "HTTP\/1\.1 502 Bad Gateway"/,
        title: /HTTP 502/,
      },
    ],
  },
  'Discord’s API refusing the bot’s token (401) in httpx’s lines while Telegram chats': {
    spec: () => ({
      platforms: { telegram: entryAgo('connected', 3590), discord: entryAgo('connected', 3590) },
      gateway: chatting('telegram'),
      agent: every(900, 60, 16).map((s) =>
        httpx(s, 'GET', 'https://discord.com/api/v10/users/@me', 'HTTP/1.1 401 Unauthorized'),
      ),
    }),
    want: [{ id: 'platform_down:discord', restart: 'never', title: /refuses the bot's credentials/ }],
  },
  'Feishu’s API answering 503 over HTTP/2 in httpx’s lines while QQ chats': {
    spec: () => ({
      platforms: { ...qqLive(), feishu: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: every(700, 45, 16).map((s) =>
        httpx(
          s,
          'POST',
          'https://open.feishu.cn/open-apis/auth/v3/tenant_access_token/internal',
          'HTTP/2 503 Service Unavailable',
        ),
      ),
    }),
    want: [{ id: 'platform_down:feishu', scope: 'platform', restart: 'never', title: /HTTP 503/ }],
  },
  'matrix-nio’s validation error on every sync, its only words, while QQ chats': {
    spec: () => ({
      platforms: { ...qqLive(), matrix: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: every(600, 5, 120).map(
        (s) => `${ago(s)} WARNING nio.responses: Error validating response: 'next_batch' is a required property`,
      ),
    }),
    want: [{ id: 'platform_down:matrix', restart: 'helps', evidence: /'next_batch' is a required property/ }],
  },
  'look-alike: thousands of `200 OK` request lines, Telegram’s, Discord’s and the model provider’s': {
    spec: () => ({
      platforms: { ...qqLive(), telegram: entryAgo('connected', 3590), discord: entryAgo('connected', 3590) },
      gateway: chatting('qqbot', 'telegram'),
      agent: every(3000, 1, 3000).flatMap((s) => [
        httpx(s, 'POST', `https://api.telegram.org/bot${BOT_TOKEN}/getUpdates`, 'HTTP/1.1 200 OK'),
        ...(s % 7 ? [] : [httpx(s, 'POST', 'https://discord.com/api/v10/channels/1/messages', 'HTTP/1.1 200 OK')]),
        ...(s % 5 ? [] : [httpx(s, 'POST', 'https://api.openai.com/v1/chat/completions', 'HTTP/1.1 200 OK')]),
      ]),
    }),
    want: [],
  },
  'look-alike: a getUpdates 502 streak its next 200 ended': {
    spec: () => ({
      platforms: { ...qqLive(), telegram: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: [...getUpdates(900, 20, 'HTTP/1.1 502 Bad Gateway', 300), ...getUpdates(290, 10, 'HTTP/1.1 200 OK')],
    }),
    want: [],
  },
  // ----- 3: every file Hermes and its children write, and every served profile -----
  'QQ’s 4009 closes climbing toward one a minute in a served profile’s own logs': {
    watch: 'ops',
    spec: () => ({
      upFor: 5 * 3600,
      platforms: { telegram: entryAgo('connected', 17_990), 'ops:qqbot': entryAgo('connected', 17_990) },
      state: { served_profiles: ['default', 'ops'] },
      gateway: chatting('telegram'),
      profiles: { ops: { gateway: qqCloses(climbing(60, 0.9, 120)) } },
    }),
    // Its rate now and the routine one, said as rates, and the time left (issue 60 item 4).
    want: [{ id: 'forecast:qqbot', title: CLIMB_SAID, evidence: ROUTINE_SAID }],
  },
  'ENOSPC reported by CPython’s logging in launchd’s gateway.error.log': {
    disk: { sizeKiB: 4096, freeKiB: 36 },
    spec: () => ({
      platforms: qqLive(),
      gateway: chatting('qqbot'),
      files: { 'logs/gateway.error.log': loggingErrorLines(60, (l) => `${ago(60)} ${l}`) },
    }),
    want: [{ id: 'disk_full', restart: 'never', evidence: /Logging error[\s\S]*free of/ }],
  },
  'ENOSPC in an MCP server’s stderr (logs/mcp-stderr.log, unstamped)': {
    disk: { sizeKiB: 4096, freeKiB: 36 },
    spec: () => ({
      platforms: qqLive(),
      gateway: chatting('qqbot'),
      files: {
        'logs/mcp-stderr.log': [
          '[memory-mcp] writing index...',
          'Traceback (most recent call last):',
          '  File "/opt/mcp/memory/store.py", line 88, in save',
          '    fh.write(blob)',
          'OSError: [Errno 28] No space left on device',
        ],
      },
    }),
    want: [{ id: 'disk_full', restart: 'never', evidence: /memory-mcp[\s\S]*free of/ }],
  },
  'the same climb in a served profile’s gateway.log alone, the root restarted ten minutes ago': {
    watch: 'ops',
    spec: () => ({
      upFor: 600,
      platforms: { telegram: entryAgo('connected', 590), 'ops:qqbot': entryAgo('connected', 590) },
      state: { served_profiles: ['default', 'ops'] },
      gateway: chat('telegram', 300),
      profiles: { ops: { gateway: qqCloses(climbing(60, 0.9, 120)), noAgentLog: true } },
    }),
    want: [{ id: 'forecast:qqbot', title: CLIMB_SAID, evidence: ROUTINE_SAID }],
  },
  // ----- 4b: a runaway log by its growth in any file under logs/, however old and big -----
  'a 4.2 GiB log nine days old growing 450 MB an hour (launchd’s gateway.stdout.log)': {
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    then: (home) => bigLog(4.2 * 1024 * MiB, RUNAWAY)(home, 'logs/gateway.stdout.log'),
    want: [{ id: 'log_flood', restart: 'wait', evidence: /gateway\.stdout\.log: 4\.2 GB; 64 MB[\s\S]*full in about/ }],
  },
  'the same pace in a plugin’s own log (logs/hindsight/memory.log)': {
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    then: (home) => bigLog(4.2 * 1024 * MiB, RUNAWAY)(home, 'logs/hindsight/memory.log'),
    want: [{ id: 'log_flood', restart: 'wait', evidence: /memory\.log: 4\.2 GB/ }],
  },
  'look-alike: the same big log, not written for two hours': {
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    then: (home) =>
      bigLog(4.2 * 1024 * MiB, { ...RUNAWAY, writtenAgo: 7200, backAgo: 7710 })(home, 'logs/gateway.stdout.log'),
    want: [],
  },
  'look-alike: a big log growing slowly (64 MB in three hours)': {
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    then: (home) =>
      bigLog(900 * MiB, { bornAgo: 9 * 86_400, back: 64 * MiB, backAgo: 3 * 3600 })(home, 'logs/gateway.stdout.log'),
    want: [],
  },
  // ----- 4c: the rest of §10.1/§10.2 that read ok -----
  'Google Chat connected five hours ago and delivered nothing since, while Telegram and QQ chat': {
    spec: () => ({
      upFor: 5 * 3600,
      platforms: {
        google_chat: entryAgo('connected', 5 * 3600 - 2),
        telegram: entryAgo('connected', 5 * 3600 - 2),
        qqbot: entryAgo('connected', 5 * 3600 - 2),
      },
      gateway: chatting('telegram', 'qqbot'),
    }),
    want: [{ id: 'platform_deaf:google_chat', restart: 'never' }],
  },
  'look-alike: Google Chat quiet five hours on a gateway nobody writes to': {
    spec: () => ({
      upFor: 5 * 3600,
      platforms: { google_chat: entryAgo('connected', 5 * 3600 - 2), telegram: entryAgo('connected', 5 * 3600 - 2) },
    }),
    want: [],
  },
  'look-alike: Google Chat heard a message four hours ago, quiet since': {
    spec: () => ({
      upFor: 5 * 3600,
      platforms: { google_chat: entryAgo('connected', 5 * 3600 - 2), telegram: entryAgo('connected', 5 * 3600 - 2) },
      gateway: [...chatting('telegram'), ...chat('google_chat', 4 * 3600, 'users/1234')],
    }),
    want: [],
  },
  'the dashboard’s usage loop on a malformed state.db, again and again (logs/gui.log)': {
    spec: () => ({
      platforms: qqLive(),
      gateway: chatting('qqbot'),
      files: { 'logs/gui.log': every(600, 60, 10).flatMap(usageLoopMalformed) },
    }),
    want: [{ id: 'state_db_failing', restart: 'never' }],
  },
  'the same storm in launchd’s dashboard.error.log (unstamped)': {
    spec: () => ({
      platforms: qqLive(),
      gateway: chatting('qqbot'),
      files: {
        'logs/dashboard.error.log': Array.from({ length: 6 }, () => [
          'Traceback (most recent call last):',
          '  File "/opt/hermes/hermes_cli/web_server.py", line 812, in _usage_loop',
          'sqlite3.DatabaseError: database disk image is malformed',
        ]).flat(),
      },
    }),
    want: [{ id: 'state_db_failing', restart: 'never' }],
  },
  'look-alike: one malformed read an hour ago, none since': {
    spec: () => ({
      platforms: qqLive(),
      gateway: chatting('qqbot'),
      files: { 'logs/gui.log': usageLoopMalformed(3600) },
    }),
    want: [],
  },
  'the dashboard’s port held by another process (Linux wording, dashboard.error.log)': {
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    then: async (home) => {
      const port = await heldPort();
      await appendFile(
        path.join(home, 'logs', 'dashboard.error.log'),
        `${Array(5).fill(bindFailed(port, 'linux')).join('\n')}\n`,
      );
    },
    want: [
      { id: 'port_in_use', restart: 'never', title: new RegExp(`cannot bind port \\d+: pid ${process.pid} holds it`) },
    ],
  },
  'the same in the newer wording, stamped by launchd’s wrapper': {
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    then: async (home) => {
      const port = await heldPort();
      const lines = every(300, 60, 5).map((s) => `${ago(s)} ${bindFailed(port, 'macos')}`);
      await appendFile(path.join(home, 'logs', 'dashboard.error.log'), `${lines.join('\n')}\n`);
    },
    want: [{ id: 'port_in_use', restart: 'never', title: new RegExp(`pid ${process.pid} holds it`) }],
  },
  'look-alike: one failed bind at a start an hour ago': {
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    then: async (home) => {
      await appendFile(path.join(home, 'logs', 'dashboard.error.log'), `${ago(3600)} ${bindFailed(9119, 'linux')}\n`);
    },
    want: [],
  },
  // ----- 5: rules hold at their extremes -----
  'QQ’s 4009 closes rise from routine to one a minute within the last hour': {
    spec: () => ({
      upFor: 4 * 3600,
      platforms: qqLive(),
      gateway: [...chatting('qqbot'), ...qqCloses([...every(3 * 3600 + 1800, 1800, 6), ...every(45 * 60, 60, 45)])],
    }),
    want: [{ id: 'forecast:qqbot' }],
  },
  'QQ’s 4009 closes at 180 an hour for the last 40 min: said as a rate, now and routine (issue 60 item 4)': {
    spec: () => ({
      upFor: 3 * 3600,
      platforms: qqLive(),
      gateway: [...chatting('qqbot'), ...qqCloses(every(40 * 60, 20, 120))],
    }),
    want: [
      {
        id: 'forecast:qqbot',
        title: /^QQ drops its session 180 times an hour \(one every 20 s\) now: 90× its routine rate$/,
        evidence: ROUTINE_SAID,
      },
    ],
  },
  // ----- 4: the host itself, not only its words -----
  'the disk itself is full (36 KiB free) and no log says so': {
    disk: { sizeKiB: 4096, freeKiB: 36 },
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    want: [{ id: 'disk_full', restart: 'never', evidence: /statfs\): 36 KB free/ }],
  },
  // ----- look-alikes: the same words where they say nothing -----
  'look-alike: the new words quoted in a chat message': {
    spec: () => ({
      platforms: { ...qqLive(), feishu: entryAgo('connected', 3590) },
      gateway: [
        ...chatting('qqbot'),
        `${ago(100)} INFO gateway.run: inbound message: platform=qqbot user=U2 chat=U2 msg="why does it say connect failed, err: 503: system busy and Failed to resolve 'open.feishu.cn' and [Errno 28] No space left on device" reply_to_id=None reply_to_text=''`,
        `${ago(95)} INFO gateway.run: response ready: platform=qqbot chat=U2 time=5.0s api_calls=1 response=300 chars`,
      ],
    }),
    want: [],
  },
  // ----- a story that spans a rollover is one story (issue 60 item 2) -----
  'Discord keeps reconnecting in discord.py’s words, agent.log rolled over a minute ago': {
    spec: () => ({
      platforms: { ...qqLive(), discord: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: discordReconnecting(
        290,
        40,
        "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host gateway.discord.gg:443 ssl:default [Connect call failed ('162.159.135.234', 443)]",
      ),
    }),
    then: rollOver('logs/agent.log', 60),
    want: [{ id: 'platform_down:discord' }],
  },
  'Feishu’s long connection refused with HTTP 502 in the Lark SDK’s words, agent.log rolled over between its tries': {
    spec: () => ({
      platforms: { ...qqLive(), feishu: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: larkLadder(500, 4, 'connect failed, err: server rejected WebSocket connection: HTTP 502'),
    }),
    then: rollOver('logs/agent.log', 200),
    want: [{ id: 'platform_down:feishu', scope: 'platform', restart: 'never' }],
  },
  // ----- advice follows the cause wherever the evidence lies (issue 60 item 6) -----
  'WhatsApp’s bridge dies at every start on a missing module (require), seen through a unit’s append file': {
    spec: () => ({
      platforms: { ...qqLive(), whatsapp: { ...entryAgo('retrying', 20), error_message: 'failed to reconnect' } },
      gateway: [...chatting('qqbot'), ...whatsappRetries(3590)],
      files: {
        // systemd's `StandardOutput=append:` file: the adapter's print()s, unstamped.
        'logs/gateway.stdout.log': Array.from({ length: 7 }, () => BRIDGE_DIED).flat(),
        'platforms/whatsapp/bridge.log': nodeMissing('require'),
      },
    }),
    want: [{ id: 'install_broken:whatsapp', restart: 'never', title: /@whiskeysockets\/baileys is missing/ }],
  },
  'the same under launchd (prints in gateway.log), the bridge an ES module': {
    spec: () => ({
      platforms: { ...qqLive(), whatsapp: { ...entryAgo('retrying', 20), error_message: 'failed to reconnect' } },
      gateway: [...chatting('qqbot'), ...whatsappRetries(3590), ...BRIDGE_DIED],
      files: { 'platforms/whatsapp/bridge.log': nodeMissing('import') },
    }),
    want: [{ id: 'install_broken:whatsapp', restart: 'never', evidence: /Cannot find package/ }],
  },
  'Matrix’s reconnects fail on a Python module the update left out (the runner’s own line)': {
    spec: () => ({
      platforms: { ...qqLive(), matrix: { ...entryAgo('retrying', 20), error_message: "No module named 'nio'" } },
      gateway: [
        ...chatting('qqbot'),
        `${ago(3590)} WARNING gateway.run: ✗ matrix failed to connect`,
        ...every(1800, 300, 6).flatMap((s, i) => [
          `${ago(s)} INFO gateway.run: Reconnecting matrix (attempt ${i + 1})...`,
          `${ago(s - 1)} WARNING gateway.run: Reconnect matrix error: No module named 'nio', next retry in 300s`,
        ]),
      ],
    }),
    want: [{ id: 'install_broken:matrix', restart: 'never' }],
  },
  'look-alike: a missing module in bridge.log before the bridge connected again': {
    spec: () => ({
      platforms: { ...qqLive(), whatsapp: entryAgo('connected', 600) },
      gateway: chatting('qqbot', 'whatsapp'),
      files: { 'platforms/whatsapp/bridge.log': [...nodeMissing('require'), '✅ WhatsApp connected!'] },
    }),
    want: [],
  },
  'look-alike: the failures in a rotated log of yesterday': {
    spec: () => ({
      platforms: { ...qqLive(), feishu: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      files: {
        'logs/agent.log.1': larkLadder(
          86_000,
          6,
          larkDns('open.feishu.cn', '[Errno -3] Temporary failure in name resolution'),
        ),
        'logs/gateway.error.log.1': loggingErrorLines(86_000, (l) => `${ago(86_000)} ${l}`),
      },
    }),
    want: [],
  },
  'look-alike: Matrix and Slack failed for an hour and recovered an hour ago': {
    spec: () => ({
      upFor: 4 * 3600,
      platforms: { ...qqLive(), matrix: entryAgo('connected', 3590), slack: entryAgo('connected', 3590) },
      gateway: [
        ...chatting('qqbot'),
        ...matrixSync(
          2 * 3600,
          "Cannot connect to host matrix.example.org:443 ssl:default [Connect call failed ('203.0.113.7', 443)]",
        ).slice(0, 720),
        ...chat('matrix', 3500, '@ann:example.org'),
        ...chat('slack', 3400, 'U0SLACK'),
      ],
      agent: [
        ...slackRefused('slack_bolt.AsyncApp', 2 * 3600, 'invalid_auth').slice(0, 9 * 360),
        `${ago(3590)} INFO slack_bolt.AsyncApp: A new session (s_8779876543210) has been established`,
      ],
    }),
    want: [],
  },
  'look-alike: one 503 from Feishu’s endpoint, connected again at the next try': {
    spec: () => ({
      platforms: { ...qqLive(), feishu: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: [
        ...larkLadder(700, 1, 'connect failed, err: 503: system busy'),
        `${ago(500)} INFO Lark: trying to reconnect for the 2nd time`,
        `${ago(499)} INFO Lark: connected to wss://msg-frontier.feishu.cn/ws/v2?device_id=7441234567890123456&service_id=33554678${LARK_CONN}`,
      ],
    }),
    want: [],
  },
  'look-alike: one name-resolution failure of QQ, resumed at the next try': {
    spec: () => ({
      platforms: qqLive(),
      gateway: [
        ...chatting('qqbot'),
        `${ago(900)} WARNING ${QQ} WebSocket error: WebSocket closed`,
        `${ago(898)} WARNING ${QQ} Reconnect failed: Failed to get QQ Bot gateway URL: [Errno -3] Temporary failure in name resolution`,
        `${ago(898)} INFO ${QQ} Reconnecting in 5s (attempt 2)...`,
        `${ago(893)} INFO ${QQ} WebSocket connected to wss://api.sgroup.qq.com/websocket`,
        `${ago(893)} INFO ${QQ} Reconnected`,
        `${ago(892)} INFO ${QQ} Session resumed`,
      ],
    }),
    want: [],
  },
  'look-alike: Slack rate-limited, waited as told, connected again': {
    spec: () => ({
      platforms: { telegram: entryAgo('connected', 3590), slack: entryAgo('connected', 3590) },
      gateway: chatting('telegram'),
      agent: [
        `${ago(600)} INFO slack_bolt.AsyncApp: The session (s_8771234567890) seems to be already closed. Reconnecting...`,
        `${ago(600)} INFO slack_bolt.AsyncApp: Rate limited. Retrying in 30 seconds...`,
        `${ago(569)} INFO slack_bolt.AsyncApp: The old session (s_8771234567890) has been abandoned`,
        `${ago(569)} INFO slack_bolt.AsyncApp: A new session (s_8779876543210) has been established`,
      ],
    }),
    want: [],
  },
  'look-alike: a removed platform’s stale entry (Discord, an earlier life’s) and that life’s discord.py failures, beside the live Telegram':
    {
      spec: () => ({
        upFor: 2 * 86_400,
        platforms: { telegram: entryAgo('connected', 2 * 86_400 - 2) },
        stale: { discord: entryAgo('disconnected', 2 * 86_400 + 11) },
        gateway: chatting('telegram'),
        agent: every(2 * 86_400 + 600, 30, 20).map(
          (s) =>
            `${ago(s)} ERROR discord.client: Attempting a reconnect in 8.21s\nTraceback (most recent call last):\naiohttp.client_exceptions.ClientConnectorDNSError: Cannot connect to host gateway.discord.gg:443 ssl:default [Temporary failure in name resolution]`,
        ),
      }),
      want: [],
    },
  'look-alike: a logging error that is no full disk, in gateway.error.log': {
    spec: () => ({
      platforms: qqLive(),
      gateway: chatting('qqbot'),
      files: {
        'logs/gateway.error.log': loggingErrorLines(60, (l) => `${ago(60)} ${l}`).map((l) =>
          l.replace(
            'OSError: [Errno 28] No space left on device',
            "UnicodeEncodeError: 'ascii' codec can't encode character",
          ),
        ),
      },
    }),
    want: [],
  },
};

// ---------- the run ----------

let dir: string;
let app: App;
let check: Finding[];
/** What `check --json` printed, whole. */
let checkOut: string;
/** A home on a disk of its own needs a mount: root only (CI runs as root). */
const root = process.getuid?.() === 0;
const names = Object.keys(CASES).filter((n) => root || !CASES[n]!.disk);
const targetOf = (i: number) => `h${i}`;
const mounts: string[] = [];

/** A tmpfs of `sizeKiB` at `dir`, filled to leave `freeKiB` once the home is on it. */
async function smallDisk(dir: string, sizeKiB: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k,mode=0700`, 'tmpfs', dir]);
  mounts.push(dir);
}

function fill(dir: string, freeKiB: number): void {
  const avail = Number(
    execFileSync('df', ['-k', '--output=avail', dir], { encoding: 'utf8' }).trim().split('\n').at(-1),
  );
  if (avail > freeKiB)
    execFileSync('dd', ['if=/dev/zero', `of=${path.join(dir, 'ballast')}`, 'bs=1k', `count=${avail - freeKiB}`], {
      stdio: 'ignore',
    });
}

beforeAll(async () => {
  dir = await tempDir('gw-evidence-');
  const targets = [];
  // The gateways first, their files last: every home's lines are dated from the moment just before the looks, however
  // slow a loaded host makes the spawning.
  const pids: number[] = [];
  for (const [i, name] of names.entries()) {
    const home = path.join(dir, targetOf(i));
    if (CASES[name]!.disk) await smallDisk(home, CASES[name]!.disk!.sizeKiB);
    pids.push(await gatewayFor(home));
  }
  for (const [i, name] of names.entries()) {
    const home = path.join(dir, targetOf(i));
    const c = CASES[name]!;
    const spec = c.spec();
    await writeHome(home, pids[i]!, spec);
    await c.then?.(home);
    if (c.disk) fill(home, c.disk.freeKiB);
    const service = { manager: 'command', is_active: ['true'], restart: ['false'] };
    targets.push({ name: targetOf(i), hermes_home: home, service });
    for (const p of Object.keys(spec.profiles ?? {}))
      targets.push({ name: `${targetOf(i)}-${p}`, hermes_home: path.join(home, 'profiles', p), service });
  }
  ({ app, check, checkOut } = await judgedAlike(dir, targets));
}, 120_000);

afterAll(async () => {
  try {
    await app?.stop();
    for (const srv of servers) srv.close();
  } finally {
    // Before the temporary folders go (a mount point cannot be removed), whatever failed before: a mount left behind
    // outlives the run's directory.
    for (const m of mounts.splice(0)) {
      try {
        execFileSync('umount', ['-l', m]);
      } catch {
        // Not mounted (its beforeAll stopped before the mount).
      }
    }
    await cleanup();
  }
});

const verdict = (found: Finding[], target: string): (Verdict & { lines: string; titled: string })[] =>
  found
    .filter((f) => f.target === target && !f.lapsed)
    .map((f) => ({
      id: f.platform ? `${f.check}:${f.platform}` : f.check,
      ...(f.scope ? { scope: f.scope } : {}),
      restart: f.restart,
      lines: f.evidence.join('\n'),
      titled: f.title,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('evidence beside gateway.log, judged alike by the daemon and by check (issue 54)', () => {
  it.each(names.map((n, i) => [n, i] as const))('%s', async (name, i) => {
    const { want, watch } = CASES[name]!;
    const target = watch ? `${targetOf(i)}-${watch}` : targetOf(i);
    const daemon = verdict((await app.core.look(target)).findings, target);
    const pick = (v: (Verdict & { lines: string; titled: string })[]) =>
      v.map((x) => {
        const w = want.find((y) => y.id === x.id);
        return {
          id: x.id,
          ...(w?.scope ? { scope: x.scope } : {}),
          ...(w?.restart ? { restart: x.restart } : {}),
          ...(w?.evidence ? { evidence: w.evidence.test(x.lines) ? w.evidence : x.lines } : {}),
          ...(w?.title ? { title: w.title.test(x.titled) ? w.title : x.titled } : {}),
        };
      });
    expect(pick(daemon)).toEqual([...want].sort((a, b) => a.id.localeCompare(b.id)));
    expect(pick(verdict(check, target))).toEqual(pick(daemon));
  });
});

describe('a credential in a request’s URL (issue 60)', () => {
  it('Telegram’s bot token in httpx’s lines leaves in no finding: not the daemon’s, not check’s', async () => {
    const i = names.findIndex((n) => n.startsWith('Telegram’s getUpdates answered 502'));
    const secret = BOT_TOKEN.slice(BOT_TOKEN.indexOf(':') + 1);
    const daemon = (await app.core.look(targetOf(i))).findings;
    expect(daemon.some((f) => f.platform === 'telegram')).toBe(true);
    expect(JSON.stringify(daemon)).not.toContain(secret);
    expect(checkOut).toContain('getUpdates');
    expect(checkOut).not.toContain(secret);
  });
});
