// Feishu hands each event of an app to ONE random live connection of that app. If gatewatch used the app the
// watched Hermes gateway uses, the two would silently steal each other's messages. Find Hermes' app_id and refuse.
import path from 'node:path';
import { parse } from 'yaml';
import type { TargetConfig } from '../../config/schema.js';
import { MiB, readCapped } from '../../util/read-capped.js';
import { dotenvValue, readDotenv } from '../../util/dotenv.js';

export interface AppIdSource {
  appId: string;
  file: string;
  key: string;
}

/** Hermes' files, not ours: a FIFO there must not block start-up, nor a huge file eat memory. */
async function readText(file: string): Promise<string | undefined> {
  try {
    return await readCapped(file, MiB);
  } catch {
    return undefined;
  }
}

/** app_id-like values anywhere under a feishu/lark key of Hermes' config.yaml (platforms.feishu.extra.app_id …). */
export function yamlAppIds(text: string): { appId: string; key: string }[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  const out: { appId: string; key: string }[] = [];
  const walk = (node: unknown, keys: string[], inFeishu: boolean) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      const here = inFeishu || /feishu|lark/i.test(k);
      if (typeof v === 'string' && here && /^(feishu_)?app_?id$/i.test(k) && !v.includes('${'))
        out.push({ appId: v.trim(), key: [...keys, k].join('.') });
      else walk(v, [...keys, k], here);
    }
  };
  walk(doc, [], false);
  return out;
}

export async function hermesFeishuAppIds(targets: readonly TargetConfig[]): Promise<AppIdSource[]> {
  const found: AppIdSource[] = [];
  for (const t of targets) {
    const envFile = path.join(t.hermes_home, '.env');
    const env = await readDotenv(envFile);
    const id = env ? dotenvValue(env, 'FEISHU_APP_ID') : undefined;
    if (id) found.push({ appId: id, file: envFile, key: 'FEISHU_APP_ID' });
    const cfgFile = path.join(t.hermes_home, 'config.yaml');
    const cfg = await readText(cfgFile);
    if (cfg) for (const y of yamlAppIds(cfg)) found.push({ ...y, file: cfgFile });
  }
  return found;
}

/** Throws if our app_id is one a watched Hermes gateway uses. */
export async function assertNotHermesApp(appId: string, targets: readonly TargetConfig[]): Promise<void> {
  const clash = (await hermesFeishuAppIds(targets)).find((s) => s.appId === appId);
  if (!clash) return;
  throw new Error(
    `channels.feishu.app_id ${appId} is the Feishu app the Hermes gateway uses (${clash.file}: ${clash.key}). ` +
      'Feishu gives each event to only one connection of an app, so gatewatch and Hermes would steal each other’s messages. ' +
      'Create a separate self-built app for gatewatch (see docs/feishu-channel.md).',
  );
}
