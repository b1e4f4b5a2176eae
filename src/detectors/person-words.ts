// What a quoted line says to a person, not to this host (issue 77): an alert goes to a phone, a group chat, a notifier.
// The Hermes home is said as the path a person can paste on this host (issue 80 item 5): the home as configured,
// `~` only for the user's own home (`~/.hermes`, `/var/lib/hermes/.hermes`), however the container mounts it
// (`/opt/data`) — a bare `~` was a wrong path wherever HERMES_HOME is not `~`; gateway_state.json's entries are said
// with the platform's name and its state in words, not as Hermes' keys (`qqbot=disconnected error_code=…`); and
// Hermes' `Shutdown context:` line keeps who sent the signal unless that was PID 1, whose name is this host's own
// (`systemd`, `init`, a container's `tini`). Every evidence line of every finding passes here once, as it is made
// (src/detectors/finding.ts).
import type { Evidence } from '../evidence.js';
import type { FindingParam } from '../types.js';
import { platformParam, textParam } from '../i18n.js';
import { formatTime } from '../util/time.js';
import { homeDir } from '../util/run-env.js';

/** `/x/.hermes/profiles/ops` → `/x/.hermes`: a profile's home lies in its root's. */
const PROFILE_HOME = /^(.+?)[\\/]profiles[\\/][a-z0-9][a-z0-9_-]{0,63}[\\/]?$/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const isAbsolute = (h: string) => /^[\\/]|^[A-Za-z]:[\\/]/.test(h);
const rootOf = (h: string) => {
  const bare = h.replace(/[\\/]+$/, '');
  return PROFILE_HOME.exec(bare)?.[1] ?? bare;
};

/** The Hermes homes a line may quote (`at`), and the path a person reads for them (`as`). */
export interface HomeWords {
  at: RegExp;
  as: string;
}

/** `path` with the user's own home said `~` (`/root/.hermes` → `~/.hermes`); any other path as it is. */
export function tilde(p: string, home = homeDir()): string {
  const h = home.replace(/[\\/]+$/, '');
  if (h.length < 2 || !isAbsolute(h)) return p;
  if (p === h) return '~';
  return p.startsWith(`${h}/`) ? `~${p.slice(h.length)}` : p;
}

/**
 * The Hermes homes this evidence's lines may quote: the home as configured, and as the gateway saw it from its
 * container (its pid record, its state file); a profile's by its root's. Each is said as the configured root, the
 * user's home `~` (undefined when no home is known).
 */
export function homesIn(ev: Pick<Evidence, 'home' | 'process' | 'state'>): HomeWords | undefined {
  const seen = [ev.home, ev.process?.pidFile?.hermes_home, ev.state?.hermes_home];
  const homes = new Set<string>();
  for (const h of seen) if (h && h.length >= 2 && isAbsolute(h)) homes.add(rootOf(h));
  if (!homes.size) return undefined;
  const alts = [...homes].sort((a, b) => b.length - a.length).map(escape);
  const said = ev.home && isAbsolute(ev.home) ? rootOf(ev.home) : [...homes][0]!;
  // A path that is the home or lies in it, never a longer name that begins the same (`/opt/data2`).
  return { at: new RegExp(`(?:${alts.join('|')})(?=[\\\\/\\s'"),:;]|$)`, 'g'), as: tilde(said) };
}

/** `text` with each Hermes home in it said as a person pastes it. */
export const atHome = (text: string, homes: HomeWords | undefined): string =>
  homes ? text.replace(homes.at, () => homes.as) : text;

/**
 * Hermes' `Shutdown context: signal=… parent_pid=1 parent_name=systemd …`: PID 1 is this host's init (a container's
 * own): its pid and name are dropped, another sender's kept (the CLI that stopped it, its supervisor).
 */
const INIT_PARENT = /(\bShutdown context: .*?) parent_pid=[01] parent_name=\S+/;

/** What a line of Hermes' own says, without what only this host knows. */
export const withoutHost = (text: string): string => text.replace(INIT_PARENT, '$1');

// ---------- gateway_state.json's platform entries ----------

const ENTRY = /^gateway_state\.json: (.*)$/;
/** The fields an entry line quotes beside a platform's state (src/detectors/platform-entries.ts). */
const FIELDS = new Set(['error_code', 'error_message', 'retrying_since', 'needs_attention', 'updated_at']);
/** Where a `key=` begins: a platform key (`qqbot`, `ops:discord`) or one of FIELDS. */
const KEY = /(?:^| )([a-z][a-z0-9_]*(?::[a-z][a-z0-9_]*)?)=/g;

/** The states Hermes writes for a platform (hermes-gateway-current.md §3), and a few it may: a key before one is an entry. */
const STATES = /^(?:connected|disconnected|retrying|fatal|connecting|disabled|paused|starting|stopped|degraded)$/;

interface Entry {
  key: string;
  state: string;
  fields: Record<string, string>;
}

/** The entries of a `gateway_state.json: qqbot=disconnected error_code=… updated_at=…` line; undefined for any other. */
function entriesOf(text: string): Entry[] | undefined {
  const m = ENTRY.exec(text);
  if (!m) return undefined;
  const body = m[1]!;
  const keys = [...body.matchAll(KEY)];
  if (keys[0]?.index !== 0) return undefined;
  const out: Entry[] = [];
  let field: string | undefined;
  for (const [i, k] of keys.entries()) {
    const value = body.slice(k.index! + k[0].length, keys[i + 1]?.index ?? body.length);
    const key = k[1]!;
    const last = out.at(-1);
    if (FIELDS.has(key) && last) {
      last.fields[key] = value;
      field = key;
    } else if (STATES.test(value) && !FIELDS.has(key) && key !== 'gateway_state') {
      out.push({ key, state: value, fields: {} });
      field = undefined;
    } else if (last && field) {
      // A `word=` inside an error's text (`… code=4009`): the field it is in goes on.
      last.fields[field] += `${k[0]}${value}`;
    } else return undefined;
  }
  return out.length ? out : undefined;
}

function entryWords(e: Entry): FindingParam {
  const f = e.fields;
  const at = f.updated_at ? formatTime(f.updated_at) : undefined;
  const since = f.retrying_since ? formatTime(f.retrying_since) : undefined;
  return {
    key: 'evidence.platform_entry.one',
    params: {
      name: platformParam(e.key),
      state: textParam(`status.state.${e.state}`, e.state),
      error: f.error_message ? { key: 'evidence.platform_entry.error', params: { error: f.error_message } } : '',
      since: since ? { key: 'evidence.platform_entry.since', params: { at: since } } : '',
      at: at ? { key: 'evidence.platform_entry.at', params: { at } } : '',
    },
  };
}

/**
 * A gateway_state.json entry line in a person's words (`gateway_state.json: QQ disconnected (…), written 11-25
 * 17:10:28`): the platform's name, its state in words, Hermes' error message; never its keys. Any other line: as is.
 */
export function entryFact(text: string): FindingParam {
  const entries = entriesOf(text);
  if (!entries) return text;
  let said: FindingParam = entryWords(entries.at(-1)!);
  for (const e of entries.slice(0, -1).reverse())
    said = { key: 'evidence.platform_entry.more', params: { entry: entryWords(e), more: said } };
  return { key: 'evidence.platform_entry', params: { entry: said } };
}
