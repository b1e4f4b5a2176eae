// The SDK logs through console by default (stdout belongs to the console channel) and hands its logger raw
// AxiosErrors whose config holds the app_secret or a bearer token. Forward to pino, flattened and redacted.
import type { Logger } from 'pino';
import type * as lark from '@larksuiteoapi/node-sdk';
import { redact } from '../../util/redact.js';

function part(p: unknown): string {
  if (typeof p === 'string') return p;
  if (p instanceof Error || (p && typeof p === 'object' && 'message' in p)) {
    const e = p as { message?: string; response?: { status?: number; data?: { code?: number; msg?: string } } };
    const r = e.response;
    return r
      ? `${e.message ?? ''} (HTTP ${r.status ?? '?'} code=${r.data?.code ?? '?'} ${r.data?.msg ?? ''})`
      : String(e.message);
  }
  if (p && typeof p === 'object') {
    // formatErrors() output: keep only what identifies the failure.
    const o = p as { code?: unknown; msg?: unknown; response?: { status?: unknown } };
    if ('code' in o || 'msg' in o) return `code=${String(o.code)} ${String(o.msg ?? '')}`;
    if (o.response) return `HTTP ${String(o.response.status)}`;
    return '[object]';
  }
  return String(p);
}

export function sdkLogger(log: Logger, secrets: string[]): lark.Logger {
  const text = (msg: unknown[]): string => {
    // LoggerProxy passes one array argument; tolerate spread arguments too.
    const parts = msg.length === 1 && Array.isArray(msg[0]) ? (msg[0] as unknown[]) : msg;
    return redact(parts.map(part).join(' '), secrets).slice(0, 2000);
  };
  return {
    error: (...m: unknown[]) => log.error({ sdk: true }, text(m)),
    warn: (...m: unknown[]) => log.warn({ sdk: true }, text(m)),
    // The SDK is chatty at info (a long banner per start); our own lifecycle lines are at info instead.
    info: (...m: unknown[]) => log.debug({ sdk: true }, text(m)),
    debug: (...m: unknown[]) => log.trace({ sdk: true }, text(m)),
    trace: (...m: unknown[]) => log.trace({ sdk: true }, text(m)),
  };
}
