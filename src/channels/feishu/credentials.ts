// The cheap check at start: ask Feishu for a tenant_access_token with the app's id and secret. It sends nothing to
// anyone. Only Feishu's own refusal counts (code 10014 "app secret invalid", or HTTP 401/403); a network error, a
// timeout or a 5xx says nothing about the secret, so the channel starts and its long connection retries as always.
import * as lark from '@larksuiteoapi/node-sdk';
import { t } from '../../i18n.js';
import { redact } from '../../util/redact.js';
import type { PluginHost } from '../plugin.js';
import { CREDENTIAL_CHECK_TIMEOUT_MS, CredentialsRefused } from '../refused.js';

/** Token-endpoint codes that mean the app id or secret is wrong (feishu-node-sdk reference, error codes). */
const REFUSED_CODES = new Set([10014]);

/** Why Feishu refuses the app's credentials, or undefined when it takes them or could not be asked. */
export async function feishuRefusal(o: { appId: string; appSecret: string; domain: string; timeoutMs?: number }): Promise<string | undefined> {
  // Through the SDK's own HTTP instance: the check is the SDK's request (its User-Agent), as every later call is.
  const http = lark.defaultHttpInstance as unknown as { post(url: string, data: unknown, o: object): Promise<unknown> };
  let status = 200;
  let body: { code?: unknown; msg?: unknown } = {};
  try {
    body = ((await http.post(`${o.domain}/open-apis/auth/v3/tenant_access_token/internal`, { app_id: o.appId, app_secret: o.appSecret }, { timeout: o.timeoutMs ?? CREDENTIAL_CHECK_TIMEOUT_MS })) ?? {}) as typeof body;
  } catch (err) {
    const res = (err as { response?: { status?: number; data?: unknown } }).response;
    if (!res?.status) return undefined;
    status = res.status;
    body = (typeof res.data === 'object' && res.data !== null ? res.data : {}) as typeof body;
  }
  const code = typeof body.code === 'number' ? body.code : undefined;
  const msg = typeof body.msg === 'string' ? body.msg.slice(0, 120) : '';
  if (code !== undefined && REFUSED_CODES.has(code)) return `refused by Feishu (code ${code}${msg ? ` ${msg}` : ''})`;
  if (status === 401 || status === 403) return `refused by Feishu (HTTP ${status}${code !== undefined ? ` code ${code}` : ''}${msg ? ` ${msg}` : ''})`;
  return undefined;
}

/** Throws when Feishu refuses the app id and secret: the channel cannot deliver until they are fixed. */
export async function checkFeishuCredentials(o: { appId: string; appSecret: string; domain: string; host: PluginHost; timeoutMs?: number }): Promise<void> {
  const why = await feishuRefusal(o);
  if (!why) return;
  // The secret never goes into the message, even if a proxy echoed it back.
  const reason = redact(why, [o.appSecret]);
  throw new CredentialsRefused(o.host.source ?? 'config', 'channels.feishu.app_secret', `was ${reason}: check app_id and app_secret`, t(o.host.locale, 'channel.fix.feishu.credentials'));
}
