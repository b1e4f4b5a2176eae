// What a CLI run reads and writes besides files and sockets: its environment, its three streams and its exit. The
// executable runs with the process's own; a caller may run the CLI inside its own process with others (runCliWith),
// where an exit ends that run, not the process. A run's I/O follows it across awaits (AsyncLocalStorage), so two runs
// side by side never write into each other's streams.
import { runCwd, runEnv, withRunEnv } from './util/run-env.js';
import { scopedStore } from './util/scoped-store.js';

export interface CliStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface CliIo extends CliStreams {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** How a run given its own I/O ends where the executable would exit: with the code it would exit with. */
export class CliExit {
  constructor(readonly code: number) {}
}

const runs = scopedStore<CliIo>();

/**
 * The process's own. Node makes a stream on first use, for a pipe a socket (node:net): a healthy cron-run check, which
 * writes nothing, makes none (test/footprint.test.ts).
 */
const processIo: CliIo = {
  get env() {
    return runEnv();
  },
  get cwd() {
    return runCwd();
  },
  get stdin() {
    return process.stdin;
  },
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
};

/** The run's I/O: its own when it was given one, else the process's. */
export function cliIo(): CliIo {
  return runs.get() ?? processIo;
}

/** Ends the run with `code`: the process exits, or a run given its own I/O ends with CliExit. */
export function exit(code: number): never {
  if (runs.get()) throw new CliExit(code);
  process.exit(code);
}

/** Runs `fn` with `io` as its I/O; resolves with the exit code it ended with, or undefined if it returned. */
export async function withCliIo(io: CliIo, fn: () => Promise<unknown>): Promise<number | undefined> {
  try {
    await withRunEnv({ env: io.env, cwd: io.cwd }, () => runs.run(io, fn));
    return undefined;
  } catch (err) {
    if (err instanceof CliExit) return err.code;
    throw err;
  }
}
