// What is wrong with a command's arguments, in the operator's words: the bus's one parse of every command's arguments
// (chat words, the CLI's request, a request typed by hand on the control socket) ends here when the schema refuses.
// zod's own words ("Too big: expected string to have <=64 characters") are a validator's, in English: never shown.
import type { $ZodIssue } from 'zod/v4/core';
import { isTextKey, phrase, t, type TextKey } from '../src/i18n.js';
import { saidPhrase } from '../src/config/schema-text.js';
import type { Locale } from '../src/types.js';
import { redact } from '../src/util/redact.js';

/** An argument's name for the reader: the command's own word for it (`args.name.fix.n`), else the shared one. */
export function argName(locale: Locale, command: string, key: string): string {
  for (const k of [`args.name.${command}.${key}`, `args.name.${key}`])
    if (isTextKey(k)) return t(locale, k as TextKey as 'args.name.target');
  return key;
}

/** A value as typed, short and redacted: a refusal never echoes a page of text, nor a secret pasted by mistake. */
function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  // Redacted whole, then cut: a token cut first no longer looks like one, and its first characters would be shown.
  // (Only the first 40 are shown: what lies past the first 2,000 never is, so it need not be redacted.)
  const r = redact(s.slice(0, 2_000));
  return r.length > 40 ? `${r.slice(0, 40)}…` : r;
}

/** `24h, 7d or 30d` / `24h、7d 或 30d`. */
function oneOf(locale: Locale, values: readonly unknown[]): string {
  const words = values.map(String);
  if (words.length < 2) return words.join('');
  return `${words.slice(0, -1).join(t(locale, 'list.comma'))}${t(locale, 'list.or')}${words.at(-1)}`;
}

/** What the issue says is wrong (from a parse with reportInput), for `command`'s arguments. */
export function argProblem(issue: $ZodIssue, command: string, locale: Locale): string {
  const own = saidPhrase(issue.message);
  if (own) return phrase(locale, own);
  const key = issue.path.length ? String(issue.path[0]) : '';
  const arg = argName(locale, command, key);
  const value = shown(issue.input);
  switch (issue.code) {
    case 'unrecognized_keys':
      return t(locale, 'args.unknown', { keys: issue.keys.map((k) => shown(k)).join(t(locale, 'list.comma')) });
    case 'invalid_value':
      return t(locale, 'args.one_of', { arg, values: oneOf(locale, issue.values), value });
    case 'too_big':
      if (issue.origin === 'string') return t(locale, 'args.too_long', { arg, max: String(issue.maximum) });
      // Past what a number can count exactly: no bound worth naming.
      if (Number(issue.maximum) >= Number.MAX_SAFE_INTEGER) return t(locale, 'args.too_large', { arg, value });
      return t(locale, 'args.at_most', { arg, max: String(issue.maximum), value });
    case 'too_small':
      return typeof issue.input === 'number'
        ? t(locale, 'args.at_least', { arg, min: String(issue.minimum), value })
        : t(locale, 'args.invalid', { arg, value });
    case 'invalid_type':
      return issue.expected === 'int' && typeof issue.input === 'number'
        ? t(locale, 'args.whole', { arg, value })
        : t(locale, 'args.invalid', { arg, value });
    default:
      return t(locale, 'args.invalid', { arg, value });
  }
}
