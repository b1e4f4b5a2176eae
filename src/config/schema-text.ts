// What the config schemas (ours and the channel plugins') say is wrong with a value, in the reader's words. A schema's
// own message is a catalogue key (and its parameters) written into zod's message string by `said`; the problem is worded
// when it is shown, in the locale of whoever reads it. What zod says by itself (a number where a string goes) is worded
// by zod's own locale tables, per call: nothing process-wide, so a daemon in one language and a test in another do not
// interfere. A message that is neither (a plugin written elsewhere with plain English) is shown as it is.
import type { $ZodErrorMap, $ZodIssue } from 'zod/v4/core';
import enZod from 'zod/v4/locales/en.js';
import zhZod from 'zod/v4/locales/zh-CN.js';
import { isTextKey, phrase, t, wordKey, type ParamArgs, type Phrase, type TextKey } from '../i18n.js';
import type { Locale } from '../types.js';

/** A problem worded already, in every locale (zod's own words, which exist only at parse time: they read the input). */
export type Worded = Readonly<Record<Locale, string>>;

/** A schema's message as a catalogue text: `{ error: said('config.schema.port') }`, `said('config.schema.x', { n: 3 })`. */
export function said<K extends TextKey>(key: K, ...params: ParamArgs<K>): string {
  return params[0] ? `${key} ${JSON.stringify(params[0])}` : key;
}

/** Marks a message worded already in every locale (saidIn). */
const WORDED = 'worded:';

/**
 * A schema's message in a plugin's own words (not the catalogue's), worded in every locale at once:
 * `{ error: saidIn(say.all('config.schema.bark_url')) }`. Shown in the reader's locale like `said`'s.
 */
export function saidIn(worded: Worded): string {
  return WORDED + JSON.stringify(worded);
}

function saidWorded(message: string): Worded | undefined {
  if (!message.startsWith(WORDED)) return undefined;
  try {
    const w = JSON.parse(message.slice(WORDED.length));
    return typeof w?.en === 'string' && typeof w['zh-CN'] === 'string' ? w : undefined;
  } catch {
    return undefined;
  }
}

/** The catalogue text a schema message names, if it is one of `said`'s. */
export function saidPhrase(message: string): Phrase | undefined {
  const m = /^([\w.]+)(?: (\{.*\}))?$/s.exec(message);
  if (!m || !isTextKey(m[1])) return undefined;
  try {
    return { key: m[1], params: m[2] ? JSON.parse(m[2]) : undefined } as Phrase;
  } catch {
    return undefined;
  }
}

const zodWords: Record<Locale, $ZodErrorMap> = { en: enZod().localeError, 'zh-CN': zhZod().localeError };

/** A type's name as zod gives it (`string`, `number`), in the reader's words: the catalogue's, else as zod says it. */
const typeWord = (locale: Locale, type: string): string =>
  isTextKey(`config.zod.type.${type}`) ? wordKey(locale, `config.zod.type.${type}`) : type;

/** What zod's own type of a value is (zod's `parsedType`): a class's name for an instance of one. */
function typeOf(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : 'number';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * The issues whose zod wording in `locale` names types (zod's zh-CN table says `实际接收 string`): worded from the
 * catalogue with the type names in the reader's words. Undefined for the rest, which zod's table words whole.
 */
function typedWords(locale: Locale, issue: $ZodIssue): string | undefined {
  const origin = 'origin' in issue && typeof issue.origin === 'string' ? issue.origin : 'value';
  switch (issue.code) {
    case 'invalid_type':
      return t(locale, 'config.zod.invalid_type', {
        expected: typeWord(locale, issue.expected),
        received: typeWord(locale, typeOf(issue.input)),
      });
    case 'too_big':
    case 'too_small': {
      const exact = 'exact' in issue && issue.exact;
      const big = issue.code === 'too_big';
      const adj = exact ? t(locale, 'config.zod.adj.exact') : `${big ? '<' : '>'}${issue.inclusive ? '=' : ''}`;
      const limit = String(big ? issue.maximum : issue.minimum);
      const unit = isTextKey(`config.zod.unit.${origin}`) ? wordKey(locale, `config.zod.unit.${origin}`) : undefined;
      const what = { origin: typeWord(locale, origin), adj, limit };
      return unit
        ? t(locale, big ? 'config.zod.too_big.sized' : 'config.zod.too_small.sized', { ...what, unit })
        : t(locale, big ? 'config.zod.too_big' : 'config.zod.too_small', what);
    }
    case 'invalid_key':
    case 'invalid_element':
      return t(locale, `config.zod.${issue.code}`, { origin: typeWord(locale, origin) });
    default:
      return undefined;
  }
}

/**
 * What an issue says is wrong: a catalogue text, a plugin's own words or zod's in every locale, or a plugin's plain
 * message. The
 * issue must come from a parse with `reportInput` (zod names the type it got from the input); the input itself is not
 * kept, as it may be a secret.
 */
export function issueWhat(issue: $ZodIssue): Phrase | Worded | string {
  const ours = saidPhrase(issue.message);
  if (ours) return ours;
  const union = unionWords(issue);
  if (union) return union;
  const plugins = saidWorded(issue.message);
  if (plugins) return plugins;
  const word = (l: Locale) => {
    // A finished issue with its input is what the maps read (they are written for the raw issue at parse time).
    const w = zodWords[l](issue as unknown as Parameters<$ZodErrorMap>[0]);
    return typeof w === 'string' ? w : (w?.message ?? issue.message);
  };
  // zod's default words are English: a message that is not them was written by a schema.
  if (word('en') !== issue.message) return issue.message;
  return { en: word('en'), 'zh-CN': typedWords('zh-CN', issue) ?? word('zh-CN') };
}

/**
 * A value no branch of a union took (`reachability: "nope"`): zod says only "Invalid input"; this says what each branch
 * expected (a type, a literal) and what it got. Undefined when a branch got further than the value's type (its own
 * issue inside says more) or expected what cannot be said in a word.
 */
function unionWords(issue: $ZodIssue): Worded | undefined {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return undefined;
  const wants: ((l: Locale) => string)[] = [];
  for (const branch of issue.errors) {
    const [first] = branch;
    if (branch.length !== 1 || !first || first.path.length) return undefined;
    if (first.code === 'invalid_type') wants.push((l) => typeWord(l, first.expected));
    else if (first.code === 'invalid_value') wants.push(() => first.values.map((v) => JSON.stringify(v)).join(', '));
    else return undefined;
  }
  const say = (l: Locale) =>
    t(l, 'config.zod.invalid_type', {
      expected: wants.map((w) => w(l)).join(t(l, 'config.zod.or')),
      received: typeWord(l, typeOf(issue.input)),
    });
  return { en: say('en'), 'zh-CN': say('zh-CN') };
}

/** An issue's problem, worded in one locale (for a reader of a single parse: init's settings). */
export function issueText(issue: $ZodIssue, locale: Locale): string {
  return whatIn(issueWhat(issue), locale);
}

/** A problem in one locale's words. */
export function whatIn(what: Phrase | Worded | string, locale: Locale): string {
  return typeof what === 'string' ? what : 'key' in what ? phrase(locale, what) : what[locale];
}
