// Each supervisor's own words (src/probes/supervisors/<kind>-texts.ts, registered with its adapter): both locales with
// the same keys and {params}, none empty, none that the shared catalogues also define, its name among them, each
// worded through the renderers. Loops over the registry: a new supervisor is checked with no edit here.
import { describe, expect, it } from 'vitest';
import { SUPERVISORS } from '../../../src/probes/supervisors/index.js';
import { en } from '../../../src/text/en.js';
import { wordKey } from '../../../src/i18n.js';
import { strayPunctuation } from '../../helpers/zh-punctuation.js';

const paramsOf = (s: string) =>
  [...new Set([...s.matchAll(/\{(\w+)(?:\|[^{}|]*\|[^{}|]*)?\}/g)].map((m) => m[1]!))].sort();

// A supervisor's name is the same in both languages where it is a program's (pm2, s6), not where it is said (Docker's s6).
const isName = (k: string, text: string) => k.startsWith('status.manager.') && /^[\w-]+$/.test(text);

describe.each(SUPERVISORS.map((s) => [s.kind, s] as const))("%s's words", (kind, s) => {
  const w = s.texts!;

  it('have the same keys in both locales, none empty, none left in English, with the same {params}', () => {
    expect(Object.keys(w['zh-CN']).sort()).toEqual(Object.keys(w.en).sort());
    for (const [k, text] of Object.entries(w.en)) {
      const zh = w['zh-CN'][k]!;
      expect(text.trim() && zh.trim(), k).toBeTruthy();
      if (!isName(k, text))
        expect(zh === text && /[A-Za-z]/.test(text.replace(/\{\w+\}/g, '')), `${k} is not translated`).toBe(false);
      expect(paramsOf(zh), k).toEqual(paramsOf(text));
    }
    const stray = Object.entries(w['zh-CN']).flatMap(([k, text]) => strayPunctuation(text).map((at) => `${k}: ${at}`));
    expect(stray).toEqual([]);
  });

  it('are its own (no key of the shared catalogues), name it, and are worded through the renderers', () => {
    for (const k of Object.keys(w.en)) expect(Object.hasOwn(en, k), `${k} is also in src/text/en.ts`).toBe(false);
    expect(Object.keys(w.en)).toContain(`status.manager.${kind}`);
    for (const [k, text] of Object.entries(w.en)) {
      expect(wordKey('en', k), k).toBe(text);
      expect(wordKey('zh-CN', k), k).toBe(w['zh-CN'][k]);
    }
  });
});
