// `gatewatch run --console` as a newcomer runs it, for end-to-end tests: a real process on a temp HOME, its stdout
// watched, lines typed into its stdin.
import { spawn, type ChildProcess } from 'node:child_process';
import { until } from './until.js';

import { CLI } from './paths.js';

export { CLI };

/** Keys of the demo's watch settings a test changes (GATEWATCH_DEMO_SETTINGS, see demoWatchSettings). */
export const demoSettingsEnv = (settings: Record<string, unknown>) => ({
  GATEWATCH_DEMO_SETTINGS: JSON.stringify(settings),
});

export function startConsoleCli(
  home: string,
  args: string[],
  o: { waitMs?: number; env?: Record<string, string> } = {},
) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...o.env, HOME: home, GATEWATCH_CONFIG: '' },
    cwd: home,
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', () => undefined);
  /** Wait until stdout (from an offset) matches; `poke` is re-sent every 3 s, as a person would retype /status. */
  const waitFor = async (re: RegExp, from = 0, poke?: string, timeoutMs = o.waitMs ?? 60_000): Promise<number> => {
    let next = 0;
    const seen = () => {
      const m = re.exec(out.slice(from));
      if (m) return { at: from + m.index + m[0].length };
      if (poke && Date.now() >= next) {
        child.stdin.write(poke + '\n');
        next = Date.now() + 3_000;
      }
      return undefined;
    };
    const { at } = await until(`${re} on stdout`, seen, { timeoutMs, everyMs: 100 }).catch((e: Error) => {
      throw new Error(`${e.message}; stdout so far:\n${out}`);
    });
    return at;
  };
  return { child, waitFor, out: () => out, send: (line: string) => child.stdin.write(line + '\n') };
}

/**
 * Ends a CLI the test started and waits for it to exit: a daemon killed without waiting may still be restarting its
 * gateway when the test stops the demo, and start one after it that runs on for the rest of the test run.
 */
export async function endCli(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  // A daemon that does not end on SIGTERM is killed, so that this returns: the test's own timeout is not the cleanup.
  const deadline = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(deadline);
}
