// "Us or them" in a reader's words (src/detectors/scope.ts): whose failure a platform's is, and what that rests on.
// Said wherever a platform finding is: its alert, `check`'s text, /status. A phone gets it in plain words; which config
// keys would tell what is not known is for the long form (`check`, `doctor`, /status's details), never an alert.
import type { Finding, Locale } from '../types.js';
import { isTextKey, t, wordParam } from '../i18n.js';

/** `the platform, for everyone: gatewatch's own bot on QQ gets HTTP 502 too`; nothing when no probe had a word to say. */
export function scopeWords(locale: Locale, f: Pick<Finding, 'scope' | 'scopeWhy'>): string | undefined {
  if (f.scope === undefined || f.scopeWhy === undefined) return undefined;
  return t(locale, 'scope.line', { scope: t(locale, `scope.${f.scope}`), why: wordParam(locale, f.scopeWhy) });
}

/** The words of scopeWords, then how to tell what they leave unknown (`scope.how.*`: the config keys), where there is one. */
export function scopeDetails(locale: Locale, f: Pick<Finding, 'scope' | 'scopeWhy'>): string | undefined {
  const words = scopeWords(locale, f);
  const why = f.scopeWhy;
  if (words === undefined || typeof why !== 'object') return words;
  const how = why.key.replace(/^scope\.why\./, 'scope.how.');
  if (!isTextKey(how)) return words;
  return t(locale, 'scope.details', { words, how: wordParam(locale, { key: how, params: why.params ?? {} }) });
}
