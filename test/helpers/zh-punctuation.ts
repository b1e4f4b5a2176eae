// A Chinese line punctuates as Chinese does (issue 61 item 2): no ASCII comma, colon or double quote beside a Chinese
// character or Chinese punctuation, and no ASCII space after a full-width comma, full stop, colon, semicolon, exclamation or question mark. What is not prose is left alone: code in backticks (a command to type, a config
// key), URLs and their schemes, times (06:07, 18:41:35), and (in rendered output) the Hermes log lines an alert quotes
// as they are.

/** Chinese characters and the full-width punctuation beside them (，。：；（）「」 and the like). */
const CJK = '[\\u3400-\\u9fff\\u3000-\\u303f\\uff01-\\uff5e]';
const STRAY = new RegExp(`${CJK} ?[,:"]|[,:"] ?${CJK}|[，。：；！？] `);
/** A Hermes log line's asctime (`2026-05-02 18:41:35,120`): the line is quoted as Hermes wrote it. */
const LOG_LINE = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}/;

/** The ASCII commas, colons, double quotes and spaces of `s` that sit beside Chinese, with what is around each. */
export function strayPunctuation(s: string): string[] {
  const prose = s
    .split('\n')
    .filter((line) => !LOG_LINE.test(line))
    .join('\n')
    .replace(/`[^`\n]*`/g, '`code`')
    .replace(/\bhttps?:(\/\/\S*)?/g, 'URL')
    .replace(/\d:\d/g, '0');
  const out: string[] = [];
  for (let rest = prose, m = STRAY.exec(rest); m; rest = rest.slice(m.index + 1), m = STRAY.exec(rest))
    out.push(rest.slice(Math.max(0, m.index - 12), m.index + m[0].length + 12).replace(/\n/g, '⏎'));
  return out;
}
