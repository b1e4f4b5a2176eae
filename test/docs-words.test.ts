// Nothing a person reads points at what they do not have (issue 76 item 1): no section sign (`§9.2` of a document of
// ours), no issue of this project by number, no internal document by name, no "the reference" standing for one. An
// issue of Hermes' own (`#72016`, `Hermes #72016`) is public and stays. Held on the READMEs, every docs page and every
// text gatewatch says (the catalogues, the platforms' and the plugins' words).
import { describe, expect, it } from 'vitest';
import { docFiles, readDoc } from './helpers/docs.js';
import { everyText } from './helpers/every-text.js';

const INTERNAL: [string, RegExp][] = [
  ['a section sign', /§/],
  ['an issue of ours by number', /\bissues? \d+/i],
  ['an internal document', /hermes-(gateway|deployments|supervisors)(-current)?\.md|qq-bot-protocol|push-services\.md/],
  ['"the reference"', /\bthe reference\b(?!\s+run)|参考文档|参考资料/i],
];

/** Each place in `text` that names something internal: `where: why: the words around it`. */
function internal(where: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) =>
    INTERNAL.flatMap(([why, re]) => {
      const m = re.exec(line);
      return m ? [`${where}:${i + 1}: ${why}: …${line.slice(Math.max(0, m.index - 30), m.index + 40)}…`] : [];
    }),
  );
}

describe('what a person reads names nothing internal', () => {
  it.each(docFiles())('%s', (file) => {
    expect(internal(file, readDoc(file))).toEqual([]);
  });

  it('every text gatewatch words, in both locales', async () => {
    const found = (await everyText()).flatMap((x) => internal(`${x.owner} ${x.locale} ${x.key}`, x.text));
    expect(found).toEqual([]);
  });

  it('catches what it is for', () => {
    expect(internal('x', 'see §9.2; issue 54; hermes-gateway-current.md; the fix the reference gives')).toHaveLength(4);
    expect(internal('x', 'Hermes #72016 (v0.21.3); the previous reference run; an issue')).toEqual([]);
  });
});
