// Issue 50 item 5 on a real home (test/helpers/hermes-homes.ts): the operator removed Discord and restarted two days
// ago; the state file keeps the earlier life's discord entry, `disconnected`. `gatewatch check --json` raises nothing
// for it, whether the target lists its platforms or lets the state file name them, and /status does not show it down.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding, Reply } from '../../src/types.js';
import { renderText } from '../../src/delivery/render-text.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { gatewatch } from '../helpers/cli-run.js';
import { removedPlatformHome } from '../helpers/hermes-homes.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

async function check(dir: string, home: string, target: Record<string, unknown>) {
  const file = path.join(dir, 'config.json');
  await writeFile(
    file,
    JSON.stringify({
      state_dir: path.join(dir, 'state'),
      targets: [{ name: 'gw', hermes_home: home, service: { manager: 'none' }, ...target }],
    }),
  );
  const r = await gatewatch(['check', '--json', '--config', file]);
  return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: Finding[] }).findings };
}

describe('a platform the operator removed (issue 50 item 5)', () => {
  for (const [how, target] of [
    ['the target lists telegram', { platforms: ['telegram'] }],
    ['the target lists nothing', {}],
  ] as const)
    it(`check --json says nothing of it: ${how}`, { timeout: 30_000 }, async () => {
      const dir = await tempDir('gw-removed-');
      const { home } = await removedPlatformHome(path.join(dir, 'hermes'));
      const r = await check(dir, home, target);
      expect(r.findings.map((f) => `${f.check}:${f.platform ?? ''}`)).toEqual([]);
      expect(r.code).toBe(0);
    });

  it('/status shows it as no longer served, not down, and the gateway healthy', { timeout: 30_000 }, async () => {
    h = await startHarness({ start: false, target: { platforms: ['telegram'] } });
    await removedPlatformHome(h.hermesHome);
    const text = (await h.say('/status')).map((r: Reply) => renderText(r)).join('\n');
    expect(text).toMatch(/Discord +no longer served: this run did not start it and the target does not list it/);
    expect(text).toContain('healthy');
    expect(text).not.toMatch(/recovering|disconnected since/);
  });
});
