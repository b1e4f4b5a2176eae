// Issue 51 item 2: muted time is not downtime. A QQ outage during a mute, judged as the daemon does: the history holds
// it muted while the mute lasts, and down only from the mute's end (on main: `muted` for 0 s, then `down` from the
// outage's start, so the muted span counted as down).
import { afterEach, describe, expect, it } from 'vitest';
import { comebackPort } from './helpers/ports.js';
import { closeScenes, QQ, scene, UNREACHABLE } from './helpers/story-scene.js';

afterEach(closeScenes);

describe('a QQ outage inside a mute', () => {
  it('is recorded muted until the mute ends, down from then to the reconnect', async () => {
    const s = await scene({ qqPort: await comebackPort() });
    const app = s.h.app;
    await app.core.evaluate('default');
    await s.h.say('/mute 3m');
    const muteEnds = s.clock.now() + 3 * 60_000;
    await s.clock.advance(30_000);
    const dropped = s.clock.now();
    await s.log(`WARNING ${QQ} WebSocket error: WebSocket closed`, `INFO ${QQ} Reconnecting in 2s (attempt 1)...`);
    await s.state('disconnected');
    await s.qqRetries(12, 30_000);
    await s.clock.advance(5_000);
    const back = await s.qqBack();
    await s.look(5_000);
    const changes = app.core.history.view('default').platforms.qqbot!.filter(([at]) => at >= dropped - 1_000);
    expect(changes.map(([, st]) => st)).toEqual(['muted', 'down', 'up']);
    expect(changes[0]![0]).toBe(dropped);
    expect(changes[1]![0]).toBe(muteEnds);
    expect(changes[2]![0]).toBe(back);
  }, 60_000);

  it('/unmute mid-outage: down from the look after it at the latest, never from the outage start', async () => {
    const s = await scene({ qqPort: await comebackPort() });
    const app = s.h.app;
    await app.core.evaluate('default');
    await s.h.say('/mute 10m');
    await s.clock.advance(30_000);
    const dropped = s.clock.now();
    await s.log(`WARNING ${QQ} WebSocket error: WebSocket closed`, `INFO ${QQ} Reconnecting in 2s (attempt 1)...`);
    await s.state('disconnected');
    for (let i = 0; i < 4; i++) {
      await s.clock.advance(30_000);
      await s.log(
        `WARNING ${QQ} Reconnect failed: ${UNREACHABLE}`,
        `INFO ${QQ} Reconnecting in 30s (attempt ${i + 2})...`,
      );
      await app.core.evaluate('default');
      await s.settle();
    }
    await s.h.say('/unmute');
    const unmuted = s.clock.now();
    await s.clock.advance(30_000);
    await app.core.evaluate('default');
    await s.settle();
    const changes = app.core.history.view('default').platforms.qqbot!.filter(([at]) => at >= dropped - 1_000);
    expect(changes.map(([, st]) => st)).toEqual(['muted', 'down']);
    expect(changes[1]![0]).toBeGreaterThanOrEqual(unmuted);
  }, 60_000);
});
