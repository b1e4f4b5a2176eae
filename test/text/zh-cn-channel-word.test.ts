// One Chinese word for gatewatch's channels (issue 61 item 2): the zh-CN texts said 渠道 in one place and 通道 in another
// for the same thing (`通道 hook 无法发送告警` beside `请再配置一个能推送的渠道`). The word is the Chinese docs' (README.zh-CN
// and docs/zh-CN), the one they use most; every text a Chinese reader reads (the catalogues, the plugins' and
// platforms' own words, the README, the docs) says only that one.
import { describe, expect, it } from 'vitest';
import { docFiles, readDoc } from '../helpers/docs.js';
import { everyText } from '../helpers/every-text.js';

const WORDS = ['渠道', '通道'] as const;
const count = (text: string, word: string) => text.split(word).length - 1;

describe("zh-CN's word for a channel", () => {
  const readme = docFiles()
    .filter((f) => f === 'README.zh-CN.md' || f.startsWith('docs/zh-CN/'))
    .map(readDoc)
    .join('\n');
  const word = [...WORDS].sort((a, b) => count(readme, b) - count(readme, a))[0]!;
  const other = WORDS.find((w) => w !== word)!;

  it('is the one README.zh-CN and docs/zh-CN use most', () => {
    expect(count(readme, word)).toBeGreaterThan(10);
  });

  it('is the only one in the zh-CN texts', async () => {
    const texts = (await everyText()).filter((x) => x.locale === 'zh-CN' && x.text.includes(other));
    expect(texts.map((x) => `${x.owner} ${x.key}: ${x.text}`)).toEqual([]);
  });

  it('is the only one in README.zh-CN and the docs', () => {
    const lines = docFiles()
      .filter((f) => f !== 'README.md')
      .flatMap((f) =>
        readDoc(f)
          .split('\n')
          .flatMap((line, i) => (line.includes(other) ? [`${f}:${i + 1}: ${line.slice(0, 80)}`] : [])),
      );
    expect(lines).toEqual([]);
  });
});
