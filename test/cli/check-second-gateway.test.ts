// `gatewatch check` finds every gateway of a home, as the daemon does, though the pid record leads to one of them
// (issue 77 item 1): a `--replace` takeover that left the old gateway alive is two `gateway run` processes on one home,
// critical. Each verdict the host's process scan gives is kept, each through the built CLI: a second gateway beside
// the recorded one, a host gateway beside a container's, a second gateway polling the home's Telegram token, and a
// live gateway beside a record whose writer is dead. Real processes, real homes, the real log format.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatAsctime } from '../../src/demo/hermes-log.js';
import type { CheckFinding } from '../../src/control/protocol.js';
import { gatewatch } from '../helpers/cli-run.js';
import { retimedFixture, testBotToken, troubledGateway } from '../helpers/fix-scenes.js';
import { healthyLiveGateway } from '../helpers/live-gateway.js';
import { container, containerUnavailable, twinContainers, written } from '../helpers/ns-gateway.js';
import { cleanup, exited, spawnIdle, tempDir } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

afterEach(cleanup);

/** A `gateway run` process of `home` that no pid record names, once /proc shows its command line. */
async function secondGateway(home: string, env: NodeJS.ProcessEnv = {}) {
  const child = spawnIdle(['gateway', 'run', '--replace'], { ...process.env, ...env, HERMES_HOME: home });
  await until('its exec', async () =>
    (await readFile(`/proc/${child.pid}/cmdline`, 'utf8').catch(() => '')).includes('gateway'),
  );
  return child;
}

/** The lines a `--replace` start writes about the old gateway `pid` (real wording), spliced into its start-up. */
function takeoverLines(log: string, pid: number): void {
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const at = Date.parse(lines[1]!.slice(0, 23).replace(' ', 'T').replace(',', '.'));
  const line = (ms: number, level: string, text: string) => `${formatAsctime(ms)} ${level} gateway.run: ${text}`;
  lines.splice(
    2,
    0,
    line(at, 'INFO', `Replacing existing gateway instance (PID ${pid}) with --replace.`),
    line(at, 'WARNING', `Old gateway (PID ${pid}) did not exit after SIGTERM, sending SIGKILL.`),
  );
  writeFileSync(log, lines.join('\n') + '\n');
}

async function configFor(dir: string, home: string, platforms = ['feishu', 'qqbot']): Promise<string> {
  const file = path.join(dir, 'config.json');
  await writeFile(
    file,
    JSON.stringify({
      state_dir: path.join(dir, 'state'),
      detect: { reachability: false },
      targets: [{ name: 'gw', hermes_home: home, platforms, service: { manager: 'none' } }],
    }),
  );
  return file;
}

/** `gatewatch check --json` as a cron line runs it: the built CLI, its own process. */
async function check(config: string): Promise<{ code: number | null; findings: CheckFinding[]; out: string }> {
  const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
  const out = r.stdout + r.stderr;
  return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: CheckFinding[] }).findings, out };
}

/** A home the `--replace` start of its recorded gateway took over from `old`, which is alive or gone. */
async function takenOver(oldAlive: boolean) {
  const dir = await tempDir('gw-check-dup-');
  const home = path.join(dir, 'hermes');
  await mkdir(path.join(home, 'logs'), { recursive: true });
  const old = await secondGateway(home);
  const { log, pid } = await healthyLiveGateway(home);
  takeoverLines(log, old.pid!);
  if (!oldAlive) {
    old.kill('SIGKILL');
    await exited(old);
  }
  return { home, pid, old: old.pid!, config: await configFor(dir, home) };
}

describe.runIf(process.platform === 'linux')('check finds every gateway of the home', () => {
  it('a --replace takeover that left the old gateway alive: two gateways on one home, critical (exit 2)', {
    timeout: 30_000,
  }, async () => {
    const { pid, old, config } = await takenOver(true);
    const r = await check(config);
    const dup = r.findings.find((f) => f.check === 'duplicate_processes');
    expect(dup, r.out).toBeDefined();
    expect(dup!.severity).toBe('critical');
    expect(dup!.restart).toBe('never');
    expect(dup!.title).toBe('2 gateway processes run for the same Hermes home');
    expect(dup!.evidence.join('\n')).toContain(`pid ${old}:`);
    expect(dup!.evidence.join('\n')).toContain(`pid ${pid}:`);
    expect(r.code).toBe(2);
  });

  it('look-alike: the same takeover whose old gateway is gone is healthy (exit 0)', { timeout: 30_000 }, async () => {
    const { config } = await takenOver(false);
    const r = await check(config);
    expect(r.findings, r.out).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('a second gateway polling the home’s Telegram token is named as the other poller, and as a second gateway', {
    timeout: 30_000,
  }, async () => {
    const dir = await tempDir('gw-check-poller-');
    const home = path.join(dir, 'hermes');
    await mkdir(path.join(home, 'logs'), { recursive: true });
    await writeFile(path.join(home, '.env'), `TELEGRAM_BOT_TOKEN=${testBotToken()}\n`);
    const stray = await secondGateway(home);
    await troubledGateway(home, {
      log: retimedFixture('hermes-current/telegram-conflict-exhausted.log'),
      platforms: { telegram: { state: 'fatal', error_code: 'telegram_polling_conflict' } },
    });
    const r = await check(await configFor(dir, home, ['telegram']));
    const poll = r.findings.find((f) => f.check === 'telegram_polling_conflict');
    expect(poll, r.out).toBeDefined();
    expect(poll!.evidence.join('\n')).toContain(`pid ${stray.pid}`);
    expect(r.findings.map((f) => f.check)).toContain('duplicate_processes');
    expect(r.code).toBe(2);
  });

  it('a pid record whose writer is dead, a gateway of the home alive beside it: the gateway is up, not down', {
    timeout: 30_000,
  }, async () => {
    const dir = await tempDir('gw-check-dead-writer-');
    const home = path.join(dir, 'hermes');
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const { pid: dead } = await healthyLiveGateway(home);
    const live = await secondGateway(home);
    // The recorded gateway is killed: its record and state file stay, a dead writer's.
    process.kill(dead, 'SIGKILL');
    await until('the recorded gateway is gone', async () => !(await readFile(`/proc/${dead}/stat`).catch(() => null)));
    const r = await check(await configFor(dir, home));
    expect(
      r.findings.map((f) => f.check),
      r.out,
    ).toEqual([]);
    expect(r.code).toBe(0);
    // Without the live one the same home is down: the scan is what saw it.
    live.kill('SIGKILL');
    await exited(live);
    const down = await check(await configFor(dir, home));
    expect(
      down.findings.map((f) => f.check),
      down.out,
    ).toEqual(['state_stale_running']);
    expect(down.code).toBe(2);
  });
});

describe.skipIf(containerUnavailable())('check beside a gateway in a container', () => {
  it('a host gateway started against the container’s home is a second gateway beside the container’s', {
    timeout: 30_000,
  }, async () => {
    const dir = await tempDir('gw-check-boxed-');
    const home = path.join(dir, 'hermes');
    await mkdir(path.join(home, 'logs'), { recursive: true });
    container(home);
    await written(home);
    const stray = await secondGateway(home);
    const r = await check(await configFor(dir, home));
    const dup = r.findings.find((f) => f.check === 'duplicate_processes');
    expect(dup, r.out).toBeDefined();
    expect(dup!.cause).toBe('container');
    expect(dup!.action).toContain(`pid ${stray.pid}`);
    expect(r.code).toBe(2);
  });

  it('two containers started together, their records alike: each home’s status is its own live gateway', {
    timeout: 60_000,
  }, async () => {
    // A host's boot starts them at once: the same pid and start to the hundredth. Started together in pairs until a pair
    // is.
    const processLine = async (config: string) => {
      const r = await gatewatch(['status', '--json', '--config', config], { spawn: true });
      const fields = (JSON.parse(r.stdout) as { fields: { label: string; value: string }[] }[])[0]!.fields;
      return fields.find((f) => f.label === 'process')?.value ?? '';
    };
    for (let tries = 0; tries < 60; tries++) {
      const dirs = [await tempDir('gw-check-twin-'), await tempDir('gw-check-twin-')];
      const homes = dirs.map((d) => path.join(d, 'hermes'));
      for (const home of homes) await mkdir(path.join(home, 'logs'), { recursive: true });
      await twinContainers(
        homes,
        dirs.map((d) => path.join(d, 'gate')),
      );
      const [a, b] = await Promise.all(homes.map(written));
      if (a!.pid !== b!.pid || a!.start_time !== b!.start_time) {
        await cleanup();
        continue;
      }
      const said = await Promise.all(dirs.map(async (d, i) => processLine(await configFor(d, homes[i]!))));
      for (const line of said) expect(line).toMatch(/^running pid \d+/);
      expect(new Set(said.map((l) => /pid (\d+)/.exec(l)?.[1])).size).toBe(2);
      return;
    }
    expect.fail('no two containers started within one hundredth of a second in 60 pairs');
  });

  it('look-alike: the container’s gateway alone is no second gateway', { timeout: 30_000 }, async () => {
    const dir = await tempDir('gw-check-boxed-');
    const home = path.join(dir, 'hermes');
    await mkdir(path.join(home, 'logs'), { recursive: true });
    container(home);
    await written(home);
    const r = await check(await configFor(dir, home));
    expect(
      r.findings.map((f) => f.check),
      r.out,
    ).not.toContain('duplicate_processes');
  });
});
