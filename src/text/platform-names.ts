// How a person names each Hermes platform, in both locales: the one list of them. Hermes keys its platforms by id
// (`qqbot`, `google_chat`: gateway_state.json's keys, a target's `platforms:`), which belong to the config, `check`
// and `doctor`; a phone says the name (src/i18n.ts: platformName, platformParam). A key not listed here is said as
// Hermes writes it.
export const PLATFORM_NAMES: Readonly<Record<string, { en: string; 'zh-CN': string }>> = {
  qqbot: { en: 'QQ', 'zh-CN': 'QQ' },
  feishu: { en: 'Feishu', 'zh-CN': '飞书' },
  telegram: { en: 'Telegram', 'zh-CN': 'Telegram' },
  discord: { en: 'Discord', 'zh-CN': 'Discord' },
  slack: { en: 'Slack', 'zh-CN': 'Slack' },
  whatsapp: { en: 'WhatsApp', 'zh-CN': 'WhatsApp' },
  signal: { en: 'Signal', 'zh-CN': 'Signal' },
  matrix: { en: 'Matrix', 'zh-CN': 'Matrix' },
  dingtalk: { en: 'DingTalk', 'zh-CN': '钉钉' },
  wecom: { en: 'WeCom', 'zh-CN': '企业微信' },
  weixin: { en: 'Weixin', 'zh-CN': '微信' },
  email: { en: 'Email', 'zh-CN': '邮件' },
  google_chat: { en: 'Google Chat', 'zh-CN': 'Google Chat' },
  photon: { en: 'Photon', 'zh-CN': 'Photon' },
  irc: { en: 'IRC', 'zh-CN': 'IRC' },
  yuanbao: { en: 'Yuanbao', 'zh-CN': '元宝' },
  api_server: { en: 'the API server', 'zh-CN': 'API 服务' },
  webhook: { en: 'webhooks', 'zh-CN': 'Webhook' },
};
