// WhatsApp's bridge crash loop (hermes-gateway-current.md §6), the orphan bridge (orphan.ts) and the login QR code
// (qr.ts); the logout is read with every platform's rejected credentials (src/detectors/platforms-auth.ts).
import { definePlatform } from '../platform.js';
import { BRIDGE_EXITED } from './lines.js';
import { en, zhCN } from './words.js';
import { orphanChecks } from './orphan.js';
import { qrChecks } from './qr.js';

export const whatsapp = definePlatform({
  platform: 'whatsapp',
  words: { en, 'zh-CN': zhCN },
  checks: [...qrChecks, ...orphanChecks],
  rules: [
    // 428/503 closes, Node unhandled rejections: the bridge dies minutes after each reconnect and the state flaps.
    // Hermes respawns it forever; a restart does not fix the cause. (A logged-out bridge exits too:
    // platform_auth_failed names that, and wins for the platform.)
    { text: 'platform_deaf.whatsapp', restart: 'never', bad: BRIDGE_EXITED, minCount: 3, windowMs: 60 * 60_000 },
  ],
});
