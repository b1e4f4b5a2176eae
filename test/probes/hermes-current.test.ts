// What gatherCurrentHermes reads of the home that runs the gateway, in a round of looks (`gatewatch check`, issue 62):
// the same for every profile that gateway serves, read once in the round. A real home and its checkout.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gatherCurrentHermes } from '../../src/probes/hermes-current.js';
import { sharedOnce } from '../../src/util/shared.js';
import { systemClock } from '../../src/util/clock.js';
import { cleanup, makeTarget, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

const pyproject = (version: string) => `[project]\nname = "hermes-agent"\nversion = "${version}"\n`;

describe('the checkout in a round of looks', () => {
  it('is read once: a look later in the round has what the first read, a later round reads it again', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'hermes-agent'));
    const file = path.join(home, 'hermes-agent', 'pyproject.toml');
    await writeFile(file, pyproject('0.21.3'));
    const target = makeTarget(home);
    const look = (shared = sharedOnce()) =>
      gatherCurrentHermes(
        target,
        { process: { pidFile: null, alive: false, reason: 'no pid file' }, state: null, now: Date.now() },
        systemClock,
        { shared },
      );
    const round = sharedOnce();
    expect((await look(round)).hermes?.version).toMatchObject({ version: '0.21.3', source: 'checkout' });
    await writeFile(file, pyproject('0.22.0'));
    expect((await look(round)).hermes?.version.version).toBe('0.21.3');
    expect((await look()).hermes?.version.version).toBe('0.22.0');
  });
});
