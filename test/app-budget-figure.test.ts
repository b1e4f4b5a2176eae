// Issue 51 item 2: the budget line counts what the decision counted. On main /status read `restarts 1/3` after two
// restarts whose cause came back, and `2/3` later: the decision counted a restart whose cause was failing at the time,
// /status only one whose cause was failing while it looked. A restart whose cause came back is marked on its record
// when a judgement sees it; the decision and /status both read that mark.
import { afterEach, describe, expect, it } from 'vitest';
import { comebackPort } from './helpers/ports.js';
import { closeScenes, scene } from './helpers/story-scene.js';

afterEach(closeScenes);

describe('the restart budget shown', () => {
  it('counts a restart whose cause came back, after the gateway recovered without another restart', async () => {
    const s = await scene({
      qqPort: await comebackPort(),
      config: { remediate: { cooldown: '5m', max_restarts: 3, window: '1h' } },
    });
    const app = s.h.app;
    // Killed: gatewatch restarts it, verified. Its cause stayed away so far: free.
    await s.kill();
    await s.clock.advance(1_000);
    await app.core.evaluate('default');
    await s.settle();
    // Its detail on failure: once, in a whole suite's run, this restart came out not verified, and the bare `ok` said
    // nothing of why.
    expect(app.core.state.restarts.map((r) => (r.ok ? 'verified' : r.detail))).toEqual(['verified']);
    expect(await s.status()).toMatch(/restarts 0\/3 in 1h/);
    // Killed again a minute later, inside the cooldown: the judgement sees the same cause failing again…
    await s.clock.advance(60_000);
    await s.kill();
    await s.clock.advance(1_000);
    await app.core.evaluate('default');
    await s.settle();
    expect(await s.status()).toMatch(/restarts 1\/3 in 1h/);
    // …and the service manager brings it back on its own: the restart's cause came back all the same.
    await s.revive();
    await s.clock.advance(5_000);
    await app.core.evaluate('default');
    await s.settle();
    expect(Object.values(app.core.state.incidents).filter((i) => i.status === 'open')).toEqual([]);
    expect(await s.status()).toMatch(/restarts 1\/3 in 1h, next free/);
  }, 60_000);
});
