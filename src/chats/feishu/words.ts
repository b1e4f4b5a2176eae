// The Feishu channel's own texts, in both locales: declared by its plugin, worded with say(); the shared catalogues
// (src/text/) never see them. zh-CN is held to the English keys by its type, to the same {params} by
// test/channels/words.test.ts.
import { wordsOf } from '../../i18n.js';

export const en = {
  'channel.fix.feishu.credentials':
    'Fix: Feishu refuses the app’s id or secret. Copy the App ID and App Secret from the app’s “Credentials & Basic Info” page in the Feishu developer console (open.feishu.cn/app) into channels.feishu.app_id and app_secret.',
  'channel.health.feishu.connected': 'connected for {duration}, last event {event}',
  'channel.health.feishu.reconnects': 'reconnects',
  'channel.health.feishu.restarts': 'restarts',
  'config.schema.feishu_app_id': 'expected a Feishu app id: cli_ and 16 hex digits, like cli_a1b2c3d4e5f6a7b8',
  'config.schema.feishu_urgent': "expected app, sms or phone (sms and phone use the tenant's paid quota)",
  'routes.feishu_urgent': 'Feishu urgent: {how}',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'channel.fix.feishu.credentials':
    '处理：飞书拒绝了应用的 App ID 或 App Secret。请从飞书开发者后台（open.feishu.cn/app）该应用的“凭证与基础信息”页复制 App ID 和 App Secret，填入 channels.feishu.app_id 和 app_secret。',
  'channel.health.feishu.connected': '已连接 {duration}，上次事件 {event}',
  'channel.health.feishu.reconnects': '重连次数',
  'channel.health.feishu.restarts': '重启次数',
  'config.schema.feishu_app_id': '应为飞书应用 ID：cli_ 加 16 位十六进制数字，例如 cli_a1b2c3d4e5f6a7b8',
  'config.schema.feishu_urgent': '应为 app、sms 或 phone（sms 和 phone 使用租户的付费额度）',
  'routes.feishu_urgent': '飞书加急：{how}',
};

export const words = { en, 'zh-CN': zhCN };

export const say = wordsOf(words);
