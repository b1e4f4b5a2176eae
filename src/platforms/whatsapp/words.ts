// WhatsApp's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.whatsapp.title': 'WhatsApp bridge keeps crashing',
  'finding.platform_deaf.whatsapp.explanation':
    'The WhatsApp bridge (Node/Baileys) exited unexpectedly {count|# time|# times} within the last hour; Hermes respawns it each time, it reconnects and dies again (typically 428/503 closes or an unhandled rejection in Node). Restarting the gateway does not fix the cause.',
  'finding.platform_deaf.whatsapp.action':
    'Read platforms/whatsapp/bridge.log in this Hermes home for the reason before each exit; update Hermes (`hermes update` ships the bridge) and, if the session is damaged, re-pair with `hermes whatsapp`.',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.whatsapp.title': 'WhatsApp bridge 反复崩溃',
  'finding.platform_deaf.whatsapp.explanation':
    'WhatsApp bridge（Node/Baileys）在最近一小时内意外退出了 {count} 次；Hermes 每次都会重新拉起它，它重连后又会退出（通常是 428/503 断开或 Node 未处理的 rejection）。重启网关不能消除原因。',
  'finding.platform_deaf.whatsapp.action':
    '查看此 Hermes 目录下的 platforms/whatsapp/bridge.log，找出每次退出前的原因；更新 Hermes（`hermes update` 会带上新的 bridge），如果会话已损坏，用 `hermes whatsapp` 重新配对。',
};
