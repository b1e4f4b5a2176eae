// A problem in a config file, named by its file, line and key, in the reader's words: what the CLI prints before it exits
// 78 (EX_CONFIG), and what the daemon logs when a reload is refused.
import { namedLocale } from '../util/locale-env.js';
import { t, type Phrase } from '../i18n.js';
import type { Locale } from '../types.js';
import { whatIn, type Worded } from './schema-text.js';
import { runEnv } from '../util/run-env.js';

export class ConfigError extends Error {
  /** What is wrong in English, as the message has it (scripts and logs). */
  readonly expected: string;
  /**
   * What is wrong in the reader's words: a catalogue text, or zod's own words in every locale (not a detail the YAML
   * parser gave as it is).
   */
  readonly words?: Phrase | Worded;
  /**
   * The language the file itself asks for (its `locale` key, when that much of it could be read): its errors are said
   * in it, as everything else gatewatch says under that config.
   */
  locale?: Locale;

  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly key: string,
    what: string | Phrase | Worded,
  ) {
    const expected = whatIn(what, 'en');
    super(`${file}${line ? `:${line}` : ''}: ${key ? `key "${key}": ` : ''}${expected}`);
    this.name = 'ConfigError';
    this.expected = expected;
    if (typeof what !== 'string') this.words = what;
  }
}

/** What is wrong, in the reader's words: the catalogue's text when there is one, else the detail as it came. */
export function configErrorWhat(e: ConfigError, locale: Locale): string {
  return e.words ? whatIn(e.words, locale) : e.expected;
}

/**
 * The language a config error is said in: the terminal's, when its environment names one (LC_ALL > LC_MESSAGES >
 * LANG: the person who ran the command reads it), else the file's own `locale`, else English. A file an English
 * terminal's `init` wrote says `locale: en`; a Chinese terminal still reads its errors in Chinese.
 */
export function configErrorLocale(e: Pick<ConfigError, 'locale'>, env: NodeJS.ProcessEnv = runEnv()): Locale {
  return namedLocale(env) ?? e.locale ?? 'en';
}

/**
 * The line a command ends with on a config error, in the reader's words and still naming file, line and key
 * (`config error: file:line: key "k": what`), in configErrorLocale's language.
 */
export function configErrorLine(e: ConfigError, locale: Locale = configErrorLocale(e)): string {
  return t(locale, 'config.error.line', { text: configErrorText(e, locale) });
}

/** The error as its message has it (`file:line: key "k": what`), in the reader's words. */
export function configErrorText(e: ConfigError, locale: Locale): string {
  const what = configErrorWhat(e, locale);
  return t(locale, 'config.error.where', {
    where: `${e.file}${e.line ? `:${e.line}` : ''}`,
    what: e.key ? t(locale, 'config.error.key', { key: e.key, what }) : what,
  });
}
