// Issue 61 item 5 on data: a verified restart names the platforms it waited for, then every other the new gateway's
// state file says connected since the restart began (the one it was for, every profile's), never an earlier life's.
import { describe, expect, it } from 'vitest';
import { describeRestart, runRestart } from '../../src/actions/restart.js';
import type { GatewayStateFile } from '../../src/evidence.js';
import { manualClock } from '../helpers/clock.js';

const T0 = Date.UTC(2026, 6, 3, 8, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

describe('a verified restart names what it brought back', () => {
  it('what it waited for, then what connected since it began; not what an earlier life left', async () => {
    const clock = manualClock(T0);
    const state = (): GatewayStateFile => ({
      pid: 11,
      gateway_state: 'running',
      platforms: {
        feishu: { state: 'connected', updated_at: iso(clock.now()) },
        'ops:discord': { state: 'connected', updated_at: iso(clock.now()) },
        telegram: { state: 'connected', updated_at: iso(clock.now()) },
        // Left by the life before (a kill leaves its entries): not this restart's.
        slack: { state: 'connected', updated_at: iso(T0 - 60_000) },
        whatsapp: { state: 'retrying', updated_at: iso(clock.now()) },
      },
    });
    const rec = await runRestart({
      target: 'gw',
      actor: 'gatewatch',
      reason: 'platform_down',
      oldPid: 10,
      expectedPlatforms: ['feishu'],
      verifyTimeoutMs: 30_000,
      clock,
      pollMs: 1_000,
      supervisorRestart: async () => ({ ok: true, detail: '' }),
      probe: async () => ({ alive: true, pid: 11, state: state() }),
    });
    expect(rec).toMatchObject({
      ok: true,
      outcome: { kind: 'verified', platforms: ['feishu', 'ops:discord', 'telegram'] },
    });
    expect(describeRestart(rec, 'en')).toBe('pid 11; Feishu, Discord in profile ops, Telegram connected');
  });
});
