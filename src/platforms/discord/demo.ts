// The demo's Discord fault (§9.2): a liveness strike at 1/2, then nothing. gatewatch says so 60 s later.
import type { PlatformDemoFault } from '../demo-stage.js';
import { sample } from './lines.js';

export const demo: PlatformDemoFault<'discord-strike'> = {
  name: 'discord-strike',
  platform: 'discord',
  async play(stage) {
    stage.connect();
    stage.log('INFO', 'hermes_plugins.discord_platform.adapter', '[Discord] Connected as hermes-demo#0001');
    await stage.pause(500);
    stage.log('WARNING', 'hermes_plugins.discord_platform.adapter', sample.strike('ack_stale', 1, 2));
  },
};
