// Issue 20 items 9 and 10, held to the product: the READMEs' first screen says `gatewatch init` then `gatewatch run`
// and shows the rendered alert picture; each one-platform quick start (in the README's setup, so that a newcomer
// reaches their phone without opening another page) names only flags the built CLI has and the secret variable that
// channel's setup reads.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/channels/plugins.js';
import { runCli } from '../helpers/cli-run.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READMES = [
  { file: 'README.md', picture: 'docs/alert-en.svg', section: '## Set it up for your Hermes' },
  { file: 'README.zh-CN.md', picture: 'docs/alert-zh-CN.svg', section: '## 为你的 Hermes 配置' },
];

/** The long flags a built CLI verb's --help lists. */
async function flagsOf(verb: string): Promise<Set<string>> {
  const r = await runCli(os.tmpdir(), [verb, '--help']);
  return new Set([...r.stdout.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]));
}

describe('the README quick start', () => {
  for (const { file, picture, section } of READMES) {
    it(`${file}: the first screen is init then run, the demo and test commands, and the picture`, () => {
      const text = readFileSync(ROOT + file, 'utf8');
      const first = text.slice(0, text.indexOf('\n## '));
      expect(first).toMatch(/```sh\ngatewatch init .*\ngatewatch run .*\n```/);
      expect(first).toContain('npm ci && npm start');
      expect(first).toContain('npm ci && npm test');
      expect(first).toContain(`<img src="${picture}"`);
    });

    it(`${file}: each platform's quick start uses real flags and its channel's secret variable`, async () => {
      const text = readFileSync(ROOT + file, 'utf8');
      const start = text.indexOf(section);
      expect(start).toBeGreaterThan(0);
      const quick = text.slice(start, text.indexOf('\n## ', start + 1));
      // The quick starts there are: each names a chat channel `gatewatch init` sets up (the registry's, one with setup).
      const named = [...new Set([...quick.matchAll(/gatewatch init [^\n`]*--channel (\w+)/g)].map((m) => m[1]!))];
      expect(named.length).toBeGreaterThan(0);
      const chats = named.map((type) => registry.chat(type)!);
      expect(named.filter((type, i) => !chats[i]?.setup || !chats[i]?.operatorKey)).toEqual([]);
      const known = new Map<string, Set<string>>();
      for (const p of chats) {
        const lines = [
          ...quick.matchAll(new RegExp(`gatewatch init [^\\n\`]*--channel ${p.type}\\b[^\\n\`]*`, 'g')),
        ].map((m) => m[0]);
        expect(lines.length, `${file}: an init line for ${p.type}`).toBeGreaterThan(0);
        expect(quick).toContain(`export ${p.setup!.secretEnv}=`);
        expect(quick).toContain(`gatewatch test ${p.type}`);
        for (const line of lines) {
          if (!known.has('init')) known.set('init', await flagsOf('init'));
          for (const flag of line.match(/--[a-z][a-z-]*/g) ?? [])
            expect(known.get('init')!.has(flag), `${file}: ${flag} in "${line}"`).toBe(true);
          expect(line.includes('--app-id'), `${file}: ${p.type} needs --app-id`).toBe(Boolean(p.setup!.appId));
          expect(line).toContain('--operator-id');
        }
      }
      for (const verb of ['validate', 'run']) expect(quick).toContain(`gatewatch ${verb}`);
    });
  }
});
