// Telegram gives a bot's updates to ONE getUpdates poller: a second poller on the same token gets 409 Conflict and
// knocks the other out. If gatewatch used the token of the Hermes gateway it watches, the watchdog would take the
// gateway's Telegram down. Hermes reads its token from TELEGRAM_BOT_TOKEN in <hermes_home>/.env (and each served
// profile's own .env under <hermes_home>/profiles/<name>/); find it and refuse.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TargetConfig } from '../../config/schema.js';
import { dotenvValue, readDotenv } from '../../util/dotenv.js';

export interface TokenSource {
  token: string;
  file: string;
}

async function hermesTelegramTokens(targets: readonly TargetConfig[]): Promise<TokenSource[]> {
  const files: string[] = [];
  for (const t of targets) {
    files.push(path.join(t.hermes_home, '.env'));
    const profiles = path.join(t.hermes_home, 'profiles');
    const names = await fs.readdir(profiles).catch(() => [] as string[]);
    for (const n of names) files.push(path.join(profiles, n, '.env'));
  }
  const out: TokenSource[] = [];
  for (const file of [...new Set(files)]) {
    const text = await readDotenv(file);
    const token = text ? dotenvValue(text, 'TELEGRAM_BOT_TOKEN') : undefined;
    if (token) out.push({ token, file });
  }
  return out;
}

/** The file whose TELEGRAM_BOT_TOKEN is ours, if any. */
export async function findHermesTokenClash(
  token: string,
  targets: readonly TargetConfig[],
): Promise<string | undefined> {
  return (await hermesTelegramTokens(targets)).find((s) => s.token === token.trim())?.file;
}
