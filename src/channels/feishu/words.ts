// The Feishu channel's own texts, in both locales: declared by its plugin, worded with say(); the shared catalogues
// (src/text/) never see them. zh-CN is held to the English keys by its type, to the same {params} by
// test/channels/words.test.ts.
import { wordsOf } from '../../i18n.js';

export const en = {
  'channel.fix.feishu.credentials': 'Fix: Feishu refuses the app’s id or secret. Copy the App ID and App Secret from the app’s “Credentials & Basic Info” page in the Feishu developer console (open.feishu.cn/app) into channels.feishu.app_id and app_secret.',
  'channel.health.feishu.connected': 'connected for {duration}, last event {event}',
  'channel.health.feishu.reconnects': 'reconnects',
  'channel.health.feishu.restarts': 'restarts',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'channel.fix.feishu.credentials': '处理：飞书拒绝了应用的 App ID 或 App Secret。请从飞书开发者后台（open.feishu.cn/app）该应用的“凭证与基础信息”页复制 App ID 和 App Secret，填入 channels.feishu.app_id 和 app_secret。',
  'channel.health.feishu.connected': '已连接 {duration}，上次事件 {event}',
  'channel.health.feishu.reconnects': '重连次数',
  'channel.health.feishu.restarts': '重启次数',
};

export const words = { en, 'zh-CN': zhCN };

export const say = wordsOf(words);
