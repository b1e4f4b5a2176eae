// One run of the built CLI as a newcomer runs it: a temp HOME (its cwd too), no $GATEWATCH_CONFIG, optional stdin
// lines; resolves with the exit code and both streams. `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
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

/**
 * runCli inside this test's process: src/cli.ts with its own streams and environment (src/cli-io.ts), for the many
 * tests whose subject is what a command says and exits with rather than the process: a tenth of the CPU of a spawned
 * run. HOME is `home` as for runCli. What cannot be told apart from this process's is refused (spawn it with runCli):
 * the daemon and the demo playground (they keep running), init (it works from the cwd), install (it names the built
 * executable it runs from), another cwd, and a config found in the cwd (the spawned run's cwd is `home`).
 */
export async function runCliHere(
  home: string,
  args: string[],
  o: { env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  const words = args.filter((a) => !a.startsWith('-'));
  if (['run', 'init', 'install'].includes(words[0] ?? '') || (words[0] === 'demo' && (!words[1] || words[1] === 'run')))
    throw new Error(`runCliHere: spawn \`${words.join(' ')}\` (runCli)`);
  const own = Object.keys(o.env ?? {}).filter((k) => PROCESS_ONLY_ENV.includes(k));
  if (own.length) throw new Error(`runCliHere: ${own.join(', ')} is read from the process: spawn (runCli)`);
  const at = args.findIndex((a) => a === '-c' || a === '--config');
  const named = at >= 0 ? args[at + 1] : args.find((a) => a.startsWith('--config='))?.slice('--config='.length);
  if (named !== undefined ? !path.isAbsolute(named) : existsSync(path.join(home, 'config.yaml')))
    throw new Error('runCliHere: a spawned run finds the config from its cwd, this one would not: spawn (runCli)');
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
      stdin: Readable.from([o.input ?? '']),
      stdout: sink((s) => (stdout += s)),
      stderr: sink((s) => (stderr += s)),
    },
    () => runCliIn(['node', 'gatewatch', ...args]),
  );
  return { code: code ?? 0, stdout, stderr };
}
