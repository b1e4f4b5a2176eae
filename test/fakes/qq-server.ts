// A fake QQ open platform on 127.0.0.1, faithful to the reference (docs/develop/api-v2 plus the field reports it
// cites): the AppAccessToken endpoint, GET /gateway, the WebSocket gateway (Hello, Identify/Resume, READY/RESUMED,
// heartbeats, op 7/9, close codes, replay on resume) and the C2C/group message endpoints with passive-reply windows
// and proactive refusals, and the interaction-recall (`is_wakeup`) message: C2C only, never with msg_id/event_id,
// within 30 days after the user last wrote, one per window (same day, days 1–3, 3–7, 7–30, calendar days in China
// time), the windows starting again when the user writes on a later day. Faults are switched on by the test.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { until } from '../helpers/until.js';

export interface FakeQQOptions {
  appId?: string;
  clientSecret?: string;
  heartbeatIntervalMs?: number;
  /** Lifetime of an access token, seconds. */
  tokenTtlSec?: number;
  /** A refused token request echoes the request in its error message, as some endpoints and proxies do. */
  echoRequestInErrors?: boolean;
  /** Intents this bot may use; anything else closes with 4014. */
  allowedIntents?: number;
  windows?: { c2cMs: number; c2cMax: number; groupMs: number; groupMax: number };
  /** Clock of the interaction-recall windows (days since a user last wrote). */
  now?: () => number;
}

export interface Frame {
  op: number;
  d?: unknown;
  s?: number;
  t?: string;
  id?: string;
}

export interface FakeConn {
  id: number;
  ws: WebSocket;
  identify?: { token: string; intents: number; shard?: unknown };
  resume?: { token: string; session_id: string; seq: number };
  sessionId?: string;
  ready: boolean;
  heartbeats: { d: unknown; at: number; acked: boolean }[];
  openedAt: number;
  closedAt?: number;
  /** Who ended it: our close code, 'client' (close frame or drop from the client), 'drop' (we cut TCP). */
  endedBy?: number | 'client' | 'drop';
  clientCloseCode?: number;
}

export interface SentMessage {
  kind: 'user' | 'group';
  to: string;
  body: { content?: string; msg_type?: number; msg_id?: string; msg_seq?: number; [k: string]: unknown };
  status: number;
  response: Record<string, unknown>;
  /** The send was accepted (2xx). */
  ok: boolean;
  passive: boolean;
  at: number;
}

interface Session {
  id: string;
  seq: number;
  events: Frame[];
  conn?: FakeConn;
}

interface Received {
  id: string;
  kind: 'user' | 'group';
  to: string;
  at: number;
  seqs: Set<number>;
}

export interface Faults {
  /** Answer heartbeats with op 11. */
  ack: boolean;
  /** Proactive sends (no msg_id) are refused with 40034102 / 40034105. */
  refuseProactive: boolean;
  /** Network down: every HTTP request and WebSocket upgrade has its TCP connection cut. */
  down: boolean;
  /** Next /gateway answers: HTTP status codes to return instead of the URL. */
  gatewayErrors: number[];
  /** Next message sends: answers to return instead of handling them. */
  sendErrors: {
    status: number;
    code?: number;
    message?: string;
    retryAfterSec?: number /** only for content containing this */;
    match?: string;
  }[];
  /** Close 4009 after this many ms without a dispatch on the socket (the ~30–65 min "connection expired"). */
  idleCloseMs?: number;
  /** Answer Resume with op 9 (d=false), as after 4902. */
  rejectResume: boolean;
  /** Interaction-recall messages are refused too (a bot without the capability, or a user who switched it off). */
  refuseRecall?: boolean;
  /**
   * This host's IP is not on the bot's whitelist: every HTTP call is refused as qq-bot-protocol.md quotes it (HTTP 401,
   * `{"message":"接口访问源IP不在白名单","code":11298,"err_code":40023002}`).
   */
  notWhitelisted?: boolean;
}

export interface FakeQQ {
  baseUrl: string;
  tokenUrl: string;
  conns: FakeConn[];
  sent: SentMessage[];
  tokensIssued: number;
  tokenRequests: number;
  faults: Faults;
  /** The connection that is open now, if any. */
  active(): FakeConn | undefined;
  readyConns(): FakeConn[];
  pushC2C(openid: string, content: string): string;
  pushGroup(groupOpenid: string, memberOpenid: string, content: string): string;
  /** Push the same message event again (QQ's documented double push), with a new seq. */
  repush(msgId: string): void;
  /** Any dispatch event, for lifecycle events and malformed payloads. */
  pushEvent(t: string, d: unknown): void;
  sendRaw(text: string): void;
  closeActive(code: number, reason?: string): void;
  sendReconnect(): void;
  sendInvalidSession(d: boolean): void;
  /** Destroy the TCP socket under the active connection: no close frame. */
  dropTcp(): void;
  /** Make every issued token invalid (as after expiry). */
  revokeTokens(): void;
  waitFor<T>(what: string, fn: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** The AppSecret reset on the open platform: the token endpoint refuses the old one (code 100016) from now on. */
  setClientSecret(secret: string): void;
  close(): Promise<void>;
}

const PROACTIVE_REFUSAL = { message: '主动消息失败, 无权限', user: 40034102, group: 40034105 };
// The reference gives no code for a malformed recall (group, or with msg_id): this fake answers a generic bad request.
const RECALL_INVALID = 40034001;
const DAY_MS = 86_400_000;
const chinaDay = (t: number) => Math.floor((t + 8 * 3_600_000) / DAY_MS);
/** The recall window (0–3) `days` calendar days after the user last wrote, or -1 past 30 days. */
const recallWindowOf = (days: number) => (days === 0 ? 0 : days <= 3 ? 1 : days <= 7 ? 2 : days <= 30 ? 3 : -1);

export async function startFakeQQ(o: FakeQQOptions = {}): Promise<FakeQQ> {
  const appId = o.appId ?? '102000001';
  let secret = o.clientSecret ?? 'fake-client-secret-DG5g3B4j';
  const hbMs = o.heartbeatIntervalMs ?? 300;
  const ttlSec = o.tokenTtlSec ?? 7200;
  const allowed = o.allowedIntents ?? (1 << 25) | (1 << 26);
  const win = o.windows ?? { c2cMs: 60 * 60_000, c2cMax: 4, groupMs: 5 * 60_000, groupMax: 5 };

  const faults: Faults = {
    ack: true,
    refuseProactive: false,
    down: false,
    gatewayErrors: [],
    sendErrors: [],
    rejectResume: false,
  };
  const conns: FakeConn[] = [];
  const sent: SentMessage[] = [];
  const clock = o.now ?? Date.now;
  /** C2C users: when they last wrote, and the recall windows used since. */
  const spoke = new Map<string, { at: number; used: Set<number> }>();
  const sessions = new Map<string, Session>();
  const received = new Map<string, Received>();
  const valid = new Map<string, number>(); // token → expiresAt
  let current: { token: string; expiresAt: number } | undefined;
  let lastSession: Session | undefined;
  let connSeq = 0;
  const sockets = new Set<Socket>();
  const idleTimers = new Map<FakeConn, NodeJS.Timeout>();

  const fake: FakeQQ = {
    baseUrl: '',
    tokenUrl: '',
    conns,
    sent,
    tokensIssued: 0,
    tokenRequests: 0,
    faults,
    active: () => conns.find((c) => c.closedAt === undefined && c.ws.readyState === 1),
    readyConns: () => conns.filter((c) => c.ready),
    pushC2C(openid, content) {
      const id = `ROBOT1.0_${randomUUID()}`;
      received.set(id, { id, kind: 'user', to: openid, at: Date.now(), seqs: new Set() });
      const prev = spoke.get(openid);
      const t = clock();
      spoke.set(
        openid,
        prev && chinaDay(prev.at) === chinaDay(t) ? { at: t, used: prev.used } : { at: t, used: new Set() },
      );
      dispatch(
        'C2C_MESSAGE_CREATE',
        { author: { user_openid: openid }, content, id, timestamp: new Date().toISOString() },
        `C2C_MESSAGE_CREATE:${randomUUID()}`,
      );
      return id;
    },
    pushGroup(group, member, content) {
      const id = `ROBOT1.0_${randomUUID()}`;
      received.set(id, { id, kind: 'group', to: group, at: Date.now(), seqs: new Set() });
      // The @bot mention is stripped, leaving a leading space.
      dispatch(
        'GROUP_AT_MESSAGE_CREATE',
        {
          author: { member_openid: member },
          content: ` ${content}`,
          group_openid: group,
          id,
          timestamp: new Date().toISOString(),
        },
        `GROUP_AT_MESSAGE_CREATE:${randomUUID()}`,
      );
      return id;
    },
    repush(msgId) {
      const sess = lastSession;
      const ev = sess?.events.find((e) => (e.d as { id?: string } | undefined)?.id === msgId);
      if (!ev) throw new Error(`no event for ${msgId}`);
      dispatch(ev.t!, ev.d, ev.id);
    },
    pushEvent(t, d) {
      dispatch(t, d, `${t}:${randomUUID()}`);
    },
    sendRaw(text) {
      fake.active()?.ws.send(text);
    },
    closeActive(code, reason = '') {
      const c = fake.active();
      if (!c) throw new Error('no active connection');
      end(c, code);
      c.ws.close(code, reason);
    },
    sendReconnect() {
      fake.active()?.ws.send(JSON.stringify({ op: 7 }));
    },
    sendInvalidSession(d) {
      fake.active()?.ws.send(JSON.stringify({ op: 9, d }));
    },
    dropTcp() {
      const c = fake.active();
      if (!c) throw new Error('no active connection');
      end(c, 'drop');
      (c.ws as unknown as { _socket: Socket })._socket.destroy();
    },
    revokeTokens() {
      valid.clear();
      current = undefined;
    },
    setClientSecret(next) {
      secret = next;
    },
    waitFor(what, fn, timeoutMs = 15_000) {
      return until(what, fn, { timeoutMs, everyMs: 20 });
    },
    async close() {
      for (const t of idleTimers.values()) clearTimeout(t);
      for (const c of conns) c.ws.terminate();
      wss.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  function end(c: FakeConn, by: FakeConn['endedBy']): void {
    if (c.endedBy === undefined) c.endedBy = by;
    clearTimeout(idleTimers.get(c));
  }

  function send(c: FakeConn, f: Frame): void {
    if (c.ws.readyState === 1) c.ws.send(JSON.stringify(f));
  }

  function armIdle(c: FakeConn): void {
    clearTimeout(idleTimers.get(c));
    if (faults.idleCloseMs === undefined) return;
    idleTimers.set(
      c,
      setTimeout(() => {
        if (c.closedAt !== undefined) return;
        end(c, 4009);
        c.ws.close(4009, 'Session timed out');
      }, faults.idleCloseMs),
    );
  }

  function dispatch(t: string, d: unknown, eventId?: string): void {
    const sess = lastSession;
    if (!sess) throw new Error('no session yet: the client never identified');
    const f: Frame = { op: 0, s: ++sess.seq, t, d, id: eventId };
    sess.events.push(f);
    if (sess.conn && sess.conn.ready && sess.conn.closedAt === undefined) {
      send(sess.conn, f);
      armIdle(sess.conn);
    }
  }

  function tokenOk(header: string | undefined): boolean {
    const m = /^QQBot (.+)$/.exec(header ?? '');
    const exp = m ? valid.get(m[1]!) : undefined;
    return exp !== undefined && Date.now() < exp;
  }

  function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-tps-trace-id': randomUUID().replace(/-/g, ''),
      ...headers,
    });
    res.end(JSON.stringify(body));
  }

  async function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  const server = http.createServer((req, res) => {
    if (faults.down) return void req.socket.destroy();
    if (faults.notWhitelisted)
      return void json(res, 401, { message: '接口访问源IP不在白名单', code: 11298, err_code: 40023002 });
    void route(req, res).catch((err: Error) => json(res, 500, { message: err.message, code: 500 }));
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/app/getAppAccessToken') {
      fake.tokenRequests++;
      const b = await readBody(req);
      // Failures are HTTP 200 with a code in the body.
      if (String(b.appId) !== appId || b.clientSecret !== secret) {
        const echo = o.echoRequestInErrors
          ? ` (request ${JSON.stringify(b)}; secret ${String(b.clientSecret)} rejected)`
          : '';
        return json(res, 200, { code: 100016, message: `invalid appid or secret${echo}` });
      }
      const now = Date.now();
      // The same token until its last 60 s; then a new one, the old one still valid for those 60 s.
      if (!current || current.expiresAt - now <= 60_000) {
        current = { token: `tok-${randomUUID()}`, expiresAt: now + ttlSec * 1000 };
        valid.set(current.token, current.expiresAt);
        fake.tokensIssued++;
      }
      return json(res, 200, {
        access_token: current.token,
        expires_in: String(Math.round((current.expiresAt - now) / 1000)),
      });
    }
    if (!tokenOk(req.headers.authorization))
      return json(res, 401, { message: 'token not exist or expire', code: 11244, err_code: 11244 });
    if (req.method === 'GET' && (url.pathname === '/gateway' || url.pathname === '/gateway/bot')) {
      const err = faults.gatewayErrors.shift();
      if (err) return json(res, err, { message: 'server error', code: err }, err === 429 ? { 'retry-after': '0' } : {});
      const wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/websocket/`;
      return json(
        res,
        200,
        url.pathname === '/gateway'
          ? { url: wsUrl }
          : {
              url: wsUrl,
              shards: 1,
              session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
            },
      );
    }
    const m = /^\/v2\/(users|groups)\/([^/]+)\/messages$/.exec(url.pathname);
    if (req.method === 'POST' && m) {
      const kind = m[1] === 'users' ? 'user' : 'group';
      const to = decodeURIComponent(m[2]!);
      const body = (await readBody(req)) as SentMessage['body'];
      const answer = (status: number, response: Record<string, unknown>, headers: Record<string, string> = {}) => {
        sent.push({
          kind,
          to,
          body,
          status,
          response,
          ok: status >= 200 && status < 300,
          passive: typeof body.msg_id === 'string',
          at: Date.now(),
        });
        json(res, status, response, headers);
      };
      const fail = (code: number, message: string, status = 400) =>
        answer(status, { message, code, err_code: code, trace_id: randomUUID() });
      const at = faults.sendErrors.findIndex(
        (e) => e.match === undefined || String(body.content ?? '').includes(e.match),
      );
      const inj = at >= 0 ? faults.sendErrors.splice(at, 1)[0] : undefined;
      if (inj) {
        const h: Record<string, string> =
          inj.retryAfterSec !== undefined ? { 'retry-after': String(inj.retryAfterSec) } : {};
        return answer(
          inj.status,
          inj.code
            ? { message: inj.message ?? 'error', code: inj.code, err_code: inj.code, trace_id: randomUUID() }
            : { message: inj.message ?? 'error' },
          h,
        );
      }
      if (typeof body.content !== 'string' || body.content === '') return fail(40034001, 'content empty');
      if (kind === 'group' && /\b(?:https?|wss?):\/\//i.test(body.content)) return fail(40054010, 'url not allowed');
      if (body.is_wakeup === true) {
        if (kind !== 'user' || body.msg_id !== undefined || body.event_id !== undefined)
          return fail(RECALL_INVALID, 'is_wakeup is for C2C messages without msg_id or event_id');
        const u = spoke.get(to);
        const w = u ? recallWindowOf(chinaDay(clock()) - chinaDay(u.at)) : -1;
        if (faults.refuseRecall || !u || w < 0 || u.used.has(w))
          return fail(PROACTIVE_REFUSAL.user, PROACTIVE_REFUSAL.message);
        u.used.add(w);
      } else if (typeof body.msg_id === 'string') {
        const r = received.get(body.msg_id);
        if (!r || r.kind !== kind || r.to !== to) return fail(40034024, '请求参数msg_id无效或越权');
        const seq = Number(body.msg_seq ?? 1);
        if (r.seqs.has(seq)) return fail(40054005, '消息被去重，请检查请求msgseq');
        const span = kind === 'user' ? win.c2cMs : win.groupMs;
        const max = kind === 'user' ? win.c2cMax : win.groupMax;
        if (Date.now() - r.at > span) return fail(40034005, 'msg_id expired');
        if (r.seqs.size >= max) return fail(40034128, 'passive reply count exceeded');
        r.seqs.add(seq);
      } else if (faults.refuseProactive) {
        return fail(kind === 'user' ? PROACTIVE_REFUSAL.user : PROACTIVE_REFUSAL.group, PROACTIVE_REFUSAL.message);
      }
      return answer(200, { id: randomUUID(), timestamp: Math.floor(Date.now() / 1000) });
    }
    return json(res, 404, { message: 'not found', code: 404 });
  }

  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (faults.down || !req.url?.startsWith('/websocket')) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  function onConnection(ws: WebSocket): void {
    const c: FakeConn = { id: ++connSeq, ws, ready: false, heartbeats: [], openedAt: Date.now() };
    conns.push(c);
    ws.on('close', (code) => {
      c.closedAt = Date.now();
      if (c.endedBy === undefined) {
        c.endedBy = 'client';
        c.clientCloseCode = code;
      }
      clearTimeout(idleTimers.get(c));
      for (const sess of sessions.values()) if (sess.conn === c) sess.conn = undefined;
    });
    ws.on('error', () => {});
    ws.on('message', (raw) => onFrame(c, String(raw)));
    send(c, { op: 10, d: { heartbeat_interval: hbMs } });
  }

  function onFrame(c: FakeConn, text: string): void {
    let f: Frame;
    try {
      f = JSON.parse(text) as Frame;
    } catch {
      end(c, 4002);
      return void c.ws.close(4002, 'invalid payload');
    }
    switch (f.op) {
      case 1: {
        const hb = { d: f.d, at: Date.now(), acked: faults.ack };
        c.heartbeats.push(hb);
        if (faults.ack) send(c, { op: 11 });
        return;
      }
      case 2: {
        const d = f.d as FakeConn['identify'];
        c.identify = d;
        // Without the "QQBot " prefix (or with a stale token) QQ says nothing, then sends op 9.
        if (!d || !tokenOk(d.token)) return send(c, { op: 9, d: false });
        if ((d.intents & ~allowed) !== 0) {
          end(c, 4014);
          return void c.ws.close(4014, 'intent not permitted');
        }
        const sess: Session = { id: randomUUID(), seq: 0, events: [], conn: c };
        sessions.set(sess.id, sess);
        lastSession = sess;
        c.sessionId = sess.id;
        c.ready = true;
        send(c, {
          op: 0,
          s: ++sess.seq,
          t: 'READY',
          d: {
            version: 1,
            session_id: sess.id,
            user: { id: '6158788878435714165', username: 'gatewatch-test', bot: true },
            shard: [0, 0],
          },
        });
        return armIdle(c);
      }
      case 6: {
        const d = f.d as FakeConn['resume'];
        c.resume = d;
        const sess = d ? sessions.get(d.session_id) : undefined;
        if (!d || !tokenOk(d.token) || !sess || faults.rejectResume) return send(c, { op: 9, d: false });
        sess.conn = c;
        lastSession = sess;
        c.sessionId = sess.id;
        // Replay what the client missed, then RESUMED.
        for (const e of sess.events) if ((e.s ?? 0) > d.seq) send(c, e);
        c.ready = true;
        send(c, { op: 0, s: ++sess.seq, t: 'RESUMED', d: '' });
        return armIdle(c);
      }
      default:
        end(c, 4001);
        return void c.ws.close(4001, 'invalid opcode');
    }
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  fake.baseUrl = `http://127.0.0.1:${port}`;
  fake.tokenUrl = `${fake.baseUrl}/app/getAppAccessToken`;
  return fake;
}
