// QQ, Feishu and Telegram as registry plugins: the config keys and operator ids are built from the plugins and stay
// exactly what they were, and who an operator is on a channel comes from that channel's plugin.
import { afterEach, describe, expect, it } from 'vitest';
import { chatPlugins, notifierPlugins, registry } from '../../src/channels/plugins.js';
import { createRegistry } from '../../src/channels/registry.js';
import { definePlugin } from '../../src/channel-kit/plugin.js';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { buildChannels } from '../../src/channels/index.js';
import { validateConfig } from '../../src/channels/validate.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { filledExample } from '../helpers/channels.js';
import * as z from '../../src/util/zod.js';
import { issueText } from '../../src/config/schema-text.js';
import { systemClock } from '../../src/util/clock.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const QQ = { app_id: 102000001, client_secret: 'qq-secret-value-123' };
const FEISHU = { app_id: 'cli_a1b2c3d4e5f6a7b8', app_secret: 'feishu-secret-value' };
const TELEGRAM = { bot_token: '123456:AAE-abcdefghijklmnopqrstu' };

describe('chat channel plugins', () => {
  it('qq, feishu and telegram register as chat plugins with their operator keys and secrets', () => {
    expect(chatPlugins.map((p) => p.type)).toEqual(expect.arrayContaining(['qq', 'feishu', 'telegram']));
    expect(registry.chat('qq')).toMatchObject({
      kind: 'chat',
      operatorKey: 'qq_openid',
      secretKeys: ['client_secret'],
    });
    expect(registry.chat('feishu')).toMatchObject({
      kind: 'chat',
      operatorKey: 'feishu_open_id',
      secretKeys: ['app_secret'],
    });
    expect(registry.chat('telegram')).toMatchObject({ kind: 'chat', operatorKey: 'telegram_id' });
    // The Telegram bot (chat) and the Telegram notifier (send-only) are different kinds of the same type.
    expect(registry.notifier('telegram')?.kind).toBe('notifier');
    expect(registry.plugins).toHaveLength(chatPlugins.length + notifierPlugins.length);
  });

  it.each(registry.plugins.map((p) => [`${p.kind} ${p.type}`, p] as const))(
    '%s: its own example is a valid config for it, and a typo in it is refused',
    (_name, p) => {
      const settings = filledExample(p);
      expect(() => p.schema.parse(settings)).not.toThrow();
      expect(() => p.schema.parse({ ...settings, nmae: 'x' })).toThrow();
    },
  );

  it('the registry refuses a duplicate plugin and a second channel on the same operator key', () => {
    const fake = (type: string, operatorKey?: string) =>
      definePlugin({
        type,
        kind: 'chat',
        operatorKey,
        schema: () => z.strictObject({}),
        example: { settings: {} },
        create: () => {
          throw new Error('unused');
        },
      });
    expect(() => createRegistry([...chatPlugins, fake('qq')])).toThrow(/two channel plugins register chat "qq"/);
    expect(() => createRegistry([...chatPlugins, fake('qq2', 'qq_openid')])).toThrow(
      /"qq" and "qq2" both use the operator key qq_openid/,
    );
  });

  it('keeps every chat config key, default and error it had', () => {
    const c = configSchema.parse({ channels: { qq: QQ, feishu: FEISHU, telegram: TELEGRAM } });
    expect(c.channels.qq).toEqual({
      app_id: '102000001',
      client_secret: 'qq-secret-value-123',
      api_base: 'https://api.sgroup.qq.com',
      token_url: 'https://bots.qq.com/app/getAppAccessToken',
      intents: 1 << 25,
      alert_to: [],
      give_up_after: 1_800_000,
    });
    expect(c.channels.feishu).toEqual({
      ...FEISHU,
      domain: 'https://open.feishu.cn',
      alert_to: [],
      give_up_after: 1_800_000,
    });
    expect(c.channels.telegram).toMatchObject({ bot_token: TELEGRAM.bot_token, api_base: 'https://api.telegram.org' });
    const typo = configSchema.safeParse({ channels: { qq: { ...QQ, alert_too: [] } } });
    expect(typo.success).toBe(false);
    expect(JSON.stringify(typo.error!.issues)).toContain('alert_too');
    const badApp = configSchema.safeParse({ channels: { feishu: { ...FEISHU, app_id: 'cli_xyz' } } });
    expect(badApp.error!.issues.map((i) => issueText(i, 'en')).join('\n')).toContain('cli_ and 16 hex digits');
    expect(configSchema.safeParse({ channels: { slack: {} } }).success).toBe(false);
  });

  it("operators carry each plugin's id key; only Telegram's may be a YAML number", () => {
    const ops = configSchema.parse({
      operators: [{ name: 'a', role: 'admin', qq_openid: 'Q', feishu_open_id: 'ou_a', telegram_id: 42 }],
    }).operators;
    expect(ops[0]).toEqual({ name: 'a', role: 'admin', qq_openid: 'Q', feishu_open_id: 'ou_a', telegram_id: '42' });
    expect(configSchema.safeParse({ operators: [{ name: 'a', role: 'admin', qq_openid: 12 }] }).success).toBe(false);
    expect(configSchema.safeParse({ operators: [{ name: 'a', role: 'admin', slack_id: 'U1' }] }).success).toBe(false);
  });

  it('builds the configured chat channels from their plugins, in registry order', async () => {
    const config = resolveConfig(
      configSchema.parse({ channels: { telegram: TELEGRAM, feishu: FEISHU, qq: QQ } }),
      undefined,
    );
    const chs = await buildChannels(config, systemClock);
    expect(chs.map((c) => c.name)).toEqual(
      chatPlugins.map((p) => p.type).filter((t) => ['qq', 'feishu', 'telegram'].includes(t)),
    );
    expect(chs.every((c) => c.interactive)).toBe(true);
  });

  it('an operator is found by the id key of the channel the message came from, and nowhere else', async () => {
    const operators = [
      { name: 'qqer', role: 'admin', qq_openid: 'SAME' },
      { name: 'larker', role: 'viewer', feishu_open_id: 'SAME' },
      { name: 'tg', role: 'viewer', telegram_id: 777 },
    ];
    h = await startHarness({ config: { operators }, start: false });
    const who = (channel: string, senderId: string) =>
      h!.app.core.operatorFor({ channel: channel as 'qq', senderId, text: '' })?.name;
    expect(who('qq', 'SAME')).toBe('qqer');
    expect(who('feishu', 'SAME')).toBe('larker');
    expect(who('telegram', '777')).toBe('tg');
    expect(who('telegram', 'SAME')).toBeUndefined();
    expect(who('qq', '777')).toBeUndefined();
    // A channel without an operator key (a notifier name, an unknown one) takes no commands from anyone.
    expect(who('dingtalk', 'SAME')).toBeUndefined();
    expect(who('console', 'x')).toBe('local');
    expect(who('cli', 'x')).toBe('cli');
  });

  it('validate warns about an operator with no id on any configured chat channel, Telegram included', () => {
    const operators = [
      { name: 'tg-only', role: 'admin', telegram_id: 1 },
      { name: 'lark-only', role: 'viewer', feishu_open_id: 'ou_x' },
    ];
    const config = resolveConfig(
      configSchema.parse({ operators, channels: { qq: QQ, telegram: TELEGRAM } }),
      undefined,
    );
    const warnings = validateConfig(config).problems.filter((p) => p.key.startsWith('operators'));
    expect(warnings).toEqual([
      {
        level: 'warning',
        key: 'operators[1]',
        line: undefined,
        message: 'lark-only has no id on a configured chat channel (qq_openid / telegram_id)',
      },
    ]);
  });
});
