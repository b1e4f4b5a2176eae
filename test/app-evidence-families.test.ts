// Issue 77 item 6: the evidence families the last round missed in the next home, each judged by kind. Every family
// comes in two wordings and two places (a host home, and a container's: the gateway in its own PID namespace with the
// home bind-mounted at /opt/data, as Hermes' image runs it, and no container runtime to ask), beside the look-alike
// that must stay quiet; each home judged by the daemon and by `gatewatch check --json` alike. The words are the
// libraries' own: httpx's `'HTTP Request: %s %s "%s %d %s"'` (httpx/_client.py), urllib3's `'%s://%s:%s "%s %s %s" %s
// %s'` (DEBUG) and `"Retrying (%r) after connection broken by '%r': %s"` (WARNING, urllib3/connectionpool.py, its
// connection's str `HTTPSConnection(host=…, port=…)`), Node's EACCES report, CPython's PermissionError; Hermes' from
// the reference (the planned stop, `desired_state`, RotatingFileHandler's copies).
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createApp, type App } from '../src/app.js';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { clockAt } from './helpers/clock.js';
import type { Finding } from '../src/types.js';
import { cleanup, tempDir } from './helpers/probe-procs.js';
import { containerUnavailable } from './helpers/ns-gateway.js';
import {
  ago,
  chat,
  chownTree,
  containerGatewayFor,
  entryAgo,
  every,
  gatewayFor,
  judgedAlike,
  QQ,
  writeHome,
  type HomeSpec,
  type SeenAs,
} from './helpers/evidence-homes.js';
import { MiB, rootOwned, rotatingLog, rotations, stoppedHome, usersFile } from './helpers/family-homes.js';

// ---------- the words ----------

const httpx = (s: number, method: string, url: string, status: string) =>
  `${ago(s)} INFO httpx: HTTP Request: ${method} ${url} "${status}"`;
/** urllib3's DEBUG line for a response (what requests and the Lark SDK send through). */
const urllib3 = (s: number, host: string, method: string, target: string, status: number) =>
  `${ago(s)} DEBUG urllib3.connectionpool: https://${host}:443 "${method} ${target} HTTP/1.1" ${status} 166`;
/** urllib3's WARNING before it retries a request whose connection broke. */
const retrying = (s: number, err: string, target: string) =>
  `${ago(s)} WARNING urllib3.connectionpool: Retrying (Retry(total=2, connect=None, read=None, redirect=None, status=None)) after connection broken by '${err}': ${target}`;
const refused = (host: string) =>
  `NewConnectionError("HTTPSConnection(host='${host}', port=443): Failed to establish a new connection: [Errno 111] Connection refused")`;
const ABORTED =
  "ProtocolError('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))";
const TOKEN = '7012345678:AAF3kq9ZxYtW2vB8nR4mL6pJ0sD1cH5gE7u';

/** QQ's own reconnect loop failing since `from` seconds ago (hermes-gateway.md §4.1). */
function qqFailing(from: number, err: string): string[] {
  const lines = [`${ago(from)} WARNING ${QQ} WebSocket error: WebSocket closed`];
  every(from - 2, 60, Math.floor(from / 60)).forEach((s, i) => {
    lines.push(`${ago(s)} WARNING ${QQ} Reconnect failed: ${err}`);
    lines.push(`${ago(s)} INFO ${QQ} Reconnecting in 60s (attempt ${Math.min(i + 2, 99)})...`);
  });
  return lines;
}

/** python-telegram-bot's polling error callback every `gap` s since `from` seconds ago. */
const ptbPolling = (from: number, gap: number) =>
  every(from, gap, Math.floor(from / gap)).map(
    (s) =>
      `${ago(s)} ERROR telegram.ext.Updater: Exception happened while polling for updates.\nTraceback (most recent call last):\n  File "/opt/hermes/.venv/lib/python3.14/site-packages/telegram/ext/_utils/networkloop.py", line 161, in network_retry_loop\n    if not await do_action():\ntelegram.error.NetworkError: Bad Gateway (502)`,
  );

/** The Lark SDK losing its link `from` seconds ago, then its reconnects `gap` s apart, each failing with `err`. */
function larkLadder(from: number, gap: number, err: string): string[] {
  const conn = ' [conn_id=7441234567890123456]';
  const lines = [`${ago(from)} ERROR Lark: receive message loop exit, err: no close frame received or sent${conn}`];
  every(from - 20, gap, Math.floor((from - 20) / gap)).forEach((s, i) => {
    lines.push(`${ago(s)} INFO Lark: trying to reconnect for the ${i + 1}th time`);
    lines.push(`${ago(s - 1)} ERROR Lark: ${err}`);
  });
  return lines;
}

/** A busy agent.log: the model provider answered every `gap` s over the last `from` seconds (its own lines). */
const busy = (from: number, gap: number) =>
  every(from, gap, Math.floor(from / gap)).map((s) =>
    httpx(s, 'POST', 'https://api.openai.com/v1/chat/completions', 'HTTP/1.1 200 OK'),
  );

const chatting = (...platforms: string[]) =>
  platforms.flatMap((p, k) => every(3000 - k * 30, 300, 10).flatMap((s) => chat(p, s, `${p}-user`)));
const qqLive = () => ({ qqbot: entryAgo('connected', 3590) });
const stamped = (s: number) => `${ago(s)} WARNING plugins.memory: recall failed: index busy, retrying`;
const unstamped = () => '[memory-mcp] recall failed: index busy, retrying';

/** Node 20's report of a file it may not open, as WhatsApp's bridge prints it into bridge.log. */
const eacces = (file: string) => [
  'node:internal/fs/promises:638',
  '  return new FileHandle(await PromisePrototypeThen(',
  '                              ^',
  '',
  `Error: EACCES: permission denied, open '${file}'`,
  '    at async open (node:internal/fs/promises:638:25)',
  '  errno: -13,',
  "  code: 'EACCES',",
  '}',
  '',
  'Node.js v20.20.2',
];

// ---------- the homes ----------

type Place = 'host' | 'container';

interface Case {
  place: Place;
  /** The user its gateway runs as (the home that user's); root by default. */
  uid?: number;
  spec: () => HomeSpec;
  /** What else the home holds, once written (`seen`: how its container's gateway sees the home). */
  then?: (home: string, seen: string) => Promise<void>;
  /** The profile whose target is judged (the root's target beside it). */
  watch?: string;
  want: Verdict[];
}

interface Verdict {
  id: string;
  restart?: string;
  evidence?: RegExp;
  title?: RegExp;
  action?: RegExp;
  /** Its start, seconds ago (within 30 s). */
  since?: number;
}

const SESSION_ID = '20261128_101010_ab12cd';
const sessionIndex = JSON.stringify({
  'agent:main:qqbot:dm:U1': { session_id: SESSION_ID, origin: { platform: 'qqbot', chat_id: 'U1' } },
});

const CASES: Record<string, Case> = {
  // ----- a: a side log judged by its own pace, however it is rotated -----
  'a runaway errors.log Hermes rotates at 2 MB (3 copies, one rollover every 24 s)': {
    place: 'host',
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    then: rotatingLog('logs/errors.log', { files: 3, each: 2 * MiB, gapS: 24, line: stamped }),
    want: [
      {
        id: 'log_flood',
        restart: 'wait',
        evidence: /\S+\/logs\/errors\.log and its rotated copies.*by the times it was rotated = [45]\.\d MB\/min/,
      },
    ],
  },
  'a plugin’s unstamped log rotated at 10 MB every 2 min, in a container': {
    place: 'container',
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    then: rotatingLog('logs/hindsight/memory.log', {
      files: 4,
      each: 10 * MiB,
      gapS: 120,
      line: unstamped,
      sparse: true,
    }),
    want: [{ id: 'log_flood', restart: 'wait', title: /grows 5\.0 MB\/min: memory\.log, rotated about every 2 min/ }],
  },
  'a served profile’s MCP stderr rotated at 5 MB every minute': {
    place: 'host',
    watch: 'ops',
    spec: () => ({
      platforms: { telegram: entryAgo('connected', 3590), 'ops:qqbot': entryAgo('connected', 3590) },
      state: { served_profiles: ['default', 'ops'] },
      gateway: chatting('telegram'),
      profiles: { ops: { gateway: [] } },
    }),
    then: rotatingLog('profiles/ops/logs/mcp-stderr.log', {
      files: 3,
      each: 5 * MiB,
      gapS: 60,
      line: unstamped,
      sparse: true,
    }),
    want: [
      {
        id: 'log_flood',
        restart: 'wait',
        evidence: /\S+\/profiles\/ops\/logs\/mcp-stderr\.log and its rotated copies/,
      },
    ],
  },
  'look-alike: errors.log at 2 MB a copy, rotated hours apart': {
    place: 'host',
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    then: rotatingLog('logs/errors.log', { files: 3, each: 2 * MiB, gapS: 3 * 3600, line: stamped }),
    want: [],
  },
  'look-alike: a plugin’s copies rotated days ago, its log written now and small, in a container': {
    place: 'container',
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    then: async (home) => {
      await rotatingLog('logs/hindsight/memory.log', {
        files: 4,
        each: 10 * MiB,
        gapS: 3 * 86_400,
        line: unstamped,
        sparse: true,
      })(home);
      await writeFile(path.join(home, 'logs', 'hindsight', 'memory.log'), `${unstamped()}\n`);
    },
    want: [],
  },
  // ----- b: a loop that began before a rotation and goes on after it is one loop -----
  'QQ’s reconnect loop since 2.5 h, gateway.log rotated twice since (its start in .2)': {
    place: 'host',
    spec: () => ({
      upFor: 4 * 3600,
      platforms: { qqbot: entryAgo('disconnected', 10), telegram: entryAgo('connected', 14_000) },
      gateway: [
        ...qqFailing(9000, 'Failed to get QQ Bot gateway URL: All connection attempts failed'),
        ...every(14_000, 20, 700).flatMap((s) => chat('telegram', s)),
      ],
    }),
    then: rotations('logs/gateway.log', [7200, 3600]),
    // Hermes' own count says the loop is old: it gives up soon (QQ stops at attempt 100).
    want: [{ id: 'forecast:qqbot' }, { id: 'platform_down:qqbot', restart: 'wait', since: 9000 }],
  },
  'Telegram’s polling failing since 25 min in a busy agent.log rotated 5 min ago, in a container': {
    place: 'container',
    spec: () => ({
      platforms: { ...qqLive(), telegram: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: [...ptbPolling(1500, 30), ...busy(1500, 0.25)],
    }),
    then: rotations('logs/agent.log', [300]),
    want: [{ id: 'platform_down:telegram', restart: 'never', since: 1500 }],
  },
  'Feishu’s long connection refused since 20 min in the Lark SDK’s words, a busy agent.log rotated since': {
    place: 'host',
    spec: () => ({
      platforms: { ...qqLive(), feishu: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: [
        ...larkLadder(1200, 120, 'connect failed, err: server rejected WebSocket connection: HTTP 502'),
        ...busy(1200, 0.25),
      ],
    }),
    then: rotations('logs/agent.log', [400]),
    // From its first failed reconnect (the receive loop's exit says no kind of failure).
    want: [{ id: 'platform_down:feishu', restart: 'never', since: 1180 }],
  },
  'look-alike: a Telegram loop that ended before the rotation, in a container': {
    place: 'container',
    spec: () => ({
      platforms: { ...qqLive(), telegram: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: [
        ...ptbPolling(1500, 30).slice(0, 20),
        ...every(890, 10, 89).map((s) =>
          httpx(s, 'POST', `https://api.telegram.org/bot${TOKEN}/getUpdates`, 'HTTP/1.1 200 OK'),
        ),
        ...busy(1500, 0.25),
      ],
    }),
    then: rotations('logs/agent.log', [300]),
    want: [],
  },
  // ----- c: a platform whose only lines are its HTTP client's -----
  'QQ’s token endpoint answers 502 to every retry, httpx’s lines its only trace': {
    place: 'host',
    spec: () => ({
      platforms: { ...qqLive(), telegram: entryAgo('connected', 3590) },
      gateway: chatting('telegram'),
      agent: every(900, 30, 31).map((s) =>
        httpx(s, 'POST', 'https://bots.qq.com/app/getAppAccessToken', 'HTTP/1.1 502 Bad Gateway'),
      ),
    }),
    want: [{ id: 'platform_down:qqbot', restart: 'never', title: /HTTP 502/ }],
  },
  'Telegram’s getUpdates answered 502 in urllib3’s own lines (DEBUG), in a container': {
    place: 'container',
    spec: () => ({
      platforms: { ...qqLive(), telegram: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: every(900, 20, 46).map((s) => urllib3(s, 'api.telegram.org', 'POST', `/bot${TOKEN}/getUpdates`, 502)),
    }),
    want: [{ id: 'platform_down:telegram', restart: 'never', evidence: /getUpdates HTTP\/1\.1" 502/ }],
  },
  'Feishu’s token endpoint refused, in urllib3’s retry lines (requests, the Lark SDK)': {
    place: 'host',
    spec: () => ({
      platforms: { ...qqLive(), feishu: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: every(900, 30, 31).map((s) =>
        retrying(s, refused('open.feishu.cn'), '/open-apis/auth/v3/tenant_access_token/internal'),
      ),
    }),
    want: [{ id: 'platform_down:feishu', restart: 'wait' }],
  },
  'the same retry lines naming no host, the API’s path alone, in a container': {
    place: 'container',
    spec: () => ({
      platforms: { ...qqLive(), feishu: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: every(900, 30, 31).map((s) => retrying(s, ABORTED, '/open-apis/auth/v3/tenant_access_token/internal')),
    }),
    want: [{ id: 'platform_down:feishu', restart: 'wait' }],
  },
  'a Matrix homeserver of the operator’s own answers 502 to every sync, httpx’s lines its only trace': {
    place: 'host',
    spec: () => ({
      platforms: { ...qqLive(), matrix: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: every(900, 10, 91).map((s) =>
        httpx(s, 'GET', 'https://matrix.example.org/_matrix/client/v3/sync?timeout=30000', 'HTTP/1.1 502 Bad Gateway'),
      ),
    }),
    want: [{ id: 'platform_down:matrix', restart: 'never' }],
  },
  'look-alike: QQ’s replies answered 502 (a send, retried) while QQ chats': {
    place: 'host',
    spec: () => ({
      platforms: qqLive(),
      gateway: chatting('qqbot'),
      agent: every(900, 30, 31).map((s) =>
        httpx(s, 'POST', 'https://api.sgroup.qq.com/v2/users/U1/messages', 'HTTP/1.1 502 Bad Gateway'),
      ),
    }),
    want: [],
  },
  'look-alike: the model provider’s 502s and a Feishu send’s broken connection, in a container': {
    place: 'container',
    spec: () => ({
      platforms: { ...qqLive(), feishu: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: every(900, 30, 31).flatMap((s) => [
        httpx(s, 'POST', 'https://api.openai.com/v1/chat/completions', 'HTTP/1.1 502 Bad Gateway'),
        retrying(s, ABORTED, '/open-apis/im/v1/messages'),
      ]),
    }),
    want: [],
  },
  // ----- e: session files a command run as root left: their ownership, never a restart -----
  'WhatsApp’s session folder is root’s, its bridge says EACCES (the gateway runs as uid 1000)': {
    place: 'host',
    uid: 1000,
    spec: () => ({
      platforms: { ...qqLive(), whatsapp: { ...entryAgo('retrying', 20), error_message: 'failed to reconnect' } },
      gateway: chatting('qqbot'),
    }),
    then: async (home) => {
      const files = {
        'platforms/whatsapp/session/creds.json': '{}',
        'platforms/whatsapp/session/pre-key-1.json': '{}',
      };
      await rootOwned(files, 0o600, { uid: 1000, dirs: ['platforms/whatsapp/session'] })(home);
      const log = eacces(path.join(home, 'platforms/whatsapp/session/creds.json'));
      await usersFile(home, 'platforms/whatsapp/bridge.log', `${log.join('\n')}\n`, 1000);
    },
    want: [
      {
        id: 'session_unreadable:whatsapp',
        restart: 'never',
        // The command runs on this host: its path is the host's own (the quoted lines too).
        action: /^Fix the ownership: `sudo chown -R \S+ \/\S+\/platforms\/whatsapp`[\s\S]*$/,
        evidence:
          /\S+\/platforms\/whatsapp\/session\/: a folder owned by root[\s\S]*EACCES: permission denied, open '\S+\/platforms/,
      },
    ],
  },
  'WhatsApp’s creds.json is root’s and Hermes says it is not paired, in a container (uid 10000)': {
    place: 'container',
    uid: 10000,
    spec: () => ({
      platforms: {
        ...qqLive(),
        whatsapp: {
          state: 'fatal',
          error_code: 'whatsapp_not_paired',
          error_message: 'not paired',
          updated_at: ago(3500),
        },
      },
      gateway: [
        ...chatting('qqbot'),
        `${ago(3590)} WARNING hermes_plugins.whatsapp_platform.adapter: [Whatsapp] WhatsApp is enabled but not paired (no creds.json at /opt/data/platforms/whatsapp/session).`,
      ],
    }),
    then: rootOwned({ 'platforms/whatsapp/session/creds.json': '{}' }, 0o600, { uid: 10000 }),
    want: [
      {
        id: 'session_unreadable:whatsapp',
        restart: 'never',
        action: /`sudo chown -R 10000:10000 \/\S+\/platforms\/whatsapp`/,
        evidence: /runs as 10000 \(uid 10000[\s\S]*creds\.json: owned by root \(0:0\), mode 0600/,
      },
    ],
  },
  'QQ chats’ session files are root’s (0644): its turns fail with PermissionError (uid 1000)': {
    place: 'host',
    uid: 1000,
    spec: () => ({ platforms: qqLive(), gateway: chatting('qqbot') }),
    then: async (home) => {
      await usersFile(home, 'sessions/sessions.json', sessionIndex, 1000);
      await rootOwned({ [`sessions/${SESSION_ID}.jsonl`]: '{}\n' }, 0o644, { uid: 1000 })(home);
      const line = `${ago(60)} ERROR gateway.run: Agent error in session agent:main:qqbot:dm:U1\nTraceback (most recent call last):\n  File "/opt/hermes/gateway/session.py", line 210, in append\nPermissionError: [Errno 13] Permission denied: '${home}/sessions/${SESSION_ID}.jsonl'`;
      await writeFile(path.join(home, 'logs', 'agent.log'), `${line}\n`, { flag: 'a' });
    },
    want: [
      {
        id: 'session_unreadable:qqbot',
        restart: 'never',
        evidence: /sessions\/20261128_101010_ab12cd\.jsonl: owned by root/,
      },
    ],
  },
  'look-alike: root’s session files beside a gateway that runs as root, in a container': {
    place: 'container',
    spec: () => ({
      platforms: { ...qqLive(), whatsapp: entryAgo('connected', 3590) },
      gateway: chatting('qqbot', 'whatsapp'),
    }),
    then: rootOwned({ 'platforms/whatsapp/session/creds.json': '{}' }, 0o600, {
      uid: 0,
      dirs: ['platforms/whatsapp/session'],
    }),
    want: [],
  },
  'look-alike: another user’s session files its user may read and write (0666), and Feishu refusing a send': {
    place: 'host',
    uid: 1000,
    spec: () => ({
      platforms: { ...qqLive(), whatsapp: entryAgo('connected', 3590), feishu: entryAgo('connected', 3590) },
      gateway: [
        ...chatting('qqbot', 'whatsapp'),
        `${ago(120)} WARNING gateway.platforms.feishu: [Feishu] send failed: 230035 send permission denied`,
      ],
    }),
    then: rootOwned({ 'platforms/whatsapp/session/creds.json': '{}' }, 0o666, {
      uid: 1000,
      dirs: ['platforms/whatsapp/session'],
      dmode: 0o777,
    }),
    want: [],
  },
};

// ---------- d: a gateway stopped on purpose, wherever it runs ----------

interface Stopped {
  place: Place;
  /** The root's gateway lives beside the profile that was stopped; else the home itself was. */
  profile?: string;
  stop: (home: string) => Promise<void>;
  want: string[];
}

const STOPPED: Record<string, Stopped> = {
  'a host profile its operator stopped 20 h ago (`hermes -p ops gateway stop`)': {
    place: 'host',
    profile: 'ops',
    stop: (home) => stoppedHome(home, { s: 20 * 3600, signal: 'SIGTERM', pid: 999_001 }),
    want: [],
  },
  'a container’s profile stopped 20 h ago by SIGINT, no container runtime to ask': {
    place: 'container',
    profile: 'ops',
    stop: (home) => stoppedHome(home, { s: 20 * 3600, signal: 'SIGINT', pid: 57, seen: '/opt/data/profiles/ops' }),
    want: [],
  },
  'a container’s gateway stopped 20 h ago, its planned-stop lines rotated away': {
    place: 'container',
    stop: (home) => stoppedHome(home, { s: 20 * 3600, signal: 'SIGTERM', pid: 42, seen: '/opt/data', rotated: true }),
    want: [],
  },
  'the contrast: the same stop on a home that never said `desired_state: stopped` is reminded after 12 h': {
    place: 'host',
    stop: (home) => stoppedHome(home, { s: 20 * 3600, signal: 'SIGTERM', pid: 999_002, desired: false }),
    want: ['gateway_stopped#operator'],
  },
};

// ---------- the run ----------

let dir: string;
/** When each home's lines were dated from: a loaded box may take minutes from there to the looks. */
const writtenAt = new Map<string, number>();
let app: App;
let check: Finding[];
const noContainer = containerUnavailable();
const names = Object.keys(CASES).filter((n) => !noContainer || CASES[n]!.place === 'host');
const stopped = Object.keys(STOPPED).filter((n) => !noContainer || STOPPED[n]!.place === 'host');
const SERVICE = { manager: 'command', is_active: ['true'], restart: ['false'] };

/** A target for a home: a host's by its configured commands; a container's as found (nothing to ask it with). */
const targetFor = (name: string, home: string, place: Place, active = true) =>
  place === 'host'
    ? { name, hermes_home: home, service: { ...SERVICE, is_active: [String(active)] } }
    : { name, hermes_home: home };

async function liveGateway(home: string, place: Place, uid?: number): Promise<{ pid: number; seen?: SeenAs }> {
  if (place === 'host') return { pid: await gatewayFor(home, { uid }) };
  const g = await containerGatewayFor(home, '/opt/data', { uid });
  return { pid: g.pid, seen: g };
}

beforeAll(async () => {
  dir = await tempDir('gw-families-');
  const targets: unknown[] = [];
  // The gateways first, their files last: every line is dated from the moment just before the looks.
  const gws = [];
  for (const [i, name] of names.entries())
    gws.push(await liveGateway(path.join(dir, `h${i}`), CASES[name]!.place, CASES[name]!.uid));
  const roots = [];
  for (const [i, name] of stopped.entries())
    roots.push(STOPPED[name]!.profile ? await liveGateway(path.join(dir, `s${i}`), STOPPED[name]!.place) : undefined);
  for (const [i, name] of names.entries()) {
    const home = path.join(dir, `h${i}`);
    const c = CASES[name]!;
    writtenAt.set(`h${i}`, Date.now());
    const spec = c.spec();
    await writeHome(home, gws[i]!.pid, spec, gws[i]!.seen);
    if (c.uid !== undefined) await chownTree(home, c.uid);
    await c.then?.(home, gws[i]!.seen?.home ?? home);
    targets.push(targetFor(`h${i}`, home, c.place));
    for (const p of Object.keys(spec.profiles ?? {}))
      targets.push(targetFor(`h${i}-${p}`, path.join(home, 'profiles', p), c.place));
  }
  for (const [i, name] of stopped.entries()) {
    const home = path.join(dir, `s${i}`);
    const c = STOPPED[name]!;
    const root = roots[i];
    if (root) await writeHome(home, root.pid, { platforms: qqLive(), gateway: chatting('qqbot') }, root.seen);
    const own = c.profile ? path.join(home, 'profiles', c.profile) : home;
    await c.stop(own);
    targets.push(targetFor(`s${i}`, own, c.place, false));
  }
  ({ app, check } = await judgedAlike(dir, targets));
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await cleanup();
});

const found = (all: Finding[], target: string) => all.filter((f) => f.target === target && !f.lapsed);
const idOf = (f: Finding) => (f.platform ? `${f.check}:${f.platform}` : f.check);

function verdicts(all: Finding[], target: string, want: Verdict[]) {
  return found(all, target)
    .map((f) => {
      const w = want.find((y) => y.id === idOf(f));
      const since = typeof f.since === 'string' ? Date.parse(f.since) : f.since;
      const sinceAgo = since !== undefined ? ((writtenAt.get(target) ?? Date.now()) - since) / 1000 : undefined;
      const lines = f.evidence.join('\n');
      return {
        id: idOf(f),
        ...(w?.restart ? { restart: f.restart } : {}),
        ...(w?.evidence ? { evidence: w.evidence.test(lines) ? w.evidence : lines } : {}),
        ...(w?.title ? { title: w.title.test(f.title) ? w.title : f.title } : {}),
        ...(w?.action ? { action: w.action.test(f.action) ? w.action : f.action } : {}),
        // Dated by the loop's first drop, not by the rotation (a loaded box ages the lines by the time it takes).
        ...(w?.since !== undefined
          ? {
              since: sinceAgo !== undefined && sinceAgo >= w.since - 5 && sinceAgo <= w.since + 30 ? w.since : sinceAgo,
            }
          : {}),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('the evidence families, each by kind, at home and in a container (issue 77 item 6)', () => {
  it.each(names.map((n) => [`${CASES[n]!.place}: ${n}`, n] as const))('%s', async (_, name) => {
    const { want, watch } = CASES[name]!;
    const i = Object.keys(CASES)
      .filter((n) => names.includes(n))
      .indexOf(name);
    const target = watch ? `h${i}-${watch}` : `h${i}`;
    const expected = [...want].sort((a, b) => a.id.localeCompare(b.id));
    const daemon = (await app.core.look(target)).findings;
    expect(verdicts(daemon, target, want)).toEqual(expected);
    expect(verdicts(check, target, want)).toEqual(expected);
  });

  it.each(stopped.map((n) => [`${STOPPED[n]!.place}: ${n}`, n] as const))('%s', async (_, name) => {
    const target = `s${stopped.indexOf(name)}`;
    const ids = (all: Finding[]) => found(all, target).map((f) => `${f.check}${f.cause ? `#${f.cause}` : ''}`);
    expect(ids((await app.core.look(target)).findings)).toEqual(STOPPED[name]!.want);
    expect(ids(check)).toEqual(STOPPED[name]!.want);
  });
});

describe('a loop the daemon watches through a rotation is one incident (issue 77 item 6)', () => {
  it('Telegram’s polling fails on through agent.log’s rollover: the same incident, dated by its first failure', async () => {
    const home = path.join(await tempDir('gw-rollover-'), 'h');
    const pid = await gatewayFor(home);
    await writeHome(home, pid, {
      platforms: { ...qqLive(), telegram: entryAgo('connected', 3590) },
      gateway: chatting('qqbot'),
      agent: [...ptbPolling(1500, 30), ...busy(1500, 0.5)],
    });
    const raw = {
      state_dir: path.join(path.dirname(home), 'state'),
      schedule: '0 0 1 1 *',
      detect: { reachability: false },
      remediate: { auto_restart: false },
      targets: [targetFor('h', home, 'host')],
    };
    const daemon = await createApp(resolveConfig(configSchema.parse(raw), undefined), {
      log: pino({ level: 'silent' }),
      clock: clockAt(() => Date.now()),
    });
    try {
      const first = await daemon.core.evaluate('h');
      const open = () =>
        Object.values(daemon.core.state.incidents).filter((i) => i.target === 'h' && i.platform === 'telegram');
      const was = first.findings.find((f) => f.platform === 'telegram');
      expect(was?.check).toBe('platform_down');
      const [incident] = open();
      // Hermes rolls agent.log over (RotatingFileHandler, 5 MB): the loop goes on in the new file, the traffic too.
      const log = path.join(home, 'logs', 'agent.log');
      await rename(log, `${log}.1`);
      await writeFile(log, `${[...ptbPolling(25, 20), ...busy(25, 0.5)].sort().join('\n')}\n`);
      const after = await daemon.core.evaluate('h');
      const now = after.findings.find((f) => f.platform === 'telegram');
      expect(now?.check).toBe('platform_down');
      expect(now?.since).toBe(was?.since);
      expect(open().map((i) => i.id)).toEqual([incident!.id]);
    } finally {
      await daemon.stop();
    }
  });
});
