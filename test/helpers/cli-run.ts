// Runs of the CLI for the tests: spawned from dist/ (`npm run build` first) or, where only a process of its own could
// tell the difference, its code inside the test's process with its own streams, environment, cwd and exit
// (src/cli-io.ts). Either resolves with the exit code and both streams.
import { spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { runCli as runCliIn } from '../../src/cli.js';
import { withCliIo } from '../../src/cli-io.js';
import { CLI } from './console-cli.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

/** This process's environment with `env` over it; gatewatch's own log kept to errors. */
const quietEnv = (env: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  GATEWATCH_LOG_LEVEL: 'error',
  ...env,
});

/** A newcomer's: a temp HOME and no $GATEWATCH_CONFIG unless given. */
const newcomerEnv = (home: string, env: Record<string, string> = {}) =>
  quietEnv({ ...env, HOME: home, GATEWATCH_CONFIG: env.GATEWATCH_CONFIG ?? '' });

function spawnCli(args: string[], o: RunOptions): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], { env: o.env, cwd: o.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(o.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

async function runHere(args: string[], o: RunOptions & { cwd: string }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        add(chunk.toString());
        done();
      },
    });
  const code = await withCliIo(
    {
      env: o.env,
      cwd: o.cwd,
      stdin: Readable.from([o.input ?? '']),
      stdout: sink((s) => (stdout += s)),
      stderr: sink((s) => (stderr += s)),
    },
    () => runCliIn(['node', 'gatewatch', ...args]),
  );
  return { code: code ?? 0, stdout, stderr };
}

/** One run of the built CLI as a newcomer runs it: a temp HOME (its cwd too), optional stdin lines. */
export function runCli(
  home: string,
  args: string[],
  o: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  return spawnCli(args, { env: newcomerEnv(home, o.env), cwd: o.cwd ?? home, input: o.input });
}

/** Environment variables read by node itself, never from the run: such a run is spawned. */
const PROCESS_ONLY_ENV = ['NODE_OPTIONS'];

/** Why a run cannot be told apart from this process's when run here (see runCliHere); undefined when it can. */
export function whyNotHere(args: string[], env: Record<string, string> = {}): string | undefined {
  // Any word, not only the first: an option before the command (`-c FILE run`) would hide it, and a daemon started
  // inside the test's process would outlive its test.
  const words = args.filter((a) => !a.startsWith('-'));
  const demoRun = words.includes('demo') && !words.some((w) => ['fail', 'heal', 'stop'].includes(w));
  if (words.includes('run') || words.includes('install') || demoRun)
    return `\`${words.join(' ')}\` keeps running, or names the built executable it runs from`;
  const own = Object.keys(env).filter((k) => PROCESS_ONLY_ENV.includes(k));
  if (own.length) return `${own.join(', ')} is read from the process`;
  return undefined;
}

/**
 * runCli inside this test's process: src/cli.ts with its own streams and environment (src/cli-io.ts), for the many
 * tests whose subject is what a command says and exits with rather than the process: a tenth of the CPU of a spawned
 * run. HOME and the cwd are `home` (or o.cwd) as for runCli. What cannot be told apart from this process's is refused
 * (spawn it with runCli): the daemon and the demo playground (they keep running) and install (it names the built
 * executable it runs from).
 */
export async function runCliHere(
  home: string,
  args: string[],
  o: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  const why = whyNotHere(args, o.env);
  if (why) throw new Error(`runCliHere: ${why}: spawn it (runCli)`);
  return runHere(args, { env: newcomerEnv(home, o.env), cwd: o.cwd ?? home, input: o.input });
}

/**
 * `gatewatch args`: inside this process where that cannot be told apart from a process of its own (runCliHere), else
 * (or with `spawn`) the built CLI spawned. The environment is this process's with `env` over it; HOME and the cwd are
 * `home` and `cwd` when given, else this process's.
 */
export async function gatewatch(
  args: string[],
  o: { env?: Record<string, string>; home?: string; cwd?: string; spawn?: boolean; timeoutMs?: number } = {},
): Promise<CliResult> {
  const env = quietEnv({ ...o.env, ...(o.home ? { HOME: o.home } : {}) });
  return !o.spawn && !whyNotHere(args, o.env)
    ? runHere(args, { env, cwd: o.cwd ?? process.cwd() })
    : spawnCli(args, { env, cwd: o.cwd, timeoutMs: o.timeoutMs });
}
