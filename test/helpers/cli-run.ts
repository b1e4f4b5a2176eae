// One run of the built CLI as a newcomer runs it: a temp HOME (its cwd too), no $GATEWATCH_CONFIG, optional stdin
// lines; resolves with the exit code and both streams. `npm run build` first.
import { spawn } from 'node:child_process';
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
