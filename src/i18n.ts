// Texts by key, worded in the reader's locale when a reply or an alert is rendered. The texts are the catalogues in
// src/text/, one per locale; findings' texts among them (src/text/findings-en.ts).
import type { Finding, FindingParam, FindingText, Locale, OwnTextKey } from './types.js';
import { en, type TextKey } from './text/en.js';
import type { FindingKey } from './text/findings-en.js';
import { zhCN } from './text/zh-CN.js';
import { PLATFORM_NAMES } from './text/platform-names.js';
import { commandLine, type Dialect } from './util/command-line.js';
import { localDuration } from './util/duration.js';

export type { FindingKey, TextKey };

type Value = string | number;
type English<K extends TextKey> = (typeof en)[K];

/** The `{name}` placeholders of a text, read off its English wording (`{count|# line|# lines}` is `count`'s). */
type ParamsIn<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? (P extends `${infer N}|${string}` ? N : P) | ParamsIn<Rest>
  : never;

/**
 * What a key needs: every placeholder of its English text, so a missing one does not compile. More may be given:
 * a locale may word a number its own way (English says "3rd time", Chinese 第 3 次 from the plain count).
 */
export type TextParams<K extends TextKey> = Record<ParamsIn<English<K>>, Value | FindingParam> &
  Record<string, Value | FindingParam>;

/** What a key's text takes after the key: its parameters, when it has any. */
export type ParamArgs<K extends TextKey> = [ParamsIn<English<K>>] extends [never]
  ? [params?: Record<string, Value>]
  : [params: TextParams<K>];

/** A text not yet worded: its key and parameters, worded in the reader's locale when it is rendered. */
export type Phrase = {
  [K in TextKey]: [ParamsIn<English<K>>] extends [never]
    ? { key: K; params?: undefined }
    : { key: K; params: TextParams<K> };
}[TextKey];

// Check's bundle leaves zh-CN out (its 80 KB cost every cron run a compile) and adds it when the config or the terminal
// asks for it (scripts/bundle.mjs, src/cli-check.ts); until then a text falls back to English. Its `en` is read on
// demand as well: an object that requires the catalogue's own file when first read (a healthy check words nothing).
// Read `en` only to word a text, never as a module loads.
const catalogs: Partial<Record<Locale, Record<TextKey, string>>> = { en, 'zh-CN': zhCN };

/** A catalogue loaded on demand (see above). */
export function addCatalog(locale: Locale, texts: Record<TextKey, string>): void {
  catalogs[locale] = texts;
}

/**
 * Texts a layer above registers as it loads, in both locales: each Hermes platform's findings and demo fault
 * (src/platforms/index.ts), which the catalogues cannot import (they sit below the platforms). Looked up after the
 * catalogue, worded the same way; their keys are not TextKeys, so code names them by a key it was handed.
 */
const registered: PluginWords = { en: {}, 'zh-CN': {} };

// The platforms' names (src/text/platform-names.ts) as texts of their own, so that a finding's parameter can name a
// platform before its reader's locale is known ({key: 'platform.name.feishu'}: Feishu, 飞书).
for (const [key, name] of Object.entries(PLATFORM_NAMES)) {
  registered.en[`platform.name.${key}`] = name.en;
  registered['zh-CN'][`platform.name.${key}`] = name['zh-CN'];
}

/**
 * Adds texts to what the renderers word; refuses a key an earlier registration already has. A key the catalogue has
 * too is refused by the platforms' words test (test/platforms/words.test.ts), not here: the platforms register as they
 * load, and a healthy check must not read the English catalogue (scripts/bundle.mjs keeps it apart).
 */
export function addWords(w: PluginWords): void {
  if (taken.has(w)) return;
  taken.add(w);
  pending.push(w);
}

/** The texts' objects added: one handed in twice (two supervisors of one file's words) is taken once. */
const taken = new WeakSet<PluginWords>();

/**
 * Texts registered but not yet read: taken in when a text is first worded. A healthy check words none, and its bundle
 * loads the platforms' words only then (scripts/bundle.mjs, platformWordsOnDemand): 50 KB it would compile for nothing.
 */
const pending: PluginWords[] = [];

/** The registered texts; those added since are taken in first unless `key` is already among them. */
function registeredWords(key?: string): PluginWords {
  if (key !== undefined && Object.hasOwn(registered.en, key)) return registered;
  for (const w of pending.splice(0)) {
    const twice = Object.keys(w.en).filter((k) => Object.hasOwn(registered.en, k));
    if (twice.length) throw new Error(`texts registered twice: ${twice.join(', ')}`);
    Object.assign(registered.en, w.en);
    Object.assign(registered['zh-CN'], w['zh-CN']);
  }
  return registered;
}

/** A text's English wording, from the catalogue or the registered texts. */
const english = (key: string): string | undefined =>
  Object.hasOwn(en, key)
    ? en[key as TextKey]
    : Object.hasOwn(registeredWords(key).en, key)
      ? registered.en[key]
      : undefined;

/**
 * A locale's catalogue, loaded where a build left it out of what loads at start: the built CLI's (scripts/bundle.mjs)
 * for `gatewatch run`, whose daemon on an English config never reads the 200 KB of zh-CN (about 1.2 MB of its RSS).
 * Loaded already where the sources run.
 */
export async function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'zh-CN' && !catalogs['zh-CN']) catalogs['zh-CN'] = (await import('./text/zh-CN.js')).zhCN;
}

/**
 * A placeholder: `{name}`, or a count's plural form `{name|one|other}` with `#` for the number (`{count|# line|# lines}`:
 * "1 line", "3 lines"). English needs one and other; a language without plurals (zh-CN) writes `{count}` as it is.
 */
const PLACEHOLDER = /\{(\w+)(?:\|([^{}|]*)\|([^{}|]*))?\}/g;

/** The plural form of a count: `one` for 1, else `other`. */
function plural(n: string, one: string, other: string): string {
  return (Number(n) === 1 ? one : other).replace(/#/g, n);
}

/**
 * `surface`: parameters that depend on where the text is read rather than on what it says (how its reader types a
 * command, `{restart_cmd}`), for the text and every text nested in it; its own parameters win.
 */
function format(
  locale: Locale,
  key: string,
  params: Record<string, Value | FindingParam>,
  surface: Record<string, Value> = {},
): string {
  const own = catalogs[locale]?.[key as TextKey] ?? registeredWords(key)[locale]?.[key];
  return fill(locale, own ?? english(key) ?? key, params, surface);
}

/** A placeholder and what follows it: a space before a Chinese character, which a duration in Chinese units takes in. */
const PLACED = /\{(\w+)(?:\|([^{}|]*)\|([^{}|]*))?\}( (?=[\u3400-\u9fff]))?/g;
/** Opening and closing quotes around a placeholder: what is quoted is shown as written (a value as typed). */
// Escaped: a character above U+00FF makes V8 hold the whole module source at two bytes a character: curly and corner quotes.
const QUOTES: Record<string, string> = { '"': '"', '\u201c': '\u201d', '`': '`', '\u300c': '\u300d', "'": "'" };

function fill(
  locale: Locale,
  s: string,
  params: Record<string, Value | FindingParam>,
  surface: Record<string, Value> = {},
  own?: PluginWords,
): string {
  return s.replace(
    PLACED,
    (m, k: string, one: string | undefined, other: string | undefined, space = '', at: number) => {
      const from = Object.hasOwn(params, k) ? params : Object.hasOwn(surface, k) ? surface : undefined;
      if (!from) return m;
      const raw = from[k]!;
      const end = at + m.length - space.length;
      const quoted = QUOTES[s[at - 1] ?? ''] !== undefined && QUOTES[s[at - 1]!] === s[end];
      // A duration said before its reader's locale was known (a finding's `{ago}`, a hold's cooldown): in the reader's
      // units, unless the text quotes it as it was written. `4 分钟 前` reads `4 分钟前`.
      const v = typeof raw === 'string' && !quoted ? localDuration(raw, locale) : valueOf(locale, raw, surface, own);
      if (one !== undefined && other !== undefined) return plural(v, one, other) + space;
      return v + (space && CHINESE_DURATION.test(v) ? '' : space);
    },
  );
}

/** A duration in Chinese units (formatDuration's zh-CN form: seconds, minutes, hours, days; escaped as QUOTES are). */
const UNIT = '(?:\u79d2|\u5206\u949f|\u5c0f\u65f6|\u5929)';
const CHINESE_DURATION = new RegExp(`^\\d+(?:\\.\\d)? ${UNIT}(?: \\d+ ${UNIT})?$`);

/** The parameters a text takes. */
const paramsIn = (s: string) => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]!);

/** A parameter in the reader's words: a value as it is, a text of its own worded in the same locale. */
function valueOf(locale: Locale, v: Value | FindingParam, surface: Record<string, Value>, own?: PluginWords): string {
  if (typeof v !== 'object' || v === null) return String(v);
  // A plugin's own text first, where the plugin words it (its words nest: `{kind: {key: 'qq.delivery.user'}}`).
  if (own && typeof v.key === 'string' && Object.hasOwn(own.en, v.key)) {
    return fill(
      locale,
      own[locale]?.[v.key] ?? own.en[v.key]!,
      typeof v.params === 'object' && v.params !== null ? v.params : {},
      surface,
      own,
    );
  }
  // Read back from a state file written by another version: a key this one does not know is shown as it is.
  return isKey(v.key)
    ? format(locale, v.key, typeof v.params === 'object' && v.params !== null ? v.params : {}, surface)
    : String(v.key ?? '?');
}

/** A key of the catalogue or of the registered texts. */
const isKey = (k: unknown): k is string => typeof k === 'string' && english(k) !== undefined;

/** A catalogue key (a key read back from somewhere else: a state file, a schema message). */
export const isTextKey = (k: unknown): k is TextKey => typeof k === 'string' && Object.hasOwn(en, k);

/**
 * A text by a key only known at run time (a registered one: a Hermes platform's demo fault), in the reader's words;
 * the key itself when neither the catalogue nor a registration has it.
 */
export function wordKey(locale: Locale, key: string, params: Record<string, Value> = {}): string {
  return format(locale, key, params);
}

export function t<K extends TextKey>(locale: Locale, key: K, ...params: ParamArgs<K>): string {
  return format(locale, key, params[0] ?? {});
}

/**
 * A plugin's own texts (a channel's or a notifier's words.ts), in both locales: the plugin declares them, the shared
 * catalogues never see them. zh-CN is held to the English keys by its type; a test holds it to the same {params}.
 */
export interface PluginWords<E extends Record<string, string> = Record<string, string>> {
  en: E;
  'zh-CN': Record<keyof E, string>;
}

/** A key of a plugin's own texts, checked against them where it is written: `ownText(en, 'init.home.pm2')`. */
export const ownText = <E>(_words: E, key: keyof E & string): OwnTextKey => key as unknown as OwnTextKey;

/** A parameter of a plugin's own text: a value, or a text (its own or the catalogue's) with parameters of its own. */
export type OwnParam<K extends string> = Value | { key: K | TextKey; params?: Record<string, OwnParam<K>> };

/** `say(locale, key, params)` for a plugin's own texts, with the catalogue's placeholders, plurals and fallback to English. */
export function wordsOf<const E extends Record<string, string>>(w: PluginWords<E>) {
  const say = <K extends keyof E & string>(
    locale: Locale,
    key: K,
    ...params: [ParamsIn<E[K]>] extends [never]
      ? [params?: Record<string, Value>]
      : [params: Record<ParamsIn<E[K]>, Value> & Record<string, Value>]
  ): string => fill(locale, w[locale]?.[key] ?? w.en[key], params[0] ?? {}, {}, w);
  /** A text not yet worded (`{key, params}`, its params texts too, of these words or the catalogue's) in `locale`. */
  const param = (locale: Locale, p: OwnParam<keyof E & string>): string => valueOf(locale, p as FindingParam, {}, w);
  /** A text in every locale at once (for a config error, worded by whoever reads it). */
  const all = <K extends keyof E & string>(
    key: K,
    ...params: [ParamsIn<E[K]>] extends [never]
      ? [params?: Record<string, Value>]
      : [params: Record<ParamsIn<E[K]>, Value> & Record<string, Value>]
  ): Record<Locale, string> => ({
    en: fill('en', w.en[key], params[0] ?? {}, {}, w),
    'zh-CN': fill('zh-CN', w['zh-CN'][key] ?? w.en[key], params[0] ?? {}, {}, w),
  });
  return Object.assign(say, { param, all });
}

/** A finding's parameter (a value, or a text with its own parameters) in the reader's words. */
export function wordParam(locale: Locale, p: FindingParam): string {
  return valueOf(locale, p, {});
}

/**
 * The colon between a label and its value, in the reader's locale: `mark` after the label, then `gap` before the value
 * (`target: demo`; `目标：demo`, where the full-width colon carries its own space). Every renderer and command that
 * puts a label beside its value takes it from here, so that no Chinese label is followed by an ASCII `: `.
 */
export function labelColon(locale: Locale): { mark: string; gap: string } {
  const colon = t(locale, 'label.colon');
  const mark = colon.trimEnd();
  return { mark, gap: colon.slice(mark.length) };
}

/** `label` and `value` on one line, with the locale's colon (labelColon). */
export function labelled(locale: Locale, label: string, value: string): string {
  return `${label}${t(locale, 'label.colon')}${value}`;
}

export function phrase(locale: Locale, p: Phrase): string {
  return format(locale, p.key, p.params ?? {});
}

/**
 * A word written by something else (a state in gateway_state.json, a service manager's state) in the reader's
 * words, when the catalogue has it under `group`; else as written.
 */
export function wordOf(
  locale: Locale,
  group: 'status.state' | 'status.lifecycle' | 'channel.health.state' | 'process.reason',
  word: string,
): string {
  // A word of several (`no pid file`) is its key with underscores.
  const key = `${group}.${word.replace(/ /g, '_')}`;
  return Object.hasOwn(en, key) ? format(locale, key as TextKey, {}) : word;
}

/** A check's name for a person (`check.<id>`, of a finding id its check's); an id this version does not know, as it is. */
export function checkName(locale: Locale, id: string): string {
  const key = `check.${id.split('.')[0]}`;
  return isKey(key) ? format(locale, key, {}) : id;
}

/**
 * A check's variant by its own name (`check.qq_reconnect_exhausted.quick`), else its check's name. A name that says
 * what the variant carries (`check.state_stale_running.signal`: "stopped by {signal}") needs it: without, the check's.
 */
export function variantName(locale: Locale, variant: string): string {
  const key = `check.${variant}`;
  return isKey(key) && paramsIn(english(key)!).length === 0 ? format(locale, key, {}) : checkName(locale, variant);
}

/** A finding's variant as its text key names it (`finding.qq_reconnect_exhausted.quick` → `qq_reconnect_exhausted.quick`). */
export const findingVariant = (f: { check: string; text?: { key: string } }): string =>
  f.text?.key.startsWith(`finding.${f.check}.`) ? f.text.key.slice('finding.'.length) : f.check;

/** A cause that is a signal (`SIGTERM`), as an incident key's `#cause` or a finding's `cause` carries it. */
const SIGNAL = /^SIG[A-Z0-9]+$/;

/**
 * The one name of a cause, wherever it is said (a restart's reason, /history, the write-up's "what happened"): its
 * variant's name where the catalogue has one (`check.state_stale_running.signal`, filled with the signal that stopped
 * it: a gateway stopped by SIGTERM did not die), else its check's.
 */
export function causeName(locale: Locale, c: { check: string; variant?: string; cause?: string }): string {
  const variant = c.variant !== undefined && c.variant.startsWith(`${c.check}.`) ? c.variant : undefined;
  const signal = c.cause !== undefined && SIGNAL.test(c.cause) ? c.cause : undefined;
  // A signal names the check's signal variant even where the finding was worded before it had one.
  const key = signal !== undefined && isKey(`check.${c.check}.signal`) ? `check.${c.check}.signal` : `check.${variant}`;
  if (isKey(key) && paramsIn(english(key)!).every((p) => p === 'signal' && signal !== undefined))
    return format(locale, key, signal !== undefined ? { signal } : {});
  return checkName(locale, c.check);
}

/**
 * A parameter worded in the reader's locale when the finding is rendered: the catalogue's text under `key` if it has
 * one (a word a probe read, a state, a code's meaning), else `fallback` as it is.
 */
export function textParam(key: string, fallback: string): FindingParam {
  // A platform's own words too (its checks' texts are registered, not the catalogue's).
  return isKey(key) ? { key: key as TextKey } : fallback;
}

/**
 * A platform as a person names it, not yet worded (a finding's parameter): `qqbot` is QQ; a served profile's key
 * (`ops:discord`) is the platform in that profile ("Discord in profile ops"). A key the list lacks: as Hermes writes it.
 */
export function platformParam(key: string): FindingParam {
  const i = key.lastIndexOf(':');
  const bare = key.slice(i + 1);
  const name: FindingParam = Object.hasOwn(PLATFORM_NAMES, bare) ? { key: `platform.name.${bare}` } : bare;
  return i < 0 ? name : { key: 'platform.in_profile', params: { name, profile: key.slice(0, i) } };
}

/**
 * Who acted, as a person names them: the console's operator and the command line's are `local` and `cli` in the audit
 * (src/stages/commands.ts), which no reader should see; an operator's own name and gatewatch stay as they are.
 */
export function actorParam(actor: string): FindingParam {
  return actor === 'local' || actor === 'cli' || actor === 'alertmanager' ? { key: `actor.${actor}` } : actor;
}

/** Who acted, in `locale` (actorParam worded): `the operator at the console`, an operator's own name. */
export const actorName = (locale: Locale, actor: string): string => valueOf(locale, actorParam(actor), {});

/** The placeholders of usage lines and of commands a reply names: the one list of their words is the catalogue's `arg.*`. */
export type ArgName =
  | 'target'
  | 'filter'
  | 'fault'
  | 'channel'
  | 'duration'
  | 'ref'
  | 'lines'
  | 'pattern'
  | 'file'
  | 'options'
  | 'n';
const USAGE_ARGS = new Set<string>([
  'target',
  'filter',
  'fault',
  'channel',
  'duration',
  'ref',
  'lines',
  'pattern',
  'file',
  'options',
]);

/** A placeholder in the reader's words: `target`, in zh-CN the Chinese word. */
export const argWord = (locale: Locale, name: ArgName): string => format(locale, `arg.${name}`, {});

/** A placeholder as a command a reply names writes it: `/restart <target>`, in zh-CN with the Chinese word. */
export const argHole = (locale: Locale, name: ArgName): string => `<${argWord(locale, name)}>`;

/**
 * A usage line's placeholders (`[target]`, `<duration>`, `--grep pattern`) in the reader's words; the command's own
 * words (`confirm`, `--yes`) stay as typed, and so does `n`, a count in one command and a number in another.
 * `examples`: /help's, which says an example beside a placeholder that has one (`help.arg.*`).
 */
export function usageWords(locale: Locale, text: string, o: { examples?: boolean } = {}): string {
  return text.replace(/(?<=[[<]|[[ ]-{1,2}[a-z-]+ )([a-z]+)(?=[\]>])/g, (m, name: string) => {
    if (!USAGE_ARGS.has(name)) return m;
    const example = `help.arg.${name}`;
    return o.examples && isKey(example) ? format(locale, example, {}) : argWord(locale, name as ArgName);
  });
}

/**
 * A channel as a person names it: the console channel is `console` in the config and the audit, and the catalogue's
 * word for it on a screen (控制台); every other channel by the name the config gives it.
 */
export const channelName = (locale: Locale, name: string): string =>
  name === 'console' ? format(locale, 'channel.name.console', {}) : name;

/** Things listed as the reader's language lists them (`a, b, c`; `a、b、c`), not yet worded. */
export function listParam(items: readonly FindingParam[]): FindingParam {
  if (items.length <= 1) return items[0] ?? '';
  return { key: 'list.items', params: { first: items[0]!, rest: listParam(items.slice(1)) } };
}

/** Several platforms, named and listed in the reader's words (`QQ, Feishu`; `QQ、飞书`), in their order. */
export function platformsParam(keys: readonly string[]): FindingParam {
  return listParam(keys.map(platformParam));
}

/** A platform as a person names it, in `locale` (platformParam worded). */
export const platformName = (locale: Locale, key: string): string => valueOf(locale, platformParam(key), {});

/** Several platforms, named and listed in `locale`. */
export const platformNames = (locale: Locale, keys: readonly string[]): string =>
  valueOf(locale, platformsParam(keys), {});

/**
 * A code Hermes or a platform gives a state (`multiplex_shared_ingress`, `logged_out`, Discord's `ack_stale`) in the
 * reader's words (`code.<code>`); one the catalogue lacks, as it is (it names what no text of ours can).
 */
export const codeParam = (code: string): FindingParam => textParam(`code.${code}`, code);

/** A system error code (`EACCES`) in the reader's words, the code beside them; a code the catalogue lacks, as it is. */
export const errnoParam = (code: string): FindingParam => textParam(`errno.${code}`, code);

/**
 * A finding's evidence in the reader's words: its facts (`evidenceText`) worded in `locale`; a finding without them,
 * or whose lines were added to since (an older version's), its stored lines.
 */
export function wordEvidence(locale: Locale, f: Pick<Finding, 'evidence' | 'evidenceText'>): string[] {
  const text = f.evidenceText;
  return Array.isArray(text) && text.length === f.evidence.length
    ? text.map((p) => valueOf(locale, p, {}))
    : f.evidence;
}

export interface FindingWords {
  title: string;
  explanation: string;
  action: string;
}

/**
 * What a finding's texts say that depends on where they are read: the restart command as its reader types it (chat's
 * `/restart demo` in an alert, `gatewatch restart demo` on the command line). Filled when the text is worded, never
 * stored with the finding.
 */
function findingSurface(target: unknown, dialect: Dialect, locale: Locale): Record<string, Value> {
  return typeof target === 'string'
    ? {
        restart_cmd: commandLine({ command: 'restart', target }, dialect),
        // The config's own lines where the config is at hand (the command line); a phone says it in words only.
        start_config:
          dialect === 'cli'
            ? `${t(locale, 'label.colon')}\`service: { manager: command, start: [hermes, gateway, run], detach: true }\``
            : '',
      }
    : {};
}

/**
 * A finding in the reader's words: its text key and parameters worded in `locale`, the commands it names in `dialect`
 * (the surface's: chat unless the command line asked). A finding saved by an older version (or one with a key this
 * version does not know) has only its stored words: those, as they are.
 */
export function wordFinding(
  locale: Locale,
  f: Pick<Finding, 'title' | 'explanation' | 'action' | 'text' | 'heldBy'> & { target?: string },
  dialect: Dialect = 'chat',
): FindingWords {
  const known = isKey(`${f.text?.key}.title`) && typeof f.text?.params === 'object' && f.text.params !== null;
  // Another finding explains this one and decides its restart advice (src/detectors/restart-advice.ts): what to do is
  // that cause's, and the words say which cause and why, never this symptom's own "restart it".
  const held = f.heldBy;
  const heldAction = !held
    ? undefined
    : held.why === 'scope' || held.why === 'reach'
      ? // Not this gateway's failure: what to do is the scope's own (check this host's network; wait for the platform).
        heldScopeAction(locale, held, f.target ?? f.text?.params.target)
      : t(locale, `advice.held.${held.why}`, { cause: heldTitle(locale, held, f.target ?? f.text?.params.target) });
  if (!known) return { title: f.title, explanation: f.explanation, action: heldAction ?? f.action };
  const surface = findingSurface(f.target ?? f.text!.params.target, dialect, locale);
  // A text that gained a parameter since the finding was saved (an action naming the service manager's commands): that
  // part as it was worded then, rather than a bare `{name}`.
  const part = (p: 'title' | 'explanation' | 'action') => {
    const key = `${f.text!.key}.${p}`;
    const lacking =
      isKey(key) &&
      paramsIn(english(key)!).some((p) => !Object.hasOwn(f.text!.params, p) && !Object.hasOwn(surface, p));
    return lacking ? f[p] : format(locale, key, f.text!.params, surface);
  };
  return { title: part('title'), explanation: part('explanation'), action: heldAction ?? part('action') };
}

/**
 * A finding's title as a later account tells it (a write-up's "then:"): where its title is a promise about what comes
 * next ("Hermes reconnects it at its next retry"), `writeup.then.<name>` says what was seen then; its title otherwise.
 */
export function pastTitle(locale: Locale, f: Pick<Finding, 'title' | 'text'> & { target?: string }): string {
  const key = f.text ? `writeup.then.${f.text.key.slice('finding.'.length)}` : undefined;
  return key && isKey(key) && typeof f.text?.params === 'object' && f.text.params !== null
    ? format(locale, key, f.text.params)
    : wordFinding(locale, { ...f, explanation: '', action: '' }).title;
}

/** The title of the cause that holds a finding's restart, in the reader's words (its stored title if it has no text). */
export function heldTitle(locale: Locale, held: NonNullable<Finding['heldBy']>, target?: unknown): string {
  const text = held.text;
  return text && isKey(`${text.key}.title`) && typeof text.params === 'object' && text.params !== null
    ? wordText(locale, text, typeof target === 'string' ? target : undefined).title
    : held.title;
}

/** What to do about a platform whose failure is not this gateway's (its scope's text), or the general "do not restart". */
function heldScopeAction(locale: Locale, held: NonNullable<Finding['heldBy']>, target: unknown): string {
  const text = held.text;
  return text && isKey(`${text.key}.action`) && typeof text.params === 'object' && text.params !== null
    ? wordText(locale, text, typeof target === 'string' ? target : undefined).action
    : t(locale, 'advice.held.never', { cause: held.title });
}

/** A finding's three texts, worded in `locale` (its commands in chat's words: the stored words, an alert's). */
export function wordText(locale: Locale, text: FindingText, target?: string): FindingWords {
  const surface = findingSurface(target ?? text.params.target, 'chat', locale);
  const part = (p: 'title' | 'explanation' | 'action') => format(locale, `${text.key}.${p}`, text.params, surface);
  return { title: part('title'), explanation: part('explanation'), action: part('action') };
}

/** The text key of a finding id (`process_down`, `state_stale_running.signal`), or of its check when the variant has none. */
export function findingKey(id: string): FindingKey | undefined {
  for (const k of [`finding.${id}`, `finding.${id.split('.')[0]}`]) if (isKey(`${k}.title`)) return k as FindingKey;
  return undefined;
}
