// The docs' tables of what a registry lists are written from the registries (scripts/docs-tables.ts): each is as
// `npm run docs:tables` would write it now, and no hand-written part of the docs names a platform finding or a
// notifier type that no registry has. A new platform or notifier needs no edit here, only the generator run.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/channels/config.js';
import { registry } from '../src/channels/plugins.js';
import { HERMES_PLATFORMS } from '../src/platforms/index.js';
import { tables, withTable, writeTables } from '../scripts/docs-tables.js';
import { docFiles, readDoc as read } from './helpers/docs.js';

describe('the generated doc tables', () => {
  it('are up to date (else: npm run docs:tables)', async () => {
    expect(await writeTables(true)).toEqual([]);
  });

  it('list every platform finding and every notifier of the registries', async () => {
    const all = await tables();
    const platformIds = HERMES_PLATFORMS.flatMap((p) => Object.keys(p.words.en))
      .filter((k) => /^finding\.(platform_deaf|forecast|config_fatal|startup_incomplete)\.\w+\.title$/.test(k))
      .map((k) => k.slice('finding.'.length, -'.title'.length));
    for (const t of all.filter((x) => x.name === 'platform-findings'))
      expect(
        platformIds.filter((id) => !t.body.includes(`| \`${id}\` |`)),
        t.file,
      ).toEqual([]);
    const notifiers = all.find((x) => x.name === 'notifiers')!;
    expect(registry.notifiers().filter((p) => !notifiers.body.includes(`| \`${p.type}\` |`))).toEqual([]);
  });

  it('replace only what is between their markers, and refuse a file without them', () => {
    const text = 'before\n<!-- docs:tables t: old -->\n\n| old |\n\n<!-- /docs:tables -->\nafter\n';
    const out = withTable(text, 't', '| new |');
    expect(out.startsWith('before\n<!-- docs:tables t')).toBe(true);
    expect(out).toContain('\n| new |\n\n<!-- /docs:tables -->\nafter\n');
    expect(out).not.toContain('| old |');
    expect(() => withTable('no markers', 't', 'x')).toThrow(/no <!-- docs:tables t -->/);
  });
});

describe('the hand-written docs', () => {
  it('name no platform finding id that no platform raises', () => {
    const known = new Set(
      HERMES_PLATFORMS.flatMap((p) => Object.keys(p.words.en))
        .filter((k) => k.endsWith('.title'))
        .map((k) => k.slice('finding.'.length, -'.title'.length)),
    );
    for (const file of docFiles()) {
      const named = [...read(file).matchAll(/`(platform_deaf\.\w+)`/g)].map((m) => m[1]!);
      expect(
        named.filter((id) => !known.has(id)),
        file,
      ).toEqual([]);
    }
  });

  it("docs/notifiers.md: every section is a registered notifier's, and every config example in it loads", async () => {
    const { parse, stringify } = await import('yaml');
    const doc = read('docs/notifiers.md');
    for (const m of doc.matchAll(/^## .*\(`(\w+)`/gm)) expect(registry.notifier(m[1]!), m[1]).toBeDefined();
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(5);
    for (const b of blocks) {
      const y = parse(b);
      const items: { type: string }[] = Array.isArray(y) ? y : y.channels.notifiers;
      // Each ${VAR} as its plugin's example fills it (a token of its shape), else any value.
      const env: Record<string, string> = {};
      for (const item of items)
        for (const [, v] of JSON.stringify(item).matchAll(/\$\{(\w+)\}/g))
          env[v!] = registry.notifier(item.type)?.example.env?.[v!] ?? 'secret-value-123';
      expect(() => parseConfig(stringify({ channels: { notifiers: items } }), 'docs.yaml', env), b).not.toThrow();
    }
  });
});
