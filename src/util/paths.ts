import { realpath } from './file-calls.js';
import path from 'node:path';
import { homeDir } from './run-env.js';

export function expandHome(p: string): string {
  if (p === '~') return homeDir();
  if (p.startsWith('~/')) return path.join(homeDir(), p.slice(2));
  return p;
}

/** The path with its symlinks resolved, or as given (made absolute) when it does not exist. */
export async function canonicalPath(p: string): Promise<string> {
  return realpath(p).catch(() => path.resolve(p));
}
