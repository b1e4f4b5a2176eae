// gatewatch's own bots for a run that starts no channel (src/channels/own-bots.ts, configuredBots): one per configured
// chat channel whose plugin can ask its platform, and nothing asked, built or connected before its first question.
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { configuredBots } from '../../src/channels/own-bots.js';
import { deadline, systemClock } from '../../src/util/clock.js';
import { startFakeQQ } from '../fakes/qq-server.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('configuredBots', () => {
  it("one per chat channel on a platform (not a notifier of the same service); QQ is asked only at the bot's question", async () => {
    const fake = await startFakeQQ({ appId: '102000001', clientSecret: 'fake-client-secret-DG5g3B4j' });
    closers.push(() => fake.close());
    const config = resolveConfig(
      configSchema.parse({
        state_dir: '/tmp/unused-state',
        targets: [{ name: 'gw', hermes_home: '/tmp/unused-hermes', service: { manager: 'none' } }],
        channels: {
          qq: {
            app_id: '102000001',
            client_secret: 'fake-client-secret-DG5g3B4j',
            api_base: fake.baseUrl,
            token_url: fake.tokenUrl,
            alert_to: [{ user: 'u1' }],
          },
          notifiers: [{ type: 'telegram', bot_token: '123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-dz', chat_id: '42' }],
        },
      }),
      undefined,
    );
    const bots = configuredBots(config, systemClock);
    expect(bots.map(({ platform, channel }) => ({ platform, channel }))).toEqual([
      { platform: 'qqbot', channel: 'qq' },
    ]);
    expect(fake.tokenRequests).toBe(0);
    expect(await bots[0]!.ask(deadline(systemClock, 5_000))).toMatchObject({ answer: 'answered', status: 200 });
    expect(fake.tokenRequests).toBe(1);
    expect(fake.conns).toEqual([]);
  });
});
