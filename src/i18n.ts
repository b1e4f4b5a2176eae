// Texts by key, worded in the reader's locale when a reply or an alert is rendered. The texts are the catalogues in
// src/text/, one per locale; detector texts still live with the detectors (src/detectors/text.ts).
import type { Locale } from './types.js';
import { en, type TextKey } from './text/en.js';
import { zhCN } from './text/zh-CN.js';

export type { TextKey };

type Value = string | number;
type English<K extends TextKey> = (typeof en)[K];

/** The `{name}` placeholders of a text, read off its English wording. */
type ParamsIn<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | ParamsIn<Rest> : never;

/**
 * What a key needs: every placeholder of its English text, so a missing one does not compile. More may be given:
 * a locale may word a number its own way (English says "3rd time", Chinese 第 3 次 from the plain count).
 */
export type TextParams<K extends TextKey> = Record<ParamsIn<English<K>>, Value> & Record<string, Value>;

type ParamArgs<K extends TextKey> = [ParamsIn<English<K>>] extends [never] ? [params?: Record<string, Value>] : [params: TextParams<K>];

/** A text not yet worded: its key and parameters, worded in the reader's locale when it is rendered. */
export type Phrase = {
  [K in TextKey]: [ParamsIn<English<K>>] extends [never] ? { key: K; params?: undefined } : { key: K; params: TextParams<K> };
}[TextKey];

const catalogs: Record<Locale, Record<TextKey, string>> = { en, 'zh-CN': zhCN };

function format(locale: Locale, key: TextKey, params: Record<string, Value>): string {
  const s = catalogs[locale]?.[key] ?? en[key];
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function t<K extends TextKey>(locale: Locale, key: K, ...params: ParamArgs<K>): string {
  return format(locale, key, params[0] ?? {});
}

export function phrase(locale: Locale, p: Phrase): string {
  return format(locale, p.key, p.params ?? {});
}

/**
 * A word written by something else (a state in gateway_state.json, a service manager's state) in the reader's
 * words, when the catalogue has it under `group`; else as written.
 */
export function wordOf(locale: Locale, group: 'status.state' | 'status.lifecycle', word: string): string {
  const key = `${group}.${word}`;
  return Object.hasOwn(en, key) ? format(locale, key as TextKey, {}) : word;
}

/** A text given in both locales inline: only what is not in the catalogue yet (detector texts, channel plugins). */
export function pick(locale: Locale, texts: { en: string; 'zh-CN': string }): string {
  return texts[locale] ?? texts.en;
}
