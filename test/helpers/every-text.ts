// Every text gatewatch words for a person, in both locales: the shared catalogues (src/text/), each Hermes platform's
// words (src/platforms/*/words.ts) and each channel plugin's (its words.ts). Tests that hold all of them to a rule
// (the redactor leaves them whole; no config key or platform key on a phone) walk this list.
import { registry } from '../../src/channels/plugins.js';
import type { PluginWords } from '../../src/i18n.js';
import { HERMES_PLATFORMS } from '../../src/platforms/index.js';
import { en } from '../../src/text/en.js';
import { zhCN } from '../../src/text/zh-CN.js';
import type { Locale } from '../../src/types.js';

export interface OneText {
  /** Whose words: `catalogue`, `platform <name>`, `<kind> <type>` of a channel plugin. */
  owner: string;
  locale: Locale;
  key: string;
  text: string;
}

function fromWords(owner: string, w: PluginWords): OneText[] {
  return (['en', 'zh-CN'] as const).flatMap((locale) =>
    Object.entries(w[locale] as Record<string, string>).map(([key, text]) => ({ owner, locale, key, text })),
  );
}

export async function everyText(): Promise<OneText[]> {
  const out = fromWords('catalogue', { en, 'zh-CN': zhCN });
  for (const p of HERMES_PLATFORMS) out.push(...fromWords(`platform ${p.platform}`, p.words as PluginWords));
  const seen = new Set<PluginWords>();
  for (const p of registry.plugins) {
    const w = await p.words?.();
    if (!w || seen.has(w)) continue;
    seen.add(w);
    out.push(...fromWords(`${p.kind} ${p.type}`, w));
  }
  return out;
}
