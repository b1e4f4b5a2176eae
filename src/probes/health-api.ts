// What Hermes says about itself (hermes-gateway-current.md §9.23, hermes-gateway.md §6): where the operator enabled the
// API server (platform `api_server`), `GET /health/detailed` with the Bearer `API_SERVER_KEY` from the home's .env
// answers readiness checks gatewatch cannot read elsewhere (model, disk, state_db, background queues). Loopback only,
// the key never leaves the request (registered with the redactor), a short timeout, a bounded body.
import path from 'node:path';
import type { HermesHealth } from '../evidence.js';
import { dotenvValue, readDotenv } from '../util/dotenv.js';
import { registerSecrets } from '../util/redact.js';
import { holdsPort } from './proc-identity.js';

const TIMEOUT_MS = 2_000;
const MAX_BODY = 64 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
let registered: string | undefined;

/** The listener from the home's .env (`API_SERVER_HOST`/`_PORT`, defaults 127.0.0.1:8642), when it is on this host. */
export async function healthEndpoint(home: string): Promise<{ host: string; port: number; key?: string } | undefined> {
  const text = (await readDotenv(path.join(home, '.env'))) ?? '';
  const host = dotenvValue(text, 'API_SERVER_HOST') || '127.0.0.1';
  const port = Number(dotenvValue(text, 'API_SERVER_PORT') || 8642);
  const key = dotenvValue(text, 'API_SERVER_KEY') || undefined;
  // Registering empties the redactor's caches: only a key it has not seen yet.
  if (key && key !== registered) {
    registerSecrets([key]);
    registered = key;
  }
  // 0.0.0.0 binds every interface, loopback included; anything else is another host: not ours to call.
  const local = LOOPBACK.has(host) || host === '0.0.0.0' ? (host === '0.0.0.0' ? '127.0.0.1' : host) : undefined;
  if (!local || !Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  return { host: local, port, ...(key ? { key } : {}) };
}

async function get(host: string, port: number, key: string | undefined): Promise<{ status: number; body: string }> {
  // Loaded when asked: a healthy check of a home without an API server loads no network module (test/footprint).
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host,
        port,
        path: '/health/detailed',
        timeout: TIMEOUT_MS,
        headers: key ? { authorization: `Bearer ${key}` } : {},
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
          if (body.length > MAX_BODY) req.destroy(new Error('answer too large'));
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : undefined);

/**
 * Hermes' own readiness, asked of the gateway `pid`'s own listener; undefined when its API server is not on this host.
 * An error says why it could not be read.
 */
export async function probeHermesHealth(home: string, pid: number): Promise<HermesHealth | undefined> {
  const at = await healthEndpoint(home);
  if (!at) return undefined;
  // The key goes only to the gateway itself: a listener on the port that its pid holds (another process on the port, the
  // gateway's api_server having failed to bind it, gets nothing). Unprovable (no /proc): no.
  if (!(await holdsPort(pid, at.port))) return { error: "the port is not the gateway's" };
  try {
    const { status, body } = await get(at.host, at.port, at.key);
    if (status === 401 || status === 403) return { error: 'unauthorized' };
    if (status !== 200) return { error: `HTTP ${status}` };
    const j = JSON.parse(body) as Record<string, unknown>;
    const readiness = (typeof j.readiness === 'object' && j.readiness) as Record<string, unknown> | false;
    const raw =
      readiness && typeof readiness.checks === 'object' && readiness.checks
        ? (readiness.checks as Record<string, unknown>)
        : {};
    const checks: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw).slice(0, 20)) {
      const s = str(v) ?? str((v as { status?: unknown } | null)?.status);
      if (s && /^[a-z_]{1,40}$/.test(k)) checks[k] = s;
    }
    return {
      status: str(j.status) ?? '?',
      checks,
      ...(str(j.gateway_state) ? { gatewayState: str(j.gateway_state)! } : {}),
    };
  } catch (e) {
    return { error: (e as Error).message.slice(0, 200) };
  }
}
