// The Hermes versions a bug finding names are the same in the alert and in the catalogue of alerts (docs/findings.md),
// in both locales (issue 61 item 3): the alert said "up to v0.17.x … upgrade to v0.18" while the demo notes called
// feishu-executor a "v0.17/v0.18 bug". The true versions are the reference's (hermes-gateway.md, version landmarks):
// the executor bug is v0.17.x and earlier, fixed in v0.18.0; the is_reconnect regression v0.18.0–0.18.2.
import { describe, expect, it } from 'vitest';
import { HERMES_PLATFORMS } from '../src/platforms/index.js';
import { pageOf, readDoc as read } from './helpers/docs.js';

/** The versions a text names, without their `v`: `v0.18.0–0.18.2` → 0.18.0, 0.18.2. */
const versions = (text: string) =>
  [...new Set([...text.matchAll(/\bv?(\d+\.\d+(?:\.(?:\d+|x))?)/g)].map((m) => m[1]!))].sort();

/** The catalogue's table row of a check: its first cell is the check in backticks. */
function row(readme: string, check: string): string {
  const line = readme.split('\n').find((l) => l.startsWith(`| \`${check}\` |`));
  if (!line) throw new Error(`no row for ${check}`);
  return line;
}

const BUGS = ['feishu_executor_shutdown', 'qq_is_reconnect_regression'] as const;

describe('the Hermes versions of a bug', () => {
  // Both bugs are platforms' own checks: their words are their platforms' (src/platforms/<name>/words.ts).
  const words = (locale: 'en' | 'zh-CN'): Record<string, string> =>
    Object.assign({}, ...HERMES_PLATFORMS.map((p) => p.words[locale]));
  for (const [readme, locale] of [
    [pageOf('findings.md', 'en'), 'en'],
    [pageOf('findings.md', 'zh-CN'), 'zh-CN'],
  ] as const)
    it(`are the same in ${readme}'s row and in the alert`, () => {
      for (const check of BUGS) {
        const alert = ['title', 'explanation', 'action']
          .map((part) => words(locale)[`finding.${check}.${part}`] ?? '')
          .join(' ');
        expect(versions(row(read(readme), check)), `${readme} ${check}`).toEqual(versions(alert));
      }
      // Both locales' catalogues name the same versions.
      for (const check of BUGS)
        expect(versions(row(read(pageOf('findings.md', 'zh-CN')), check)), check).toEqual(
          versions(row(read(pageOf('findings.md', 'en')), check)),
        );
    });

  it('the executor bug is v0.17.x and earlier, fixed in v0.18.0, as the reference says', () => {
    expect(versions(row(read(pageOf('findings.md', 'en')), 'feishu_executor_shutdown'))).toEqual(['0.17.x', '0.18.0']);
    // The demo's notes (docs/demo.md, both locales) name its versions as the alert does, not "a v0.17/v0.18 bug".
    for (const readme of [pageOf('demo.md', 'en'), pageOf('demo.md', 'zh-CN')]) {
      const note = read(readme)
        .split('\n\n')
        .find((p) => p.includes('`feishu-executor`') && p.includes('`is-reconnect`') && /v0\.1[78]/.test(p));
      expect(note, readme).toBeDefined();
      expect(note, readme).not.toMatch(/v0\.17\/v0\.18/);
      expect(versions(note!), readme).toEqual(expect.arrayContaining(['0.17.x', '0.18.0', '0.18.2']));
    }
  });
});
