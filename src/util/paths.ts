import { realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export function expandHome(p: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/')) return path.join(os.homedir(), p.slice(2));
  return p;
}

/** The path with its symlinks resolved, or as given (made absolute) when it does not exist. */
export async function canonicalPath(p: string): Promise<string> {
  return realpath(p).catch(() => path.resolve(p));
}
