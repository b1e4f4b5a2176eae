// The demo's Telegram fault (§9.3, #113618): the v0.21.3 polling stall, then the verifier's degraded line on every
// ladder attempt. gatewatch says: update or roll back, do not restart.
import type { PlatformDemoFault } from '../demo-stage.js';
import { sample } from './lines.js';

const A = 'hermes_plugins.telegram_platform.adapter';

export const demo: PlatformDemoFault<'telegram-stall'> = {
  name: 'telegram-stall',
  platform: 'telegram',
  async play(stage) {
    stage.connect();
    stage.log('ERROR', A, sample.stall(171, 1));
    // The ladder's backoff is 5/10/20/40 s; the demo waits a tenth of it.
    for (const s of [5, 10, 20, 40]) {
      await stage.pause(s * 100);
      stage.log('WARNING', A, sample.stallRegression());
    }
  },
};
