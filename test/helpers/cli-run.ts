// One run of the built CLI as a newcomer runs it: a temp HOME (its cwd too), no $GATEWATCH_CONFIG, optional stdin
// lines; resolves with the exit code and both streams. `npm run build` first.
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

export function runCli(
  home: string,
  args: string[],
  o: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      ...process.env,
      GATEWATCH_LOG_LEVEL: 'error',
      ...o.env,
      HOME: home,
      GATEWATCH_CONFIG: o.env?.GATEWATCH_CONFIG ?? '',
    },
    cwd: o.cwd ?? home,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(o.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** Environment variables read from the process itself (os.tmpdir(), node), never from the run: such a run is spawned. */
const PROCESS_ONLY_ENV = ['TMPDIR', 'NODE_OPTIONS'];

/** Why a run cannot be told apart from this process's when run here (see runCliHere); undefined when it can. */
export function whyNotHere(args: string[], env: Record<string, string> = {}): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  if (['run', 'install'].includes(words[0] ?? '') || (words[0] === 'demo' && (!words[1] || words[1] === 'run')))
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
      env: {
        ...process.env,
        GATEWATCH_LOG_LEVEL: 'error',
        ...o.env,
        HOME: home,
        GATEWATCH_CONFIG: o.env?.GATEWATCH_CONFIG ?? '',
      },
      cwd: o.cwd ?? home,
      stdin: Readable.from([o.input ?? '']),
      stdout: sink((s) => (stdout += s)),
      stderr: sink((s) => (stderr += s)),
    },
    () => runCliIn(['node', 'gatewatch', ...args]),
  );
  return { code: code ?? 0, stdout, stderr };
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
  const env = { ...o.env, ...(o.home ? { HOME: o.home } : {}) };
  const home = env.HOME ?? process.env.HOME ?? '/';
  if (!o.spawn && !whyNotHere(args, env)) return runCliHere(home, args, { env, cwd: o.cwd ?? process.cwd() });
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, GATEWATCH_LOG_LEVEL: 'error', ...env },
    cwd: o.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
