// What a phone must not show (issue 55 item 5): a config key (`service.restart`, `remediate.auto_restart`), a
// platform as Hermes keys it (`qqbot`, `ops:discord`) or an internal id (a check id `state_stale_running`, a code
// `multiplex_shared_ingress`, a remedy's `#da4d2625`). Those belong to the config, `check`, `doctor` and the CLI; a
// phone says QQ, "Discord in profile ops" and what will be run, in words. `internalNames(text)` lists what it finds in
// one text a person reads (a title, a field, a line): the words quoted in it (Hermes' own lines, a value as written,
// a command as typed) and file names are not ours and are left out. Every test of what a phone gets may call it.
import { registry } from '../../src/channels/plugins.js';
import { configSchemaFor } from '../../src/config/schema.js';
import { PLATFORM_NAMES } from '../../src/text/platform-names.js';

type Def = {
  type?: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  element?: unknown;
  in?: unknown;
  out?: unknown;
  options?: unknown[];
  valueType?: unknown;
};

/** Every key path of the config schema, the channel plugins' settings included (`targets.service.restart`). */
function keyPaths(s: unknown, prefix: string, out: Set<string>, depth = 0): Set<string> {
  const def = (s as { _zod?: { def?: Def } } | undefined)?._zod?.def;
  if (!def || depth > 12) return out;
  const on = (x: unknown, p = prefix) => keyPaths(x, p, out, depth + 1);
  if (def.type === 'object')
    for (const [k, v] of Object.entries(def.shape ?? {})) {
      const p = prefix ? `${prefix}.${k}` : k;
      out.add(p);
      on(v, p);
    }
  else if (def.type === 'array') on(def.element);
  else if (def.type === 'record') on(def.valueType);
  else if (def.type === 'pipe') on(def.in), on(def.out);
  else if (def.type === 'union') for (const o of def.options ?? []) on(o);
  else if (def.innerType) on(def.innerType);
  return out;
}

let keys: Set<string> | undefined;
/** A config key as a text would name it: its last two parts (`service.restart`, `http.token`, `qq.app_id`). */
function configKeys(): Set<string> {
  if (keys) return keys;
  const paths = [...keyPaths(configSchemaFor(registry.plugins), '', new Set())];
  keys = new Set(paths.map((p) => p.split('.').slice(-2).join('.')).filter((p) => p.includes('.')));
  for (const k of keys)
    if (!/^[\w-]+\.[\w-]+$/.test(k)) throw new Error(`a config key of a form DOTTED does not find: ${k}`);
  return keys;
}
/**
 * Two dotted parts standing alone, a config key's form when it is one: one pass over the text, then a look-up (an
 * alternation of every key with a look-behind took seconds over the texts of a test).
 */
const DOTTED = /(?<![\w.-])[\w-]+\.[\w-]+(?![\w-]|\.\w)/g;

/** Platform keys that are no ordinary word of a sentence ("a signal", "an email" are). */
const WORDS = new Set(['signal', 'email', 'matrix', 'webhook', 'photon']);
const PLATFORM_KEY = new RegExp(
  `(?<![\\w.:/-])(?:[a-z][a-z0-9_-]*:)?(?:${Object.keys(PLATFORM_NAMES)
    .filter((k) => !WORDS.has(k))
    .join('|')})(?![\\w.:/-])`,
  'g',
);
/** snake_case: an id of ours or a code of Hermes', never a word of a sentence. */
const SNAKE = /(?<![\w.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-]|\.\w)/g;
const REMEDY_ID = /#[0-9a-f]{8}\b/g;

/**
 * What is not our words in a text: quotations, commands as typed, URLs, paths and file names, environment names.
 * `quoted`: a name in backticks (`slack_bolt`, `fleet_restart_pending`) is quoted as its owner writes it and left out
 * too; a config key is not (the configured `service.restart` command is the config's name, not a quotation).
 */
function ourWords(text: string, quoted: boolean): string {
  return text
    .replace(/"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|‘[^’\n]*’/g, ' ')
    .replace(quoted ? /`[^`\n]*`/g : /`[^`\n]* [^`\n]*`/g, ' ') // a command as typed (`/restart demo`)
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[^\s，。：；、（）()"`]*\/[^\s，。：；、（）()"`]*/g, ' ') // paths, /commands
    .replace(/\b[\w.-]+\.(?:json|jsonl|log|yaml|yml|db|service|plist|sock|pid|lock|env|js|sh|py)\b/g, ' ')
    .replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, ' ');
}

/** What was found in each text already read: the same titles and lines come back for every alert kind and manager. */
const found = new Map<string, string[]>();

/** The config keys, platform keys and internal ids in one text a person reads on a phone. */
export function internalNames(text: string): string[] {
  let names = found.get(text);
  if (!names) {
    const keyed = ourWords(text, false);
    const s = ourWords(text, true);
    names = [
      ...[...keyed.matchAll(DOTTED)].filter((m) => configKeys().has(m[0])).map((m) => `config key ${m[0]}`),
      ...[...s.matchAll(PLATFORM_KEY)].map((m) => `platform key ${m[0]}`),
      ...[...s.matchAll(SNAKE)].map((m) => `id ${m[0]}`),
      ...[...s.matchAll(REMEDY_ID)].map((m) => `id ${m[0]}`),
    ];
    found.set(text, names);
  }
  return [...names];
}
