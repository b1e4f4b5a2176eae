// The built daemon (`gatewatch run`) watching one Hermes home as a newcomer configures it: target `hermes`, its
// console the channel, a look every 5 s, gatewatch's own restarts quick to verify. Its console read as a whole, its CLI
// at hand; stopped by `cleanups` (the caller's afterAll).
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gatewatch } from './cli-run.js';
import { CLI } from './paths.js';
import { tempDir } from './probe-procs.js';
import { until } from './until.js';

export interface WatchedDaemon {
  /** What its console has printed so far. */
  out(): string;
  /** A CLI command against its config (a restart waits for its verification). */
  cli(args: string[]): ReturnType<typeof gatewatch>;
}

/**
 * `env`: what its processes see beside this one's (a supervisor's CLI on PATH, its home; GATEWATCH_LOG_LEVEL, warn
 * unless given); `config`: keys of its config
 * set otherwise (a schedule, a liveness interval).
 */
export async function watchedDaemon(
  home: string,
  cleanups: (() => Promise<unknown>)[],
  env: NodeJS.ProcessEnv = {},
  config: Record<string, unknown> = {},
): Promise<WatchedDaemon> {
  const dir = await tempDir('gw-daemon-');
  const file = path.join(dir, 'config.json');
  await writeFile(
    file,
    JSON.stringify({
      state_dir: path.join(dir, 'state'),
      schedule: '*/5 * * * * *',
      detect: { reachability: false },
      targets: [{ name: 'hermes', hermes_home: home, platforms: ['feishu', 'qqbot'], reachability: false }],
      remediate: { cooldown: '0s', verify_timeout: '30s' },
      channels: { console: {} },
      ...config,
    }),
  );
  const all = { ...process.env, ...env, GATEWATCH_LOG_LEVEL: env.GATEWATCH_LOG_LEVEL ?? 'warn' };
  const daemon = spawn(process.execPath, [CLI, 'run', '--config', file], {
    env: all,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  daemon.stdout!.on('data', (d) => (out += d));
  daemon.stderr!.on('data', (d) => (out += d));
  cleanups.push(async () => {
    if (daemon.exitCode !== null || daemon.signalCode !== null) return;
    const gone = new Promise((r) => daemon.once('exit', r));
    daemon.kill('SIGTERM');
    await gone;
  });
  const cli = (args: string[]) =>
    gatewatch([...args, '--config', file], { spawn: true, env: all as Record<string, string>, timeoutMs: 150_000 });
  await until('the daemon answering', async () => (await cli(['status', 'hermes'])).code === 0, { timeoutMs: 60_000 });
  return { out: () => out, cli };
}
