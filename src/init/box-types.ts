// What `init` finds of Hermes across this host, beside the homes of one root: a gateway a supervisor runs (or would run)
// or a container's, with the service keys that name its program in the config, and each place it could not read.
import type { FindingParam } from '../types.js';

export type { BoxFinds, BoxGateway, ServiceKeys, Unread } from '../probes/supervisors/types.js';

/** Nothing there to read: gone, not a folder, not a file (a masked unit's /dev/null, a folder among the files). */
const NOTHING = new Set(['ENOENT', 'ENOTDIR', 'ENOTREG', 'EISDIR', 'ELOOP']);

/** Why a file or folder could not be read, in a word; undefined when it is simply not there. */
export function unreadWhy(e: unknown): FindingParam | undefined {
  const code = (e as NodeJS.ErrnoException).code;
  if (code && NOTHING.has(code)) return undefined;
  return code === 'EACCES' || code === 'EPERM' ? { key: 'init.unread.denied' } : (code ?? String(e));
}
