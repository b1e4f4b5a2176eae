// A chat channel's own settings and its plugin host from a whole config, for tests that build one channel directly.
import type { Config } from '../../src/config/schema.js';
import { pluginHost as hostOf } from '../../src/channels/config.js';
import { systemClock, type Clock } from '../../src/util/clock.js';
import type { AnyChannelPlugin, PluginHost } from '../../src/channel-kit/plugin.js';
import type { QQSettings } from '../../src/chats/qq/plugin.js';
import type { FeishuSettings } from '../../src/chats/feishu/plugin.js';

/** The host facts a plugin is given, on the system's clock unless a test hands in its own. */
export const pluginHost = (c: Config, self?: string, clock: Clock = systemClock): PluginHost => hostOf(c, clock, self);

export const qqArgs = (c: Config): [QQSettings, PluginHost] => [c.channels.qq as QQSettings, pluginHost(c, 'qq')];
export const feishuArgs = (c: Config): [FeishuSettings, PluginHost] => [
  c.channels.feishu as FeishuSettings,
  pluginHost(c, 'feishu'),
];

/**
 * A plugin's example settings (or others written the same way) with each `${VAR}` filled as the plugin's example says
 * (a token of the shape its schema checks), else with a plain value: what its schema reads once the env is in.
 */
export function filledExample(p: AnyChannelPlugin, settings: unknown = p.example.settings): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(settings).replace(/\$\{(\w+)\}/g, (_x, v: string) => p.example.env?.[v] ?? 'secret-value-123'),
  );
}
