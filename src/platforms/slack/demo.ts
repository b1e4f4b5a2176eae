// The demo's Slack fault (§9.1): a watchdog rebuild, then slack_bolt retrying a closed session (agent.log only). The
// real loop retries every ~10 s; the demo writes it faster, the lines are the real ones.
import type { PlatformDemoFault } from '../demo-stage.js';
import { sample } from './lines.js';

export const demo: PlatformDemoFault<'slack-session-closed'> = {
  name: 'slack-session-closed',
  platform: 'slack',
  async play(stage) {
    stage.connect();
    stage.log('WARNING', 'hermes_plugins.slack_platform.adapter', sample.unhealthy('transport disconnected'));
    for (let i = 0; i < 8; i++) {
      await stage.pause(1_000);
      stage.agent('ERROR', 'slack_bolt.AsyncApp', sample.closedSession());
    }
  },
};
