// The redactor's rules (src/util/redact.ts runs them, in this order, over each line): credentials in URLs, headers
// and flags; values of secret-named keys in every notation; keys in URL paths; token shapes that need no key. A
// rule's pattern bounds its repetition and nests no quantifier, so a hostile line costs linear time.
import {
  afterPieces,
  alternation,
  FLAG_WORDS,
  HS,
  MASK,
  type Need,
  SECRET_WORDS,
  SHORT_WORDS,
} from './redact-words.js';

/** String.replace's callback: the match, then the pattern's groups, its offset and the whole text. */
// biome-ignore lint/suspicious/noExplicitAny: a replacer's arguments are the pattern's groups, then its offset and text: lib.d.ts types them any[] too.
export type Replacer = (m: string, ...rest: any[]) => string;

/**
 * A rule with a third element runs only where that cheap test finds something: a necessary condition of its pattern
 * (a word its every match contains). Compiling the big patterns is most of what the first redact() costs (a one-shot
 * `gatewatch check` redacts one command line), and most text holds no secret word at all.
 */
export type Rule = [RegExp, string | Replacer, Need?];

/** One word of prose after a key (`token: Cannot connect …`), not a credential. */
const proseWord = (v: string) => /^[A-Za-z][a-z]{0,15}$/.test(v);
/** Names of a password, which may be a word of a language: never taken for the start of a sentence. */
const PASSWORD_NAME = /(?:pass(?:word|wd|phrase)?|pwd|密码|口令)$/i;
const CJK = /[\u3400-\u9fff]/;
/**
 * A sentence after a key's name, not its value (`without http.token: open to every local user`, `bot token: 5
 * conflict retries`, `密钥：下面每个…`): a word, or a count of a few digits, with more of the sentence after it; or
 * Chinese words. A token, key or secret is never either; a password may be a word, so its value is masked whatever
 * follows.
 */
function sentenceAfterKey(name: string, v: string, after: string): boolean {
  if (PASSWORD_NAME.test(name)) return false;
  if (CJK.test(v)) return true;
  return (proseWord(v) || /^\d{1,4}$/.test(v)) && /^[^\S\n]+\S/.test(after);
}
/** Values that say a secret is absent, worth keeping: `token=None`, `"secret": null`. */
const ABSENT = /^(?:None|null|nil|undefined|true|false)$/i;

/**
 * Looks random: upper, lower and a digit, and a stretch of at least 14 letters and digits (a model name such as
 * `Qwen3-235B-A22B-Instruct-2507` has only short ones). Hex hashes, upper-case QQ openids and lower-case ids lack a case.
 */
function randomLooking(s: string, min: number): boolean {
  if (s.length < min || !/[A-Z]/.test(s) || !/[a-z]/.test(s) || !/\d/.test(s)) return false;
  return s.split(/[^A-Za-z0-9]/).some((p) => p.length >= 14);
}

/**
 * A run of base64/base64url characters: a token when it looks random as a whole; in a path (`/`-separated, with a
 * lower-case word such as `api` or `send` among its parts) each part on its own: a key embedded in a URL path.
 */
function genericToken(run: string): string {
  if (!run.includes('/')) return randomLooking(run.replace(/=+$/, ''), 32) ? MASK : run;
  const parts = run.split('/');
  const pathLike = run.startsWith('/') || parts.some((p) => p.length >= 2 && !/[A-Z]/.test(p));
  if (!pathLike) return randomLooking(run.replace(/=+$/, ''), 32) ? MASK : run;
  return parts.map((p) => (randomLooking(p, 16) ? MASK : p)).join('/');
}

/** The patterns of a secret's key name, made with the key names registered so far. */
export interface KeyPatterns {
  /** A key name (a rule's first group). */
  name: string;
  keyThenSep: Need;
}

export function keyPatterns(extra: readonly string[]): KeyPatterns {
  const KW = alternation(SECRET_WORDS);
  const SHORT = alternation([...SHORT_WORDS, ...extra]);
  const words = alternation([...SECRET_WORDS, ...SHORT_WORDS, ...extra, 'key']);
  // What every key=value rule's match holds: a secret word, then (after a closing quote) a separator. Most log lines
  // that name a secret word say it in prose (`Access token refreshed`) and skip those rules on this test alone.
  const keyThenSep = afterPieces(new RegExp(`${words}(?:\\\\{0,3}["']|%22)?${HS}{0,3}(?:[:=：＝]|%3[ADad])`, 'i'), [
    ...SECRET_WORDS,
    ...SHORT_WORDS,
    ...extra,
    'key',
  ]);
  // A key: optional glued prefix (client_, QQ_CLIENT_, x-api-, aws_secret_) then the secret word; a short or registered
  // name (checked whole or after a separator by keyOk); an HTTP header `X-…-Key`.
  const name = `(?<![A-Za-z0-9])(?:[A-Za-z0-9_.-]{0,40}?(?:${KW}|${SHORT})|x[_-][A-Za-z0-9_-]{0,40}?[_-]key)`;
  return { name, keyThenSep };
}

// A key may be closed by a quote (plain or backslash-escaped, as in JSON inside a string).
const CLOSE = `(?:\\\\{0,3}["']|%22)?`;
const SEP = `${HS}{0,3}(?:[:=：＝]|%3[ADad])${HS}{0,3}`;
const UNQUOTED = `(?:[^\\s"'&,;)}\\]<>%\\\\，；）]|%(?!2[267])[0-9A-Fa-f]{2}){1,512}`;

/** Credentials in URLs (user:pass, a token as userinfo), Authorization and Cookie headers, after a scheme, in flags. */
export function credentialRules(): Rule[] {
  return [
    // URL credentials: scheme://user:pass@host — keep the user, drop the password (the last @ ends it: `p@ss`).
    [
      /\b([a-z][a-z0-9+.-]{0,20}:\/\/)([^\s/?#:@'"<>]{0,256}):([^\s/?#'"<>]{1,256})@/gi,
      (m, scheme, user, pw) => (pw === MASK ? m : `${scheme}${user}:${MASK}@`),
      /:\/\//,
    ],
    // A token as the whole userinfo: https://<token>@host.
    [
      /\b([a-z][a-z0-9+.-]{0,20}:\/\/)([A-Za-z0-9_-]{20,256})@/gi,
      (m, scheme, user: string) => (/\d/.test(user) && /[A-Za-z]/.test(user) ? `${scheme}${MASK}@` : m),
      /:\/\//,
    ],
    // Authorization headers, any scheme (QQBot, Bearer, Basic, Bot …) or none, in header, JSON or Python form: a
    // leading scheme word is kept, the credential after it masked.
    [
      new RegExp(
        `(\\b(?:proxy-)?authori[sz]ation\\\\{0,3}["']?${HS}{0,3}[:=]${HS}{0,3})(?:(\\\\{0,3}["'])([^"'\\\\]{1,2048})|([^\\s"'\\\\,;}]{1,2048})(?:(${HS}{1,3})([^\\s"'\\\\,;}]{1,2048}))?)`,
        'gi',
      ),
      (
        m,
        head: string,
        q: string | undefined,
        quoted: string | undefined,
        w1: string | undefined,
        sp: string | undefined,
        w2: string | undefined,
      ) => {
        if (q !== undefined) {
          const s = /^([A-Za-z][A-Za-z-]{0,30})([^\S\n]{1,3})(\S.*)$/.exec(quoted!);
          if (quoted === MASK || s?.[3] === MASK) return m;
          return `${head}${q}${s ? `${s[1]}${s[2]}` : ''}${MASK}`;
        }
        // A `key=value` after the scheme's credential is the next field; base64's padding (`…==`) is no such `=`.
        if (w2 !== undefined && /^[A-Za-z][A-Za-z-]{0,30}$/.test(w1!) && !/[=:]./.test(w2.replace(/=+$/, '')))
          return w2 === MASK ? m : `${head}${w1}${sp}${MASK}`;
        if (w1 === MASK) return m;
        return `${head}${MASK}${w2 !== undefined ? `${sp}${w2}` : ''}`;
      },
      /authori[sz]ation/i,
    ],
    // Cookies: the whole header value (every cookie in it is a session credential).
    [
      new RegExp(
        `(\\b(?:set-)?cookie\\\\{0,3}["']?${HS}{0,3}[:=]${HS}{0,3}\\\\{0,3}["']?)(?!\\s|\\*\\*\\*)[^"'\\\\\\n]{1,4096}`,
        'gi',
      ),
      (_m, head) => `${head}${MASK}`,
      /cookie/i,
    ],
    // Bare scheme + token: `Bearer abc…`, `QQBot abc…` (not `[QQBot:1023]`, nor prose: `QQBot reconnect loop`).
    // Case matters: `platform=qqbot user=…` is no scheme. The token may end in base64 padding, holds no other `=`.
    [
      new RegExp(
        `\\b(Bearer|bearer|BEARER|QQBot|Basic|basic)(${HS}{1,3})(?!\\*\\*\\*)([A-Za-z0-9._~+/-]{8,2048}={0,2})(?![A-Za-z0-9._~+/=-])`,
        'g',
      ),
      (m, b, sp, v: string) => (proseWord(v) || v.startsWith('-') ? m : `${b}${sp}${MASK}`),
      /bearer|qqbot|basic/i,
    ],
    // CLI flags: --api-key X, --token=X, --client-secret "X".
    [
      new RegExp(
        `((?<![\\w-])--?(?:[a-z0-9]{1,20}-){0,4}${alternation(FLAG_WORDS)}(?:=|${HS}{1,3}))(?!-)("[^"\\n]{0,512}"|'[^'\\n]{0,512}'|[^\\s"']{1,512})`,
        'gi',
      ),
      (_m, head, v: string) =>
        v === MASK ? _m : `${head}${v.startsWith('"') || v.startsWith("'") ? `${v[0]}${MASK}${v[0]}` : MASK}`,
      afterPieces(new RegExp(`-${alternation(FLAG_WORDS)}`, 'i'), FLAG_WORDS),
    ],
  ];
}

/** Values of secret-named keys: plist and XML elements, quoted values (escaped and URL-encoded too), bare values. */
export function keyedRules({ name: NAME, keyThenSep }: KeyPatterns, keyOk: (name: string) => boolean): Rule[] {
  // Every rule that names a key captures the name first and leaves the text alone when it is not a secret's.
  const keyed =
    (rep: Replacer): Replacer =>
    (m, name: string, ...rest) =>
      keyOk(name) ? rep(m, ...rest) : m;
  // A rule whose match starts with the key name. A name that is no secret's (`bypass=…`) leaves its text alone, but
  // its value may hold a key that is (`bypass=1,token=…`, swallowed by this match): the rule runs on again over it.
  const keyRule = (pattern: string, rep: Replacer): Rule => {
    const inner = new RegExp(pattern, 'gi');
    const fn: Replacer = (m, name: string, ...rest) =>
      keyOk(name) ? rep(m, ...rest) : name + m.slice(name.length).replace(inner, fn);
    return [new RegExp(pattern, 'gi'), fn, keyThenSep];
  };
  return [
    // A plist's <key>NAME</key><string>value</string> on one line (on two: the plist block, below).
    [
      new RegExp(
        `<key>${HS}{0,3}(${NAME})${HS}{0,3}</key>(${HS}{0,16}<string>)(?!\\*\\*\\*<)[^<]{1,4096}(</string>)`,
        'gi',
      ),
      keyed((m, open, close) => m.slice(0, m.indexOf('</key>') + 6) + `${open}${MASK}${close}`),
      /<key>/i,
    ],
    // XML elements: <password>…</password>, <ClientSecret attr="x">…</ClientSecret>.
    [
      new RegExp(`(<(${NAME})(?:${HS}[^<>]{0,200})?>)(?!\\*\\*\\*<)[^<]{1,2048}(?=</)`, 'gi'),
      (m, open: string, name: string) => (keyOk(name) ? `${open}${MASK}` : m),
      /<\/./,
    ],
    // key = "quoted value" (JSON, Python, YAML, env), the value may hold escaped quotes.
    keyRule(`(${NAME})(${CLOSE}${SEP})"((?:[^"\\\\\\n]|\\\\.){1,2048})"`, (_m, _head, v) =>
      v === MASK ? _m : `${_m.slice(0, _m.length - v.length - 2)}"${MASK}"`,
    ),
    keyRule(`(${NAME})(${CLOSE}${SEP})'((?:[^'\\\\\\n]|\\\\.){1,2048})'`, (_m, _head, v) =>
      v === MASK ? _m : `${_m.slice(0, _m.length - v.length - 2)}'${MASK}'`,
    ),
    // JSON inside a string: \"app_secret\":\"…\" (the value ends at the next escaped quote).
    keyRule(
      `(${NAME})(${CLOSE}${SEP})(\\\\{1,3}")([^"\\n]{1,2048}?)(\\\\{1,3}")`,
      (m, _sep, q1, _v, q2) => m.slice(0, m.length - q1.length - _v.length - q2.length) + `${q1}${MASK}${q2}`,
    ),
    // URL-encoded quotes: client_secret%3D%22…%22
    keyRule(
      `(${NAME})(${CLOSE}${SEP})%22((?:[^%\\s&]|%(?!22)[0-9A-Fa-f]{2}){1,512})%22`,
      (m, _sep, v) => `${m.slice(0, m.length - v.length - 6)}%22${MASK}%22`,
    ),
    // key=value, key: value, key%3Dvalue unquoted. A key's name before a sentence is kept (sentenceAfterKey).
    keyRule(
      `(${NAME})(${CLOSE})(${SEP})(?![\\[({<])(${UNQUOTED})`,
      (m: string, close: string, sep: string, v: string, offset: number, whole: string) => {
        if (v === MASK || ABSENT.test(v)) return m;
        const name = m.slice(0, m.length - close.length - sep.length - v.length);
        // The working directory (`PWD=/home/ops`), a YAML block scalar's indicator (its lines are the block's).
        if (/pwd$/i.test(name) && /^[/~]/.test(v)) return m;
        const after = whole.slice(offset + m.length);
        if (/^[|>][-+0-9]{0,2}$/.test(v) && !after.trim()) return m;
        if (/[:：]/.test(sep) && sentenceAfterKey(name, v, after)) return m;
        return `${name}${close}${sep}${MASK}`;
      },
    ),
  ];
}

/** Keys that ride in a URL: query parameters named for a credential, the Discord and Slack webhooks' paths. */
export function urlKeyRules(): Rule[] {
  return [
    // Query parameters that are credentials by name: ?key=, &sign=, &signature=, &sig=
    [/([?&](?:key|sign|signature|sig|auth)=)(?!\*\*\*)[^&\s"'#]{1,512}/gi, (_m, head) => `${head}${MASK}`, /[?&]/],
    // Telegram's Bot API carries the bot token in the path (`/bot<id>:<token>/getUpdates`, `/file/bot<id>:<token>/…`):
    // masked after the bot's id, whatever the token looks like, the method after it kept (httpx logs every request).
    [/(\/bot\d{1,20}:)(?!\*\*\*)[A-Za-z0-9_-]{1,256}/g, (_m, head) => `${head}${MASK}`, /\/bot\d/],
    // Keys that ride in a URL path: Discord and Slack webhooks (a channel plugin's own come next).
    [
      /(\/api\/webhooks\/\d{1,24}\/|\bhooks\.slack\.com\/services\/[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}\/)(?!\*\*\*)[A-Za-z0-9_-]{1,256}/g,
      (_m, head) => `${head}${MASK}`,
      /\/(?:api\/webhooks|services)\//,
    ],
  ];
}

/** Token shapes that need no key: the services Hermes talks to, prefixed keys, any long random-looking base64 run. */
export function tokenRules(): Rule[] {
  return [
    // Token shapes that need no key.
    [
      new RegExp(
        '(?<![A-Za-z0-9_-])(?:' +
          [
            'sk-(?:ant-|proj-|live-|test-|or-)?[A-Za-z0-9_-]{16,512}', // OpenAI, Anthropic, OpenRouter, DeepSeek, Moonshot, DashScope …
            '[rs]k_(?:live|test)_[A-Za-z0-9]{16,256}', // Stripe
            'gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{40,255}', // GitHub
            'xox[abposr]-[A-Za-z0-9-]{10,255}|xapp-[A-Za-z0-9-]{10,255}', // Slack
            '(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])', // AWS access key id
            'eyJ[A-Za-z0-9_-]{5,4096}\\.[A-Za-z0-9_-]{5,4096}\\.[A-Za-z0-9_-]{5,4096}', // JWT
            'AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])', // Google API key
            'ya29\\.[A-Za-z0-9_-]{20,2048}|GOCSPX-[A-Za-z0-9_-]{20,64}', // Google OAuth access token, client secret
            'PDU[0-9]{1,12}T[A-Za-z0-9]{8,128}', // PushDeer
            '[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6,7}\\.[A-Za-z0-9_-]{27,40}', // Discord bot token
            'SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}', // SendGrid
            '[0-9a-f]{32}\\.[A-Za-z0-9]{16}(?![A-Za-z0-9])', // Zhipu (GLM)
          ].join('|') +
          ')',
        'g',
      ),
      MASK,
    ],
    // Prefixed keys: Hugging Face, Groq, xAI, GitLab, npm, PyPI, Notion, Matrix, Stripe webhooks, Replicate,
    // Fireworks, Tavily, Perplexity, Firecrawl, ElevenLabs. The body must hold a digit or both cases: `hf_hub_download`
    // is a function name.
    [
      /(?<![A-Za-z0-9_-])(?:hf_|gsk_|xai-|glpat-|npm_|pypi-|ntn_|syt_|whsec_|r8_|fw_|tvly-|pplx-|fc-|sk_)([A-Za-z0-9_-]{16,512})/g,
      (m, body: string) => (/\d/.test(body) || (/[A-Z]/.test(body) && /[a-z]/.test(body)) ? MASK : m),
      /[_-]/,
    ],
    // Any other long base64 run that looks random (a bare 64-character token, a Feishu app secret), or a random-looking
    // part of a path (a key embedded in a URL).
    [/(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,2048}={0,2}(?![A-Za-z0-9+/=_-])/g, genericToken],
  ];
}

/** The lines that open a block whose next lines are the secret: `key: |` (YAML), `<key>NAME</key>` alone (plist). */
export function blockOpeners(NAME: string): { yamlOpen: RegExp; plistOpen: RegExp } {
  const yamlOpen = new RegExp(`^(${HS}*)(?:-${HS}+)?["']?(${NAME})["']?${HS}*[:：]${HS}*[|>][-+0-9]{0,2}${HS}*$`, 'i');
  const plistOpen = new RegExp(`^${HS}*<key>${HS}{0,3}(${NAME})${HS}{0,3}</key>${HS}*$`, 'i');
  return { yamlOpen, plistOpen };
}
