// The CLI's words before any config is read: the terminal's language ($LC_ALL, $LC_MESSAGES, $LANG of the run).
import { t, type TextKey } from '../i18n.js';
import type { Locale } from '../types.js';
import { cliIo } from '../cli-io.js';
import { localeFromEnv } from '../util/locale-env.js';

export const cliLocale = (): Locale => localeFromEnv(cliIo().env);

/** A text without parameters (a description, a heading), in the terminal's language. */
export const tx = (key: TextKey): string => (t as (l: Locale, k: TextKey) => string)(cliLocale(), key);
