// What `init` finds of Hermes across this host, beside the homes of one root: a gateway a supervisor runs (or would run)
// or a container's, with the service keys that name its program in the config, and each place it could not read.
import type { ManagerKind } from '../evidence.js';
import type { FindingParam } from '../types.js';

/** The `service:` keys of a gateway's target: its manager and what names its program there. */
export interface ServiceKeys {
  manager: ManagerKind;
  program?: string;
  pm2_home?: string;
  supervisor_url?: string;
  unit?: string;
  scope?: 'user' | 'system';
  container?: string;
}

export interface BoxGateway {
  /** The Hermes home it serves, canonical. */
  home: string;
  /** Its name in its supervisor (a pm2 app, a program, a service folder's, a unit's, a container's): its target's. */
  label: string;
  service: ServiceKeys;
}

/** A place init could not read, and why: the tool's own words, or a text of init's. */
export interface Unread {
  what: string;
  why: FindingParam;
}

export interface BoxFinds {
  gateways: BoxGateway[];
  unread: Unread[];
}

/** Nothing there to read: gone, not a folder, not a file (a masked unit's /dev/null, a folder among the files). */
const NOTHING = new Set(['ENOENT', 'ENOTDIR', 'ENOTREG', 'EISDIR', 'ELOOP']);

/** Why a file or folder could not be read, in a word; undefined when it is simply not there. */
export function unreadWhy(e: unknown): FindingParam | undefined {
  const code = (e as NodeJS.ErrnoException).code;
  if (code && NOTHING.has(code)) return undefined;
  return code === 'EACCES' || code === 'EPERM' ? { key: 'init.unread.denied' } : (code ?? String(e));
}
