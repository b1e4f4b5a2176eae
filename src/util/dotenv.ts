// Hermes' .env files (and a unit's EnvironmentFile): `KEY=value` lines, `export ` allowed, the value optionally
// quoted, a ` # comment` after an unquoted one. The one reader: gatewatch's own env file (src/config/env-file.ts),
// doctor's proxy scan, the Telegram poller scan and the "same bot / same app as Hermes" checks of the Telegram and
// Feishu channels.
import { MiB, readCapped, type CapOptions } from './read-capped.js';

/** Every assignment, in file order (a key may repeat). */
export function parseDotenv(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2]!.trim();
    const q = v[0];
    if (q === '"' || q === "'") {
      const end = v.indexOf(q, 1);
      v = v.slice(1, end > 0 ? end : undefined);
    } else v = v.replace(/\s+#.*$/, '');
    out.push([m[1]!, v]);
  }
  return out;
}

/** The first value of `key` that is not empty, trimmed. */
export function dotenvValue(text: string, key: string): string | undefined {
  for (const [k, v] of parseDotenv(text)) if (k === key && v.trim()) return v.trim();
  return undefined;
}

/**
 * A .env file's text, or undefined when it is missing or unreadable. Hermes' file, not ours: a FIFO there must not
 * block us, nor a huge file eat memory (past `maxBytes`, its head). `open`: readCapped's.
 */
export async function readDotenv(file: string, maxBytes = MiB, open?: CapOptions['open']): Promise<string | undefined> {
  try {
    return await readCapped(file, maxBytes, { truncate: true, open });
  } catch {
    return undefined;
  }
}
