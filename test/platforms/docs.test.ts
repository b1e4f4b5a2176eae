// Each Hermes platform's rows in the docs' finding tables (its folder's docs.ts, written into the alert
// catalogues docs/findings.md and docs/zh-CN/findings.md by `npm run docs:tables`): one per finding it words, none for a finding it
// does not, with the severity its rules give. Loops over the registry: a new platform is checked with no edit here.
import { describe, expect, it } from 'vitest';
import { HERMES_PLATFORMS } from '../../src/platforms/index.js';
import { platformDocs } from '../../scripts/docs-tables.js';

describe.each(HERMES_PLATFORMS.map((p) => [p.platform, p] as const))("%s's rows in the docs", (_name, p) => {
  it('are one per finding it words, each in both locales', async () => {
    const docs = await platformDocs(p.platform);
    const worded = Object.keys(p.words.en)
      .filter((k) => k.startsWith('finding.') && k.endsWith('.title'))
      .map((k) => k.slice('finding.'.length, -'.title'.length));
    // A variant of a finding it words itself (`qq_banned.protocol`, `forecast.qq_4009.now`) is in that finding's row.
    const own = new Set(worded);
    const rows = worded.filter((id) => !own.has(id.slice(0, id.lastIndexOf('.'))));
    expect(Object.keys(docs).sort()).toEqual(rows.sort());
    for (const [id, row] of Object.entries(docs))
      for (const locale of ['en', 'zh-CN'] as const)
        for (const cell of Object.values(row[locale])) {
          expect(cell.trim(), `${id} ${locale}`).not.toBe('');
          // A table cell: a bare | would end it.
          expect(cell.replace(/`[^`]*`/g, ''), `${id} ${locale}`).not.toContain('|');
        }
  });

  it('give each finding its rules raise the severity they raise it with', async () => {
    const docs = await platformDocs(p.platform);
    for (const r of p.rules ?? []) expect(docs[r.text]?.severity, r.text).toBe(r.severity ?? 'critical');
  });
});
