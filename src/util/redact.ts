// The one redactor. Everything gatewatch writes outside itself passes here: chat replies and alerts, notifiers, state
// files, audit records and its own log. It masks
// - the config's own secrets, verbatim, wherever they appear (registerSecrets: an endpoint may echo them back);
// - values of secret-named keys in every notation a log uses: JSON, Python reprs, escaped JSON inside a string,
//   `k=v`, `key: value`, YAML, env lines, query strings, URL-encoded (`client_secret%3D…`), CLI flags (`--api-key X`);
// - credentials in headers and URLs: Authorization (any scheme), bare Bearer/QQBot tokens, Cookie, URL user:pass,
//   Feishu webhook hook ids, `?key=`/`?sign=` query parameters;
// - token shapes that need no key: `sk-…`, GitHub `ghp_…`, Slack `xox?-`, AWS access key ids and secret keys, JWTs,
//   Google API keys, Telegram bot tokens, Lark `t-`/`u-` tokens, PEM private keys.
// Ids operators need (open_id, app_id, chat_id, session_id, pids, platform names) are kept, and so are counters whose
// name merely contains a secret word (`token_count=5`, `max_tokens=4096`, `tokens`, `token_expires_at`): a key is a
// secret only when it ENDS with the secret word. A bare `token:`/`secret:` followed by prose (`access token: Cannot
// connect …`) is kept too: only token-looking values (with a digit) are masked there. Every pattern has bounded
// repetition, so a hostile log line costs linear time.
export const MASK = '***';

const registered = new Set<string>();
/** Shorter values would mask ordinary words; no real credential is this short. */
const MIN_REGISTERED = 6;

/** Values the redactor always masks, wherever they appear (the config's client_secret, app_secret, webhook secret …). */
export function registerSecrets(values: Iterable<string | undefined | null>): void {
  for (const v of values) {
    if (typeof v !== 'string' || v.trim().length < MIN_REGISTERED) continue;
    for (const form of [v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1)]) registered.add(form);
  }
}

/** Key names whose value is a secret. Matched against the END of the key (`client_secret`, `X-Api-Key`, `appSecret`). */
const KW = `(?:secret|token|password|passwd|passphrase|api[_-]?key|apikey|access[_-]?key|private[_-]?key|secret[_-]?key|session[_-]?key|credentials?|ticket)`;
// A key: optional glued prefix (client_, QQ_CLIENT_, x-api-, aws_secret_) then the secret word, optionally closed by a
// quote (plain or backslash-escaped, as in JSON inside a string).
const KEY = `(?<![A-Za-z0-9])(?:[A-Za-z0-9_.-]{0,40}?)${KW}(?:\\\\{0,3}["']|%22)?`;
const SEP = `\\s{0,3}(?:[:=]|%3[ADad])\\s{0,3}`;
const UNQUOTED = `(?:[^\\s"'&,;)}\\]<>%\\\\]|%(?!2[267])[0-9A-Fa-f]{2}){1,512}`;

/**
 * A rule with a third element runs only where that cheap test finds something: a necessary condition of its pattern
 * (a word its every match contains). Compiling the big patterns is most of what the first redact() costs (a one-shot
 * `gatewatch check` redacts one command line), and most text holds no secret word at all.
 */
type Rule = [RegExp, string | ((...m: string[]) => string), RegExp?];

/** Every KW and every CLI-flag secret word contains one of these (password, passwd → passw; api_key → key …). */
const SECRET_WORD = /secret|token|passw|passp|key|credential|ticket/i;

const RULES: Rule[] = [
  // PEM private keys, with or without the END line.
  [/-----BEGIN [A-Z ]{0,30}PRIVATE KEY-----[\s\S]{0,16384}?(?:-----END [A-Z ]{0,30}PRIVATE KEY-----|$)/g, `-----BEGIN PRIVATE KEY----- ${MASK}`, /-----BEGIN /],
  // URL credentials: scheme://user:pass@host — keep the user, drop the password.
  [/\b([a-z][a-z0-9+.-]{0,20}:\/\/)([^\s/:@'"]{1,256}):([^\s/@'"]{1,256})@/gi, (_m, scheme, user) => `${scheme}${user}:${MASK}@`, /:\/\//],
  // Authorization headers, any scheme (QQBot, Bearer, Basic) or none, in header, JSON or Python form.
  [
    /(\b(?:proxy-)?authorization\\{0,3}["']?\s{0,3}[:=]\s{0,3}\\{0,3}["']?)(?!(?:(?:QQBot|Bearer|Basic|Token|Digest)\s{1,3})?\*\*\*)(?:(QQBot|Bearer|Basic|Token|Digest)\s{1,3})?([^\s"'\\,;}]{1,2048})/gi,
    (_m, head, scheme) => `${head}${scheme ? `${scheme} ` : ''}${MASK}`,
    /authorization/i,
  ],
  // Cookies: the whole header value (every cookie in it is a session credential).
  [/(\b(?:set-)?cookie\\{0,3}["']?\s{0,3}[:=]\s{0,3}\\{0,3}["']?)(?!\*\*\*)[^"'\\\n]{1,4096}/gi, (_m, head) => `${head}${MASK}`, /cookie/i],
  // Bare scheme + token: `Bearer abc…`, `QQBot abc…` (not `[QQBot:1023]`, nor prose: `QQBot reconnect loop`).
  [/\b(Bearer|QQBot)\s{1,3}(?!\*\*\*)([A-Za-z0-9._~+/=-]{8,2048})/gi, (m, b, v: string) => (/\d/.test(v) ? `${b} ${MASK}` : m), /bearer|qqbot/i],
  // CLI flags: --api-key X, --token=X, --client-secret "X".
  [
    /((?<![\w-])--?(?:[a-z0-9]{1,20}-){0,4}(?:key|token|secret|password|passwd|passphrase|credentials?)(?:=|\s{1,3}))(?!-)("[^"\n]{0,512}"|'[^'\n]{0,512}'|[^\s"']{1,512})/gi,
    (_m, head, v: string) => (v === MASK ? _m : `${head}${v.startsWith('"') || v.startsWith("'") ? `${v[0]}${MASK}${v[0]}` : MASK}`),
    SECRET_WORD,
  ],
  // key = "quoted value" (JSON, Python, YAML, env), the value may hold escaped quotes.
  [new RegExp(`(${KEY}${SEP})"((?:[^"\\\\\\n]|\\\\.){1,2048})"`, 'gi'), (_m, head) => `${head}"${MASK}"`, SECRET_WORD],
  [new RegExp(`(${KEY}${SEP})'((?:[^'\\\\\\n]|\\\\.){1,2048})'`, 'gi'), (_m, head) => `${head}'${MASK}'`, SECRET_WORD],
  // JSON inside a string: \"app_secret\":\"…\" (the value ends at the next escaped quote).
  [new RegExp(`(${KEY}${SEP})(\\\\{1,3}")([^"\\n]{1,2048}?)(\\\\{1,3}")`, 'gi'), (_m, head, q1, _v, q2) => `${head}${q1}${MASK}${q2}`, SECRET_WORD],
  // URL-encoded quotes: client_secret%3D%22…%22
  [new RegExp(`(${KEY}${SEP})%22((?:[^%\\s&]|%(?!22)[0-9A-Fa-f]{2}){1,512})%22`, 'gi'), (_m, head) => `${head}%22${MASK}%22`, SECRET_WORD],
  // key=value, key: value, key%3Dvalue unquoted. A bare `token:`/`secret:` before prose is kept (see the header).
  [
    new RegExp(`(${KEY})(${SEP})(?![\\[({<])(${UNQUOTED})`, 'gi'),
    (m, key: string, sep: string, v: string) => {
      if (v === MASK) return m;
      const bareWord = /^(?:secret|token|ticket|credentials?)(?:\\{0,3}["'])?$/i.test(key);
      if (bareWord && sep.trim() === ':' && !/\d/.test(v)) return m;
      return `${key}${sep}${MASK}`;
    },
    SECRET_WORD,
  ],
  // Query parameters that are credentials by name: ?key=, &sign=, &signature=, &sig=
  [/([?&](?:key|sign|signature|sig|auth)=)(?!\*\*\*)[^&\s"'#]{1,512}/gi, (_m, head) => `${head}${MASK}`],
  // Token shapes that need no key.
  [/(?<![A-Za-z0-9_-])sk-(?:ant-|proj-|live-|test-)?[A-Za-z0-9_-]{16,512}/g, MASK], // OpenAI, Anthropic, DeepSeek …
  [/(?<![A-Za-z0-9])[rs]k_(?:live|test)_[A-Za-z0-9]{16,256}/g, MASK], // Stripe
  [/(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{40,255})/g, MASK], // GitHub
  [/(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,255}/g, MASK], // Slack
  [/(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g, MASK], // AWS access key id
  // AWS secret access key: exactly 40 base64 characters with upper, lower and a digit (a hex sha1 has no upper).
  [/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, (m) => (/[A-Z]/.test(m) && /[a-z]/.test(m) && /\d/.test(m) ? MASK : m)],
  [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,4096}\.[A-Za-z0-9_-]{5,4096}\.[A-Za-z0-9_-]{5,4096}/g, MASK], // JWT
  [/(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, MASK], // Google API key
  [/(?<![0-9])([0-9]{6,12}):[A-Za-z0-9_-]{34,40}(?![A-Za-z0-9_-])/g, (_m, id) => `${id}:${MASK}`], // Telegram bot token
  // Lark/Feishu access tokens: t-… (tenant), u-… (user).
  [/(?<![\w-])[tu]-[A-Za-z0-9_]{16,512}/g, MASK],
  // Feishu/Lark custom-bot webhook: the hook id is the credential.
  [/(\/open-apis\/bot\/v2\/hook\/)(?!\*\*\*)[A-Za-z0-9-]{1,128}/g, (_m, head) => `${head}${MASK}`],
];

function maskRegistered(text: string): string {
  let out = text;
  for (const s of registered) if (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}

export function redact(text: string): string {
  let out = registered.size ? maskRegistered(text) : text;
  for (const [re, rep, need] of RULES) if (!need || need.test(out)) out = out.replace(re, rep as (...m: string[]) => string);
  return out;
}

/** A key whose value is a secret whatever it looks like (`token`, `client_secret`, `appSecret`, `authorization`). */
const SECRET_FIELD = /(?:^|[_.-]|[a-z](?=[A-Z]))(?:secret|token|password|passwd|passphrase|api[_-]?key|apikey|access[_-]?key|private[_-]?key|authorization|cookie|credentials?)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_FIELD.test(key) || /^(?:secret|token|password|passwd|passphrase|authorization|cookie|apikey|credentials?)$/i.test(key);
}

/** A deep copy with every string redacted and the value of every secret-named key masked. */
export function redactDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redact(value) as T;
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
  if (value instanceof Error) return redactDeep({ name: value.name, message: value.message, stack: value.stack }, depth + 1) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = typeof v === 'string' && v && isSecretKey(k) ? MASK : redactDeep(v, depth + 1);
  }
  return out as T;
}

/** The string values of every secret-named key in a config-shaped object (for registerSecrets at config load). */
export function secretValues(obj: unknown, depth = 0): string[] {
  if (obj === null || typeof obj !== 'object' || depth > 16) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    // In the config any `…key` or `pass` is a credential too (a push service's sendkey, SMTP smtp.pass).
    if (typeof v === 'string' && (isSecretKey(k) || /(?:key|pass)$/i.test(k))) out.push(v);
    // Push URLs carry their credential: a webhook hook id, a Bark device key (last path segment), a query token.
    else if (typeof v === 'string' && /url$/i.test(k)) out.push(...urlCredentials(v));
    else out.push(...secretValues(v, depth + 1));
  }
  return out;
}

function urlCredentials(url: string): string[] {
  const out = [...url.matchAll(/\/hook\/([A-Za-z0-9-]{6,})/g)].map((m) => m[1]!);
  try {
    const u = new URL(url);
    const last = u.pathname.split('/').filter(Boolean).pop();
    if (last && /^[A-Za-z0-9_-]{16,}$/.test(last)) out.push(decodeURIComponent(last));
    for (const [k, v] of u.searchParams) if (/(?:token|key|secret|sign)$/i.test(k)) out.push(v);
    if (u.password) out.push(decodeURIComponent(u.password));
  } catch {
    /* not a URL: nothing more to find */
  }
  return out;
}
