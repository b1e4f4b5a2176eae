// A real gatewatch core in-process (as test/helpers/harness.ts builds it) over bench-made Hermes homes.
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { type Config } from '../../src/config/schema.js';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createApp, type App } from '../../src/app.js';
import type { Channel } from '../../src/types.js';

export interface BenchApp {
  app: App;
  config: Config;
  dir: string;
}

/** `targets` are raw config entries; the schedule and liveness poll are off unless `config` turns them on. */
export async function startApp(
  tmp: string,
  targets: object[],
  o: { channels?: Channel[]; config?: Record<string, unknown>; start?: boolean; readOnly?: boolean } = {},
): Promise<BenchApp> {
  const dir = mkdtempSync(path.join(tmp, 'app-'));
  const raw = configSchema.parse({
    schedule: '0 0 1 1 *',
    liveness_interval: '1h',
    alerts: { flap: { transitions: 1000, within: '1m' } },
    ...o.config,
    targets,
    state_dir: path.join(dir, 'state'),
  });
  const config = resolveConfig(raw, undefined);
  const app = await createApp(config, {
    log: pino({ level: process.env.GATEWATCH_BENCH_LOG ?? 'silent' }, pino.destination(2)),
    readOnly: o.readOnly,
  });
  for (const ch of o.channels ?? []) await app.addChannel(ch);
  if (o.start !== false) await app.start();
  return { app, config, dir };
}
