// Each Hermes platform's own words (its folder's words.ts, registered by src/platforms/index.ts): both locales with the
// same keys and {params}, none empty or left in English, none that the shared catalogues or another platform also
// define, and a text for every finding its rules raise and for its demo fault. Loops over the registry: a new
// platform is checked with no edit here.
import { describe, expect, it } from 'vitest';
import { HERMES_PLATFORMS } from '../../src/platforms/index.js';
import { en } from '../../src/text/en.js';
import { wordKey } from '../../src/i18n.js';
import { strayPunctuation } from '../helpers/zh-punctuation.js';

const paramsOf = (s: string) =>
  [...new Set([...s.matchAll(/\{(\w+)(?:\|[^{}|]*\|[^{}|]*)?\}/g)].map((m) => m[1]!))].sort();

describe.each(HERMES_PLATFORMS.map((p) => [p.platform, p] as const))("%s's words", (_name, p) => {
  const w = p.words;

  it('have the same keys in both locales, none empty, none left in English, with the same {params}', () => {
    expect(Object.keys(w['zh-CN']).sort()).toEqual(Object.keys(w.en).sort());
    for (const [k, text] of Object.entries(w.en)) {
      const zh = w['zh-CN'][k]!;
      expect(text.trim() && zh.trim(), k).toBeTruthy();
      expect(zh === text && /[A-Za-z]/.test(text.replace(/\{\w+\}/g, '')), `${k} is not translated`).toBe(false);
      expect(paramsOf(zh), k).toEqual(paramsOf(text));
    }
  });

  it('punctuate as Chinese in zh-CN: Chinese quotes, commas and colons beside Chinese', () => {
    const stray = Object.entries(w['zh-CN']).flatMap(([k, text]) => strayPunctuation(text).map((at) => `${k}: ${at}`));
    expect(stray).toEqual([]);
  });

  it('are its own: a finding, an evidence fact or its demo fault, and no key of the shared catalogues', () => {
    // Its own checks' texts (qq_banned, with their variants and the words their parameters name), their names and the
    // code Hermes records for them are all its own.
    const own = (p.checks ?? []).map((c) => c.check);
    const ownText = (k: string) =>
      own.some((c) => [`finding.${c}.`, `check.${c}.`, `code.${c}.`].some((head) => `${k}.`.startsWith(head)));
    for (const k of Object.keys(w.en)) {
      expect(Object.hasOwn(en, k), `${k} is also in src/text/en.ts`).toBe(false);
      if (ownText(k)) continue;
      expect(k, k).toMatch(
        /^(finding\.(platform_deaf|forecast|config_fatal|startup_incomplete)\.[\w.]+\.(title|explanation|action)|evidence\.[\w.]+|demo\.fault\.[\w-]+)$/,
      );
    }
  });

  it('word every finding its rules raise and its demo fault, registered for the renderers', () => {
    const texts = (p.rules ?? []).map((r) => r.text);
    for (const t of texts)
      for (const part of ['title', 'explanation', 'action'])
        expect(Object.keys(w.en)).toContain(`finding.${t}.${part}`);
    if (p.demo) expect(Object.keys(w.en)).toContain(`demo.fault.${p.demo.name}`);
    // Registered: the renderers word them in each locale (the key itself would come back if not).
    for (const [k, text] of Object.entries(w.en)) {
      expect(wordKey('en', k), k).toBe(text);
      expect(wordKey('zh-CN', k), k).toBe(w['zh-CN'][k]);
    }
  });
});

describe('the platforms together', () => {
  it('share no key', () => {
    const owner = new Map<string, string>();
    for (const p of HERMES_PLATFORMS)
      for (const k of Object.keys(p.words.en)) {
        expect(owner.get(k), `${k}: ${p.platform} and ${owner.get(k)}`).toBeUndefined();
        owner.set(k, p.platform);
      }
  });
});
