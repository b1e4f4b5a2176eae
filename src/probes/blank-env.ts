// The keys a Hermes home's .env assigns an empty value, by name (hermes-gateway-current.md §10.1, #40715: blank
// `EMAIL_*` settings switch the email platform on with no server to reach). Names only: a value never leaves here.
import path from 'node:path';
import { parseDotenv, readDotenv } from '../util/dotenv.js';
import type { CapOptions } from '../util/read-capped.js';

export interface BlankEnv {
  file: string;
  keys: string[];
}

/**
 * The keys `<home>/.env` sets to an empty value; undefined when it has none, or no readable .env. `open`: how it is
 * opened (readCapped's).
 */
export async function readBlankEnv(home: string, open?: CapOptions['open']): Promise<BlankEnv | undefined> {
  const file = path.join(home, '.env');
  const text = await readDotenv(file, 256 * 1024, open);
  if (!text) return undefined;
  const keys = [...new Set(parseDotenv(text).flatMap(([k, v]) => (v.trim() ? [] : [k])))];
  return keys.length ? { file, keys } : undefined;
}
