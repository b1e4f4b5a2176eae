// The cheap check at start: ask Feishu for a tenant_access_token with the app's id and secret. It sends nothing to
// anyone. Only Feishu's own refusal counts (code 10014 "app secret invalid", or HTTP 401/403); a network error, a
// timeout or a 5xx says nothing about the secret, so the channel starts and its long connection retries as always.
import { t } from '../../i18n.js';
import { redact } from '../../util/redact.js';
import type { PluginHost } from '../plugin.js';
import { CREDENTIAL_CHECK_TIMEOUT_MS, CredentialsRefused } from '../refused.js';

/** Token-endpoint codes that mean the app id or secret is wrong (feishu-node-sdk reference, error codes). */
const REFUSED_CODES = new Set([10014]);

/** Why Feishu refuses the app's credentials, or undefined when it takes them or could not be asked. */
export async function feishuRefusal(o: { appId: string; appSecret: string; domain: string; timeoutMs?: number }): Promise<string | undefined> {
  let res: Response;
  try {
    res = await fetch(`${o.domain}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ app_id: o.appId, app_secret: o.appSecret }),
      signal: AbortSignal.timeout(o.timeoutMs ?? CREDENTIAL_CHECK_TIMEOUT_MS),
    });
  } catch {
    return undefined;
  }
  const body = (await res.json().catch(() => ({}))) as { code?: unknown; msg?: unknown };
  const code = typeof body.code === 'number' ? body.code : undefined;
  const msg = typeof body.msg === 'string' ? body.msg.slice(0, 120) : '';
  if (code !== undefined && REFUSED_CODES.has(code)) return `refused by Feishu (code ${code}${msg ? ` ${msg}` : ''})`;
  if (res.status === 401 || res.status === 403) return `refused by Feishu (HTTP ${res.status}${code !== undefined ? ` code ${code}` : ''}${msg ? ` ${msg}` : ''})`;
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
