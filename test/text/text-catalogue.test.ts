// One catalogue per locale (src/text/): the type already makes zh-CN carry every English key; this also holds at run
// time, for the placeholders inside the texts (which no type sees) and against an English text copied over untranslated.
import { describe, expect, it } from 'vitest';
import { en } from '../../src/text/en.js';
import { zhCN } from '../../src/text/zh-CN.js';
import { t } from '../../src/i18n.js';

const catalogues = { en: en as Record<string, string>, 'zh-CN': zhCN as Record<string, string> };

/** Texts that word a parameter their own way: English an ordinal ("3rd time"), Chinese the count (第 3 次). */
const OWN_PARAMS: Record<string, { en: string[]; 'zh-CN': string[] }> = {
  'alert.flap': { en: ['nth'], 'zh-CN': ['count'] },
  'history.down_again': { en: ['nth'], 'zh-CN': ['count'] },
};

/** zh-CN texts that are rightly the English words: terms Hermes and gatewatch use as they are. */
// Names, the same in every language: a field label (the service managers' names are their adapters' words).
const SAME_IN_BOTH = new Set([
  'field.profile',
  // A command, as the host runs it.
  'finding.session_unreadable.chown',
  // Every CLI error's first word is the program's name, whatever the language (README: one `gatewatch: …` line).
  'cli.error.prefix',
  'actor.alertmanager',
]);

// `{count|# line|# lines}` is a placeholder of `count` (its plural forms).
const paramsOf = (s: string) =>
  [...new Set([...s.matchAll(/\{(\w+)(?:\|[^{}|]*\|[^{}|]*)?\}/g)].map((m) => m[1]!))].sort();

describe('text catalogues', () => {
  it('have the same keys, none empty', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [locale, c] of Object.entries(catalogues)) {
      const empty = Object.entries(c)
        .filter(([, v]) => typeof v !== 'string' || v.trim() === '')
        .map(([k]) => `${locale} ${k}`);
      expect(empty).toEqual([]);
    }
  });

  it('use the same {params} in both locales', () => {
    const differ = Object.keys(en).flatMap((k) => {
      const own = OWN_PARAMS[k] ?? { en: [], 'zh-CN': [] };
      const a = paramsOf(catalogues.en[k]!).filter((p) => !own.en.includes(p));
      const b = paramsOf(catalogues['zh-CN'][k]!).filter((p) => !own['zh-CN'].includes(p));
      return a.join() === b.join() ? [] : [`${k}: en {${a.join('} {')}} vs zh-CN {${b.join('} {')}}`];
    });
    expect(differ).toEqual([]);
  });

  it('name only exceptions that are real', () => {
    for (const [k, own] of Object.entries(OWN_PARAMS)) {
      expect(paramsOf(catalogues.en[k]!), k).toEqual(expect.arrayContaining(own.en));
      expect(paramsOf(catalogues['zh-CN'][k]!), k).toEqual(expect.arrayContaining(own['zh-CN']));
    }
    for (const k of SAME_IN_BOTH) expect(catalogues['zh-CN'][k], k).toBe(catalogues.en[k]);
  });

  it('translate every text with words in it', () => {
    const copied = Object.keys(en).filter(
      (k) =>
        catalogues['zh-CN'][k] === catalogues.en[k] &&
        /[A-Za-z]/.test(catalogues.en[k]!.replace(/\{\w+\}/g, '')) &&
        !SAME_IN_BOTH.has(k),
    );
    expect(copied).toEqual([]);
  });

  it('fill in every parameter, and leave an unknown placeholder as it is', () => {
    expect(t('en', 'alert.open', { target: 'gw', title: 'down' })).toBe('gw: down');
    expect(t('zh-CN', 'alert.flap', { target: 'gw', title: 'T', window: '30m', count: 3, nth: '3rd' })).toBe(
      '再次中断（30 分钟内第 3 次）— gw：T',
    );
    expect(t('en', 'alert.flap', { target: 'gw', title: 'T', window: '30m', count: 3, nth: '3rd' })).toBe(
      'Down again (3rd time in 30m) — gw: T',
    );
    for (const [locale, c] of Object.entries(catalogues)) {
      for (const k of Object.keys(en)) {
        const params = Object.fromEntries(
          [...paramsOf(catalogues.en[k]!), ...paramsOf(c[k]!)].map((p) => [p, `<${p}>`]),
        );
        expect(t(locale as 'en', k as 'denied', params), `${locale} ${k}`).not.toMatch(/\{\w+(\|[^{}]*)?\}/);
      }
    }
  });
});
