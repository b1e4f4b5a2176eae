// The Chinese docs are the English ones in Chinese, page for page (issue 76 item 1): each README and each page under
// docs/ with a Chinese twin in docs/zh-CN/ has the same headings at the same levels, so a section added in one
// language and not the other fails here. The READMEs also link the same reference pages.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { headings, localLinks, pageOf, ROOT, readDoc } from './helpers/docs.js';

/** Pages whose Chinese twin is a summary: how the code is built, for contributors, is written in English. */
const SUMMARIES = new Set(['architecture.md']);

const twins = readdirSync(path.join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md') && existsSync(path.join(ROOT, pageOf(f, 'zh-CN'))) && !SUMMARIES.has(f))
  .map((f) => [pageOf(f, 'en'), pageOf(f, 'zh-CN')] as const);

const levels = (file: string) => headings(readDoc(file)).map((h) => h.level);

describe('each page and its Chinese twin', () => {
  it('exist for every reference page moved out of the README', () => {
    expect(twins.length).toBeGreaterThan(12);
    // Every Chinese page has its English one.
    const zh = readdirSync(path.join(ROOT, 'docs', 'zh-CN')).filter((f) => f.endsWith('.md'));
    expect(zh.filter((f) => !existsSync(path.join(ROOT, pageOf(f, 'en'))))).toEqual([]);
  });

  it.each([['README.md', 'README.zh-CN.md'] as const, ...twins])('%s and %s have the same headings', (en, zh) => {
    expect(levels(zh)).toEqual(levels(en));
    // Each links to the other.
    const linksOf = (f: string) => localLinks(readDoc(f)).map((l) => path.posix.join(path.posix.dirname(f), l.target));
    expect(linksOf(en)).toContain(zh);
    expect(linksOf(zh)).toContain(en);
  });

  it('the READMEs link the same reference pages', () => {
    const pages = (f: string) =>
      [...new Set(localLinks(readDoc(f)).map((l) => l.target.split('#')[0]!.replace('docs/zh-CN/', 'docs/')))]
        .filter((t) => t.startsWith('docs/') && t.endsWith('.md'))
        .sort();
    expect(pages('README.zh-CN.md')).toEqual(pages('README.md'));
  });
});
