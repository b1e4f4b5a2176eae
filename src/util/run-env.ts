// The environment and working directory of this run: the process's, or those a caller gave a CLI run inside its own
// process (see src/cli-io.ts). Everything that reads HOME, $TMPDIR, $XDG_RUNTIME_DIR, a config's ${VAR} or resolves
// a path against the cwd reads them here, so that such a run finds its own files, never the hosting process's. They
// follow the run across awaits.
import { createRequire } from 'node:module';
import { scopedStore } from './scoped-store.js';

// node:os only where HOME is not set: loading it is half a millisecond of a cold check, which finds HOME set.
const requireHere = createRequire(import.meta.url);

export interface RunEnv {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const runs = scopedStore<RunEnv>();

export function runEnv(): NodeJS.ProcessEnv {
  return runs.get()?.env ?? process.env;
}

export function runCwd(): string {
  return runs.get()?.cwd ?? process.cwd();
}

/**
 * The temp directory of an environment, the run's unless another is named (a daemon's, asked by another process), read
 * as os.tmpdir() reads it on Linux and macOS: $TMPDIR, $TMP, $TEMP, else /tmp.
 */
export function tmpDir(env: NodeJS.ProcessEnv = runEnv()): string {
  const dir = env.TMPDIR || env.TMP || env.TEMP || '/tmp';
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}

/** The run's home directory: $HOME, as os.homedir() reads it, else the user database's. */
export function homeDir(): string {
  return runEnv().HOME || (requireHere('node:os') as typeof import('node:os')).homedir();
}

export function withRunEnv<T>(run: RunEnv, fn: () => Promise<T>): Promise<T> {
  return runs.run(run, fn);
}
