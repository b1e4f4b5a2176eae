// The channel plugins, one line each, the one place that imports them all: adding a push service is its file in
// src/notifiers/ plus a line here; a chat channel is its folder in src/chats/ with a plugin.ts plus a line in
// chatPlugins. The tests and docs/notifiers.md's table read this list (npm run docs:tables).
import type { AnyChannelPlugin } from '../channel-kit/plugin.js';
import { createRegistry } from './registry.js';
import { plugin as bark } from '../notifiers/bark.js';
import { plugin as dingtalk } from '../notifiers/dingtalk.js';
import { plugin as email } from '../notifiers/email.js';
import { plugin as feishuWebhook } from '../chats/feishu/notifier.js';
import { plugin as ntfy } from '../notifiers/ntfy.js';
import { plugin as pushplus } from '../notifiers/pushplus.js';
import { plugin as serverchan } from '../notifiers/serverchan.js';
import { plugin as telegram } from '../chats/telegram/notifier.js';
import { plugin as webhook } from '../notifiers/webhook.js';
import { plugin as wecom } from '../notifiers/wecom.js';
import { plugin as qqChat } from '../chats/qq/plugin.js';
import { plugin as feishuChat } from '../chats/feishu/plugin.js';
import { plugin as telegramChat } from '../chats/telegram/plugin.js';

export const notifierPlugins: readonly AnyChannelPlugin[] = [
  feishuWebhook,
  dingtalk,
  wecom,
  telegram,
  bark,
  ntfy,
  serverchan,
  pushplus,
  email,
  webhook,
];

/** Two-way chat channels, one instance each at `channels.<type>`; built in this order. */
export const chatPlugins: readonly AnyChannelPlugin[] = [qqChat, feishuChat, telegramChat];

/** Every plugin; throws at load on a duplicate, so a typo'd copy cannot silently replace a real channel. */
export const registry = createRegistry([...chatPlugins, ...notifierPlugins]);
