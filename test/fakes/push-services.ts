// Fake push services on 127.0.0.1, one server per service, each checking a request the way the real service does
// (method, path, content type, credential, signature, body fields, size limits, rate limits) and answering in its own
// shape: DingTalk/WeCom `errcode`, Telegram `{ok, error_code, parameters}`, Bark `{code, message}`, ntfy's stored
// message or `{code, http, error}`, ServerChan `code`, PushPlus `code`, a generic webhook that checks the HMAC.
// Facts from /work/shared/reference/push-services.md. `faults` answers the next requests with a scripted reply.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Service = 'dingtalk' | 'wecom' | 'telegram' | 'bark' | 'ntfy' | 'serverchan' | 'pushplus' | 'webhook';

export interface PushRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
  status: number;
  answer: unknown;
  at: number;
}

export interface Fault {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakePushOptions {
  /** DingTalk: access_token → secret ('' = unsigned robot). */
  dingtalk?: Record<string, string>;
  /** WeCom: robot keys. */
  wecom?: string[];
  /** Telegram: bot token → chat ids it may post to. */
  telegram?: Record<string, (string | number)[]>;
  /** Bark: device keys. */
  bark?: string[];
  /** ntfy: topic → access token required to publish ('' = public). */
  ntfy?: Record<string, string>;
  /** ServerChan: SendKeys, and pushes allowed per day before HTTP 429. */
  serverchan?: { keys: string[]; perDay?: number };
  /** PushPlus: user tokens. */
  pushplus?: string[];
  /** Generic webhook: the secret to check ('' = unsigned). */
  webhook?: { secret: string };
}

export interface FakePush {
  base: string;
  /** Every request, accepted or not, in order. */
  requests: PushRequest[];
  /** Requests the service accepted (it would have pushed them). */
  delivered(): PushRequest[];
  faults: Fault[];
  close(): Promise<void>;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };
type Handler = (req: Omit<PushRequest, 'status' | 'answer' | 'at'>, now: number) => Answer;

const json = (status: number, body: unknown): Answer => ({ status, body });
const isJson = (h: http.IncomingHttpHeaders) => /^application\/json\b/i.test(h['content-type'] ?? '');

/** A sliding-window counter, as the services count their per-minute limits. */
function window(max: number, perMs: number) {
  const hits: number[] = [];
  return (now: number) => {
    while (hits.length && hits[0]! <= now - perMs) hits.shift();
    if (hits.length >= max) return false;
    hits.push(now);
    return true;
  };
}

function dingtalk(robots: Record<string, string>): Handler {
  const rate = new Map<string, (now: number) => boolean>();
  return (r, now) => {
    if (r.method !== 'POST' || r.path !== '/robot/send') return json(404, { errcode: 404, errmsg: 'not found' });
    const token = r.query.access_token ?? '';
    if (!(token in robots)) return json(200, { errcode: 300001, errmsg: 'token is not exist' });
    const secret = robots[token]!;
    if (secret) {
      const ts = Number(r.query.timestamp);
      if (!r.query.timestamp || !Number.isFinite(ts) || Math.abs(now - ts) > 3_600_000)
        return json(200, {
          errcode: 310000,
          errmsg: 'invalid timestamp, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]',
        });
      // The query was URL-decoded once, as DingTalk's server does: an unencoded `+` arrived as a space.
      const expected = createHmac('sha256', secret).update(`${r.query.timestamp}\n${secret}`).digest('base64');
      if (r.query.sign !== expected)
        return json(200, {
          errcode: 310000,
          errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]',
        });
    }
    if (!isJson(r.headers) || !r.body) return json(200, { errcode: 40035, errmsg: '缺少参数 json' });
    const b = r.body;
    const valid =
      (b.msgtype === 'markdown' &&
        typeof b.markdown?.title === 'string' &&
        typeof b.markdown?.text === 'string' &&
        b.markdown.text.length > 0) ||
      (b.msgtype === 'text' && typeof b.text?.content === 'string');
    if (!valid) return json(200, { errcode: 40035, errmsg: '缺少参数 msgtype/markdown' });
    if (!rate.has(token)) rate.set(token, window(20, 60_000));
    if (!rate.get(token)!(now))
      return json(200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
    return json(200, { errcode: 0, errmsg: 'ok' });
  };
}

function wecom(keys: string[]): Handler {
  const rate = new Map<string, (now: number) => boolean>();
  return (r, now) => {
    if (r.method !== 'POST' || r.path !== '/cgi-bin/webhook/send')
      return json(404, { errcode: 404, errmsg: 'not found' });
    const key = r.query.key ?? '';
    if (!keys.includes(key))
      return json(200, { errcode: 93000, errmsg: 'invalid webhook url, hint: [1700000000_1_abc], from ip: 127.0.0.1' });
    if (!isJson(r.headers) || !r.body) return json(200, { errcode: 40008, errmsg: 'invalid message type' });
    const b = r.body;
    if (b.msgtype === 'markdown') {
      if (typeof b.markdown?.content !== 'string') return json(200, { errcode: 40008, errmsg: 'invalid message type' });
      if (Buffer.byteLength(b.markdown.content) > 4096)
        return json(200, {
          errcode: 40058,
          errmsg: 'markdown.content exceed max length 4096. invalid Request Parameter',
        });
    } else if (b.msgtype === 'text') {
      if (Buffer.byteLength(b.text?.content ?? '') > 2048)
        return json(200, { errcode: 40058, errmsg: 'text.content exceed max length 2048' });
    } else return json(200, { errcode: 40008, errmsg: 'invalid message type' });
    if (!rate.has(key)) rate.set(key, window(20, 60_000));
    if (!rate.get(key)!(now)) return json(200, { errcode: 45009, errmsg: 'api freq out of limit' });
    return json(200, { errcode: 0, errmsg: 'ok' });
  };
}

const TG_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);

/** Telegram's HTML parse mode: only its tags, balanced, and `<`/`&` only as markup or entities. Returns the visible text. */
export function parseTelegramHtml(s: string): { text: string } | { error: string } {
  const stack: string[] = [];
  let text = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '<') {
      const m = /^<(\/?)([a-z-]+)(?:\s[^<>]*)?>/.exec(s.slice(i));
      if (!m || !TG_TAGS.has(m[2]!))
        return {
          error: `Bad Request: can't parse entities: Unsupported start tag "${s.slice(i + 1, i + 12)}" at byte offset ${i}`,
        };
      if (m[1]) {
        if (stack.pop() !== m[2])
          return {
            error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${i}, expected "</${stack.at(-1)}>"`,
          };
      } else stack.push(m[2]!);
      i += m[0].length;
    } else if (c === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(s.slice(i));
      if (!m) return { error: `Bad Request: can't parse entities: Character '&' is reserved at byte offset ${i}` };
      text += m[1] === 'lt' ? '<' : m[1] === 'gt' ? '>' : m[1] === 'amp' ? '&' : '"';
      i += m[0].length;
    } else {
      text += c;
      i++;
    }
  }
  if (stack.length)
    return {
      error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"`,
    };
  return { text };
}

function telegram(bots: Record<string, (string | number)[]>): Handler {
  const tgError = (code: number, description: string, parameters?: unknown): Answer =>
    json(code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });
  return (r) => {
    // getMe: the bot itself, nothing sent (the cheap token check).
    const me = /^\/bot([^/]+)\/getMe$/.exec(r.path);
    if (me)
      return me[1]! in bots
        ? json(200, {
            ok: true,
            result: {
              id: Number(me[1]!.split(':')[0]) || 1,
              is_bot: true,
              first_name: 'gatewatch',
              username: 'gatewatch_test_bot',
            },
          })
        : tgError(401, 'Unauthorized');
    const m = /^\/bot([^/]+)\/sendMessage$/.exec(r.path);
    if (!m) return tgError(404, 'Not Found');
    if (!(m[1]! in bots)) return tgError(401, 'Unauthorized');
    if (r.method !== 'POST' && r.method !== 'GET') return tgError(405, 'Method Not Allowed');
    if (!isJson(r.headers) || !r.body) return tgError(400, 'Bad Request: message text is empty');
    const { chat_id, text, parse_mode } = r.body;
    if (!bots[m[1]!]!.map(String).includes(String(chat_id))) return tgError(400, 'Bad Request: chat not found');
    let visible = String(text ?? '');
    if (parse_mode === 'HTML') {
      const p = parseTelegramHtml(visible);
      if ('error' in p) return tgError(400, p.error);
      visible = p.text;
    } else if (parse_mode !== undefined) return tgError(400, `Bad Request: unsupported parse_mode "${parse_mode}"`);
    if (visible.trim().length === 0) return tgError(400, 'Bad Request: message text is empty');
    if (visible.length > 4096) return tgError(400, 'Bad Request: message is too long');
    return json(200, {
      ok: true,
      result: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: chat_id }, text: visible },
    });
  };
}

function bark(keys: string[]): Handler {
  return (r) => {
    if (r.method !== 'POST' || r.path !== '/push')
      return json(404, { code: 404, message: 'not found', timestamp: Math.floor(Date.now() / 1000) });
    const b = isJson(r.headers) ? r.body : undefined;
    const ts = Math.floor(Date.now() / 1000);
    if (!b?.device_key) return json(400, { code: 400, message: 'device key is empty', timestamp: ts });
    if (!keys.includes(b.device_key))
      return json(400, {
        code: 400,
        message: `failed to get device token: failed to get [${b.device_key}] device token from database`,
        timestamp: ts,
      });
    if (b.level !== undefined && !['critical', 'active', 'timeSensitive', 'passive'].includes(b.level))
      return json(400, { code: 400, message: 'invalid level', timestamp: ts });
    return json(200, { code: 200, message: 'success', timestamp: ts });
  };
}

function ntfy(topics: Record<string, string>): Handler {
  const err = (http: number, code: number, error: string): Answer =>
    json(http, { code, http, error, link: 'https://ntfy.sh/docs/publish/#authentication' });
  return (r) => {
    if (r.method !== 'POST' && r.method !== 'PUT') return err(405, 40501, 'method not allowed');
    // JSON to the topic URL is published as literal text, not parsed (the trap the reference notes).
    const isRoot = r.path === '/';
    const b = isRoot
      ? r.body
      : {
          topic: r.path.slice(1),
          message: r.raw,
          title: r.headers['title'] ?? r.headers['x-title'],
          priority: Number(r.headers['priority'] ?? r.headers['x-priority'] ?? 3),
        };
    if (isRoot && (!b || typeof b.topic !== 'string')) return err(400, 40001, 'invalid request: topic invalid');
    if (!(b.topic in topics)) return err(404, 40401, 'topic not found');
    const need = topics[b.topic]!;
    const auth = r.headers.authorization;
    if (need) {
      if (!auth) return err(403, 40301, 'forbidden');
      if (auth !== `Bearer ${need}`) return err(401, 40101, 'unauthorized');
    } else if (auth && !/^Bearer tk_/.test(auth)) return err(401, 40101, 'unauthorized');
    if (b.priority !== undefined && !(Number.isInteger(b.priority) && b.priority >= 1 && b.priority <= 5))
      return err(400, 40007, 'invalid priority');
    return json(200, {
      id: 'msg' + Math.random().toString(36).slice(2, 10),
      time: Math.floor(Date.now() / 1000),
      expires: 0,
      event: 'message',
      ...b,
    });
  };
}

function serverchan(o: { keys: string[]; perDay?: number }): Handler {
  let today = 0;
  return (r) => {
    const m = /^\/(?:send\/)?([^/]+)\.send$/.exec(r.path);
    if (!m || r.method !== 'POST') return json(404, { code: 404, message: 'not found' });
    const key = decodeURIComponent(m[1]!);
    const sc3 = r.path.startsWith('/send/');
    if (!o.keys.includes(key) || sc3 !== /^sctp\d+t/.test(key))
      return json(400, { message: '[AUTH]错误的Key', code: 40001, info: '错误的Key', args: [null] });
    const b = r.body ?? {};
    const title = b.title ?? b.text;
    if (typeof title !== 'string' || !title) return json(400, { code: 40002, message: 'title required' });
    if (/[\r\n]/.test(title)) return json(400, { code: 40003, message: 'title must not contain line breaks' });
    if (o.perDay !== undefined && today >= o.perDay)
      return json(429, { code: 42900, message: '超过当日发送上限，请24小时后再试' });
    today++;
    return json(200, {
      code: 0,
      message: '',
      data: { pushid: String(today), readkey: 'rk' + today, error: 'SUCCESS', errno: 0 },
    });
  };
}

function pushplus(tokens: string[]): Handler {
  const rate = window(5, 60_000);
  return (r, now) => {
    if (r.method !== 'POST' || r.path !== '/send') return json(404, { code: 404, msg: 'not found', data: null });
    if (!isJson(r.headers) || !r.body) return json(200, { code: 999, msg: '请使用application/json格式', data: null });
    const b = r.body;
    if (!tokens.includes(b.token)) return json(200, { code: 903, msg: '无效的用户token', data: null });
    if (typeof b.content !== 'string' || !b.content)
      return json(200, { code: 600, msg: '数据错误：content不能为空', data: null });
    if (
      b.template !== undefined &&
      !['html', 'txt', 'json', 'markdown', 'cloudMonitor', 'jenkins', 'route', 'pay'].includes(b.template)
    )
      return json(200, { code: 600, msg: '数据错误：template', data: null });
    if (!rate(now)) return json(200, { code: 900, msg: '用户账号使用受限', data: null });
    return json(200, { code: 200, msg: '请求成功', data: 'serial-' + now });
  };
}

function webhook(o: { secret: string }): Handler {
  return (r) => {
    if (r.method !== 'POST' || r.path !== '/hook') return json(404, { error: 'not found' });
    if (!isJson(r.headers)) return json(415, { error: 'expected application/json' });
    if (o.secret) {
      const got = Buffer.from(String(r.headers['x-gatewatch-signature'] ?? ''));
      const want = Buffer.from(`sha256=${createHmac('sha256', o.secret).update(r.raw, 'utf8').digest('hex')}`);
      if (got.length !== want.length || !timingSafeEqual(got, want)) return json(401, { error: 'bad signature' });
    }
    return { status: 204, body: '' };
  };
}

export async function startFakePush(service: Service, o: FakePushOptions): Promise<FakePush> {
  const handler: Handler =
    service === 'dingtalk'
      ? dingtalk(o.dingtalk ?? {})
      : service === 'wecom'
        ? wecom(o.wecom ?? [])
        : service === 'telegram'
          ? telegram(o.telegram ?? {})
          : service === 'bark'
            ? bark(o.bark ?? [])
            : service === 'ntfy'
              ? ntfy(o.ntfy ?? {})
              : service === 'serverchan'
                ? serverchan(o.serverchan ?? { keys: [] })
                : service === 'pushplus'
                  ? pushplus(o.pushplus ?? [])
                  : webhook(o.webhook ?? { secret: '' });
  const requests: PushRequest[] = [];
  const accepted = new Set<PushRequest>();
  const faults: Fault[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://fake');
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const base = {
        method: req.method ?? '',
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        headers: req.headers,
        raw,
        body,
      };
      const fault = faults.shift();
      const a: Answer = fault ?? handler(base, Date.now());
      const rec: PushRequest = { ...base, status: a.status, answer: a.body, at: Date.now() };
      requests.push(rec);
      if (!fault && a.status < 300 && isSuccess(service, a.body)) accepted.add(rec);
      const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
      res.writeHead(a.status, {
        'content-type': typeof a.body === 'string' ? 'text/plain' : 'application/json',
        ...a.headers,
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    delivered: () => requests.filter((r) => accepted.has(r)),
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function isSuccess(service: Service, body: any): boolean {
  switch (service) {
    case 'dingtalk':
    case 'wecom':
      return body?.errcode === 0;
    case 'telegram':
      // A sent message, not a getMe.
      return body?.ok === true && typeof body.result?.message_id === 'number';
    case 'bark':
      return body?.code === 200;
    case 'serverchan':
      return body?.code === 0;
    case 'pushplus':
      return body?.code === 200;
    default:
      return true;
  }
}
