// The availability figures through the built daemon against the demo gateway, on the wall clock (issue 43, items 1-4):
// the gateway's own start is not downtime, its routine QQ resumes (every 20 s, 2 s each, inside disconnect_grace) are
// not downtime, two SIGKILLs restarted from outside count for what they lasted (from the kill to the platforms being
// connected again, as the gateway's own log dates them), the platforms are recorded up again after each recovery,
// and the time gatewatch was stopped is neither up nor down: the CLI reading the file meanwhile and the daemon started
// again say the same figure. Each outage is held to what the daemon could know: it dates a death at its first sight
// of the process gone (after the kill, before it printed the alert) and the recovery at the look that saw both
// platforms connected (after the log says so, before it printed the recovery), so the figure lies between those, the
// liveness poll's 2 s and a look's own time apart on a quiet box; a loaded one only widens the window, never moves the
// figure out of it (a fixed ±2 s around the true length failed there).
import { execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoTargetConfig, startDemo, stopDemo } from '../../src/demo/index.js';
import { parseLogText } from '../../src/probes/log-parse.js';
import { gatewatch } from '../helpers/cli-run.js';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';
import { DIST } from '../helpers/paths.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHome: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHome) await stopDemo(demoHome).catch(() => undefined);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The figures /uptime printed last on the console: availability (%), downtime (s). */
function lastFigures(out: string): { percent: number; downtime: number } {
  const all = [...out.matchAll(/demo: ([\d.]+)% up, downtime (?:(\d+)m )?(\d+)s/g)];
  const m = all.at(-1);
  if (!m) throw new Error(`no /uptime figures in:\n${out}`);
  return { percent: Number(m[1]), downtime: Number(m[2] ?? 0) * 60 + Number(m[3]) };
}

/** When the demo's log says both platforms connected, first after `after` (epoch ms). */
function connectedAgain(home: string, after: number): number | undefined {
  const records = parseLogText(readFileSync(path.join(home, 'logs', 'gateway.log'), 'utf8'));
  const start = records.findIndex((r) => r.ts >= after && r.message === 'Starting Hermes Gateway...');
  if (start < 0) return undefined;
  const both = records.slice(start).filter((r) => /^✓ (feishu|qqbot) connected$/.test(r.message));
  return both.length >= 2 ? both[1]!.ts : undefined;
}

const pidOf = (home: string): number => {
  const raw = readFileSync(path.join(home, 'gateway.pid'), 'utf8').trim();
  return raw.startsWith('{') ? JSON.parse(raw).pid : Number(raw);
};

describe('/uptime through the daemon, against the demo gateway, on the wall clock', () => {
  it('start, routine resumes, two kills restarted from outside, the daemon stopped and started: true figures', {
    timeout: 180_000,
  }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-uptime-truth-'));
    demoHome = path.join(home, 'demo-hermes');
    expect((await startDemo(demoHome)).ok).toBe(true);
    // As a user's config: the default schedule (a check a minute) and grace; the gateway is brought back by its own
    // start script, not by gatewatch: the figures are about what happened, not about how often gatewatch looked.
    const config = path.join(home, 'gatewatch.yaml');
    const demo = demoTargetConfig(demoHome);
    writeFileSync(
      config,
      [
        `state_dir: ${path.join(home, 'state')}`,
        'remediate: { auto_restart: false }',
        'targets:',
        `  - { name: demo, hermes_home: ${demo.hermes_home}, reachability: false, service: ${JSON.stringify(demo.service)} }`,
      ].join('\n'),
    );
    const start = () => startConsoleCli(home, ['run', '--console', '--config', config], { waitMs: 60_000 });
    let cli = start();
    child = cli.child;
    let at = await cli.waitFor(/demo: healthy[^🔴]*QQ\s+connected/u, 0, '/status');

    // The figures as a script reads them: `gatewatch uptime --json`, answered by the running daemon.
    let lastRead: unknown;
    const figures = async () => {
      const r = await gatewatch(['uptime', '--config', config, '--json'], { env: { HOME: home } });
      expect(r.code, r.stderr).toBe(0);
      lastRead = JSON.parse(r.stdout).targets[0];
      return lastRead as { availability: number; downtime_s: number };
    };

    // 3. Its own start is not downtime: until the first look saw the platforms, they were not watched.
    expect(await figures()).toMatchObject({ availability: 1, downtime_s: 0 });
    cli.send('/uptime');
    at = await cli.waitFor(/demo: [\d.]+% up, downtime/, at);
    expect(lastFigures(cli.out())).toEqual({ percent: 100, downtime: 0 });

    // 1. Two SIGKILLs, the gateway started again by its start script after ~8 s and ~5 s. Each counts from gatewatch's
    // first sight of the process gone (within the 2-s liveness poll after the kill: never before it) to both platforms
    // connected again.
    const ctl = path.join(DIST, 'demo', 'ctl.js');
    const outage = async (downMs: number, env: NodeJS.ProcessEnv = process.env) => {
      // Past a routine resume or two first (the demo's QQ drops every 20 s and resumes in 2 s).
      await sleep(6_000);
      const killedAt = Date.now();
      process.kill(pidOf(demoHome!), 'SIGKILL');
      at = await cli.waitFor(/🔴 demo: Gateway died/, at);
      const diedSaid = Date.now();
      await sleep(Math.max(0, killedAt + downMs - Date.now()));
      execFileSync(process.execPath, [ctl, 'start', '--home', demoHome!], { stdio: 'ignore', env });
      const back = await until('both platforms connected again', () => connectedAgain(demoHome!, killedAt), {
        timeoutMs: 30_000,
        everyMs: 100,
      });
      at = await cli.waitFor(/✅ demo: the gateway is back/, at);
      const recoveredSaid = Date.now();
      // A tenth either side: the demo may write its state file a moment before the log line that dates `back`.
      return {
        real: (back - killedAt) / 1000,
        least: (back - diedSaid) / 1000 - 0.1,
        most: (recoveredSaid - killedAt) / 1000 + 0.1,
      };
    };
    const within = (counted: number, o: { real: number; least: number; most: number }) => {
      const r: Record<string, unknown> = { counted, ...o, within: counted >= o.least && counted <= o.most };
      // What the daemon recorded, to read when it is not.
      if (!r.within) {
        r.figures = lastRead;
        r.log = parseLogText(readFileSync(path.join(demoHome!, 'logs', 'gateway.log'), 'utf8'))
          .filter((x) => /^(Starting Hermes|✓ |✗ |Connected|WebSocket|Ready|Reconnect|Resum)/.test(x.message))
          .map((x) => `${x.ts} ${x.message}`);
        // What the daemon said meanwhile (its alerts and recoveries): a figure off by seconds once under load read
        // only as the figures and the gateway's log, not as which look said what.
        r.console = cli.out().slice(-6000);
      }
      return r;
    };
    // The first restart writes its state file 2 s after each connect line: the looks those lines set off read Feishu
    // "connecting" from the file. The log's connect is newer and is what counts; else Feishu stays down until the next
    // look, which comes only after the second kill, and that outage counts 6 s more than it lasted (found under load).
    const first = await outage(8_000, { ...process.env, GATEWATCH_DEMO_STATE_LAG: '2s' });
    const after1 = (await figures()).downtime_s;
    const one = within(after1, first);
    expect(one.within, JSON.stringify(one)).toBe(true);
    const second = await outage(5_000);
    // A routine resume or two more, then the figures.
    await sleep(25_000);
    const after2 = (await figures()).downtime_s;
    const two = within(after2 - after1, second);
    expect(two.within, JSON.stringify(two)).toBe(true);
    cli.send('/uptime');
    // The figures, what is not counted, each incident with its ref, then the strip.
    at = await cli.waitFor(/demo: [\d.]+% up, downtime[^\n]*\n(?:[^\n]*\n)*?  demo +\|[^\n]*\|/, at);
    const running = lastFigures(cli.out());
    // Between the figures read before it and after it (to the second it is said in): a look between them may have
    // counted a moment more, on a loaded box.
    const after3 = (await figures()).downtime_s;
    // What /uptime says is each outage as long as its clock times show (figures.ts saidDowntime: the figure adds up
    // with the incidents listed under it, "down 9s" and "down 6s" → 15 s), and each clock span is within a second of
    // the exact length: two outages, two seconds either way (15 s said against 13.6 s exact, seen in full runs).
    const outages = 2;
    const said = () => JSON.stringify({ running, after2, after3, figures: lastRead, console: cli.out().slice(-6000) });
    expect(running.downtime, said()).toBeGreaterThanOrEqual(after2 - outages);
    expect(running.downtime, said()).toBeLessThanOrEqual(after3 + outages);
    // Recorded up again after each recovery: the strip ends up, not down.
    const strip = cli.out().slice(cli.out().lastIndexOf('  demo '));
    expect(strip.split('\n')[0]).toMatch(/█\|$/);

    // 4. The daemon stopped: the time it is away is not watched, so the figure does not move while it is away...
    await endCli(cli.child);
    const offline = figures;
    const a = await offline();
    await sleep(4_000);
    const b = await offline();
    expect(b.availability).toBeCloseTo(a.availability, 3);
    expect(b.downtime_s).toBe(a.downtime_s);
    expect(Math.abs(a.downtime_s - running.downtime)).toBeLessThanOrEqual(outages);

    // ... and the daemon started again says the same as the CLI did while it was away.
    cli = start();
    child = cli.child;
    cli.send('/uptime');
    at = await cli.waitFor(/demo: [\d.]+% up, downtime/);
    const again = lastFigures(cli.out());
    expect(Math.abs(again.downtime - a.downtime_s)).toBeLessThanOrEqual(outages);
    expect(Math.abs(again.percent - a.availability * 100)).toBeLessThan(1);
  });
});
