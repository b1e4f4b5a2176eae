// gatewatch must not use the Feishu app the watched Hermes gateway uses: Feishu gives each event to one random
// connection of an app, so the two would steal each other's messages. start() refuses, naming the app_id and file.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../../src/channels/config.js';
import { createChannel } from '../../../src/chats/feishu/index.js';
import { yamlAppIds } from '../../../src/chats/feishu/same-app.js';
import type { ChannelContext } from '../../../src/types.js';
import { startFakeFeishu, type FakeFeishu } from '../../fakes/feishu-server.js';
import { feishuArgs } from '../../helpers/channels.js';

const APP = 'cli_0123456789abcdef';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

function homes(files: Record<string, string>[]): string[] {
  return files.map((f) => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-hermes-'));
    for (const [name, text] of Object.entries(f)) writeFileSync(path.join(home, name), text);
    return home;
  });
}

function channelFor(hs: string[], domain = 'http://127.0.0.1:9') {
  const config = resolveConfig(
    configSchema.parse({
      targets: hs.map((h, i) => ({ name: `t${i}`, hermes_home: h })),
      channels: { feishu: { app_id: APP, app_secret: 's', domain } },
    }),
    undefined,
  );
  return createChannel(...feishuArgs(config), { timings: { readyTimeoutMs: 10_000, pollMs: 50 } });
}

function ctx(): ChannelContext {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'gw-state-'));
  mkdirSync(stateDir, { recursive: true });
  return {
    handle: async () => undefined,
    cannotDeliver: () => undefined,
    outbox: { pendingFor: () => [], confirm: async () => undefined },
    operators: [],
    audit: async () => undefined,
    log: pino({ level: 'silent' }),
    locale: 'en',
    stateDir,
    fatal: () => undefined,
    raise: async () => undefined,
  };
}

describe('same Feishu app as Hermes', () => {
  it('refuses when the watched gateway has the same FEISHU_APP_ID in its .env', async () => {
    const [clean, used] = homes([
      { '.env': 'FEISHU_APP_ID=cli_ffffffffffffffff\n' },
      { '.env': `# hermes\nexport FEISHU_APP_ID="${APP}"  \nFEISHU_APP_SECRET=x\n` },
    ]);
    const ch = channelFor([clean!, used!]);
    await expect(ch.start(ctx())).rejects.toThrow(
      new RegExp(`${APP}.*${path.join(used!, '.env').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`),
    );
  });

  it('refuses when Hermes config.yaml names the same app under its feishu platform', async () => {
    const [home] = homes([
      {
        'config.yaml': `platforms:\n  feishu:\n    enabled: true\n    extra:\n      app_id: ${APP}\n      connection_mode: websocket\n`,
      },
    ]);
    const ch = channelFor([home!]);
    await expect(ch.start(ctx())).rejects.toThrow(/config\.yaml: platforms\.feishu\.extra\.app_id/);
  });

  it('starts when Hermes uses another app (or none) and rejects an app id the SDK would silently ignore', async () => {
    const fake: FakeFeishu = await startFakeFeishu({ appId: APP, appSecret: 's' });
    cleanups.push(() => fake.close());
    const [home] = homes([
      {
        '.env': 'FEISHU_APP_ID=cli_ffffffffffffffff\n',
        'config.yaml': 'platforms:\n  feishu:\n    extra:\n      app_id: ${FEISHU_APP_ID}\n',
      },
    ]);
    const ch = channelFor([home!], fake.base);
    cleanups.push(() => ch.stop());
    await ch.start(ctx());
    expect(ch.health().ok).toBe(true);

    const config = resolveConfig(
      configSchema.parse({ channels: { feishu: { app_id: APP, app_secret: 's' } } }),
      undefined,
    );
    (config.channels.feishu as { app_id: string }).app_id = 'my-app'; // the schema refuses it; a config built in code must still be refused
    await expect(createChannel(...feishuArgs(config)).start(ctx())).rejects.toThrow(/not a Feishu app id/);
  });

  it('reads the app id forms Hermes config.yaml uses', () => {
    expect(yamlAppIds('lark:\n  app_id: cli_1\nqq:\n  app_id: 123\n')).toEqual([
      { appId: 'cli_1', key: 'lark.app_id' },
    ]);
    expect(yamlAppIds(': bad yaml [')).toEqual([]);
  });
});
