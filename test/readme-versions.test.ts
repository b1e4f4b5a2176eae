// The Hermes versions a bug finding names are the same in the alert and in the README's table of alerts, in both
// locales (issue 61 item 3): the alert said "up to v0.17.x … upgrade to v0.18" while the README's demo notes called
// feishu-executor a "v0.17/v0.18 bug". The true versions are the reference's (hermes-gateway.md, version landmarks):
// the executor bug is v0.17.x and earlier, fixed in v0.18.0; the is_reconnect regression v0.18.0–0.18.2.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsEn } from '../src/text/findings-en.js';
import { findingsZh } from '../src/text/findings-zh-CN.js';
import { TEST_DIR } from './helpers/paths.js';

const read = (file: string) => readFileSync(path.join(TEST_DIR, '..', file), 'utf8');

/** The versions a text names, without their `v`: `v0.18.0–0.18.2` → 0.18.0, 0.18.2. */
const versions = (text: string) =>
  [...new Set([...text.matchAll(/\bv?(\d+\.\d+(?:\.(?:\d+|x))?)/g)].map((m) => m[1]!))].sort();

/** The README's table row of a check: its first cell is the check in backticks. */
function row(readme: string, check: string): string {
  const line = readme.split('\n').find((l) => l.startsWith(`| \`${check}\` |`));
  if (!line) throw new Error(`no row for ${check}`);
  return line;
}

const BUGS = ['feishu_executor_shutdown', 'qq_is_reconnect_regression'] as const;

describe('the Hermes versions of a bug', () => {
  for (const [readme, words] of [
    ['README.md', findingsEn],
    ['README.zh-CN.md', findingsZh],
  ] as const)
    it(`are the same in ${readme}'s row and in the alert`, () => {
      for (const check of BUGS) {
        const alert = ['title', 'explanation', 'action']
          .map((part) => (words as Record<string, string>)[`finding.${check}.${part}`] ?? '')
          .join(' ');
        expect(versions(row(read(readme), check)), `${readme} ${check}`).toEqual(versions(alert));
      }
      // docs/findings.md lists them too.
      for (const check of BUGS)
        expect(versions(row(read('docs/findings.md'), check)), check).toEqual(versions(row(read('README.md'), check)));
    });

  it('the executor bug is v0.17.x and earlier, fixed in v0.18.0, as the reference says', () => {
    expect(versions(row(read('README.md'), 'feishu_executor_shutdown'))).toEqual(['0.17.x', '0.18.0']);
    // The demo's notes name its versions as the alert does, not "a v0.17/v0.18 bug".
    for (const readme of ['README.md', 'README.zh-CN.md']) {
      const note = read(readme)
        .split('\n\n')
        .find((p) => p.includes('`feishu-executor`') && p.includes('`is-reconnect`') && /v0\.1[78]/.test(p));
      expect(note, readme).toBeDefined();
      expect(note, readme).not.toMatch(/v0\.17\/v0\.18/);
      expect(versions(note!), readme).toEqual(expect.arrayContaining(['0.17.x', '0.18.0', '0.18.2']));
    }
  });
});
