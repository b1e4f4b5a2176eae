// Issue 50 item 6: a cold look sees what a trend already shows. `gatewatch check --json`, run once as cron runs it,
// and the daemon (which keeps its own samples) judge the same real home on disk (test/helpers/trend-homes.ts) and
// reach the same verdict: QQ's 4009 rate climbing toward one a minute (a forecast, QQ's), a plugin's log of runaway
// size written now, and the gateway's memory climbing under its limit by Hermes' own `[MEMORY]` peaks while its VmRSS
// stands at the last one; each in two wordings, and a look-alike each that both leave quiet.
import { existsSync } from 'node:fs';
import { mkdir, rmdir, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp, type App } from '../src/app.js';
import type { Finding } from '../src/types.js';
import { gatewatch } from './helpers/cli-run.js';
import { cleanup, tempDir } from './helpers/probe-procs.js';
import { ext4Home, type Ext4Home } from './helpers/ext4-home.js';
import {
  bigLog,
  mcpServer,
  memoryHome,
  qqHome,
  rotatingLog,
  shortening,
  steadily,
  telegramHome,
} from './helpers/trend-homes.js';

const log = pino({ level: 'silent' });
const apps: App[] = [];
const disks: Ext4Home[] = [];
const groups: string[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  // Lazily: a writer still holds its log there until cleanup ends it.
  for (const d of disks.splice(0)) d.unmount();
  await cleanup();
  // A cgroup is removed once its processes are gone.
  for (const g of groups.splice(0)) await rmdir(g).catch(() => undefined);
});

const id = (f: Pick<Finding, 'check' | 'platform' | 'cause'>) =>
  `${f.check}${f.platform ? `:${f.platform}` : ''}${f.cause ? `#${f.cause}` : ''}`;

interface Verdict {
  findings: string[];
  exit: number;
  restart: string[];
  titles: string[];
  /** The writers of a flooding log their evidence names. */
  writers: string[];
}

const verdictOf = (
  found: Pick<Finding, 'check' | 'platform' | 'cause' | 'restart' | 'title' | 'evidence'>[],
  exit: number,
): Verdict => ({
  findings: found.map(id).sort(),
  exit,
  restart: found
    .filter((f) => f.restart === 'helps')
    .map(id)
    .sort(),
  // Which of a check's texts each is, by its title (check --json prints words, not the catalogue's keys).
  titles: found.map((f) => f.title).sort(),
  writers: found.flatMap((f) => f.evidence.filter((e) => / is open for writing by pid \d+: /.test(e))).sort(),
});

/** The daemon's judgement and `check --json`'s, on the same home with the same config. */
async function both(dir: string, home: string): Promise<{ daemon: Verdict; check: Verdict; texts: string[] }> {
  const raw = {
    state_dir: path.join(dir, 'state'),
    schedule: '0 0 1 1 *',
    // No probe leaves this host: the verdicts rest on the home alone.
    detect: { reachability: false },
    targets: [
      { name: 'gw', hermes_home: home, service: { manager: 'command', is_active: ['false'], restart: ['false'] } },
    ],
  };
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify(raw));
  const app = await createApp(resolveConfig(configSchema.parse(raw), undefined), { log });
  apps.push(app);
  const r = await app.core.evaluate('gw');
  const sev = r.findings.some((f) => f.severity === 'critical')
    ? 2
    : r.findings.some((f) => f.severity === 'warning')
      ? 1
      : 0;
  const c = await gatewatch(['check', '--json', '--config', file]);
  const found = (JSON.parse(c.stdout) as { findings: Finding[] }).findings;
  return {
    daemon: verdictOf(r.findings, sev),
    check: verdictOf(found, c.code ?? -1),
    // Which text of its check each finding is (the daemon's: check --json says the words alone).
    texts: r.findings.map((f) => f.text?.key ?? '').sort(),
  };
}

function agree(v: { daemon: Verdict; check: Verdict }, findings: string[]) {
  expect(v.daemon.findings).toEqual(findings);
  expect(v.check).toEqual(v.daemon);
}

describe('a cold look (check) and the daemon see the same trend on the same home', () => {
  for (const tag of ['[QQBot:102000111]', '[QQBot]'])
    it(`QQ's 4009s climbing from one per 30 min to one per 5 min over ~6 h: a forecast, QQ's (${tag})`, {
      timeout: 60_000,
    }, async () => {
      const dir = await tempDir('gw-cold-');
      const home = path.join(dir, 'hermes');
      await qqHome(home, shortening(1800, 290, 0.93), tag);
      const v = await both(dir, home);
      agree(v, ['forecast:qqbot#qq_4009']);
      expect(v.texts).toEqual(['finding.forecast.qq_4009.climb']);
      expect(v.check.exit).toBe(1);
    });

  it("QQ's routine 4009s with their jitter for 12 h: nothing, from either", { timeout: 60_000 }, async () => {
    const dir = await tempDir('gw-cold-');
    const home = path.join(dir, 'hermes');
    const gaps = [20, 40, 25, 35, 30, 22, 38, 28, 33, 27];
    const closes: number[] = [600];
    for (let i = 0; i < 24; i++) closes.unshift(closes[0]! + gaps[i % gaps.length]! * 60);
    await qqHome(home, closes);
    agree(await both(dir, home), []);
  });

  it('a plugin log of 4 GiB written over 4 h and still written now: its rate and the disk left', {
    timeout: 60_000,
  }, async () => {
    const dir = await tempDir('gw-cold-');
    const home = path.join(dir, 'hermes');
    await telegramHome(home);
    await bigLog(home, 'gateway.stdout.log', { bytes: 4 * 1024 ** 3, firstAgoS: 4 * 3600, writtenAgoS: 2 });
    const v = await both(dir, home);
    agree(v, ['log_flood#gateway.stdout.log']);
    expect(v.texts).toEqual(['finding.log_flood.file.runaway']);
  });

  it('an old rotated 4 GiB log, last written two days ago: nothing, from either', { timeout: 60_000 }, async () => {
    const dir = await tempDir('gw-cold-');
    const home = path.join(dir, 'hermes');
    await telegramHome(home);
    await bigLog(home, 'gateway.stdout.log.1', {
      bytes: 4 * 1024 ** 3,
      firstAgoS: 6 * 86_400,
      writtenAgoS: 2 * 86_400,
    });
    agree(await both(dir, home), []);
  });
});

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/**
 * A home on a disk of its own whose `logs/mcp-stderr.log` (an MCP server's stderr: no time on its lines, §9.17) is
 * `bytes` big and was created `bornAgoH` hours ago, written by a live stand-in server now; undefined where this host
 * cannot mount one.
 */
async function mcpHome(
  dir: string,
  bytes: number,
  bornAgoH: number,
): Promise<{ home: string; pid: number } | undefined> {
  const disk = ext4Home(dir);
  if (!disk) return undefined;
  disks.push(disk);
  const file = path.join(disk.home, 'logs', 'mcp-stderr.log');
  await mkdir(path.dirname(file));
  await writeFile(file, '');
  await truncate(file, Math.round(bytes));
  disk.born('logs/mcp-stderr.log', Date.now() - bornAgoH * 3_600_000);
  await telegramHome(disk.home);
  return { home: disk.home, pid: await mcpServer(dir, file, 200) };
}

/** A DingTalk reconnect storm's line (hermes-gateway-current.md §6), as a gateway.* logger writes it to agent.log. */
const storm = (stamp: string) =>
  `${stamp} WARNING hermes_plugins.dingtalk_platform.adapter: [Dingtalk] Stream client error: ConnectionClosedError(1011, 'keepalive ping timeout')`;

describe('a log written at hundreds of MB an hour, at one look as by the daemon (issue 60 item 5)', () => {
  it("an MCP server's stderr of 4.2 GiB since it was created 9.5 h ago, no time on its lines: the file and its writer", {
    timeout: 60_000,
  }, async (t) => {
    const dir = await tempDir('gw-cold-');
    const made = await mcpHome(dir, 4.2 * GiB, 9.5);
    if (!made) return t.skip();
    const v = await both(dir, made.home);
    agree(v, ['log_flood#mcp-stderr.log']);
    expect(v.texts).toEqual(['finding.log_flood.file.runaway']);
    expect(v.check.writers).toEqual([
      expect.stringMatching(
        new RegExp(`mcp-stderr\\.log is open for writing by pid ${made.pid}: .*mcp-server-fetch\\.js$`),
      ),
    ]);
  });

  it('agent.log at 300 MB an hour, which Hermes rotates at 5 MB: its pace across its copies, written by the gateway', {
    timeout: 60_000,
  }, async () => {
    const dir = await tempDir('gw-cold-');
    const home = path.join(dir, 'hermes');
    const file = path.join(home, 'logs', 'agent.log');
    const pid = await telegramHome(home, file);
    await rotatingLog(home, 'agent.log', {
      each: 5 * MiB,
      copies: 3,
      current: 3 * MiB,
      line: storm,
      at: steadily(300),
    });
    const v = await both(dir, home);
    agree(v, ['log_flood#agent.log']);
    expect(v.texts).toEqual(['finding.log_flood.file.pace.rotated']);
    expect(v.check.writers).toEqual([
      expect.stringMatching(new RegExp(`agent\\.log is open for writing by pid ${pid}: `)),
    ]);
  });

  it('look-alike: the same stderr, 600 MB since it was created two months ago, still written: nothing, from either', {
    timeout: 60_000,
  }, async (t) => {
    const dir = await tempDir('gw-cold-');
    const made = await mcpHome(dir, 600 * MiB, 60 * 24);
    if (!made) return t.skip();
    agree(await both(dir, made.home), []);
  });
});

/** A memory cgroup of `limitMib` holding `pid` (cgroup v1, as root); undefined where this host cannot make one. */
async function limitTo(pid: number, limitMib: number): Promise<boolean> {
  const root = '/sys/fs/cgroup/memory';
  if (!existsSync(path.join(root, 'cgroup.procs'))) return false;
  const g = path.join(root, `gw-test-${process.pid}-${pid}`);
  try {
    await mkdir(g);
    groups.push(g);
    await writeFile(path.join(g, 'memory.limit_in_bytes'), String(limitMib * 2 ** 20));
    await writeFile(path.join(g, 'cgroup.procs'), String(pid));
    return true;
  } catch {
    return false;
  }
}

describe("memory: Hermes' [MEMORY] peaks while the VmRSS stands at them, under a 1 GiB cgroup", () => {
  for (const wording of ['reference', 'decimal'] as const)
    it(`climbing from 60 MB over 1.5 h to the VmRSS now: the time to Hermes' tier (${wording})`, {
      timeout: 60_000,
    }, async (t) => {
      const dir = await tempDir('gw-cold-');
      const home = path.join(dir, 'hermes');
      const pid = await memoryHome(home, { holdMib: 200, fromMib: 60, hours: 1.5, shape: 'climb', wording });
      if (!(await limitTo(pid, 1024))) return t.skip();
      const v = await both(dir, home);
      agree(v, ['memory_growth']);
      expect(v.texts[0]).toMatch(/^finding\.memory_growth\.cgroup/);
      // The limit it names is the group's (1 GiB), not the RSS plus the room the group's page cache leaves.
      expect(v.check.titles[0]).toContain('(limit 1024 MB)');
    });

  it('a life that levelled off after its first half hour (a sawtooth of restarts): nothing, from either', {
    timeout: 60_000,
  }, async (t) => {
    const dir = await tempDir('gw-cold-');
    const home = path.join(dir, 'hermes');
    const pid = await memoryHome(home, { holdMib: 200, fromMib: 60, hours: 6, shape: 'level', wording: 'reference' });
    if (!(await limitTo(pid, 1024))) return t.skip();
    agree(await both(dir, home), []);
  });
});
