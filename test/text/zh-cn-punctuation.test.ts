// The zh-CN catalogues punctuate as Chinese does (issue 61 item 2; the rule: test/helpers/zh-punctuation.ts).
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../src/text/zh-CN.js';
import { registry } from '../../src/channels/plugins.js';
import { strayPunctuation } from '../helpers/zh-punctuation.js';

describe('zh-CN punctuation', () => {
  it('finds what it should and leaves code, URLs and times alone', () => {
    expect(strayPunctuation('收到的是 "soon"。')).toHaveLength(2);
    expect(strayPunctuation('运行中 pid {pid}, 已运行')).toHaveLength(1);
    expect(strayPunctuation('再次中断（第 2 次）: {title}')).toHaveLength(1);
    expect(strayPunctuation('运行 `sqlite3 state.db ".backup x"`，然后')).toEqual([]);
    expect(strayPunctuation('应为 http: 或 https: URL，见 https://example.com/a:b，')).toEqual([]);
    expect(strayPunctuation('例如“mon 09:00”，每天 06:07')).toEqual([]);
    expect(strayPunctuation('收到的是“soon”：{title}，好')).toEqual([]);
    expect(strayPunctuation('用法： gatewatch')).toHaveLength(1);
    expect(strayPunctuation('于 18:41:35 停止')).toEqual([]);
    expect(strayPunctuation('2026-05-02 18:41:35,120 WARNING gateway.x: 日志\n下一行')).toEqual([]);
  });

  it("the zh-CN catalogues and the plugins' own zh-CN words use Chinese commas, colons and quotes beside Chinese", async () => {
    const plugins = await Promise.all(registry.plugins.map(async (p) => (await p.words?.())?.['zh-CN'] ?? {}));
    const stray = [zhCN, ...plugins]
      .flatMap((words) => Object.entries(words))
      .flatMap(([key, text]) => strayPunctuation(text).map((at) => `${key}: ${at}`));
    expect(stray).toEqual([]);
  });
});
