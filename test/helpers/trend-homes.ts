// Real Hermes homes whose trouble is a trend (issue 50 item 6), for the tests that judge them through `gatewatch check`
// and the daemon alike: a live `gateway run` process, its pid and state files, and its logs in Hermes' formats, dated
// relative to now. QQ's 4009 closes (hermes-gateway.md §4.1, as the real v0.17/v0.20 gateways wrote them), Hermes'
// `[MEMORY]` lines (hermes-gateway-current.md §9.20) and a plugin's runaway log (§10.2). A line Hermes writes through a
// `gateway.*` logger lands in gateway.log and agent.log both (§2.2): both get it.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { appendFile, mkdir, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ago, entryAgo, writePidFile, writeStateFile } from './hermes-homes.js';
import { formatAsctime } from '../../src/demo/hermes-log.js';
import { spawnIdle, trackPid } from './probe-procs.js';

const both = async (home: string, lines: string[]) => {
  for (const f of ['gateway.log', 'agent.log']) await appendFile(path.join(home, 'logs', f), `${lines.join('\n')}\n`);
};

/**
 * A live gateway process serving `home` (its argv as Hermes'), holding `holdMib` MiB of its own memory, and `writes` (a
 * log under the home) open for appending, as Hermes holds its own logs.
 */
export async function liveGateway(home: string, platform: string, holdMib = 0, writes?: string): Promise<number> {
  await mkdir(path.join(home, 'logs'), { recursive: true });
  const hold = writes ? `require('fs').openSync(${JSON.stringify(writes)}, 'a'); ` : '';
  const code = holdMib
    ? `${hold}globalThis.held = Buffer.alloc(${holdMib} * 2 ** 20, 1); process.stdout.write('ready\\n'); setInterval(() => {}, 1000)`
    : `${hold}process.stdout.write('ready\\n'); setInterval(() => {}, 1000)`;
  const gw = spawnIdle(
    ['--', '-m', 'hermes_cli.main', 'gateway', 'run'],
    { ...process.env, HERMES_HOME: home },
    undefined,
    code,
  );
  await new Promise<void>((resolve) => gw.stdout!.once('data', () => resolve()));
  const pid = gw.pid!;
  await writePidFile(home, pid);
  await writeStateFile(home, pid, { [platform]: entryAgo('connected', 3600) }, 30);
  return pid;
}

/** The start of a life `s` seconds ago, its platform connected. */
const started = (s: number, platform: string) => [
  `${ago(s)} INFO gateway.run: Starting Hermes Gateway...`,
  `${ago(s - 1)} INFO gateway.run: ✓ ${platform} connected`,
  `${ago(s - 1)} INFO gateway.run: Gateway running with 1 platform(s)`,
];

/**
 * QQ idle for hours, its session closed with 4009 at `closes` (seconds ago, oldest first), each resumed 2 s later as
 * the real v0.17 gateway did it. `tag`: `[QQBot:<app id>]`, or `[QQBot]` for a bot without one (§4.1).
 */
export async function qqHome(home: string, closes: number[], tag = '[QQBot:102000111]'): Promise<void> {
  await liveGateway(home, 'qqbot');
  const qq = `gateway.platforms.qqbot.adapter: ${tag}`;
  const lines = [
    ...started(closes[0]! + 600, 'qqbot'),
    `${ago(closes[0]! + 599)} INFO ${qq} Ready, session_id=bb166fbb-868e-4fb9-bfac-f70899107f60`,
  ];
  for (const s of closes)
    lines.push(
      `${ago(s)} WARNING ${qq} WebSocket closed: code=4009 reason=Session timed out`,
      `${ago(s)} INFO ${qq} Reconnecting in 2s (attempt 1)...`,
      `${ago(s - 2)} INFO ${qq} Reconnected`,
      `${ago(s - 2)} INFO ${qq} Session resumed`,
    );
  await both(home, lines);
}

/** Close times (seconds ago, oldest first) for intervals from `fromSec`, each `factor` of the one before, to `toSec`. */
export function shortening(fromSec: number, toSec: number, factor: number, lastAgo = 60): number[] {
  const gaps: number[] = [];
  for (let g = fromSec; g >= toSec; g *= factor) gaps.push(g);
  const at = [lastAgo];
  for (const g of gaps.reverse()) at.unshift(at[0]! + Math.round(g));
  return at;
}

/** The process's VmRSS in MiB, read here independently of the code under test. */
async function vmRssMib(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const m = /^VmRSS:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) / 1024;
}

/**
 * A gateway holding `holdMib` whose `[MEMORY]` peaks of this life climbed for `hours` from `fromMib` to the VmRSS it
 * stands at now (`climb`), or levelled off at it after the first half hour (`level`); the wording `reference`
 * (`baseline rss=<n>MB`) or `decimal` (`rss=<n.n>MB`, the baseline rotated away).
 */
export async function memoryHome(
  home: string,
  o: { holdMib: number; fromMib: number; hours: number; shape: 'climb' | 'level'; wording: 'reference' | 'decimal' },
): Promise<number> {
  const pid = await liveGateway(home, 'telegram', o.holdMib);
  const now = await vmRssMib(pid);
  const span = o.hours * 3600;
  const lines = started(span + 5, 'telegram');
  for (let s = 0; s <= span; s += 300) {
    const share = o.shape === 'climb' ? s / span : Math.min(1, s / 1800);
    const mb = o.fromMib + (now - o.fromMib) * share;
    if (s === 0 && o.wording === 'decimal') continue;
    const figure = o.wording === 'decimal' ? mb.toFixed(1) : String(Math.round(mb));
    lines.push(
      `${ago(span - s)} INFO gateway.memory_monitor: [MEMORY] ${s === 0 ? 'baseline ' : ''}rss=${figure}MB gc=(412, 3, 1) threads=12 uptime=${s + 4}s`,
    );
  }
  await both(home, lines);
  return pid;
}

/** `logs/<name>` beside a live gateway's: its first line from `firstAgoS` ago, grown (sparse) to `bytes`, last written `writtenAgoS` ago. */
export async function bigLog(home: string, name: string, o: { bytes: number; firstAgoS: number; writtenAgoS: number }) {
  const file = path.join(home, 'logs', name);
  await writeFile(file, `${ago(o.firstAgoS)} INFO hermes_plugins.memory_plugin: stored 1 memory\n`);
  await truncate(file, o.bytes);
  const at = new Date(Date.now() - o.writtenAgoS * 1000);
  await utimes(file, at, at);
}

/** A healthy Telegram gateway of an hour (its log in both files); `writes`: a log it holds open for appending. */
export async function telegramHome(home: string, writes?: string): Promise<number> {
  const pid = await liveGateway(home, 'telegram', 0, writes);
  await both(home, started(3600, 'telegram'));
  return pid;
}

/**
 * The MCP Python SDK's line for each request its server takes (mcp/server/lowlevel/server.py: `logger.info("Processing
 * request of type %s", …)`) under logging's default format, as an MCP server's stderr holds it: no time on it. A server
 * in a list_changed loop is asked for its tools again and again.
 */
export const MCP_LIST_LINE = 'INFO:mcp.server.lowlevel.server:Processing request of type ListToolsRequest';

/**
 * A stand-in MCP server (`<dir>/mcp-server-fetch.js`) whose stderr is `file`, opened for appending as Hermes hands it
 * down (logs/mcp-stderr.log, hermes-gateway-current.md §9.17): it writes `lines` of its loop, then idles. Its pid.
 */
export async function mcpServer(dir: string, file: string, lines = 200): Promise<number> {
  const script = path.join(dir, 'mcp-server-fetch.js');
  await writeFile(
    script,
    `process.stderr.write(${JSON.stringify(`${MCP_LIST_LINE}\n`)}.repeat(${lines}));\nprocess.stdout.write('ready\\n');\nsetInterval(() => {}, 1000);\n`,
  );
  const fd = openSync(file, 'a');
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', fd] });
  closeSync(fd);
  trackPid(child.pid!);
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return child.pid!;
}

/**
 * `logs/<name>` with its rotated copies as Hermes' RotatingFileHandler leaves them (`name.1` … `name.<copies>`, `each`
 * bytes each, the current file `current` bytes): real lines of `line(stamp)`, each stamped `at(back)` ms before now for
 * the bytes `back` after it to the end (`steadily(mbPerHour)`, or any pace), the last just now.
 */
export async function rotatingLog(
  home: string,
  name: string,
  o: { each: number; copies: number; current: number; line: (stamp: string) => string; at: (back: number) => number },
): Promise<void> {
  const sizes = [...Array.from({ length: o.copies }, () => o.each), o.current];
  const total = sizes.reduce((n, x) => n + x, 0);
  const now = Date.now();
  let written = 0;
  for (const [k, size] of sizes.entries()) {
    const parts: string[] = [];
    for (let n = 0; n < size; ) {
      const l = `${o.line(formatAsctime(now - o.at(total - written - n)))}\n`;
      parts.push(l);
      n += Buffer.byteLength(l);
    }
    const text = parts.join('');
    written += Buffer.byteLength(text);
    const copy = o.copies - k;
    await writeFile(path.join(home, 'logs', copy ? `${name}.${copy}` : name), text);
  }
}

/** A steady pace for rotatingLog: `mbPerHour` (MB of 10^6 bytes, as the operator reads a rate). */
export const steadily = (mbPerHour: number) => (back: number) => (back / (mbPerHour * 1e6)) * 3_600_000;
