// Teaches the one redactor (src/util/redact.ts) this config's secrets, at config load: the key names the channel
// plugins declare secret, every value configured at those keys, and every secret-named value in the config. The
// loader hands in the plugins' specs (it is bound to the registry one layer up, in src/channels/config.ts).
import type { RawConfig } from './schema.js';
import type { AnyChannelSpec } from './channel-spec.js';
import { registerSecretKeys, registerSecrets, secretValues } from '../util/redact.js';

/**
 * A secret's value that is still a placeholder: `$VAR` (the loader expands only `${VAR}`), `${lower-case}` … . It holds
 * no secret, so it is not masked: `validate` quotes it to say what to write instead.
 */
export const isPlaceholder = (v: string): boolean => /\$\{[^}]*\}|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v.trim());

/** A URL setting is declared secret for its value (the credential rides in it); `url=` in a log names no secret. */
const URL_KEY = /(?:^|[_.])url$/i;

export function registerConfigSecrets(raw: RawConfig, specs: readonly AnyChannelSpec[]): void {
  registerSecretKeys(specs.flatMap((p) => p.secretKeys ?? []).filter((k) => !URL_KEY.test(k)));
  const channels = raw.channels as Record<string, unknown> & { notifiers: Record<string, unknown>[] };
  for (const p of specs) {
    const instances = p.kind === 'chat' ? [channels[p.type]] : channels.notifiers.filter((n) => n.type === p.type);
    for (const settings of instances) {
      for (const key of p.secretKeys ?? []) {
        registerSecrets(stringsAt(settings, key).filter((v) => !isPlaceholder(v)));
        // A secret map (a webhook's `headers`): its names are secret keys too (`X-Hook-Auth: …` in a log or an echo).
        registerSecretKeys(namesAt(settings, key));
      }
    }
  }
  registerSecrets(secretValues(raw).filter((v) => !isPlaceholder(v)));
}

/** A plugin's setting at a dotted key (`smtp.pass`: secretKeys name nested settings so). */
export function settingAt(settings: unknown, dotted: string): unknown {
  let v = settings;
  for (const k of dotted.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** The strings at a dotted key, or in the map there (a webhook's `headers`). */
function stringsAt(settings: unknown, dotted: string): string[] {
  const v = settingAt(settings, dotted);
  if (typeof v === 'string') return [v];
  return v && typeof v === 'object' ? Object.values(v).filter((x): x is string => typeof x === 'string') : [];
}

/** The names in the map at a dotted key (none when the setting is a string). */
function namesAt(settings: unknown, dotted: string): string[] {
  const v = settingAt(settings, dotted);
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
}
