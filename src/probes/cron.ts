// The cron ticker's own files (hermes-gateway-current.md §9.21): `cron/ticker_heartbeat` bumped every iteration (60 s)
// and `cron/ticker_last_success` after a tick that did not raise, each one float epoch (`str(time.time())`). No files:
// this home has no cron, and nothing is judged.
import path from 'node:path';
import type { CronEvidence } from '../evidence.js';
import { KiB, readCapped, type CapOptions } from '../util/read-capped.js';

async function epochMs(file: string, open: CapOptions['open']): Promise<number | undefined> {
  // readCapped: a FIFO at the path does not hold the read, and a look reads it as cheaply as the home's other files.
  const raw = (await readCapped(file, 4 * KiB, { open }).catch(() => '')).trim();
  const s = Number(raw);
  return raw && Number.isFinite(s) && s > 0 ? Math.round(s * 1000) : undefined;
}

/** `open`: how each file is opened (readCapped's). */
export async function readCron(home: string, open?: CapOptions['open']): Promise<CronEvidence | undefined> {
  const [heartbeatAt, lastSuccessAt] = await Promise.all([
    epochMs(path.join(home, 'cron', 'ticker_heartbeat'), open),
    epochMs(path.join(home, 'cron', 'ticker_last_success'), open),
  ]);
  if (heartbeatAt === undefined && lastSuccessAt === undefined) return undefined;
  return {
    ...(heartbeatAt !== undefined ? { heartbeatAt } : {}),
    ...(lastSuccessAt !== undefined ? { lastSuccessAt } : {}),
  };
}
