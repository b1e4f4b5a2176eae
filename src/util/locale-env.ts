// The reader's language from the environment, as a terminal sets it (LANG=zh_CN.UTF-8): the CLI's before any config
// is read, and a config's that names no `locale`.
import type { Locale } from '../types.js';

export function localeFromEnv(env: NodeJS.ProcessEnv): Locale {
  return /^zh/i.test(env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'zh-CN' : 'en';
}
