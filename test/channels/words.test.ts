// A plugin's own texts (its words.ts, or a notifier's words beside its plugin): both locales with the same keys and the
// same {params}, none empty, none left in English, and none that the shared catalogues (src/text/) also define.
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/channels/plugins.js';
import { en } from '../../src/text/en.js';
import type { PluginWords } from '../../src/i18n.js';
import { issueText } from '../../src/config/schema-text.js';

const paramsOf = (s: string) =>
  [...new Set([...s.matchAll(/\{(\w+)(?:\|[^{}|]*\|[^{}|]*)?\}/g)].map((m) => m[1]!))].sort();

async function pluginWords(): Promise<[string, PluginWords][]> {
  const out: [string, PluginWords][] = [];
  const seen = new Set<PluginWords>();
  for (const p of registry.plugins) {
    const w = await p.words?.();
    if (!w || seen.has(w)) continue;
    seen.add(w);
    out.push([`${p.kind} ${p.type}`, w]);
  }
  return out;
}

describe("a plugin's own words", () => {
  it('are declared by the plugins that word anything of their own (the chat channels, the e-mail notifier)', async () => {
    const owners = (await pluginWords()).map(([who]) => who);
    expect(owners).toEqual(expect.arrayContaining(['chat qq', 'chat feishu', 'chat telegram', 'notifier email']));
  });

  it('have the same keys in both locales, none empty, none left in English, with the same {params}', async () => {
    for (const [who, w] of await pluginWords()) {
      expect(Object.keys(w['zh-CN']).sort(), who).toEqual(Object.keys(w.en).sort());
      for (const [k, text] of Object.entries(w.en)) {
        const zh = w['zh-CN'][k]!;
        expect(text.trim() && zh.trim(), `${who} ${k}`).toBeTruthy();
        expect(zh === text && /[A-Za-z]/.test(text.replace(/\{\w+\}/g, '')), `${who} ${k} is not translated`).toBe(
          false,
        );
        expect(paramsOf(zh), `${who} ${k}`).toEqual(paramsOf(text));
      }
    }
  });

  it("are the plugin's alone: no key is also in the shared catalogues or in another plugin's words", async () => {
    const owner = new Map<string, string>();
    for (const [who, w] of await pluginWords()) {
      for (const k of Object.keys(w.en)) {
        expect(Object.hasOwn(en, k), `${who} ${k} is also in src/text/en.ts`).toBe(false);
        expect(owner.get(k), `${k}: ${who} and ${owner.get(k)}`).toBeUndefined();
        owner.set(k, who);
      }
    }
  });

  it("word a plugin's config problems in the reader's locale, as the catalogue's are (saidIn)", () => {
    const bark = registry.notifier('bark')!;
    const r = bark.schema.safeParse({ url: 'https://api.day.app/' }, { reportInput: true });
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0]!;
    expect(issueText(issue, 'en')).toBe('expected the Bark URL with the device key (https://api.day.app/<DEVICE_KEY>)');
    expect(issueText(issue, 'zh-CN')).toMatch(/Bark/);
    expect(issueText(issue, 'zh-CN')).not.toBe(issueText(issue, 'en'));
  });

  it("word a chat channel's escalation note in its own words, in every locale", () => {
    const note = registry.chat('feishu')!.escalationNote!({ urgent: 'sms' });
    expect(note).toEqual({ en: 'Feishu urgent: sms', 'zh-CN': expect.stringContaining('sms') });
    expect(registry.chat('feishu')!.escalationNote!({})).toBeUndefined();
  });
});
