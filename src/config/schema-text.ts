// What the config schemas (ours and the channel plugins') say is wrong with a value, in the reader's words. A schema's
// own message is a catalogue key (and its parameters) written into zod's message string by `said`; the problem is worded
// when it is shown, in the locale of whoever reads it. What zod says by itself (a number where a string goes) is worded
// by zod's own locale tables, per call: nothing process-wide, so a daemon in one language and a test in another do not
// interfere, and only where no sentence of ours says it as a person would (what the key takes, what it was given). A
// message that is neither (a plugin written elsewhere with plain English) is shown as it is.
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

/** A limit said as a person says it: "10 or less", "at most 64 characters", "exactly 3". */
function limitWords(locale: Locale, issue: $ZodIssue & { code: 'too_big' | 'too_small' }, origin: string): string {
  const big = issue.code === 'too_big';
  const raw = big ? issue.maximum : issue.minimum;
  const unit = isTextKey(`config.zod.unit.${origin}`) ? wordKey(locale, `config.zod.unit.${origin}`) : undefined;
  const exact = 'exact' in issue && issue.exact;
  if (unit) {
    // A count: "< 65" is "at most 64".
    const limit = String(issue.inclusive || exact ? raw : Number(raw) + (big ? -1 : 1));
    return t(
      locale,
      exact ? 'config.zod.exactly.sized' : big ? 'config.zod.too_big.sized' : 'config.zod.too_small.sized',
      {
        limit,
        unit,
      },
    );
  }
  const limit = String(raw);
  if (exact) return t(locale, 'config.zod.exactly', { limit });
  const key = big ? 'config.zod.too_big' : 'config.zod.too_small';
  return t(locale, issue.inclusive ? key : `${key}.exclusive`, { limit });
}

/**
 * What zod says by itself of a value it refuses, said as a person says it: what the key takes and what it was given
 * ("expected a number, got text"), never zod's own sentence. Undefined for an issue no sentence here fits.
 */
function personWords(locale: Locale, issue: $ZodIssue): string | undefined {
  const origin = 'origin' in issue && typeof issue.origin === 'string' ? issue.origin : 'value';
  switch (issue.code) {
    case 'invalid_type':
      return t(locale, 'config.zod.invalid_type', {
        expected: typeWord(locale, issue.expected),
        received: typeWord(locale, typeOf(issue.input)),
      });
    case 'invalid_value':
      return t(locale, issue.values.length === 1 ? 'config.zod.invalid_value.one' : 'config.zod.invalid_value', {
        values: issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(t(locale, 'list.comma')),
      });
    case 'too_big':
    case 'too_small':
      return limitWords(locale, issue, origin);
    case 'invalid_key':
    case 'invalid_element':
      return t(locale, `config.zod.${issue.code}`);
    case 'invalid_format':
      return t(locale, 'config.zod.invalid_format');
    case 'not_multiple_of':
      return t(locale, 'config.zod.not_multiple_of', { divisor: String(issue.divisor) });
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
  return { en: personWords('en', issue) ?? word('en'), 'zh-CN': personWords('zh-CN', issue) ?? word('zh-CN') };
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
    spaced(
      t(l, 'config.zod.invalid_type', {
        expected: wants.map((w) => w(l)).join(t(l, 'config.zod.or')),
        received: typeWord(l, typeOf(issue.input)),
      }),
    );
  return { en: say('en'), 'zh-CN': say('zh-CN') };
}

/** A literal among Chinese words stands apart from them by a space, as the catalogue's own sentences write it. */
const spaced = (s: string): string =>
  s.replace(/([A-Za-z0-9])(?=[\u3400-\u9fff])/g, '$1 ').replace(/([\u3400-\u9fff])(?=[A-Za-z0-9])/g, '$1 ');

/** An issue's problem, worded in one locale (for a reader of a single parse: init's settings). */
export function issueText(issue: $ZodIssue, locale: Locale): string {
  return whatIn(issueWhat(issue), locale);
}

/** A problem in one locale's words. */
export function whatIn(what: Phrase | Worded | string, locale: Locale): string {
  return typeof what === 'string' ? what : 'key' in what ? phrase(locale, what) : what[locale];
}
