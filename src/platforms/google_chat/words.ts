// Google Chat's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts).
// The compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.google_chat.title':
    'Google Chat is connected but receives nothing: its bot user id is unresolved',
  'finding.platform_deaf.google_chat.explanation':
    "Google Chat connected {ago} ago with `bot_user_id=<unresolved>`, and no event has arrived since: no ADDED_TO_SPACE, no message. In #68387 exactly this meant the Pub/Sub pull delivered nothing at all, because of how the Chat app and its subscription were set up on Google's side. A restart connects the same way.",
  'finding.platform_deaf.google_chat.action':
    "In the Google Cloud console, check the Chat app's configuration (its connection to the Pub/Sub topic, the app published to your users) and that the subscription Hermes pulls from receives Chat events; then add the bot to a space and restart the gateway once. gatewatch does not restart for this.",
  'finding.platform_deaf.google_chat_silent.title':
    'Google Chat has delivered nothing since it connected {ago} ago, while the other platforms carried {others} messages',
  'finding.platform_deaf.google_chat_silent.explanation':
    "Google Chat connected {ago} ago and not one event has arrived since, while this gateway's other platforms carried {others} messages: people write to it, just not through Google Chat. In #68387 a Google Chat that connected and heard nothing at all was the Pub/Sub pull delivering nothing, because of how the Chat app and its subscription were set up on Google's side. A restart connects the same way.",
  'finding.platform_deaf.google_chat_silent.action':
    "If people do write to the bot in Google Chat: in the Google Cloud console, check the Chat app's configuration (its connection to the Pub/Sub topic, the app published to your users) and that the subscription Hermes pulls from receives Chat events; then restart the gateway once. gatewatch does not restart for this.",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.google_chat.title': 'Google Chat 已连接但收不到任何东西：机器人用户 ID 未解析',
  'finding.platform_deaf.google_chat.explanation':
    'Google Chat 在 {ago} 前以 `bot_user_id=<unresolved>` 连接，此后没有收到任何事件：没有 ADDED_TO_SPACE，也没有消息。在 #68387 中，正是这种情况意味着 Pub/Sub 拉取根本没有投递任何东西，原因在于 Google 那边 Chat 应用及其订阅的设置。重启后仍以同样方式连接。',
  'finding.platform_deaf.google_chat.action':
    '在 Google Cloud 控制台检查 Chat 应用的配置（与 Pub/Sub 主题的连接、应用是否已向你的用户发布），并确认 Hermes 拉取的订阅能收到 Chat 事件；然后把机器人加入一个空间，重启网关一次。gatewatch 不会为此重启。',
  'finding.platform_deaf.google_chat_silent.title':
    'Google Chat 自 {ago} 前连接以来什么也没收到，而其他平台收到了 {others} 条消息',
  'finding.platform_deaf.google_chat_silent.explanation':
    'Google Chat 在 {ago} 前连接，此后一个事件也没收到，而这个网关的其他平台收到了 {others} 条消息：有人在给它写消息，只是没有通过 Google Chat。在 #68387 中，连接后什么都收不到的 Google Chat，是因为 Google 那边 Chat 应用及其订阅的设置，Pub/Sub 拉取根本没有投递任何东西。重启后仍以同样方式连接。',
  'finding.platform_deaf.google_chat_silent.action':
    '如果确实有人在 Google Chat 里给机器人写消息：在 Google Cloud 控制台检查 Chat 应用的配置（与 Pub/Sub 主题的连接、应用是否已向你的用户发布），并确认 Hermes 拉取的订阅能收到 Chat 事件；然后重启网关一次。gatewatch 不会为此重启。',
};
