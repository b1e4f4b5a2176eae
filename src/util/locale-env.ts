// The reader's language from the environment, as a terminal sets it (LANG=zh_CN.UTF-8): the CLI's before any config
// is read, a config's that names no `locale`, and a config error's (read at a terminal, whatever the file names).
import type { Locale } from '../types.js';

/**
 * The language the environment names, by POSIX's order (LC_ALL, then LC_MESSAGES, then LANG: the first set wins);
 * undefined when it names none (unset, or C / POSIX, as a service manager leaves it).
 */
export function namedLocale(env: NodeJS.ProcessEnv): Locale | undefined {
  const v = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  if (!v || /^(?:C|POSIX)(?:[.@]|$)/i.test(v)) return undefined;
  return /^zh/i.test(v) ? 'zh-CN' : 'en';
}

export function localeFromEnv(env: NodeJS.ProcessEnv): Locale {
  return namedLocale(env) ?? 'en';
}
