// gatewatch's own HTTP endpoint (node:http): GET /healthz (open, but its details only with the token: without it, or
// with none configured, up/degraded/down and the reason codes), GET /metrics (Bearer token when one is configured) and
// POST /alertmanager (only with a token: without one, any user of this host could push an alert to every channel, so
// the intake is off). The config refuses a listen address beyond loopback without a token.
import http from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { healthOf, publicReasons, type HealthSource } from './health.js';
import type { Metrics } from './metrics.js';
import { receiveAlertmanager, webhookSchema, type IntakeCore } from './alertmanager.js';

export interface HttpServer {
  /** http://host:port of the bound socket (the real port when listen asked for :0). */
  url: string;
  close(): Promise<void>;
}

export interface HttpOptions {
  listen: string;
  token?: string;
  metrics: Metrics;
}

const MAX_BODY = 1024 * 1024;

/** What a POST to the intake hears while no http.token is set (the daemon says so at start, in the operator's words). */
const INTAKE_OFF =
  'POST /alertmanager is off: set http.token (any user of this host could otherwise push an alert to every channel)';

function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(listen);
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new Error(`http.listen: expected host:port, got "${listen}"`);
  return { host: m[1] ?? m[2]!, port };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time: compare digests, so neither the content nor the length of the token leaks through timing. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return timingSafeEqual(digest(m?.[1] ?? ''), digest(token)) && !!m;
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json; charset=utf-8',
  extra: Record<string, string> = {},
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

/** The body, or undefined past MAX_BODY: the rest is discarded (bounded by requestTimeout) so the client reads a 413. */
function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.once('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

export async function startHttpServer(
  app: HealthSource & IntakeCore & { log: Logger },
  o: HttpOptions,
): Promise<HttpServer> {
  const { host, port } = parseListen(o.listen);
  const log = app.log.child({ component: 'http' });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, { error: 'method not allowed' }, undefined, { allow: 'GET' });
      const h = healthOf(app);
      // Host names, paths, channel errors and channel names are for whoever holds the token; a probe gets the word
      // and, when it is not up, the reason codes (no path, secret, text or name in them). With no token configured
      // nobody holds one: every user of this host reads the endpoint.
      if (!o.token || !tokenMatches(req.headers.authorization, o.token))
        return send(
          res,
          h.ok ? 200 : 503,
          h.ok ? { status: h.status } : { status: h.status, reasons: publicReasons(h.reasons) },
        );
      return send(res, h.ok ? 200 : 503, h);
    }
    if (path === '/alertmanager' && !o.token) return send(res, 403, { error: INTAKE_OFF });
    if (o.token && !tokenMatches(req.headers.authorization, o.token)) {
      log.warn({ path, remote: req.socket.remoteAddress }, 'http request refused: bad or missing token');
      return send(res, 401, { error: 'missing or wrong bearer token' }, undefined, {
        'www-authenticate': 'Bearer realm="gatewatch"',
      });
    }
    if (path === '/metrics') {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, { error: 'method not allowed' }, undefined, { allow: 'GET' });
      return send(res, 200, await o.metrics.text(), o.metrics.registry.contentType);
    }
    if (path === '/alertmanager') {
      if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' }, undefined, { allow: 'POST' });
      const body = await readBody(req);
      if (body === undefined)
        return send(res, 413, { error: `body over ${MAX_BODY} bytes` }, undefined, { connection: 'close' });
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return send(res, 400, { error: 'body is not JSON' });
      }
      const parsed = webhookSchema.safeParse(json);
      if (!parsed.success)
        return send(res, 400, {
          error: parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).slice(0, 5),
        });
      const r = await receiveAlertmanager(app, parsed.data);
      log.info({ ...r }, 'alertmanager webhook');
      return send(res, 200, { ok: true, ...r });
    }
    return send(res, 404, { error: 'not found', paths: ['/healthz', '/metrics', '/alertmanager'] });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      log.error({ err: err.message }, 'http handler failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  // A client that trickles bytes cannot hold a socket open for long.
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  log.info({ url }, 'http endpoint listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
