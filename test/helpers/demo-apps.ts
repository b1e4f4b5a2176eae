// The apps and demo gateways a test file starts, stopped after each test: the app first, so that it does not watch its
// gateway go down and act on it.
import { afterEach } from 'vitest';
import type { Logger } from 'pino';
import { createApp, type App } from '../../src/app.js';
import type { Config } from '../../src/config/schema.js';
import { stopDemo } from '../../src/demo/index.js';
import { until, where } from './until.js';
import { phone, type Phone } from './phone.js';

/**
 * Stops the app, then waits for a restart it began to end: an automatic restart runs on after app.stop(), and one
 * that starts its gateway after the test stopped the demo leaves that gateway running for the rest of the run. The
 * wait ends within the hook's timeout (60 s), so that the cleanup after it still runs.
 */
export async function stopApp(app: App): Promise<void> {
  await app.stop();
  const busy = () => app.core.config.targets.filter((t) => app.core.restartInProgress(t.name)).map((t) => t.name);
  await until(
    'the restarts under way to end',
    where(busy, (b) => b.length === 0),
    { timeoutMs: 45_000 },
  );
}

export function stoppedAfterEach(): { apps: App[]; homes: string[] } {
  const apps: App[] = [];
  const homes: string[] = [];
  afterEach(async () => {
    try {
      for (const a of apps.splice(0)) await stopApp(a);
    } finally {
      for (const h of homes.splice(0)) await stopDemo(h).catch(() => undefined);
    }
  });
  return { apps, homes };
}

/** An app on `config` with a phone as its channel, restarts verified every 100 ms; it joins `apps` (stopped after the test). */
export async function appWithPhone(apps: App[], config: Config, log: Logger): Promise<{ app: App; p: Phone }> {
  const p = phone();
  const app = await createApp(config, { log, restartPollMs: 100 });
  apps.push(app);
  await app.addChannel(p.ch);
  return { app, p };
}
