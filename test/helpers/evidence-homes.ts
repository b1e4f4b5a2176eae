// Hermes homes whose trouble shows only in evidence beside gateway.log (issue 54): a library's own logger in agent.log
// (lark-oapi as `Lark`, slack_bolt, discord.py), a file beside gateway.log (launchd's gateway.error.log, an MCP
// server's stderr, the dashboard's log), a served profile's own logs, the disk itself. Each home is a live `gateway
// run` process, its pid and state files, and its logs in Hermes' formats dated relative to now; the words of the
// libraries are their own (lark-oapi 1.3.5 `lark_oapi/ws/client.py`, urllib3 2.7 `NameResolutionError`, requests'
// `ConnectionError`, slack_sdk 3.43 `socket_mode/aiohttp`, aiohttp 3.14 `ClientConnectorError`, websockets 15
// `InvalidStatus`, CPython's `Handler.handleError`, Hermes' `stderr_timestamp` wrapper).
import { appendFile, lchown, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createApp, type App } from '../../src/app.js';
import type { Finding } from '../../src/types.js';
import { gatewatch } from './cli-run.js';
import { clockAt } from './clock.js';
import { ago, entryAgo, isoAgo, writePidFile, writeStateFile } from './hermes-homes.js';
import { spawnIdle, startTicksOf } from './probe-procs.js';
import { container, written } from './ns-gateway.js';

export { ago, entryAgo, isoAgo };

/** The QQ adapter's logger and tag (hermes-gateway.md §4.1; real v0.20.2 lines). */
export const QQ = 'gateway.platforms.qqbot.adapter: [QQBot:102000111]';

/** A platform's entry in gateway_state.json. */
export interface Entry {
  state: string;
  error_code: string | null;
  error_message: string | null;
  updated_at: string;
}

/** What a home holds: its platforms' entries, its gateway.log and agent.log lines, other files under it. */
export interface HomeSpec {
  /** gateway_state.json's platform entries (the process's own). */
  platforms: Record<string, Entry>;
  /** How long ago the current run started, seconds (an hour by default). */
  upFor?: number;
  /** Lines of gateway components: gateway.log and agent.log both (hermes-gateway.md §2.2). */
  gateway?: string[];
  /** Lines of other loggers (a library's, the agent's): agent.log only; WARNING and above also errors.log. */
  agent?: string[];
  /** Other files, by path under the home: their lines. */
  files?: Record<string, string[]>;
  /** Top-level fields of gateway_state.json beside the platforms (served_profiles, active_agents). */
  state?: Record<string, unknown>;
  /** Entries an earlier life wrote (a dead writer's pid, §3): a platform the operator removed. */
  stale?: Record<string, Entry>;
  /** Profiles the root serves (§2.6): each one's own logs (its adapters' lines, its chat turns). */
  profiles?: Record<string, { gateway?: string[]; agent?: string[]; noAgentLog?: boolean }>;
}

/** The start-up of a life `s` seconds ago, its platforms connected. */
export function startup(s: number, platforms: string[]): string[] {
  return [
    `${ago(s)} INFO gateway.run: Starting Hermes Gateway...`,
    ...platforms.flatMap((p) => [
      `${ago(s)} INFO gateway.run: Connecting to ${p}...`,
      `${ago(s - 1)} INFO gateway.run: ✓ ${p} connected`,
    ]),
    `${ago(s - 1)} INFO gateway.run: Gateway running with ${platforms.length} platform(s)`,
  ];
}

/** A chat turn on `platform` `s` seconds ago: the runner's inbound and its reply (real v0.17 lines). */
export function chat(platform: string, s: number, chatId = 'U1'): string[] {
  return [
    `${ago(s)} INFO gateway.run: inbound message: platform=${platform} user=${chatId} chat=${chatId} msg='hi' reply_to_id=None reply_to_text=''`,
    `${ago(s - 2)} INFO gateway.run: response ready: platform=${platform} chat=${chatId} time=2.1s api_calls=1 response=42 chars`,
  ];
}

/** `at(from, every, count)`: seconds-ago stamps from `from` down, `every` apart. */
export function every(from: number, step: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from - i * step).filter((s) => s >= 0);
}

const byTime = (lines: string[]) =>
  lines
    .map((l, i) => ({ l, i }))
    .sort((a, b) => (a.l.slice(0, 23) < b.l.slice(0, 23) ? -1 : a.l.slice(0, 23) > b.l.slice(0, 23) ? 1 : a.i - b.i))
    .map((x) => x.l);

const LEVEL = /^\S+ \S+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) /;

/**
 * How a gateway in a container sees itself (hermes-deployments.md §1.4): its pid in its own PID namespace, its start
 * ticks (the host's clock), its home at `/opt/data[/profiles/<name>]`. Hermes writes these into the home's files.
 */
export interface SeenAs {
  ticks: number;
  home: string;
}

/** A live gateway serving `home` with everything `spec` says; returns its pid. */
export async function evidenceHome(home: string, spec: HomeSpec): Promise<number> {
  const pid = await gatewayFor(home);
  await writeHome(home, pid, spec);
  return pid;
}

/** Every file and folder under `dir` (and it) given to `uid` (its group the same number), links not followed. */
export async function chownTree(dir: string, uid: number): Promise<void> {
  await lchown(dir, uid, uid);
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    await lchown(path.join(e.parentPath, e.name), uid, uid);
}

/**
 * A live `gateway run` process serving `home`, and its pid file; the home's files come after (writeHome). `uid`: the
 * user it runs as (the home is that user's), root's by default.
 */
export async function gatewayFor(home: string, o: { uid?: number } = {}): Promise<number> {
  await mkdir(path.join(home, 'logs'), { recursive: true });
  await mkdir(path.join(home, 'state'), { recursive: true });
  if (o.uid !== undefined) await chownTree(home, o.uid);
  const gw = spawnIdle(
    ['--', '-m', 'hermes_cli.main', 'gateway', 'run'],
    { ...process.env, HERMES_HOME: home },
    undefined,
    undefined,
    o,
  );
  const pid = gw.pid!;
  await writePidFile(home, pid);
  return pid;
}

/**
 * Everything `spec` says, as the gateway `pid` wrote it: its state file, its sentinel and its logs. Dated from now: a
 * test that spawned many gateways first writes their files last, just before it looks.
 */
export async function writeHome(home: string, pid: number, spec: HomeSpec, seen?: SeenAs): Promise<void> {
  const up = spec.upFor ?? 3600;
  const ticks = seen?.ticks ?? (await startTicksOf(pid));
  const written = {
    ...Object.fromEntries(
      Object.entries(spec.platforms).map(([k, e]) => [k, { ...e, writer_pid: pid, writer_start_time: ticks }]),
    ),
    ...Object.fromEntries(
      Object.entries(spec.stale ?? {}).map(([k, e]) => [k, { ...e, writer_pid: 999_991, writer_start_time: 1_000 }]),
    ),
  };
  await writeStateFile(home, pid, written, 20, {
    code_version: '0.21.3',
    start_time: ticks,
    ...(seen ? { hermes_home: seen.home } : {}),
    ...spec.state,
  });
  await writeFile(
    path.join(home, 'state', 'gateway.lifecycle.json'),
    JSON.stringify({ phase: 'running', pid, start_time: Date.now() / 1000 - up, started_at: isoAgo(up) }),
  );
  const platforms = Object.keys(spec.platforms).filter((p) => !p.includes(':'));
  const gateway = byTime([...startup(up, platforms), ...(spec.gateway ?? [])]);
  // Records are sorted by their stamps; a record's continuation lines follow it.
  const agent = byRecords([...gateway, ...(spec.agent ?? [])]);
  await writeFile(path.join(home, 'logs', 'gateway.log'), `${gateway.join('\n')}\n`);
  await writeFile(path.join(home, 'logs', 'agent.log'), `${agent.join('\n')}\n`);
  const warnings = agent.filter((l, i, all) => {
    const own = LEVEL.test(l) ? l : [...all.slice(0, i)].reverse().find((x) => LEVEL.test(x));
    return !!own && /^(WARNING|ERROR|CRITICAL)$/.test(LEVEL.exec(own)![1]!);
  });
  await writeFile(path.join(home, 'logs', 'errors.log'), warnings.length ? `${warnings.join('\n')}\n` : '');
  for (const [name, own] of Object.entries(spec.profiles ?? {})) {
    const logs = path.join(home, 'profiles', name, 'logs');
    await mkdir(logs, { recursive: true });
    await writeFile(path.join(home, 'profiles', name, 'config.yaml'), 'model: {}\n');
    const g = byTime(own.gateway ?? []);
    await writeFile(path.join(logs, 'gateway.log'), g.length ? `${g.join('\n')}\n` : '');
    const a = byRecords([...g, ...(own.agent ?? [])]);
    if (!own.noAgentLog) await writeFile(path.join(logs, 'agent.log'), a.length ? `${a.join('\n')}\n` : '');
  }
  for (const [file, lines] of Object.entries(spec.files ?? {})) {
    await mkdir(path.dirname(path.join(home, file)), { recursive: true });
    await appendFile(path.join(home, file), `${lines.join('\n')}\n`);
  }
}

/** Lines grouped into records (a stamped line and the unstamped lines after it), the records sorted by stamp. */
function byRecords(lines: string[]): string[] {
  const records: string[][] = [];
  for (const l of lines) {
    if (/^\d{4}-\d{2}-\d{2} /.test(l) || !records.length) records.push([l]);
    else records.at(-1)!.push(l);
  }
  return records
    .map((r, i) => ({ r, i }))
    .sort((a, b) =>
      a.r[0]!.slice(0, 23) < b.r[0]!.slice(0, 23) ? -1 : a.r[0]!.slice(0, 23) > b.r[0]!.slice(0, 23) ? 1 : a.i - b.i,
    )
    .flatMap((x) => x.r);
}

/**
 * The homes of `targets` judged both ways from one config written in `dir`, nothing probed (no request leaves this
 * host, and every verdict rests on what the homes show): the daemon's app, for its looks, and the findings of one run
 * of `gatewatch check --json` (a cron job, no daemon). The daemon's looks come one after another, the last of them
 * minutes after the homes were written on a busy box: its clock reads the moment the homes were judged from (its timers
 * are real), so a loop whose last line was recent then is recent at every look, as it was for `check` (issue 62).
 */
export async function judgedAlike(
  dir: string,
  targets: unknown[],
): Promise<{ app: App; check: Finding[]; checkOut: string }> {
  const raw = { state_dir: path.join(dir, 'state'), schedule: '0 0 1 1 *', detect: { reachability: false }, targets };
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify(raw));
  const log = pino({ level: 'silent' });
  const writtenAt = Date.now();
  const app = await createApp(resolveConfig(configSchema.parse(raw), undefined), {
    log,
    readOnly: true,
    clock: clockAt(() => writtenAt),
  });
  const r = await gatewatch(['check', '--json', '--config', file]);
  return { app, check: (JSON.parse(r.stdout) as { findings: Finding[] }).findings, checkOut: r.stdout };
}

/**
 * A live gateway in a container serving `home` (test/helpers/ns-gateway.ts: its own PID namespace, the home
 * bind-mounted at `inside`), its pid file written by itself from there; how it sees itself, for writeHome.
 */
export async function containerGatewayFor(
  home: string,
  inside = '/opt/data',
  o: { uid?: number } = {},
): Promise<{ pid: number } & SeenAs> {
  await mkdir(path.join(home, 'logs'), { recursive: true });
  await mkdir(path.join(home, 'state'), { recursive: true });
  // The image's boot chowns the volume to its user.
  if (o.uid !== undefined) await chownTree(home, o.uid);
  container(home, inside, o);
  const rec = await written(home);
  return { pid: rec.pid, ticks: rec.start_time, home: rec.hermes_home };
}
