// The one redactor. Everything gatewatch writes outside itself passes here: chat replies and alerts, notifiers, state
// files, audit records and its own log. It masks
// - the config's own secrets, verbatim, wherever they appear (registerSecrets: an endpoint may echo them back), and
//   values a caller names for one text only (a notifier's topic, which would be an ordinary word elsewhere);
// - values of secret-named keys in every notation a log uses: JSON, Python reprs, escaped JSON inside a string,
//   `k=v`, `key: value`, YAML (block scalars too), env lines, XML elements, plist <key>/<string> pairs, query
//   strings, URL-encoded (`client_secret%3D…`), CLI flags (`--api-key X`), Chinese key names (`密码：…`);
// - credentials in headers and URLs: Authorization (any scheme), bare Bearer/QQBot/Basic tokens, Cookie, URL
//   user:pass (an empty user too: `redis://:pw@`), `?key=`/`?sign=` query parameters, and keys that ride in a path
//   (Discord and Slack webhooks);
// - token shapes that need no key: the services Hermes talks to (OpenAI/Anthropic/OpenRouter `sk-…`, GitHub, GitLab,
//   Slack, AWS, Google, Hugging Face, Groq, xAI, Discord, JWTs …), any long base64 run that looks random, and PEM
//   private keys;
// - the secret shapes of the services gatewatch's own channels talk to, which each channel plugin declares and the
//   registry registers here (registerSecretShapes): Telegram bot tokens, Lark `t-`/`u-` tokens, Feishu hook ids, Bark
//   device keys, PushPlus and ServerChan keys, DingTalk `SEC…`, ntfy `tk_…`.
// Ids operators need (open_id, app_id, chat_id, session_id, hex hashes, upper-case QQ openids, model names, paths) are
// kept, and so are counters whose name merely contains a secret word (`token_count=5`, `max_tokens=4096`): a key is a
// secret only when it ENDS with the secret word. A sentence after a key's name (`access token: Cannot connect …`,
// `without http.token: open to every local user`) is kept too: a word or a small count with more words after it is
// no token (a password's value is masked all the same: a password may be a word).
//
// Three properties hold for any text (test/util/redact-lines.test.ts checks them on random text):
// - it works line by line: no rule sees past a newline, so nothing one line says can hide or change another. The one
//   exception is a block a line opens (a PEM private key without its END on that line, a YAML `secret: |`, a plist
//   <key>) and only over the following lines that look like its body, at most BLOCK_LINES of them;
// - it is idempotent: redacting redacted text changes nothing;
// - every pattern has bounded repetition and no nested quantifier, so a hostile line costs linear time.
// The rules are redact-rules.ts's, their words redact-words.ts's; this file runs them line by line and keeps what is
// registered.
import {
  afterPieces,
  alternation,
  endsWithWord,
  HEADER_WORDS,
  MASK,
  type Need,
  SECRET_WORDS,
  SHORT_WORDS,
} from './redact-words.js';
import {
  blockOpeners,
  credentialRules,
  keyedRules,
  keyPatterns,
  type Rule,
  tokenRules,
  urlKeyRules,
} from './redact-rules.js';

export { MASK };

/**
 * A secret's shape that a channel plugin knows (its service's tokens, a key in its URLs): masked wherever it appears,
 * whatever key it is under or none. `pattern` is global; `need` (not global) is a cheap test every match passes, so
 * text without it skips the pattern; `mask` is what a match becomes (the mask by default; a function may keep what is
 * no secret, a Telegram bot's id before its token). Every pattern bounds its repetition, as redact-rules.ts's do.
 */
export interface SecretShape {
  pattern: RegExp;
  mask?: string | ((match: string, ...groups: string[]) => string);
  need?: RegExp;
}

/** The plugins' shapes, by pattern source (a plugin registered twice adds nothing). */
const shapes = new Map<string, SecretShape>();

/** The plugins' secret shapes: registered by the channel registry as it loads (util cannot import the registry). */
export function registerSecretShapes(list: Iterable<SecretShape>): void {
  for (const s of list) {
    if (!s.pattern.global) throw new Error(`secret shape /${s.pattern.source}/ must be global`);
    const key = `${s.pattern.source}/${s.pattern.flags}`;
    if (shapes.has(key)) continue;
    shapes.set(key, s);
    built = undefined;
    rules++;
  }
}

/** Key names registered at startup (plugins' secret settings such as `sendkey`): matched whole, or after a separator. */
const extraKeys = new Set<string>();
const registered = new Set<string>();
/** Bumped whenever what the redactor masks changes: a memo of its answers (redactionMemo) is then out of date. */
let rules = 0;
let registeredLongestFirst: string[] | undefined;
/** Shorter values would mask ordinary words; no real credential is this short. */
const MIN_REGISTERED = 6;
/** A value masked in one text only may be shorter (a 4-letter ntfy topic): it cannot mask words elsewhere. */
const MIN_LOCAL = 4;
/** A block a line opens (a PEM key without its END line, a YAML block scalar) masks at most this many lines after it. */
export const BLOCK_LINES = 200;

/** Each line of a value: a masked value never spans a newline, so masking it keeps every line where it was. */
const linesOf = (v: string) => v.split(/\r?\n/).map((l) => l.trim());

/** Values the redactor always masks, wherever they appear (the config's client_secret, app_secret, webhook secret …). */
export function registerSecrets(values: Iterable<string | undefined | null>): void {
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (const v of value.includes('\n') ? linesOf(value) : [value]) {
      if (v.trim().length < MIN_REGISTERED) continue;
      for (const form of [v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1)]) registered.add(form);
      registeredLongestFirst = undefined;
      rules++;
    }
  }
}

/**
 * More key names whose value is a secret: the channel plugins' `secretKeys` (util cannot import the registry). A
 * dotted path (`smtp.pass`) names its last key.
 */
export function registerSecretKeys(names: Iterable<string>): void {
  for (const n of names) {
    const name = n.slice(n.lastIndexOf('.') + 1).toLowerCase();
    if (!/^[a-z0-9_-]{1,40}$/.test(name) || extraKeys.has(name)) continue;
    // A name the field pattern takes is a secret's already: not added, so that the patterns stay as short as they were.
    // The plugins' own names are told by their words first: the pattern is compiled only for a name that may need it.
    if (endsWithWord(name, SECRET_WORDS) || SHORT_WORDS.includes(name) || isSecretKey(name)) continue;
    extraKeys.add(name);
    built = undefined;
    field = undefined;
    rules++;
  }
}

/**
 * Forgets every registered value and key name: the redactor as a process starts it. A process loads one config, so
 * only the test runner needs this, where test files share a process and one file's config must not mask another's text.
 */
export function forgetRegistered(): void {
  registered.clear();
  registeredLongestFirst = undefined;
  extraKeys.clear();
  built = undefined;
  field = undefined;
  rules++;
}

interface Built {
  rules: Rule[];
  /** `key: |` or `key: >`: a YAML block scalar whose lines are the secret. */
  yamlOpen: RegExp;
  /** `<key>NAME</key>` alone on its line: the plist value is on the next. */
  plistOpen: RegExp;
}
let built: Built | undefined;

function build(): Built {
  const keys = keyPatterns([...extraKeys]);
  return {
    rules: [
      ...credentialRules(),
      ...keyedRules(keys, isSecretKey),
      ...urlKeyRules(),
      // The channel plugins' own shapes (registerSecretShapes): their services' tokens and the keys in their URLs.
      ...[...shapes.values()].map((s): Rule => [s.pattern, s.mask ?? MASK, s.need]),
      ...tokenRules(),
    ],
    ...blockOpeners(keys.name),
  };
}

/**
 * The key names isSecretKey accepts, apart from the rules: config load asks it of each plugin's secret keys, and a key
 * it adds invalidates what was built, so building all the rules for each question cost a one-shot check a rebuild per
 * key. Run only on a name that holds a piece of one of its words (afterPieces).
 */
let field: Need | undefined;
function fieldPattern(): Need {
  return (field ??= afterPieces(
    new RegExp(
      `(?:${alternation(SECRET_WORDS)}|^x[_-].{0,40}[_-]key|(?:^|[_.\\s-])${alternation([...SHORT_WORDS, ...extraKeys])}|${alternation(HEADER_WORDS)})$`,
      'i',
    ),
    [...SECRET_WORDS, 'key', ...SHORT_WORDS, ...extraKeys, ...HEADER_WORDS],
  ));
}

/** `dbPass`, `userPwd`: a short secret word glued on in camelCase (the field pattern is case-blind). */
const CAMEL_SHORT = /[a-z0-9](?:Pass|PASS|Pwd|PWD)$/;

// Invisible characters next to ASCII text (a zero-width space, a soft hyphen, a word joiner, a bidi mark) are dropped
// first: a token split by one is still that token, and the split showed nothing. Between non-ASCII characters they
// are kept (the zero-width joiner inside an emoji). Terminal controls are text-out's (safeText strips them before
// it redacts): removing one here could break the escape sequence it ends.
const INVISIBLE_CHARS =
  '\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0';
const INVISIBLE = new RegExp(`(?<=[ -~])[${INVISIBLE_CHARS}]+|[${INVISIBLE_CHARS}]+(?=[ -~])`, 'g');
const MAYBE_INVISIBLE = new RegExp(`[${INVISIBLE_CHARS}]`);

function maskAll(text: string, values: Iterable<string | undefined>, min: number): string {
  let out = text;
  for (const s of values) if (s && s.length >= min && out.includes(s)) out = out.split(s).join(MASK);
  return out;
}

// Blocks: lines that belong to a secret a line before them opened.
const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
const PEM_MARKER = /-----(BEGIN|END) [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
/**
 * What a line inside a PEM block looks like: base64, an armour header, blank. Not `***`: a line masked by a rule of its
 * own ends the block in the next pass as it did in this one (lines the block masked stay masked either way).
 */
const PEM_BODY =
  /^\s{0,16}(?:[A-Za-z0-9+/=]{1,128}|(?:Proc-Type|DEK-Info|Version|Comment|Hash|Charset):.{0,256}|)\s{0,16}$/;
const PLIST_STRING = /^([^\S\n]*<string>)(?!\*\*\*<)[^<]{1,4096}(?=<\/string>)/;

type Block = { kind: 'pem' } | { kind: 'yaml'; indent: number } | { kind: 'plist' };
interface Open {
  block: Block;
  /** Lines it may still take. */
  left: number;
}
interface LineOut {
  text: string;
  opens?: Open;
}

const indentOf = (s: string) => s.length - s.trimStart().length;
/** A body line masked whole, its indentation kept (blank lines stay blank). */
const maskBody = (s: string) => (s.trim() ? `${s.slice(0, indentOf(s))}${MASK}${s.slice(s.trimEnd().length)}` : s);

/**
 * PEM private keys on this line: between BEGIN and END masked; no END: the rest of the line, and a block opens. The
 * markers (an END alone too) and the mask are set apart from the rules (`parts[i]` odd), so no rule eats into one.
 */
function pemOnLine(line: string): { parts: string[]; open: boolean } {
  if (!line.includes('-----BEGIN ') && !line.includes('-----END ')) return { parts: [line], open: false };
  const parts: string[] = [];
  let rest = line;
  for (;;) {
    const m = PEM_MARKER.exec(rest);
    if (!m) return { parts: [...parts, rest], open: false };
    const after = rest.slice(m.index + m[0].length);
    if (m[1] === 'END') {
      parts.push(rest.slice(0, m.index), m[0]);
      rest = after;
      continue;
    }
    const e = PEM_END.exec(after);
    if (!e) {
      const tail = after.trim() ? `${after.slice(0, indentOf(after))}${MASK}` : after;
      return { parts: [...parts, rest.slice(0, m.index), `${m[0]}${tail}`], open: true };
    }
    parts.push(
      rest.slice(0, m.index),
      `${m[0]}${after.slice(0, e.index).trim() ? MASK : after.slice(0, e.index)}${e[0]}`,
    );
    rest = after.slice(e.index + e[0].length);
  }
}

function applyRules(text: string, b: Built): string {
  let out = text;
  // Several rules share one test: asked once while the text is unchanged.
  let asked: Need | undefined;
  let answer = false;
  for (const [re, rep, need] of b.rules) {
    if (need && need !== asked) {
      asked = need;
      answer = need.test(out);
    }
    if (need && !answer) continue;
    const next = out.replace(re, rep as (...m: string[]) => string);
    if (next !== out) {
      out = next;
      asked = undefined;
    }
  }
  return out;
}

function onePass(raw: string, b: Built, local: readonly string[]): { text: string; open: boolean } {
  const line = prepare(raw, local);
  const pem = pemOnLine(line);
  return {
    text:
      pem.parts.length === 1 ? applyRules(line, b) : pem.parts.map((p, i) => (i % 2 ? p : applyRules(p, b))).join(''),
    open: pem.open,
  };
}

/** Passes over a line that changed until one changes nothing: a mask can uncover a key (`AKIA…pass=x` → `***pass=x`). */
const MAX_PASSES = 4;

/** One line: every rule, and whether it opens a block for the lines after it. */
function redactLine(line: string, b: Built, local: readonly string[] = []): LineOut {
  let pem = onePass(line, b, local);
  for (let i = 1, before = line; i < MAX_PASSES && pem.text !== before; i++) {
    before = pem.text;
    pem = onePass(before, b, local);
  }
  const out = pem.text;
  if (pem.open) return { text: out, opens: { block: { kind: 'pem' }, left: BLOCK_LINES } };
  const y = /[|>][-+0-9]{0,2}\s*$/.test(out.slice(-8)) ? b.yamlOpen.exec(out) : null;
  if (y && isSecretKey(y[2]!))
    return { text: out, opens: { block: { kind: 'yaml', indent: y[1]!.length }, left: BLOCK_LINES } };
  const p = out.includes('</key>') ? b.plistOpen.exec(out) : null;
  if (p && isSecretKey(p[1]!)) return { text: out, opens: { block: { kind: 'plist' }, left: 1 } };
  return { text: out };
}

/** A line after an open block: its masked form (and what stays open) when it belongs to the block, else undefined. */
function inBlock(o: Open, raw: string, b: Built, local: readonly string[]): LineOut | undefined {
  if (o.left <= 0) return undefined;
  const line = prepare(raw, local);
  const next: Open = { block: o.block, left: o.left - 1 };
  switch (o.block.kind) {
    case 'pem': {
      const e = PEM_END.exec(line);
      if (e) {
        const tail = redactLine(line.slice(e.index + e[0].length), b, local);
        return { text: `${maskBody(line.slice(0, e.index))}${e[0]}${tail.text}`, opens: tail.opens };
      }
      return PEM_BODY.test(line) ? { text: maskBody(line), opens: next } : undefined;
    }
    case 'yaml':
      if (!line.trim()) return { text: line, opens: next };
      return indentOf(line) > o.block.indent ? { text: maskBody(line), opens: next } : undefined;
    case 'plist':
      return PLIST_STRING.test(line) ? redactLine(line.replace(PLIST_STRING, `$1${MASK}`), b, local) : undefined;
  }
}

/** Invisible characters out, then the values known to be secrets masked, whatever is around them. */
function prepare(text: string, local: readonly string[]): string {
  let out = MAYBE_INVISIBLE.test(text) ? text.replace(INVISIBLE, '') : text;
  if (local.length) out = maskAll(out, local, MIN_LOCAL);
  if (registered.size)
    out = maskAll(out, (registeredLongestFirst ??= [...registered].sort((a, c) => c.length - a.length)), 0);
  return out;
}

function redactAll(lines: readonly string[], b: Built, local: readonly string[]): string[] {
  const out: string[] = [];
  let open: Open | undefined;
  for (const line of lines) {
    const r = (open && inBlock(open, line, b, local)) || redactLine(line, b, local);
    out.push(r.text);
    open = r.opens;
  }
  return out;
}

/** `text` with every secret masked; `secrets` are masked in this text only (a value that is a secret to one notifier). */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  if (!text) return text;
  const b = (built ??= build());
  const local = secrets.length ? secrets.flatMap((s) => (s?.includes('\n') ? linesOf(s) : s ? [s] : [])) : [];
  if (!text.includes('\n')) return redactLine(text, b, local).text;
  return redactAll(text.split('\n'), b, local).join('\n');
}

/**
 * Only what this process knows to be secret: the registered values (the config's secrets) and the plugins' secret
 * shapes, never a guess from a key or a look. For the lines gatewatch words itself on its own streams, where such a
 * guess would take a word of the message for a value (`key "…bot_token": was refused` loses its `was`), while a
 * refusal quoted in it may still echo a credential the config holds (what stdout and stderr pass, src/cli-io.ts).
 */
export function redactKnown(text: string): string {
  if (!text || (!registered.size && !shapes.size)) return text;
  let out = registered.size
    ? maskAll(text, (registeredLongestFirst ??= [...registered].sort((a, c) => c.length - a.length)), 0)
    : text;
  for (const s of shapes.values())
    if (!s.need || s.need.test(out)) out = out.replace(s.pattern, (s.mask ?? MASK) as (...m: string[]) => string);
  return out;
}

/** Lines in order, each redacted, a block a line opens carried into the lines after it (as redact does with a text). */
export function redactLines(lines: readonly string[]): string[] {
  const b = (built ??= build());
  return redactAll(lines, b, []);
}

/** Could this line open a block? Cheap: most lines are answered by one substring search. */
function mayOpen(line: string): boolean {
  if (line.includes('-----BEGIN ') || line.includes('</key>')) return true;
  const end = (MAYBE_INVISIBLE.test(line) ? line.replace(INVISIBLE, '') : line).trimEnd();
  return /[|>][-+0-9]{0,2}$/.test(end.slice(-3));
}

/**
 * A long log's lines, redacted one at a time on demand (a search looks at the newest first and may stop early):
 * `at(i)` costs one line's redaction, except after a line that opens a block, where the block's lines are redacted
 * together once. `before` is applied to each line first (/logs cuts long lines and hides message bodies).
 */
export function lazyRedactedLines(
  lines: readonly string[],
  before: (line: string) => string = (l) => l,
): (i: number) => string {
  const b = (built ??= build());
  const inBlocks = new Map<number, string>();
  for (let i = 0; i < lines.length; i++) {
    if (!mayOpen(lines[i]!)) continue;
    const end = Math.min(lines.length, i + BLOCK_LINES + 1);
    const done = redactLines(lines.slice(i, end).map(before));
    for (let k = 1; k < done.length; k++) if (!inBlocks.has(i + k)) inBlocks.set(i + k, done[k]!);
    // Lines already covered by an earlier block keep its result: redactLines ran over them in order.
  }
  return (i) => inBlocks.get(i) ?? redactLine(before(lines[i]!), b).text;
}

/** A key whose value is a secret whatever it looks like (`token`, `client_secret`, `appSecret`, `authorization`). */
function isSecretKey(key: string): boolean {
  return fieldPattern().test(key) || CAMEL_SHORT.test(key);
}

/**
 * A deep copy with every string redacted and the value of every secret-named key masked. `text` redacts one string:
 * redact itself, or a memo of it (redactionMemo).
 */
export function redactDeep<T>(value: T, text: (s: string) => string = redact, depth = 0): T {
  if (typeof value === 'string') return text(value) as T;
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, text, depth + 1)) as T;
  if (value instanceof Error)
    return redactDeep({ name: value.name, message: value.message, stack: value.stack }, text, depth + 1) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = typeof v === 'string' && v && isSecretKey(k) ? MASK : redactDeep(v, text, depth + 1);
  }
  return out as T;
}

/** redact, remembering its answers from one round of use to the next (see redactionMemo). */
export interface RedactionMemo {
  text(s: string): string;
  /** A round is over: what it did not ask for again is forgotten. */
  sweep(): void;
}

/**
 * For a file saved again and again with mostly the same strings (a chat channel's store, rewritten on every inbound
 * update): each string is redacted once while it stays, not at every save. What one save did not use is dropped at
 * the next, so the memo holds no more than the file does; a change of what the redactor masks empties it.
 */
export function redactionMemo(): RedactionMemo {
  let last = new Map<string, string>();
  let next = new Map<string, string>();
  let at = rules;
  return {
    text(s) {
      if (at !== rules) [last, next, at] = [new Map(), new Map(), rules];
      let out = next.get(s) ?? last.get(s);
      if (out === undefined) out = redact(s);
      next.set(s, out);
      return out;
    },
    sweep() {
      last = next;
      next = new Map();
    },
  };
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
