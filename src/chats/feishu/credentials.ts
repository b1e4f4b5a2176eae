// The cheap check, at start and at every credential check after: ask Feishu for a tenant_access_token with the app's
// id and secret. It sends nothing to anyone. Only Feishu's own refusal counts (code 10014 "app secret invalid", or HTTP
// 401/403); a network error, a timeout or a 5xx says nothing about the secret: it is said as unreachable, and at start
// the channel starts and its long connection retries as always.
import * as lark from '@larksuiteoapi/node-sdk';
import { say } from './words.js';
import type { CredentialVerdict, Locale, PlatformAnswer } from '../../types.js';
import { platformAnswer } from '../../channel-kit/platform-answer.js';
import { redact } from '../../util/redact.js';
import type { PluginHost } from '../../channel-kit/plugin.js';
import { CREDENTIAL_CHECK_TIMEOUT_MS, CredentialsRefused } from '../../channel-kit/refused.js';

/** Token-endpoint codes that mean the app id or secret is wrong (feishu-node-sdk reference, error codes). */
const REFUSED_CODES = new Set([10014]);

const SERVICE = 'Feishu';

/** What the token endpoint said: its HTTP status (0: no answer) and Feishu's code and message, or why nothing came. */
interface TokenAnswer {
  status: number;
  code?: number;
  msg: string;
  /** No answer: the error's code or message, scrubbed. */
  error?: string;
}

/** Ask Feishu for a tenant token with the app's id and secret. The secret is never in the answer. */
async function askTenantToken(o: {
  appId: string;
  appSecret: string;
  domain: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<TokenAnswer> {
  // Through the SDK's own HTTP instance: the check is the SDK's request (its User-Agent), as every later call is.
  const http = lark.defaultHttpInstance as unknown as { post(url: string, data: unknown, o: object): Promise<unknown> };
  let status = 200;
  let body: { code?: unknown; msg?: unknown } = {};
  try {
    body = ((await http.post(
      `${o.domain}/open-apis/auth/v3/tenant_access_token/internal`,
      { app_id: o.appId, app_secret: o.appSecret },
      { timeout: o.timeoutMs ?? CREDENTIAL_CHECK_TIMEOUT_MS, signal: o.signal },
    )) ?? {}) as typeof body;
  } catch (err) {
    const res = (err as { response?: { status?: number; data?: unknown } }).response;
    if (!res?.status)
      return {
        status: 0,
        msg: '',
        error: redact((err as { code?: string }).code ?? (err as Error).message ?? String(err), [o.appSecret]),
      };
    status = res.status;
    body = (typeof res.data === 'object' && res.data !== null ? res.data : {}) as typeof body;
  }
  return {
    status,
    ...(typeof body.code === 'number' ? { code: body.code } : {}),
    msg: typeof body.msg === 'string' ? redact(body.msg.slice(0, 120), [o.appSecret]) : '',
  };
}

const describe = (a: TokenAnswer) =>
  a.error ?? `HTTP ${a.status}${a.code !== undefined ? ` code ${a.code}` : ''}${a.msg ? ` ${a.msg}` : ''}`;

/** What Feishu answers when asked for a tenant token with the app's id and secret. The secret is never in the answer. */
export async function feishuVerdict(o: {
  appId: string;
  appSecret: string;
  domain: string;
  locale: Locale;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<CredentialVerdict> {
  const a = await askTenantToken(o);
  if (a.error !== undefined) return { state: 'unreachable', service: SERVICE, reason: a.error };
  const { status, code, msg } = a;
  const rejected = (answer: string): CredentialVerdict => ({
    state: 'rejected',
    service: SERVICE,
    answer: redact(answer, [o.appSecret]),
    fix: say(o.locale, 'channel.fix.feishu.credentials'),
  });
  if (code !== undefined && REFUSED_CODES.has(code)) return rejected(`code ${code}${msg ? ` ${msg}` : ''}`);
  if (status === 401 || status === 403) return rejected(describe(a));
  if (status >= 500 || (code !== undefined && code !== 0))
    return { state: 'unreachable', service: SERVICE, reason: describe(a) };
  return { state: 'accepted', service: SERVICE };
}

/**
 * What Feishu answers gatewatch's own app where Hermes' Feishu begins (its tenant token, §10.5): an answer of any kind
 * (a refused secret too) says Feishu serves; a 5xx that its servers fail.
 */
export async function askFeishu(o: {
  appId: string;
  appSecret: string;
  domain: string;
  signal: AbortSignal;
}): Promise<PlatformAnswer> {
  const a = await askTenantToken(o);
  return platformAnswer(a.status, describe(a));
}

/** Throws when Feishu refuses the app id and secret: the channel cannot deliver until they are fixed. */
export async function checkFeishuCredentials(o: {
  appId: string;
  appSecret: string;
  domain: string;
  host: PluginHost;
  timeoutMs?: number;
}): Promise<void> {
  const v = await feishuVerdict({ ...o, locale: o.host.locale });
  if (v.state !== 'rejected') return;
  throw new CredentialsRefused(
    o.host.source ?? 'config',
    'channels.feishu.app_secret',
    `was refused by Feishu (${v.answer}): check app_id and app_secret`,
    v.fix!,
    { service: SERVICE, answer: v.answer },
  );
}
