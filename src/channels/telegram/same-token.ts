// Telegram gives a bot's updates to ONE getUpdates poller: a second poller on the same token gets 409 Conflict and
// knocks the other out. If gatewatch used the token of the Hermes gateway it watches, the watchdog would take the
// gateway's Telegram down. Hermes reads its token from TELEGRAM_BOT_TOKEN in <hermes_home>/.env (and each served
// profile's own .env under <hermes_home>/profiles/<name>/); find it and refuse.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TargetConfig } from '../../config/schema.js';

export interface TokenSource {
  token: string;
  file: string;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** TELEGRAM_BOT_TOKEN from a dotenv text (`export`, quotes and trailing comments allowed). */
export function envToken(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?TELEGRAM_BOT_TOKEN\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[1]!.trim();
    if (/^["']/.test(v)) {
      const end = v.indexOf(v[0]!, 1);
      v = v.slice(1, end > 0 ? end : undefined);
    } else v = v.replace(/\s+#.*$/, '');
    if (v.trim()) return v.trim();
  }
  return undefined;
}

export async function hermesTelegramTokens(targets: readonly TargetConfig[]): Promise<TokenSource[]> {
  const files: string[] = [];
  for (const t of targets) {
    files.push(path.join(t.hermes_home, '.env'));
    const profiles = path.join(t.hermes_home, 'profiles');
    const names = await fs.readdir(profiles).catch(() => [] as string[]);
    for (const n of names) files.push(path.join(profiles, n, '.env'));
  }
  const out: TokenSource[] = [];
  for (const file of [...new Set(files)]) {
    const text = await readText(file);
    const token = text ? envToken(text) : undefined;
    if (token) out.push({ token, file });
  }
  return out;
}

/** The file whose TELEGRAM_BOT_TOKEN is ours, if any. */
export async function findHermesTokenClash(token: string, targets: readonly TargetConfig[]): Promise<string | undefined> {
  return (await hermesTelegramTokens(targets)).find((s) => s.token === token.trim())?.file;
}
