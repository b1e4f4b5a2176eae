// Masks secrets in text that may reach a chat message or a log line: auth headers, tokens, secrets and passwords in
// JSON, k=v and `key: value` form, Lark `t-…` tokens, webhook hook ids and URL passwords. Ids (open_id, app_id,
// chat_id, session_id) are kept: operators need them to find things.
const MASK = '***';

// Token-like value: no spaces, brackets or quotes, so prose after a colon ("access token: [Errno -3] …") is left alone.
const VALUE = `[A-Za-z0-9._~+/=:@-]{4,}`;
// A key that names a secret: ends with secret/token/password (app_secret, QQ_CLIENT_SECRET, tenant_access_token,
// appSecret), or is an api/access key. `token_expires_at`, `tokens` and `session_id` do not end that way.
const SECRET_KEY = `[A-Za-z0-9_-]*?(?:secret|token|password|passwd|pwd|api[_-]?key|access[_-]?key)`;

const RULES: [RegExp, string | ((...m: string[]) => string)][] = [
  // URL credentials: scheme://user:pass@host — keep the user, drop the password.
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@'"]+):([^\s/@'"]+)@/gi, (_m, scheme, user) => `${scheme}${user}:${MASK}@`],
  // Authorization headers, any scheme (QQBot, Bearer, Basic) or none, in header or JSON form.
  [
    /(\bauthorization["']?\s*[:=]\s*["']?)(?:(QQBot|Bearer|Basic|Token)\s+)?([^\s"',;}]+)/gi,
    (_m, head, scheme) => `${head}${scheme ? `${scheme} ` : ''}${MASK}`,
  ],
  [/\b(Bearer)\s+(?!\*\*\*)[A-Za-z0-9._~+/=-]{4,}/gi, (_m, b) => `${b} ${MASK}`],
  // JSON: "app_secret": "…" (also single quotes, as in Python reprs).
  [new RegExp(`(["'](${SECRET_KEY})["']\\s*:\\s*)(["'])[^"']*\\3`, 'gi'), (_m, head, _k, q) => `${head}${q}${MASK}${q}`],
  // k=v (env lines, query strings, log key=value pairs).
  [new RegExp(`(\\b${SECRET_KEY}\\s*=\\s*)(["']?)${VALUE}\\2`, 'gi'), (_m, head, q) => `${head}${q}${MASK}${q}`],
  // `key: value` where the key is compound (client_secret:, appSecret:) — anywhere on the line.
  [
    new RegExp(`(\\b[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*[_-](?:secret|token|password|passwd|key)\\s*:\\s*)(["']?)${VALUE}\\2`, 'gi'),
    (_m, head, q) => `${head}${q}${MASK}${q}`,
  ],
  [/(\b[a-z]+(?:Secret|Token|Password)\s*:\s*)(["']?)[A-Za-z0-9._~+/=:@-]{4,}\2/g, (_m, head, q) => `${head}${q}${MASK}${q}`],
  // Bare `secret:`/`token:`/`password:` only where a key starts (line start, after `{ , ; (`), not in prose.
  [
    /((?:^|[{,;(])\s*["']?(?:secret|token|password|passwd)["']?\s*:\s*)(["']?)[A-Za-z0-9._~+/=:@-]{4,}\2/gim,
    (_m, head, q) => `${head}${q}${MASK}${q}`,
  ],
  // Lark/Feishu access tokens: t-… (tenant), u-… (user).
  [/(?<![\w-])[tu]-[A-Za-z0-9_]{16,}/g, MASK],
  // Feishu/Lark custom-bot webhook: the hook id is the credential.
  [/(\/open-apis\/bot\/v2\/hook\/)[A-Za-z0-9-]+/g, (_m, head) => `${head}${MASK}`],
];

export function redact(text: string): string {
  let out = text;
  for (const [re, rep] of RULES) out = out.replace(re, rep as (...m: string[]) => string);
  return out;
}
