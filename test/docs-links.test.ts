// The READMEs are the path a newcomer walks and docs/ holds the reference (issue 76 item 1): every relative link of a
// README or a docs page leads to a file that exists and, with an anchor, to a heading that page has; each README stays
// a page one reads to the end (≤ 300 lines) and links every reference page of its reader's language.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchors, docFiles, localLinks, pageFor, ROOT, readDoc } from './helpers/docs.js';

describe('the docs’ links', () => {
  it.each(docFiles())('%s: every relative link resolves, anchors included', (file) => {
    const broken: string[] = [];
    for (const { target, line } of localLinks(readDoc(file))) {
      const [rel, anchor] = target.split('#') as [string, string | undefined];
      const to = rel === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(rel)));
      const full = path.join(ROOT, to);
      if (to.startsWith('..') || !existsSync(full)) broken.push(`${file}:${line}: ${target} (no ${to})`);
      else if (anchor !== undefined && to.endsWith('.md') && !anchors(readDoc(to)).has(decodeURIComponent(anchor)))
        broken.push(`${file}:${line}: ${target} (no heading #${anchor} in ${to})`);
      else if (anchor === undefined && !statSync(full).isFile() && !statSync(full).isDirectory())
        broken.push(`${file}:${line}: ${target}`);
    }
    expect(broken).toEqual([]);
  });
});

describe.each([
  { readme: 'README.md', locale: 'en' as const },
  { readme: 'README.zh-CN.md', locale: 'zh-CN' as const },
])('$readme', ({ readme, locale }) => {
  const text = readDoc(readme);

  it('is a path, not a reference: 300 lines at most', () => {
    expect(text.trimEnd().split('\n').length).toBeLessThanOrEqual(300);
  });

  it('links every reference page, in its reader’s language where the page has one', () => {
    const linked = new Set(localLinks(text).map((l) => l.target.split('#')[0]));
    const pages = readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
    expect(pages.length).toBeGreaterThan(15);
    expect(pages.map((p) => pageFor(p, locale)).filter((p) => !linked.has(p))).toEqual([]);
  });
});
