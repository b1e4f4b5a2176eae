// Real Hermes homes whose trouble is a trend (issue 50 item 6), for the tests that judge them through `gatewatch check`
// and the daemon alike: a live `gateway run` process, its pid and state files, and its logs in Hermes' formats, dated
// relative to now. QQ's 4009 closes (hermes-gateway.md §4.1, as the real v0.17/v0.20 gateways wrote them), Hermes'
// `[MEMORY]` lines (hermes-gateway-current.md §9.20) and a plugin's runaway log (§10.2). A line Hermes writes through a
// `gateway.*` logger lands in gateway.log and agent.log both (§2.2): both get it.
import { appendFile, mkdir, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ago, entryAgo, writePidFile, writeStateFile } from './hermes-homes.js';
import { spawnIdle } from './probe-procs.js';

const both = async (home: string, lines: string[]) => {
  for (const f of ['gateway.log', 'agent.log']) await appendFile(path.join(home, 'logs', f), `${lines.join('\n')}\n`);
};

/** A live gateway process serving `home` (its argv as Hermes'), holding `holdMib` MiB of its own memory. */
export async function liveGateway(home: string, platform: string, holdMib = 0): Promise<number> {
  await mkdir(path.join(home, 'logs'), { recursive: true });
  const code = holdMib
    ? `globalThis.held = Buffer.alloc(${holdMib} * 2 ** 20, 1); process.stdout.write('ready\\n'); setInterval(() => {}, 1000)`
    : `process.stdout.write('ready\\n'); setInterval(() => {}, 1000)`;
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

/** A healthy Telegram gateway of an hour (its log in both files). */
export async function telegramHome(home: string): Promise<void> {
  await liveGateway(home, 'telegram');
  await both(home, started(3600, 'telegram'));
}
