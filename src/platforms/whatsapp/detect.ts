// WhatsApp's bridge crash loop (hermes-gateway-current.md §6). The logout, the orphan bridge and the login QR code are
// read in src/detectors/ (platforms-auth.ts, whatsapp-orphan.ts, whatsapp-qr.ts).
import { definePlatform } from '../platform.js';
import { BRIDGE_EXITED } from './lines.js';
import { en, zhCN } from './words.js';

export const whatsapp = definePlatform({
  platform: 'whatsapp',
  words: { en, 'zh-CN': zhCN },
  rules: [
    // 428/503 closes, Node unhandled rejections: the bridge dies minutes after each reconnect and the state flaps.
    // Hermes respawns it forever; a restart does not fix the cause. (A logged-out bridge exits too:
    // platform_auth_failed names that, and wins for the platform.)
    { text: 'platform_deaf.whatsapp', restart: 'never', bad: BRIDGE_EXITED, minCount: 3, windowMs: 60 * 60_000 },
  ],
});
