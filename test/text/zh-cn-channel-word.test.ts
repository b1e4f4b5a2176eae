// One Chinese word for gatewatch's channels (issue 61 item 2): the zh-CN texts said 渠道 in one place and 通道 in another
// for the same thing (`通道 hook 无法发送告警` beside `请再配置一个能推送的渠道`). The word is README.zh-CN's, the one
// it uses most; every text a Chinese reader reads (the catalogues, the plugins' and platforms' own words, the README,
// the docs) says only that one.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { everyText } from '../helpers/every-text.js';
import { TEST_DIR } from '../helpers/paths.js';

const WORDS = ['渠道', '通道'] as const;
const ROOT = path.join(TEST_DIR, '..');
const count = (text: string, word: string) => text.split(word).length - 1;

describe("zh-CN's word for a channel", () => {
  const readme = readFileSync(path.join(ROOT, 'README.zh-CN.md'), 'utf8');
  const word = [...WORDS].sort((a, b) => count(readme, b) - count(readme, a))[0]!;
  const other = WORDS.find((w) => w !== word)!;

  it('is the one README.zh-CN uses most', () => {
    expect(count(readme, word)).toBeGreaterThan(10);
  });

  it('is the only one in the zh-CN texts', async () => {
    const texts = (await everyText()).filter((x) => x.locale === 'zh-CN' && x.text.includes(other));
    expect(texts.map((x) => `${x.owner} ${x.key}: ${x.text}`)).toEqual([]);
  });

  it('is the only one in README.zh-CN and the docs', () => {
    const docs = readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => path.join('docs', f));
    const lines = ['README.zh-CN.md', ...docs].flatMap((f) =>
      readFileSync(path.join(ROOT, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.includes(other) ? [`${f}:${i + 1}: ${line.slice(0, 80)}`] : [])),
    );
    expect(lines).toEqual([]);
  });
});
