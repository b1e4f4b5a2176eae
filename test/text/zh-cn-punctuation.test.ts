// A Chinese line punctuates as Chinese does (issue 61 item 2): no ASCII comma, colon or double quote beside a Chinese
// character or Chinese punctuation in the zh-CN catalogues. What is not prose is left alone: code in backticks (a
// command to type, a config key), URLs and their schemes, times (06:07).
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../src/text/zh-CN.js';
import { registry } from '../../src/channels/plugins.js';

/** Chinese characters and the full-width punctuation beside them (，。：；（）「」 and the like). */
const CJK = '[\\u3400-\\u9fff\\u3000-\\u303f\\uff01-\\uff5e]';
const STRAY = new RegExp(`${CJK} ?[,:"]|[,:"] ?${CJK}`);

/** The ASCII commas, colons and double quotes of `s` that sit beside Chinese, with what is around each. */
function strayPunctuation(s: string): string[] {
  const prose = s
    .replace(/`[^`]*`/g, '`code`')
    .replace(/\bhttps?:(\/\/\S*)?/g, 'URL')
    .replace(/\d:\d/g, '0');
  const out: string[] = [];
  for (let rest = prose, m = STRAY.exec(rest); m; rest = rest.slice(m.index + 1), m = STRAY.exec(rest))
    out.push(rest.slice(Math.max(0, m.index - 8), m.index + m[0].length + 8));
  return out;
}

describe('zh-CN punctuation', () => {
  it('finds what it should and leaves code, URLs and times alone', () => {
    expect(strayPunctuation('收到的是 "soon"。')).toHaveLength(2);
    expect(strayPunctuation('运行中 pid {pid}, 已运行')).toHaveLength(1);
    expect(strayPunctuation('再次中断（第 2 次）: {title}')).toHaveLength(1);
    expect(strayPunctuation('运行 `sqlite3 state.db ".backup x"`，然后')).toEqual([]);
    expect(strayPunctuation('应为 http: 或 https: URL，见 https://example.com/a:b，')).toEqual([]);
    expect(strayPunctuation('例如“mon 09:00”，每天 06:07')).toEqual([]);
    expect(strayPunctuation('收到的是“soon”：{title}，好')).toEqual([]);
  });

  it("the zh-CN catalogues and the plugins' own zh-CN words use Chinese commas, colons and quotes beside Chinese", async () => {
    const plugins = await Promise.all(registry.plugins.map(async (p) => (await p.words?.())?.['zh-CN'] ?? {}));
    const stray = [zhCN, ...plugins]
      .flatMap((words) => Object.entries(words))
      .flatMap(([key, text]) => strayPunctuation(text).map((at) => `${key}: ${at}`));
    expect(stray).toEqual([]);
  });
});
