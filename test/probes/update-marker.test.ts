// `hermes update`'s claim (.hermes-update-in-progress) read at the moment the updater ends: it removes its claim and
// exits, and a look that read the claim before and asked about its pid after saw a dead updater's claim, "`hermes
// update` did not bring the gateway back", and restarted a gateway the update was about to start (a loaded suite run
// saw that restart in place of the start after the update). A claim whose owner is gone is read again before it is
// called stale.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeUpdate } from '../../src/probes/update-marker.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function homeWithClaim(pid: number, startedAt: number): Promise<{ home: string; claim: string }> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'gw-update-claim-'));
  dirs.push(home);
  const claim = path.join(home, '.hermes-update-in-progress');
  await writeFile(claim, `${pid}\n${Math.floor(startedAt / 1000)}\n`);
  return { home, claim };
}

describe("the update's claim", () => {
  it('removed as its owner exits between the two reads: no claim, not a stale one', async () => {
    const now = Date.now();
    const { home, claim } = await homeWithClaim(4242, now - 10_000);
    const ev = await probeUpdate(home, now, {
      isAlive: async () => {
        await rm(claim);
        return false;
      },
    });
    expect(ev.marker).toBeUndefined();
  });

  it('still there with its owner gone: stale, as before', async () => {
    const now = Date.now();
    const { home } = await homeWithClaim(4242, now - 10_000);
    const ev = await probeUpdate(home, now, { isAlive: async () => false });
    expect(ev.marker).toMatchObject({ pid: 4242, ownerAlive: false, live: false });
  });

  it('its owner alive: live', async () => {
    const now = Date.now();
    const { home } = await homeWithClaim(4242, now - 10_000);
    const ev = await probeUpdate(home, now, { isAlive: async () => true });
    expect(ev.marker).toMatchObject({ ownerAlive: true, live: true });
  });
});
