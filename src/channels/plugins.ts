// The notifier plugins, one line each: adding a push service is its file in src/notifiers/ plus a line here.
import type { ChannelPlugin } from './plugin.js';
import { plugin as bark } from '../notifiers/bark.js';
import { plugin as dingtalk } from '../notifiers/dingtalk.js';
import { plugin as email } from '../notifiers/email.js';
import { plugin as feishuWebhook } from '../notifiers/feishu-webhook.js';
import { plugin as ntfy } from '../notifiers/ntfy.js';
import { plugin as pushplus } from '../notifiers/pushplus.js';
import { plugin as serverchan } from '../notifiers/serverchan.js';
import { plugin as telegram } from '../notifiers/telegram.js';
import { plugin as webhook } from '../notifiers/webhook.js';
import { plugin as wecom } from '../notifiers/wecom.js';

export const notifierPlugins: readonly ChannelPlugin<any>[] = [
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
