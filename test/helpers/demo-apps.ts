// The apps and demo gateways a test file starts, stopped after each test: the app first, so that it does not watch its
// gateway go down and act on it.
import { afterEach } from 'vitest';
import type { App } from '../../src/app.js';
import { stopDemo } from '../../src/demo/index.js';

export function stoppedAfterEach(): { apps: App[]; homes: string[] } {
  const apps: App[] = [];
  const homes: string[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.stop();
    for (const h of homes.splice(0)) await stopDemo(h).catch(() => undefined);
  });
  return { apps, homes };
}
