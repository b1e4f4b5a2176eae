// Issue 50 item 6: a cold look sees what a trend already shows. `gatewatch check --json`, run once as cron runs it,
// and the daemon (which keeps its own samples) judge the same real home on disk (test/helpers/trend-homes.ts) and
// reach the same verdict: QQ's 4009 rate climbing toward one a minute (a forecast, QQ's), a plugin's log of runaway
// size written now, and the gateway's memory climbing under its limit by Hermes' own `[MEMORY]` peaks while its VmRSS
// stands at the last one; each in two wordings, and a look-alike each that both leave quiet.
import { existsSync } from 'node:fs';
import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp, type App } from '../src/app.js';
import type { Finding } from '../src/types.js';
import { gatewatch } from './helpers/cli-run.js';
import { cleanup, tempDir } from './helpers/probe-procs.js';
import { bigLog, memoryHome, qqHome, shortening, telegramHome } from './helpers/trend-homes.js';

const log = pino({ level: 'silent' });
const apps: App[] = [];
const groups: string[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
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
  texts: string[];
}

const verdictOf = (found: Finding[], exit: number): Verdict => ({
  findings: found.map(id).sort(),
  exit,
  restart: found
    .filter((f) => f.restart === 'helps')
    .map(id)
    .sort(),
  texts: found.map((f) => f.text?.key ?? '').sort(),
});

/** The daemon's judgement and `check --json`'s, on the same home with the same config. */
async function both(dir: string, home: string): Promise<{ daemon: Verdict; check: Verdict }> {
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
  const r = await app.evaluate('gw');
  const sev = r.findings.some((f) => f.severity === 'critical')
    ? 2
    : r.findings.some((f) => f.severity === 'warning')
      ? 1
      : 0;
  const c = await gatewatch(['check', '--json', '--config', file]);
  const found = (JSON.parse(c.stdout) as { findings: Finding[] }).findings;
  return { daemon: verdictOf(r.findings, sev), check: verdictOf(found, c.code ?? -1) };
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
      expect(v.check.texts).toEqual(['finding.forecast.qq_4009.climb']);
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
    expect(v.check.texts).toEqual(['finding.log_flood.file.runaway']);
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
      expect(v.check.texts[0]).toMatch(/^finding\.memory_growth\.cgroup/);
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
