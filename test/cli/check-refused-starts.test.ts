// Issue 50 item 7 on a real home (test/helpers/hermes-homes.ts): after an update, every start the supervisor makes
// refuses with `✗ A gateway is already running under <manager> for this profile.` (§9.16, #82538), printed to
// gateway.log. `gatewatch check --json` says the loop, critical, advises no restart, and gives the reference's fix.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { gatewatch } from '../helpers/cli-run.js';
import { refusingHome } from '../helpers/hermes-homes.js';

afterEach(cleanup);

describe('check on starts that refuse as already supervised (§9.16)', () => {
  for (const manager of ['systemd (user)', 'launchd'])
    it(`under ${manager}`, { timeout: 30_000 }, async () => {
      const dir = await tempDir('gw-refused-');
      const home = path.join(dir, 'hermes');
      await refusingHome(home, manager);
      const file = path.join(dir, 'config.json');
      await writeFile(
        file,
        JSON.stringify({
          state_dir: path.join(dir, 'state'),
          targets: [{ name: 'gw', hermes_home: home, service: { manager: 'command', is_active: ['false'] } }],
        }),
      );
      const r = await gatewatch(['check', '--json', '--config', file]);
      const found = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
      expect(found.map((f) => `${f.check}#${f.cause ?? ''}`)).toEqual(['restart_loop#supervised_conflict']);
      expect(found.filter((f) => f.restart !== 'never')).toEqual([]);
      expect(found[0]!.action).toContain('--external-supervisor');
      expect(r.code).toBe(2);
    });
});
