// Issue 50 items 4 and 5 on /status, on a real home (test/helpers/hermes-homes.ts): a config.yaml Hermes could not parse
// dropped Discord, which the life before served. /status names Discord in the problem, shows it down (not "no longer
// served": the fallback lost it, the operator did not remove it) and advises no restart.
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/types.js';
import { renderText } from '../../src/delivery/render-text.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { cleanup } from '../helpers/probe-procs.js';
import { fellBackHome } from '../helpers/hermes-homes.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

describe('/status after a config.yaml fallback that lost Discord', () => {
  it('names Discord in the problem and shows it down, not retired', { timeout: 30_000 }, async () => {
    h = await startHarness({ start: false, target: { platforms: ['telegram'] } });
    await fellBackHome(h.hermesHome);
    const text = (await h.say('/status')).map((r: Reply) => renderText(r)).join('\n');
    expect(text).toMatch(/Discord is off: Hermes runs without its config\.yaml: .*config\.yaml, line 9, column 12/);
    expect(text).toMatch(/Discord is disconnected for/);
    expect(text).not.toMatch(/no longer served/);
    // No restart offered: only the fixed file, then a restart, brings Discord back.
    expect(text).not.toMatch(/\/restart/);
  });
});
