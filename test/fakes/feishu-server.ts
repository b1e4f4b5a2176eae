// A fake Feishu open platform on 127.0.0.1 for the REAL @larksuiteoapi/node-sdk: endpoint discovery, the pbbp2 frame
// protocol over WebSocket (pings, events, fragments, ACKs), tenant tokens, IM create/reply/patch, image upload, bot
// info and the custom-bot webhook, with fault injection. Faithful to the reference notes (SDK 1.74.0); see feishu-node-sdk.md.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import protobuf from 'protobufjs';
import { WebSocketServer, type WebSocket } from 'ws';
import { until } from '../helpers/until.js';
import { parseMultipart, PNG_SIGNATURE } from './multipart.js';

const PROTO = `syntax = "proto2"; package pbbp2;
message Header { required string key = 1; required string value = 2; }
message Frame { required uint64 SeqID = 1; required uint64 LogID = 2; required int32 service = 3; required int32 method = 4;
  repeated Header headers = 5; optional string payload_encoding = 6; optional string payload_type = 7;
  optional bytes payload = 8; optional string LogIDNew = 9; }`;
// Resolved now, not at the first frame: the Feishu SDK sets protobufjs' util.Long to undefined when it loads, and a
// uint64 field made while Long was there but resolved after that throws (Field.resolve calls util.Long.fromNumber).
// That happened when this module was loaded by one test file and the SDK by a later one in the same worker process.
const Frame = protobuf.parse(PROTO).root.resolveAll().lookupType('pbbp2.Frame');

interface FrameData {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payload?: Uint8Array;
}

export interface ClientConfig {
  PingInterval: number;
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
}

export interface FakeFeishuOptions {
  appId: string;
  appSecret: string;
  botOpenId?: string;
  /** Seconds, as the platform sends them. */
  clientConfig?: Partial<ClientConfig>;
  /** Feishu re-pushes an event that was not ACKed in time (3 s on the real platform). */
  redeliverAfterMs?: number;
  maxRedeliveries?: number;
  /** Custom-bot webhooks: token → secret ('' = unsigned). */
  hooks?: Record<string, string>;
  /** Refused credentials are echoed back in the error message, as some endpoints and proxies do. */
  echoRequestInErrors?: boolean;
  /** Members of group chats (open_ids), for urgent requests; a chat not listed takes anyone. */
  chatMembers?: Record<string, string[]>;
}

export interface StoredMessage {
  message_id: string;
  chat_id?: string;
  receive_id?: string;
  receive_id_type?: string;
  reply_to?: string;
  msg_type: string;
  content: string;
  card?: any;
  uuid?: string;
  /** Card versions after patches, oldest first. */
  versions: any[];
}

export interface AckPayload {
  code: number;
  data?: any;
}

export interface ApiFault {
  route?: 'create' | 'reply' | 'patch' | 'urgent' | 'image' | 'any';
  status: number;
  code: number;
  msg?: string;
  headers?: Record<string, string>;
}

export type EndpointFault = { status: number } | { code: number; msg?: string };

interface Conn {
  id: number;
  ws: WebSocket;
  /** Half-open: the server keeps the socket but nothing gets through either way. */
  dead: boolean;
}

interface Push {
  envelope: any;
  eventId: string;
  fragments: number;
  tries: number;
  acked: boolean;
  timer?: NodeJS.Timeout;
  resolve(a: AckPayload): void;
}

export interface FakeFeishu {
  base: string;
  state: {
    endpointCalls: number;
    tokenCalls: number;
    connections: number;
    pings: number;
    messages: StoredMessage[];
    patches: { message_id: string; card: any }[];
    hooks: { token: string; body: any; code: number }[];
    /** Accepted urgent ("buzz") requests: which message, app/sms/phone, the users buzzed and those refused. */
    urgents: { message_id: string; kind: 'app' | 'sms' | 'phone'; users: string[]; invalid: string[] }[];
    acks: AckPayload[];
    /** Every frame push, including re-pushes. */
    pushes: number;
    /** The distinct User-Agent headers of the HTTP requests (the SDK names itself and its version). */
    userAgents: string[];
    /** Uploaded images (POST /open-apis/im/v1/images), by key: what a card's `img` element may show. */
    images: { key: string; type: string; bytes: Buffer }[];
  };
  faults: {
    endpoint: EndpointFault[];
    api: ApiFault[];
    hook: { code: number; msg: string }[];
    /** HTTP statuses the token endpoint answers with, one per request. */
    token: number[];
  };
  /** Hold IM API requests until the returned function is called (to show ACKs do not wait for commands). */
  holdApi(): () => void;
  /** Push an event envelope; `ack` settles with the first ACK of any (re-)push. */
  pushEvent(envelope: any, opts?: { fragments?: number }): { ack: Promise<AckPayload> };
  dropSockets(): void;
  halfOpen(): void;
  liveConnections(): number;
  revokeTokens(): void;
  waitFor(pred: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** The App Secret reset in the developer console: the token endpoint refuses the old one (code 10014) from now on. */
  setAppSecret(secret: string): void;
  close(): Promise<void>;
}

const CARD_COLOURS = new Set([
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
]);

/** What Feishu's card builder rejects with 230099 that our renderer could get wrong. */
function cardProblem(card: any, images: ReadonlySet<string> = new Set()): string | undefined {
  if (!card || typeof card !== 'object') return 'card is not an object';
  if (card.schema !== '2.0') return undefined;
  if (card.header && !CARD_COLOURS.has(card.header.template)) return `bad header template ${card.header.template}`;
  if (!Array.isArray(card.body?.elements)) return 'body.elements missing';
  let problem: string | undefined;
  const walk = (el: any) => {
    if (!el || typeof el !== 'object') return;
    if (el.tag === 'action') problem ??= 'schema 2.0 has no action container';
    if (el.tag === 'img' && !images.has(el.img_key))
      problem ??= `ErrCode: 200570; ErrMsg: image key ${el.img_key} invalid`;
    if (el.tag === 'button') {
      for (const b of el.behaviors ?? [])
        if (b.type === 'callback' && (typeof b.value !== 'object' || b.value === null))
          problem ??= 'callback value must be an object';
    }
    for (const v of Object.values(el)) if (Array.isArray(v)) v.forEach(walk);
  };
  card.body.elements.forEach(walk);
  return problem;
}

export function webhookSignFor(secret: string, timestamp: string | number): string {
  return createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
}

export async function startFakeFeishu(opts: FakeFeishuOptions): Promise<FakeFeishu> {
  const cc: ClientConfig = {
    PingInterval: 120,
    ReconnectCount: -1,
    ReconnectInterval: 1,
    ReconnectNonce: 0,
    ...opts.clientConfig,
  };
  const serviceId = 33554678;
  const botOpenId = opts.botOpenId ?? 'ou_bot';
  const redeliverAfterMs = opts.redeliverAfterMs ?? 3_000;
  const maxRedeliveries = opts.maxRedeliveries ?? 4;
  const hooks = opts.hooks ?? {};
  const conns: Conn[] = [];
  const pushes = new Map<string, Push>();
  let connSeq = 0;
  let seq = 0;
  let tokenSeq = 0;
  const tokens = new Set<string>();
  const state: FakeFeishu['state'] = {
    endpointCalls: 0,
    tokenCalls: 0,
    connections: 0,
    pings: 0,
    messages: [],
    patches: [],
    hooks: [],
    urgents: [],
    acks: [],
    pushes: 0,
    userAgents: [],
    images: [],
  };
  const imageKeys = () => new Set(state.images.map((i) => i.key));
  const faults: FakeFeishu['faults'] = { endpoint: [], api: [], hook: [], token: [] };
  let hold: Promise<void> | undefined;

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const readBody = (req: http.IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = '';
      req.setEncoding('utf8');
      req.on('data', (c) => (s += c));
      req.on('end', () => resolve(s));
    });

  const readBytes = (req: http.IncomingMessage) =>
    new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => resolve(Buffer.concat(parts)));
    });

  // POST /open-apis/im/v1/images (multipart: image_type message|avatar, image the file): ≤ 10 MB, not empty, an image
  // format Feishu knows; answers data.image_key, which a card's img element then shows.
  async function image(req: http.IncomingMessage, res: http.ServerResponse) {
    const auth = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!auth) return json(res, 400, { code: 99991661, msg: 'Missing access token for authorization.' });
    if (!tokens.has(auth)) return json(res, 400, { code: 99991663, msg: 'Invalid access token for authorization.' });
    const i = faults.api.findIndex((f) => f.route === 'image' || f.route === 'any');
    if (i >= 0) {
      const f = faults.api.splice(i, 1)[0]!;
      return json(res, f.status, { code: f.code, msg: f.msg ?? 'injected fault', data: {} }, f.headers);
    }
    const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1];
    if (!boundary) return json(res, 400, { code: 234001, msg: 'Invalid request param: not multipart/form-data.' });
    const body = parseMultipart(await readBytes(req), boundary);
    const type = body.image_type;
    if (type !== 'message' && type !== 'avatar')
      return json(res, 400, { code: 234001, msg: 'Invalid request param: image_type.' });
    const bytes = body.image;
    if (!Buffer.isBuffer(bytes) || bytes.length === 0)
      return json(res, 400, { code: 234001, msg: 'Invalid request param: image.' });
    if (bytes.length > 10 * 1024 * 1024)
      return json(res, 400, { code: 234006, msg: 'The file size exceeds the limit.' });
    const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
    if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE) && !jpeg)
      return json(res, 400, { code: 234011, msg: "Can't recognize image format." });
    const key = `img_v3_${randomBytes(12).toString('hex')}`;
    state.images.push({ key, type, bytes });
    return json(res, 200, { code: 0, msg: 'success', data: { image_key: key } });
  }

  const encode = (f: FrameData) => Frame.encode(Frame.fromObject(f)).finish();
  const send = (c: Conn, f: FrameData) => {
    if (!c.dead && c.ws.readyState === c.ws.OPEN) c.ws.send(encode(f));
  };

  function deliver(p: Push) {
    const live = conns.filter((c) => c.ws.readyState === c.ws.OPEN);
    state.pushes++;
    p.tries++;
    // The platform cannot tell a half-open socket from a live one: the newest connection gets it.
    const c = live[live.length - 1];
    if (c) {
      const pushId = randomUUID();
      pushes.set(pushId, p);
      const bytes = Buffer.from(JSON.stringify(p.envelope));
      const n = p.fragments;
      const size = Math.ceil(bytes.length / n);
      const id = ++seq;
      for (let i = 0; i < n; i++) {
        send(c, {
          SeqID: id,
          LogID: id,
          service: serviceId,
          method: 1,
          headers: [
            { key: 'type', value: 'event' },
            { key: 'message_id', value: pushId },
            { key: 'sum', value: String(n) },
            { key: 'seq', value: String(i) },
            { key: 'trace_id', value: `fake-trace-${id}` },
          ],
          payload: bytes.subarray(i * size, (i + 1) * size),
        });
      }
    }
    p.timer = setTimeout(() => {
      if (!p.acked && p.tries <= maxRedeliveries) deliver(p);
    }, redeliverAfterMs);
  }

  function onFrame(c: Conn, buf: Buffer) {
    if (c.dead) return;
    let f: FrameData;
    try {
      f = Frame.toObject(Frame.decode(buf), { longs: Number, bytes: Buffer, defaults: true }) as FrameData;
    } catch {
      return;
    }
    const h = Object.fromEntries(f.headers.map((x) => [x.key, x.value]));
    if (f.method === 0 && h.type === 'ping') {
      state.pings++;
      send(c, {
        SeqID: 0,
        LogID: 0,
        service: f.service,
        method: 0,
        headers: [{ key: 'type', value: 'pong' }],
        payload: Buffer.from(JSON.stringify(cc)),
      });
      return;
    }
    if (f.method === 1) {
      const p = pushes.get(h.message_id ?? '');
      let ack: AckPayload;
      try {
        ack = JSON.parse(Buffer.from(f.payload ?? []).toString('utf8'));
        if (typeof ack.data === 'string') ack.data = JSON.parse(Buffer.from(ack.data, 'base64').toString('utf8'));
      } catch {
        return;
      }
      state.acks.push(ack);
      if (p && ack.code === 200 && !p.acked) {
        p.acked = true;
        clearTimeout(p.timer);
        p.resolve(ack);
      }
    }
  }

  async function api(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    route: 'create' | 'reply' | 'patch',
  ) {
    if (hold !== undefined) await hold;
    const auth = req.headers.authorization;
    if (!auth) return json(res, 400, { code: 99991661, msg: 'Missing access token for authorization.' });
    if (!tokens.has(auth.replace(/^Bearer /, '')))
      return json(res, 400, { code: 99991663, msg: 'Invalid access token for authorization.' });
    const i = faults.api.findIndex((f) => !f.route || f.route === 'any' || f.route === route);
    if (i >= 0) {
      const f = faults.api.splice(i, 1)[0]!;
      return json(res, f.status, { code: f.code, msg: f.msg ?? 'injected fault', data: {} }, f.headers);
    }
    const raw = await readBody(req);
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      return json(res, 400, { code: 230001, msg: 'invalid body' });
    }
    const content: string = body.content;
    if (typeof content !== 'string') return json(res, 400, { code: 230001, msg: 'content must be a JSON string' });
    if (Buffer.byteLength(content) > 30 * 1024)
      return json(res, 400, { code: 230025, msg: 'message content too long' });
    let card: any;
    try {
      const parsed = JSON.parse(content);
      if (route === 'patch' || body.msg_type === 'interactive') card = parsed;
    } catch {
      return json(res, 400, { code: 230001, msg: 'content is not JSON' });
    }
    if (card) {
      const problem = cardProblem(card, imageKeys());
      if (problem) return json(res, 400, { code: 230099, msg: `Failed to create card content: ${problem}` });
    }
    if (route === 'patch') {
      const id = url.pathname.split('/').pop()!;
      const m = state.messages.find((x) => x.message_id === id);
      if (!m) return json(res, 400, { code: 230001, msg: 'message not found' });
      if (m.msg_type !== 'interactive' || !m.card?.config?.update_multi)
        return json(res, 400, { code: 230001, msg: 'only shared cards (update_multi) can be updated' });
      m.card = card;
      m.content = content;
      m.versions.push(card);
      state.patches.push({ message_id: id, card });
      return json(res, 200, { code: 0, msg: 'success', data: {} });
    }
    if (body.uuid) {
      const dup = state.messages.find((x) => x.uuid === body.uuid);
      if (dup)
        return json(res, 200, {
          code: 0,
          msg: 'success',
          data: { message_id: dup.message_id, msg_type: dup.msg_type },
        });
    }
    const m: StoredMessage = {
      message_id: `om_${randomBytes(8).toString('hex')}`,
      msg_type: body.msg_type,
      content,
      card,
      uuid: body.uuid,
      versions: card ? [card] : [],
    };
    if (route === 'create') {
      m.receive_id_type = url.searchParams.get('receive_id_type') ?? undefined;
      m.receive_id = body.receive_id;
      if (!m.receive_id_type || !m.receive_id)
        return json(res, 400, { code: 230001, msg: 'receive_id and receive_id_type are required' });
      if (m.receive_id_type === 'chat_id') m.chat_id = m.receive_id;
    } else {
      m.reply_to = url.pathname.split('/')[5];
      const parent = state.messages.find((x) => x.message_id === m.reply_to);
      m.chat_id = parent?.chat_id;
    }
    state.messages.push(m);
    const now = String(Date.now());
    return json(res, 200, {
      code: 0,
      msg: 'success',
      data: {
        message_id: m.message_id,
        msg_type: m.msg_type,
        create_time: now,
        update_time: now,
        chat_id: m.chat_id ?? '',
        body: { content },
        mentions: [],
      },
    });
  }

  // PATCH /open-apis/im/v1/messages/:message_id/urgent_{app,sms,phone}?user_id_type=… {user_id_list}: only a message
  // the bot sent can be buzzed, and only to users in its chat; others come back in invalid_user_id_list (SDK docs).
  async function urgent(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    id: string,
    kind: 'app' | 'sms' | 'phone',
  ) {
    const auth = req.headers.authorization;
    if (!auth) return json(res, 400, { code: 99991661, msg: 'Missing access token for authorization.' });
    if (!tokens.has(auth.replace(/^Bearer /, '')))
      return json(res, 400, { code: 99991663, msg: 'Invalid access token for authorization.' });
    const i = faults.api.findIndex((f) => f.route === 'urgent' || f.route === 'any');
    if (i >= 0) {
      const f = faults.api.splice(i, 1)[0]!;
      return json(res, f.status, { code: f.code, msg: f.msg ?? 'injected fault', data: {} }, f.headers);
    }
    const type = url.searchParams.get('user_id_type');
    if (!type || !['open_id', 'user_id', 'union_id'].includes(type))
      return json(res, 400, { code: 99992402, msg: 'field validation failed: user_id_type is required' });
    let body: any;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return json(res, 400, { code: 99992402, msg: 'field validation failed: invalid body' });
    }
    const users = body?.user_id_list;
    if (!Array.isArray(users) || users.length === 0 || users.some((u) => typeof u !== 'string'))
      return json(res, 400, { code: 99992402, msg: 'field validation failed: user_id_list' });
    const m = state.messages.find((x) => x.message_id === id);
    if (!m) return json(res, 400, { code: 230001, msg: 'invalid message_id' });
    const members = m.chat_id
      ? opts.chatMembers?.[m.chat_id]
      : m.receive_id_type === 'open_id'
        ? [m.receive_id!]
        : undefined;
    const invalid = members ? users.filter((u: string) => !members.includes(u)) : [];
    state.urgents.push({ message_id: id, kind, users: users.filter((u: string) => !invalid.includes(u)), invalid });
    return json(res, 200, { code: 0, msg: 'success', data: { invalid_user_id_list: invalid } });
  }

  async function hook(req: http.IncomingMessage, res: http.ServerResponse, token: string) {
    const raw = await readBody(req);
    const record = (body: any, code: number) => state.hooks.push({ token, body, code });
    if (!(token in hooks))
      return json(res, 404, { code: 19001, msg: 'param invalid: incoming webhook access token invalid' });
    if (faults.hook.length) {
      const f = faults.hook.shift()!;
      record(undefined, f.code);
      return json(res, 200, { code: f.code, msg: f.msg, data: {} });
    }
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      record(undefined, 9499);
      return json(res, 200, { code: 9499, msg: 'Bad Request', data: {} });
    }
    if (Buffer.byteLength(raw) > 20 * 1024) {
      record(body, 9499);
      return json(res, 200, { code: 9499, msg: 'Bad Request', data: {} });
    }
    const secret = hooks[token];
    if (secret) {
      const ts = Number(body.timestamp);
      if (
        !Number.isFinite(ts) ||
        Math.abs(Date.now() / 1000 - ts) > 3600 ||
        body.sign !== webhookSignFor(secret, body.timestamp)
      ) {
        record(body, 19021);
        return json(res, 200, {
          code: 19021,
          msg: 'sign match fail or timestamp is not within one hour from current time',
          data: {},
        });
      }
    }
    const okShape =
      (body.msg_type === 'text' && typeof body.content?.text === 'string') ||
      (body.msg_type === 'interactive' && body.card && typeof body.card === 'object' && !cardProblem(body.card)) ||
      (body.msg_type === 'post' && body.content?.post);
    if (!okShape) {
      record(body, 9499);
      return json(res, 200, { code: 9499, msg: 'Bad Request', data: {} });
    }
    record(body, 0);
    return json(res, 200, { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = url.pathname;
    const ua = req.headers['user-agent'];
    if (ua && !state.userAgents.includes(ua)) state.userAgents.push(ua);
    void (async () => {
      if (req.method === 'POST' && p === '/callback/ws/endpoint') {
        state.endpointCalls++;
        const body = JSON.parse((await readBody(req)) || '{}');
        const f = faults.endpoint.shift();
        if (f && 'status' in f) return json(res, f.status, { code: 1, msg: 'injected' });
        if (f) return json(res, 200, { code: f.code, msg: f.msg ?? 'injected', data: {} });
        if (body.AppID !== opts.appId || body.AppSecret !== opts.appSecret)
          return json(res, 200, {
            code: 514,
            msg: `auth failed${opts.echoRequestInErrors ? ` for AppSecret ${body.AppSecret}` : ''}`,
            data: {},
          });
        const port = (server.address() as AddressInfo).port;
        const wsUrl = `ws://127.0.0.1:${port}/ws/v2?fpid=1&aid=1&device_id=dev1&access_key=ak-${randomBytes(4).toString('hex')}&service_id=${serviceId}&ticket=tk-1`;
        return json(res, 200, { code: 0, msg: 'ok', data: { URL: wsUrl, ClientConfig: cc } });
      }
      if (req.method === 'POST' && p === '/open-apis/auth/v3/tenant_access_token/internal') {
        state.tokenCalls++;
        const status = faults.token.shift();
        if (status) return json(res, status, { code: 1, msg: 'injected' });
        const body = JSON.parse((await readBody(req)) || '{}');
        if (body.app_id !== opts.appId || body.app_secret !== opts.appSecret)
          return json(res, 200, {
            code: 10014,
            msg: `app secret invalid${opts.echoRequestInErrors ? `: ${body.app_secret}` : ''}`,
          });
        const t = `t-fake${++tokenSeq}${randomBytes(6).toString('hex')}`;
        tokens.add(t);
        return json(res, 200, { code: 0, msg: 'ok', tenant_access_token: t, expire: 7200 });
      }
      if (req.method === 'GET' && p === '/open-apis/bot/v3/info') {
        if (!tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, '')))
          return json(res, 400, { code: 99991663, msg: 'Invalid access token' });
        return json(res, 200, {
          code: 0,
          msg: 'ok',
          bot: { activate_status: 2, app_name: 'gatewatch', avatar_url: '', ip_white_list: [], open_id: botOpenId },
        });
      }
      if (req.method === 'POST' && p === '/open-apis/im/v1/messages') return api(req, res, url, 'create');
      if (req.method === 'POST' && p === '/open-apis/im/v1/images') return image(req, res);
      if (req.method === 'POST' && /^\/open-apis\/im\/v1\/messages\/[^/]+\/reply$/.test(p))
        return api(req, res, url, 'reply');
      if (req.method === 'PATCH' && /^\/open-apis\/im\/v1\/messages\/[^/]+$/.test(p))
        return api(req, res, url, 'patch');
      const um = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/urgent_(app|sms|phone)$/.exec(p);
      if (req.method === 'PATCH' && um) return urgent(req, res, url, um[1]!, um[2] as 'app' | 'sms' | 'phone');
      const hm = /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/.exec(p);
      if (req.method === 'POST' && hm) return hook(req, res, hm[1]!);
      json(res, 404, { code: 404, msg: `no route ${req.method} ${p}` });
    })().catch((err) => json(res, 500, { code: 500, msg: String(err) }));
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/ws/v2')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      const c: Conn = { id: ++connSeq, ws, dead: false };
      conns.push(c);
      state.connections++;
      ws.on('message', (data) => onFrame(c, data as Buffer));
      ws.on('close', () => conns.splice(conns.indexOf(c), 1));
      ws.on('error', () => undefined);
    });
  });

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base,
    state,
    faults,
    pushEvent(envelope, o = {}) {
      let resolve!: (a: AckPayload) => void;
      const ack = new Promise<AckPayload>((r) => (resolve = r));
      deliver({
        envelope,
        eventId: envelope.header?.event_id,
        fragments: o.fragments ?? 1,
        tries: 0,
        acked: false,
        resolve,
      });
      return { ack };
    },
    dropSockets() {
      for (const c of [...conns]) c.ws.terminate();
    },
    halfOpen() {
      for (const c of conns) c.dead = true;
    },
    liveConnections: () => conns.filter((c) => !c.dead && c.ws.readyState === c.ws.OPEN).length,
    revokeTokens: () => tokens.clear(),
    holdApi() {
      let release!: () => void;
      hold = new Promise<void>((r) => (release = r));
      return () => {
        hold = undefined;
        release();
      };
    },
    async waitFor(pred, timeoutMs = 10_000, what = 'condition') {
      await until(`${what} (fake feishu)`, pred, { timeoutMs, everyMs: 20 });
    },
    setAppSecret(next) {
      opts.appSecret = next;
    },
    async close() {
      for (const p of pushes.values()) clearTimeout(p.timer);
      for (const c of [...conns]) c.ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

// ---------- event builders ----------

const hex = () => randomBytes(16).toString('hex');

export function messageEvent(o: {
  appId: string;
  text: string;
  openId: string;
  chatType?: 'p2p' | 'group';
  chatId?: string;
  mentions?: { key: string; openId: string; name?: string; type?: 'user' | 'bot' }[];
  messageId?: string;
  eventId?: string;
}) {
  const now = String(Date.now());
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? hex(),
      token: '',
      create_time: now,
      event_type: 'im.message.receive_v1',
      tenant_key: 'tenant',
      app_id: o.appId,
    },
    event: {
      sender: {
        sender_id: { union_id: 'on_x', user_id: 'u_x', open_id: o.openId },
        sender_type: 'user',
        tenant_key: 'tenant',
      },
      message: {
        message_id: o.messageId ?? `om_in_${hex().slice(0, 12)}`,
        create_time: now,
        update_time: now,
        chat_id: o.chatId ?? 'oc_p2p_chat',
        chat_type: o.chatType ?? 'p2p',
        message_type: 'text',
        content: JSON.stringify({ text: o.text }),
        ...(o.mentions
          ? {
              mentions: o.mentions.map((m) => ({
                key: m.key,
                id: { open_id: m.openId, union_id: 'on_m', user_id: null },
                name: m.name ?? 'Bot',
                tenant_key: 'tenant',
                mentioned_type: m.type ?? 'user',
              })),
            }
          : {}),
      },
    },
  };
}

export function cardActionEvent(o: {
  appId: string;
  openId: string;
  value: unknown;
  messageId: string;
  chatId?: string;
  eventId?: string;
}) {
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? hex(),
      token: '',
      create_time: String(Date.now()),
      event_type: 'card.action.trigger',
      tenant_key: 'tenant',
      app_id: o.appId,
    },
    event: {
      operator: { tenant_key: 'tenant', user_id: 'u_x', open_id: o.openId, union_id: 'on_x' },
      token: `c-${hex()}`,
      host: 'im_message',
      action: { tag: 'button', value: o.value, name: 'btn', form_value: {}, timezone: 'Asia/Shanghai' },
      context: { open_message_id: o.messageId, open_chat_id: o.chatId ?? 'oc_chat', url: '', preview_token: '' },
    },
  };
}
