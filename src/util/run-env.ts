// The environment of this run: the process's, or the one a caller gave a CLI run inside its own process (see
// src/cli-io.ts). Everything that reads HOME, $XDG_RUNTIME_DIR or a config's ${VAR} reads it here, so that such a run
// finds its own files, never the hosting process's. It follows the run across awaits (AsyncLocalStorage).
import { AsyncLocalStorage } from 'node:async_hooks';
import os from 'node:os';

const runs = new AsyncLocalStorage<NodeJS.ProcessEnv>();

export function runEnv(): NodeJS.ProcessEnv {
  return runs.getStore() ?? process.env;
}

/** The run's home directory: $HOME, as os.homedir() reads it, else the user database's. */
export function homeDir(): string {
  return runEnv().HOME || os.homedir();
}

export function withRunEnv<T>(env: NodeJS.ProcessEnv, fn: () => T): T {
  return runs.run(env, fn);
}
