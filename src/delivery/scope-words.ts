// "Us or them" in a reader's words (src/detectors/scope.ts): whose failure a platform's is, and what that rests on.
// Said wherever a platform finding is: its alert, `check`'s text, /status.
import type { Finding, Locale } from '../types.js';
import { t, wordParam } from '../i18n.js';

/** `the platform, for everyone: gatewatch's own bot on QQ gets HTTP 502 too`; nothing when no probe had a word to say. */
export function scopeWords(locale: Locale, f: Pick<Finding, 'scope' | 'scopeWhy'>): string | undefined {
  if (f.scope === undefined || f.scopeWhy === undefined) return undefined;
  return t(locale, 'scope.line', { scope: t(locale, `scope.${f.scope}`), why: wordParam(locale, f.scopeWhy) });
}
