// What `init` reads of a supervisor's own files, as each adapter's box() does: a folder's entries and a file's text,
// and why one could not be read, in a word (nothing when it is simply not there).
import { readdir } from '../../util/file-calls.js';
import { KiB, readCapped } from '../../util/read-capped.js';
import type { FindingParam } from '../../types.js';
import type { Unread } from './types.js';

/** Nothing there to read: gone, not a folder, not a file (a masked unit's /dev/null, a folder among the files). */
const NOTHING = new Set(['ENOENT', 'ENOTDIR', 'ENOTREG', 'EISDIR', 'ELOOP']);

/** Why a file or folder could not be read, in a word; undefined when it is simply not there. */
export function unreadWhy(e: unknown): FindingParam | undefined {
  const code = (e as NodeJS.ErrnoException).code;
  if (code && NOTHING.has(code)) return undefined;
  return code === 'EACCES' || code === 'EPERM' ? { key: 'init.unread.denied' } : (code ?? String(e));
}

/** A folder's entries; [] when it is not there, and a line when it cannot be read. */
export async function entries(dir: string, unread: Unread[]): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    const why = unreadWhy(e);
    if (why) unread.push({ what: dir, why });
    return [];
  }
}

/** A file's text; '' when it is not there, and a line when it cannot be read. */
export async function text(file: string, unread: Unread[]): Promise<string> {
  try {
    return await readCapped(file, 256 * KiB);
  } catch (e) {
    const why = unreadWhy(e);
    if (why) unread.push({ what: file, why });
    return '';
  }
}
