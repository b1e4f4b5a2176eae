// Google Chat's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts).
// The compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.google_chat.title':
    'Google Chat is connected but receives nothing: its bot user id is unresolved',
  'finding.platform_deaf.google_chat.explanation':
    "Google Chat connected {ago} ago with `bot_user_id=<unresolved>`, and no event has arrived since: no ADDED_TO_SPACE, no message. In #68387 exactly this meant the Pub/Sub pull delivered nothing at all, because of how the Chat app and its subscription were set up on Google's side. A restart connects the same way.",
  'finding.platform_deaf.google_chat.action':
    "In the Google Cloud console, check the Chat app's configuration (its connection to the Pub/Sub topic, the app published to your users) and that the subscription Hermes pulls from receives Chat events; then add the bot to a space and restart the gateway once. gatewatch does not restart for this.",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.google_chat.title': 'Google Chat 已连接但收不到任何东西：机器人用户 ID 未解析',
  'finding.platform_deaf.google_chat.explanation':
    'Google Chat 在 {ago} 前以 `bot_user_id=<unresolved>` 连接，此后没有收到任何事件：没有 ADDED_TO_SPACE，也没有消息。在 #68387 中，正是这种情况意味着 Pub/Sub 拉取根本没有投递任何东西，原因在于 Google 那边 Chat 应用及其订阅的设置。重启后仍以同样方式连接。',
  'finding.platform_deaf.google_chat.action':
    '在 Google Cloud 控制台检查 Chat 应用的配置（与 Pub/Sub 主题的连接、应用是否已向你的用户发布），并确认 Hermes 拉取的订阅能收到 Chat 事件；然后把机器人加入一个空间，重启网关一次。gatewatch 不会为此重启。',
};
