// What a CLI run reads and writes besides files and sockets: its environment, its three streams and its exit. The
// executable runs with the process's own; a caller may run the CLI inside its own process with others (runCliWith),
// where an exit ends that run, not the process. A run's I/O follows it across awaits (AsyncLocalStorage), so two runs
// side by side never write into each other's streams. Whatever is written to stdout and stderr passes the redactor's
// known secrets on its way out (masking): a refusal quoted in a line gatewatch words may echo a credential.
import { writeSync } from 'node:fs';
import { redactKnown } from './util/redact.js';
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

type Out = CliStreams['stdout'];
const masked = new WeakMap<Out, Out>();

/**
 * The stream, its text masked by the redactor's known secrets (the config's own values, the plugins' secret shapes)
 * on the way out: every line gatewatch prints, worded anywhere, and the journal under systemd. Not the full redactor:
 * its guesses from a key would take a word of a config error (`key "…bot_token": was refused`) for a value. Bytes
 * (a picture) pass as they are; everything else is the stream's own.
 */
function masking(s: Out): Out {
  let m = masked.get(s);
  if (m) return m;
  const write = (chunk: unknown, ...rest: unknown[]) =>
    (s.write as (...a: unknown[]) => boolean).call(s, typeof chunk === 'string' ? redactKnown(chunk) : chunk, ...rest);
  m = new Proxy(s, {
    get(target, key) {
      if (key === 'write') return write;
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  masked.set(s, m);
  return m;
}

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
    return masking(process.stdout);
  },
  get stderr() {
    return masking(process.stderr);
  },
};
const given = new WeakMap<CliIo, CliIo>();

/** The run's I/O: its own when it was given one, else the process's. */
export function cliIo(): CliIo {
  const io = runs.get();
  if (!io) return processIo;
  let m = given.get(io);
  if (!m) given.set(io, (m = { ...io, stdout: masking(io.stdout), stderr: masking(io.stderr) }));
  return m;
}

/**
 * A GATEWATCH_DEBUG line: the run's own stderr, else written to the process's at once. Making process.stderr (for a
 * pipe a socket: node:net and its streams) cost a debug check some 7 ms after its last step, which the cold-start
 * bench's breakdown took for the process's exit.
 */
export function debugLine(text: string): void {
  if (runs.get()) cliIo().stderr.write(text);
  else
    try {
      writeSync(2, redactKnown(text));
    } catch {
      // stderr closed or non-blocking and full (EAGAIN): a debug line is not worth failing the check for.
    }
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
