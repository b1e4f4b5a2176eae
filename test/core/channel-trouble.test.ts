// Channel trouble and the sends in flight: a send that began before the channel was said down (its token revoked
// meanwhile) does not say it is back; one that began after does, once.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createChannelTrouble } from '../../src/core/channel-trouble.js';
import type { Alert } from '../../src/types.js';

describe('channel trouble', () => {
  it('a delivery begun before the refusal is not a return; one begun after is', () => {
    let now = 1_000;
    const raised: Alert[] = [];
    const trouble = createChannelTrouble({
      locale: 'en',
      clock: { now: () => now },
      log: pino({ level: 'silent' }),
      channels: () => ['console', 'telegram'],
      raise: async (a) => void raised.push(a),
    });
    trouble.started();
    const begun = now;
    now += 500;
    trouble.down('telegram', 'Telegram refused the bot token (401 Unauthorized)', 'send');
    now += 500;
    trouble.delivered('telegram', begun);
    expect(trouble.list().map((d) => d.channel)).toEqual(['telegram']);
    expect(raised.map((a) => a.reply.title)).toEqual(['Channel telegram cannot deliver alerts']);
    trouble.delivered('telegram', now);
    expect(trouble.list()).toEqual([]);
    expect(raised).toHaveLength(2);
    // A delivery a channel confirms later (no start known) counts as now.
    trouble.down('telegram', 'refused', 'send');
    trouble.delivered('telegram');
    expect(trouble.list()).toEqual([]);
  });
});
