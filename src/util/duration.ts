// Durations in config and chat are strings like `90s`, `10m`, `1h`, `1h30m`, `2d`.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (!s) return null;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched === s.length ? Math.round(total) : null;
}

/** Units in words where the language has no short form a reader knows (Chinese: 4 分钟 24 秒, not 4m 24s). */
const UNIT_WORDS: Record<string, Record<'s' | 'm' | 'h' | 'd', string>> = {
  'zh-CN': { s: ' 秒', m: ' 分钟', h: ' 小时', d: ' 天' },
};

/**
 * A duration as formatDuration writes it in English, whole: `45s`, `4m 24s`, `3h 5m`, `2d 4h`; or seconds to the tenth
 * (`0.6s`), as a death at start is said.
 */
const SHORT = /^(?:\d+\.\ds|\d+[smhd](?: \d+[smhd])?)$/;

/**
 * A text that is a duration in formatDuration's English form, in `locale`'s units (`4m 24s` → `4 分钟 24 秒`); any
 * other text as it is. For a duration worded before its reader's locale was known (a finding's `{ago}`, a field).
 */
export function localDuration(text: string, locale?: string): string {
  const u = locale && UNIT_WORDS[locale];
  if (!u || !SHORT.test(text)) return text;
  return text.replace(/(\d+(?:\.\d)?)([smhd])/g, (_m, n: string, unit: 's' | 'm' | 'h' | 'd') => `${n}${u[unit]}`);
}

/** Short human form: 45s, 12m, 3h 5m, 2d 4h (in Chinese 45 秒, 12 分钟, 3 小时 5 分钟, 2 天 4 小时). */
export function formatDuration(ms: number, locale?: string): string {
  const u = (locale && UNIT_WORDS[locale]) || { s: 's', m: 'm', h: 'h', d: 'd' };
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}${u.s}`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}${u.m}${s % 60 && m < 10 ? ` ${s % 60}${u.s}` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}${u.h}${m % 60 ? ` ${m % 60}${u.m}` : ''}`;
  const d = Math.floor(h / 24);
  return `${d}${u.d}${h % 24 ? ` ${h % 24}${u.h}` : ''}`;
}

/**
 * From `from` to `to` (epoch ms) as a story says it beside their clock times: the whole seconds between the two times
 * as shown (each cut to its second, as `12:00:03` shows 12:00:03.9), so that a duration and the times it lies between
 * never disagree by a rounding, and the parts of a span add up to the whole.
 */
export function clockSpan(from: number, to: number): number {
  return Math.max(0, Math.floor(to / 1000) - Math.floor(from / 1000)) * 1000;
}
