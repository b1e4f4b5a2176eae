// `gatewatch check --json` is a contract (issue 61 item 3): the shape docs/cli.md documents, in both locales, with ISO
// times and the words only, never the catalogue's keys and parameters they were made from, nor a number as a string.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { qqOutageHome } from '../helpers/hermes-homes.js';
import { gatewatch } from '../helpers/cli-run.js';

afterEach(cleanup);

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The keys of docs/cli.md's `check --json` example, by where they sit: the top, a finding, its heldBy, a stopped entry. */
function documented(readme: string): Record<string, string[]> {
  const at = readme.indexOf('`gatewatch check --json`');
  const m = /```json\n([\s\S]*?)```/.exec(readme.slice(at));
  const doc = JSON.parse(m![1]!) as { findings: Record<string, unknown>[]; stopped: Record<string, unknown>[] };
  return {
    top: Object.keys(doc),
    finding: Object.keys(doc.findings[0]!),
    heldBy: Object.keys(doc.findings[0]!.heldBy as object),
    stopped: Object.keys(doc.stopped[0]!),
  };
}

const readmes = ['docs/cli.md', 'docs/zh-CN/cli.md'].map((f) =>
  readFileSync(path.join(import.meta.dirname, '../..', f), 'utf8'),
);

describe('check --json', () => {
  it('docs/cli.md and its Chinese twin document the same shape', () => {
    expect(documented(readmes[1]!)).toEqual(documented(readmes[0]!));
  });

  for (const locale of ['en', 'zh-CN'] as const)
    it(`prints that shape in ${locale}: a QQ outage whose finding has its start, in ISO time and words only`, async () => {
      const dir = await tempDir('gw-check-json-');
      const { home } = await qqOutageHome(path.join(dir, 'hermes'));
      const file = path.join(dir, 'config.json');
      const raw = {
        state_dir: path.join(dir, 'state'),
        locale,
        detect: { reachability: false },
        targets: [{ name: 'gw', hermes_home: home, platforms: ['qqbot'] }],
      };
      await writeFile(file, JSON.stringify(raw));
      const r = await gatewatch(['check', '--json', '--config', file]);
      const out = JSON.parse(r.stdout) as { status: string; findings: Record<string, unknown>[] };
      const keys = documented(readmes[0]!);
      expect(out.status).toBe(['ok', 'warning', 'critical'][r.code ?? -1]);
      expect(Object.keys(out).every((k) => keys.top!.includes(k))).toBe(true);
      const qq = out.findings.find((f) => f.platform === 'qqbot');
      expect(qq).toBeDefined();
      for (const f of out.findings) {
        expect(Object.keys(f).filter((k) => !keys.finding!.includes(k))).toEqual([]);
        if (f.heldBy) expect(Object.keys(f.heldBy).filter((k) => !keys.heldBy!.includes(k))).toEqual([]);
        for (const k of ['since', 'latest'] as const) if (k in f) expect(f[k]).toMatch(ISO);
        expect(Object.values(f).includes(null)).toBe(false);
        for (const k of ['title', 'explanation', 'action'] as const) expect(f[k]).toEqual(expect.any(String));
      }
      // QQ dropped four minutes ago: its start, as a time.
      expect(Date.now() - Date.parse(qq!.since as string)).toBeGreaterThan(200_000);
      // Nothing of the catalogue: no key names, no `{param}` holes.
      expect(r.stdout).not.toMatch(/"(text|evidenceText|scopeWhy|params|key)"/);
      if (locale === 'zh-CN') expect(qq!.title).toMatch(/\p{Script=Han}/u);
    });
});
