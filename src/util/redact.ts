// The one redactor. Everything gatewatch writes outside itself passes here: chat replies and alerts, notifiers, state
// files, audit records and its own log. It masks
// - the config's own secrets, verbatim, wherever they appear (registerSecrets: an endpoint may echo them back), and
//   values a caller names for one text only (a notifier's topic, which would be an ordinary word elsewhere);
// - values of secret-named keys in every notation a log uses: JSON, Python reprs, escaped JSON inside a string,
//   `k=v`, `key: value`, YAML, env lines, plist <key>/<string> pairs, query strings, URL-encoded
//   (`client_secret%3D…`), CLI flags (`--api-key X`);
// - credentials in headers and URLs: Authorization (any scheme), bare Bearer/QQBot tokens, Cookie, URL user:pass,
//   Feishu webhook hook ids, `?key=`/`?sign=` query parameters;
// - token shapes that need no key: `sk-…`, GitHub `ghp_…`, Slack `xox?-`, AWS access key ids and secret keys, JWTs,
//   Google API keys, Telegram bot tokens, Lark `t-`/`u-` tokens, PEM private keys.
// Ids operators need (open_id, app_id, chat_id, session_id, pids, platform names) are kept, and so are counters whose
// name merely contains a secret word (`token_count=5`, `max_tokens=4096`, `tokens`, `token_expires_at`): a key is a
// secret only when it ENDS with the secret word. A bare `token:`/`secret:` followed by prose (`access token: Cannot
// connect …`) is kept too: only token-looking values (with a digit) are masked there. Every pattern has bounded
// repetition, so a hostile log line costs linear time.
const MASK = '***';

/**
 * The one list of secret key names: a key is a secret when it ends with one of these (`client_secret`, `X-Api-Key`,
 * `appSecret`, `aws_secret_access_key`). An `_` stands for an optional `_` or `-`. The channel plugins' declared
 * secret keys are added at config load (registerSecretKeys).
 */
const SECRET_WORDS = ['secret', 'token', 'password', 'passwd', 'passphrase', 'api_key', 'apikey', 'access_key', 'private_key', 'secret_key', 'session_key', 'credential', 'credentials', 'ticket'];
/** Headers whose whole value is a credential. Not key=value words: their text rules keep the scheme (`Bearer ***`). */
const HEADER_WORDS = ['authorization', 'cookie'];
/** CLI flags also say just `key` (`--key X`, `--ssh-key X`). */
const FLAG_WORDS = [...SECRET_WORDS, 'key'];

/** Key names registered at startup (plugins' secret settings such as `sendkey`): matched whole, or after a separator. */
const extraKeys = new Set<string>();
const registered = new Set<string>();
/** Shorter values would mask ordinary words; no real credential is this short. */
const MIN_REGISTERED = 6;
/** A value masked in one text only may be shorter (a 4-letter ntfy topic): it cannot mask words elsewhere. */
const MIN_LOCAL = 4;

/** Values the redactor always masks, wherever they appear (the config's client_secret, app_secret, webhook secret …). */
export function registerSecrets(values: Iterable<string | undefined | null>): void {
  for (const v of values) {
    if (typeof v !== 'string' || v.trim().length < MIN_REGISTERED) continue;
    for (const form of [v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1)]) registered.add(form);
  }
}

/**
 * More key names whose value is a secret: the channel plugins' `secretKeys` (util cannot import the registry). A
 * dotted path (`smtp.pass`) names its last key.
 */
export function registerSecretKeys(names: Iterable<string>): void {
  for (const n of names) {
    const name = n.slice(n.lastIndexOf('.') + 1).toLowerCase();
    if (!/^[a-z0-9_-]{1,40}$/.test(name) || isSecretKey(name) || extraKeys.has(name)) continue;
    extraKeys.add(name);
    built = undefined;
  }
}

const alternation = (words: Iterable<string>) => `(?:${[...words].map((w) => w.replace(/[_-]/g, '[_-]?')).join('|')})`;

interface Built {
  rules: Rule[];
  /** The key names isSecretKey accepts. */
  field: RegExp;
}
let built: Built | undefined;

/**
 * A rule with a third element runs only where that cheap test finds something: a necessary condition of its pattern
 * (a word its every match contains). Compiling the big patterns is most of what the first redact() costs (a one-shot
 * `gatewatch check` redacts one command line), and most text holds no secret word at all.
 */
type Rule = [RegExp, string | ((...m: string[]) => string), RegExp?];

function build(): Built {
  const extra = extraKeys.size ? alternation(extraKeys) : undefined;
  const KW = alternation(SECRET_WORDS);
  // Every match of a key-named rule contains one of these words.
  const SECRET_WORD = new RegExp(alternation([...FLAG_WORDS, ...extraKeys]), 'i');
  // A key: optional glued prefix (client_, QQ_CLIENT_, x-api-, aws_secret_) then the secret word; a registered name
  // whole or after a separator (`smtp.pass`, not `bypass`).
  const NAME = `(?<![A-Za-z0-9])(?:[A-Za-z0-9_.-]{0,40}?${KW}${extra ? `|(?:[A-Za-z0-9_.-]{0,40}[_.-])?${extra}` : ''})`;
  // A key optionally closed by a quote (plain or backslash-escaped, as in JSON inside a string).
  const KEY = `${NAME}(?:\\\\{0,3}["']|%22)?`;
  const SEP = `\\s{0,3}(?:[:=]|%3[ADad])\\s{0,3}`;
  const UNQUOTED = `(?:[^\\s"'&,;)}\\]<>%\\\\]|%(?!2[267])[0-9A-Fa-f]{2}){1,512}`;
  const rules: Rule[] = [
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
      new RegExp(`((?<![\\w-])--?(?:[a-z0-9]{1,20}-){0,4}${alternation(FLAG_WORDS)}(?:=|\\s{1,3}))(?!-)("[^"\\n]{0,512}"|'[^'\\n]{0,512}'|[^\\s"']{1,512})`, 'gi'),
      (_m, head, v: string) => (v === MASK ? _m : `${head}${v.startsWith('"') || v.startsWith("'") ? `${v[0]}${MASK}${v[0]}` : MASK}`),
      SECRET_WORD,
    ],
    // A plist's <key>NAME</key><string>value</string>: launchd environment variables (doctor shows the plist).
    [new RegExp(`(<key>\\s{0,3}${NAME}\\s{0,3}</key>\\s{0,16}<string>)[^<]{1,4096}(</string>)`, 'gi'), (_m, open, close) => `${open}${MASK}${close}`, SECRET_WORD],
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
  const field = new RegExp(
    `(?:^|[_.-]|[a-z](?=[A-Z]))${alternation([...SECRET_WORDS, ...HEADER_WORDS])}$${extra ? `|(?:^|[_.-])${extra}$` : ''}`,
    'i',
  );
  return { rules, field };
}

function maskAll(text: string, values: Iterable<string | undefined>, min: number): string {
  let out = text;
  for (const s of values) if (s && s.length >= min && out.includes(s)) out = out.split(s).join(MASK);
  return out;
}

/** `text` with every secret masked; `secrets` are masked in this text only (a value that is a secret to one notifier). */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = secrets.length ? maskAll(text, secrets, MIN_LOCAL) : text;
  if (registered.size) out = maskAll(out, registered, 0);
  for (const [re, rep, need] of (built ??= build()).rules) if (!need || need.test(out)) out = out.replace(re, rep as (...m: string[]) => string);
  return out;
}

/** A key whose value is a secret whatever it looks like (`token`, `client_secret`, `appSecret`, `authorization`). */
function isSecretKey(key: string): boolean {
  return (built ??= build()).field.test(key);
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
