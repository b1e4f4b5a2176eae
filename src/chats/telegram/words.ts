// The Telegram channel's own texts (both of its plugins'), in both locales: declared by its plugins, worded with
// say(); the shared catalogues (src/text/) never see them. zh-CN is held to the English keys by its type, to the same
// {params} by test/channels/words.test.ts.
import { wordsOf } from '../../i18n.js';

export const en = {
  'config.telegram.hermes_token':
    "is the Telegram bot token the Hermes gateway uses ({clash}: TELEGRAM_BOT_TOKEN). Telegram gives a bot's updates to one poller only: gatewatch would knock the gateway’s Telegram adapter out (409 Conflict). Create a separate bot for gatewatch with @BotFather (see docs/telegram-channel.md).",
  'config.telegram.nobody':
    'is empty and no operator has a telegram_id: add a chat to alert_to or a telegram_id to an operator',
  'channel.fix.telegram.credentials':
    'Fix: Telegram refuses the bot token. Put the token @BotFather gives for this bot (/mybots → the bot → API Token) into the channel’s bot_token.',
  'channel.health.telegram.conflict': '409 conflict for {duration}: another process polls this token',
  'channel.health.telegram.polling': 'polling as {who}, last poll {poll}, last update {update}',
  'channel.health.telegram.stalls': 'silent polls restarted',
  'channel.health.telegram.conflicts': 'conflicts',
  'telegram.button_expired': 'This button has expired.',
  'telegram.conflict.title': 'Another process is polling gatewatch’s Telegram bot token',
  'telegram.conflict.what':
    "Telegram answered 409 Conflict ({description}). Only one process can receive a bot's updates: commands to the gatewatch bot may not arrive. gatewatch keeps retrying every {every}; alerts are still sent.",
  'telegram.conflict.fix':
    'Stop the other process (a second gatewatch, or a bot using this token), or give gatewatch its own bot from @BotFather. Never give it the Hermes gateway’s token.',
  'config.schema.chat_id': 'expected a numeric chat id or @channelname',
  'config.schema.chat_id_any': 'expected a chat id (a number, or @channelname)',
  'config.schema.bot_token': 'expected a bot token from @BotFather, like {example}',
  'config.schema.bot_api_url': 'expected the Bot API base URL, like https://api.telegram.org',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'config.telegram.hermes_token':
    '是 Hermes 网关正在使用的 Telegram 机器人令牌（{clash}：TELEGRAM_BOT_TOKEN）。Telegram 只把一个机器人的更新交给一个轮询者：gatewatch 会把网关的 Telegram 适配器挤掉（409 Conflict）。请用 @BotFather 为 gatewatch 另建一个机器人（见 docs/telegram-channel.md）。',
  'config.telegram.nobody':
    '为空，且没有操作者设置 telegram_id：请在 alert_to 中添加一个聊天，或为某个操作者设置 telegram_id',
  'channel.fix.telegram.credentials':
    '处理：Telegram 拒绝了机器人令牌。请把 @BotFather 为该机器人给出的令牌（/mybots → 该机器人 → API Token）填入该渠道的 bot_token。',
  'channel.health.telegram.conflict': '409 冲突已 {duration}：另一个进程在轮询这个令牌',
  'channel.health.telegram.polling': '以 {who} 轮询中，上次轮询 {poll}，上次收到消息 {update}',
  'channel.health.telegram.stalls': '重启过的静默轮询',
  'channel.health.telegram.conflicts': '冲突次数',
  'telegram.button_expired': '此按钮已失效。',
  'telegram.conflict.title': '另一个进程在使用 gatewatch 的 Telegram 机器人令牌收消息',
  'telegram.conflict.what':
    'Telegram 返回 409 Conflict（{description}）。一个机器人的消息只能由一个进程接收：发给 gatewatch 机器人的命令可能收不到。gatewatch 每 {every} 重试一次；告警仍会发送。',
  'telegram.conflict.fix':
    '请停止另一个进程（第二个 gatewatch，或使用此令牌的其他机器人），或在 @BotFather 为 gatewatch 单独创建机器人。不要使用 Hermes 网关的令牌。',
  'config.schema.chat_id': '应为数字 chat id 或 @频道名',
  'config.schema.chat_id_any': '应为 chat id（数字或 @频道名）',
  'config.schema.bot_token': '应为 @BotFather 给出的机器人令牌，例如 {example}',
  'config.schema.bot_api_url': '应为 Bot API 的基础 URL，例如 https://api.telegram.org',
};

export const words = { en, 'zh-CN': zhCN };

export const say = wordsOf(words);
