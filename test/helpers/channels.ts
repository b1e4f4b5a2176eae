// A chat channel's own settings and its plugin host from a whole config, for tests that build one channel directly.
import type { Config } from '../../src/config/schema.js';
import { pluginHost } from '../../src/channels/config.js';
import type { PluginHost } from '../../src/channel-kit/plugin.js';
import type { QQSettings } from '../../src/chats/qq/plugin.js';
import type { FeishuSettings } from '../../src/chats/feishu/plugin.js';

export const qqArgs = (c: Config): [QQSettings, PluginHost] => [c.channels.qq as QQSettings, pluginHost(c, 'qq')];
export const feishuArgs = (c: Config): [FeishuSettings, PluginHost] => [
  c.channels.feishu as FeishuSettings,
  pluginHost(c, 'feishu'),
];
export { pluginHost };
