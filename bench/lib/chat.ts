// The real app in-process with the real QQ and Feishu channels connected to the fakes in test/fakes (loopback).
import protobuf from 'protobufjs';
import Long from 'long';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createChannel as createQQ } from '../../src/chats/qq/index.js';
import { createChannel as createFeishu } from '../../src/chats/feishu/index.js';
import { startFakeQQ, type FakeQQ } from '../../test/fakes/qq-server.js';
import { startFakeFeishu, type FakeFeishu } from '../../test/fakes/feishu-server.js';
import type { Channel } from '../../src/types.js';
import { startApp, type BenchApp } from './app.js';
import { feishuArgs, qqArgs } from '../../test/helpers/channels.js';

// protobufjs finds \`long\` through an eval'd require that fails when loaded as ESM by tsx (vitest resolves it): the
// fake Feishu server's int64 fields need it.
protobuf.util.Long = Long as unknown as typeof protobuf.util.Long;
protobuf.configure();

export const QQ_APP = '102345678';
export const FS_APP = 'cli_a1b2c3d4e5f60718';
export const QQ_OP = 'OP_ALICE';
export const FS_OP = 'ou_7d3a1f9e2b4c6d8e0f1a2b3c4d5e6f70';

export interface ChatRig extends BenchApp {
  qq: FakeQQ;
  feishu: FakeFeishu;
  channels: Channel[];
  close(): Promise<void>;
}

export async function startChatRig(
  tmp: string,
  targets: object[],
  o: { qqHeartbeatMs?: number } = {},
): Promise<ChatRig> {
  const qq = await startFakeQQ({
    appId: QQ_APP,
    clientSecret: 'bench-secret',
    heartbeatIntervalMs: o.qqHeartbeatMs,
    windows: { c2cMs: 1000, c2cMax: 1e9, groupMs: 1000, groupMax: 1e9 },
  });
  const feishu = await startFakeFeishu({ appId: FS_APP, appSecret: 'bench-secret', clientConfig: { PingInterval: 1 } });
  const config = {
    operators: [{ name: 'alice', role: 'admin', qq_openid: QQ_OP, feishu_open_id: FS_OP }],
    channels: {
      qq: {
        app_id: QQ_APP,
        client_secret: 'bench-secret',
        api_base: qq.baseUrl,
        token_url: qq.tokenUrl,
        alert_to: [{ user: QQ_OP }],
      },
      feishu: { app_id: FS_APP, app_secret: 'bench-secret', domain: feishu.base, alert_to: [{ chat_id: 'oc_alerts' }] },
    },
  };
  const resolved = resolveConfig(configSchema.parse({ ...config, targets }), undefined);
  const channels = [createQQ(...qqArgs(resolved)), createFeishu(...feishuArgs(resolved))];
  const rig = await startApp(tmp, targets, { channels, config });
  const deadline = Date.now() + 30_000;
  while (!channels.every((c) => c.health().ok)) {
    if (Date.now() > deadline)
      throw new Error(`channels did not connect: ${channels.map((c) => c.health().summary).join('; ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    ...rig,
    qq,
    feishu,
    channels,
    async close() {
      await rig.app.stop();
      await qq.close();
      await feishu.close();
    },
  };
}
