// The demo gateway under the real pm2, supervisord and runit (test/helpers/supervised.ts), `service.manager: auto`:
// each supervisor is found from the live gateway's own process, read in its own words, and its lever pulled through
// gatewatch's action; a stop asked of it, a gateway that dies at every start and the supervisor's give-up are each
// told as such. The supervisors' exact words are their own (hermes-supervisors.md read them off these tools).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restartViaSupervisor, startViaSupervisor } from '../../../src/actions/supervisor.js';
import type { ServiceEvidence } from '../../../src/evidence.js';
import { probeProcess } from '../../../src/probes/process.js';
import { probeService } from '../../../src/probes/service.js';
import { systemClock } from '../../../src/util/clock.js';
import { gatewatch } from '../../helpers/cli-run.js';
import { makeTarget } from '../../helpers/probe-procs.js';
import { available, supervised, type Supervised, type SupervisorKind } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';

const live: Supervised[] = [];
afterEach(async () => {
  for (const s of live.splice(0)) await s.stop();
});

const ERROR = "ModuleNotFoundError: No module named 'lark_oapi'";

async function start(kind: SupervisorKind, o: Parameters<typeof supervised>[1] = {}) {
  const s = await supervised(kind, o);
  live.push(s);
  const target = makeTarget(s.home);
  const host = {
    env: { ...process.env, ...s.env, ...(s.bin ? { PATH: `${s.bin}:${process.env.PATH}` } : {}) },
    ...s.traces,
  };
  const look = async (): Promise<ServiceEvidence> => {
    const proc = await probeProcess(target);
    return probeService(target, { ...host, proc, pidRecord: proc.pidFile, now: Date.now() });
  };
  const alive = async () => (await probeProcess(target)).alive;
  await until(`the gateway runs under ${kind}`, alive, { timeoutMs: 60_000 });
  return { s, target, host, look, alive };
}

/** Started as `options` write it and stopped through its supervisor before any look: found, its stop the operator's. */
async function stoppedNeverSeen(kind: SupervisorKind, options: Parameters<typeof supervised>[1] = {}) {
  const { s, look, alive } = await start(kind, options);
  expect((await s.ctl('stop')).code).toBe(0);
  await until('stopped', async () => !(await alive()), { timeoutMs: 60_000 });
  const down = await until('the supervisor says it stopped it', async () => {
    const ev = await look();
    return ev.stopped ? ev : undefined;
  });
  expect(down).toMatchObject({ manager: kind, name: s.program, active: false });
  expect(down.stopped?.line).toMatch(WORDS[kind].stopped);
}

/** What each supervisor says of a running gateway, a stopped one, and one it gave up on, in its own words. */
const WORDS: Record<SupervisorKind, { running: RegExp; stopped: RegExp; gaveUp?: RegExp }> = {
  pm2: {
    running: /^online$/,
    stopped: /^Stopping app:hermes id:\d+$/,
    gaveUp: /had too many unstable restarts \(\d+\)\. Stopped\. "errored"/,
  },
  supervisord: {
    running: /^RUNNING pid \d+, uptime /,
    stopped: /^STOPPED \w{3} \d\d \d\d:\d\d [AP]M$/,
    gaveUp: /^gave up: hermes entered FATAL state, too many start retries too quickly$/,
  },
  // Down, or still going down as it was told (`want down`): the gateway may be gone before the supervisor says down.
  runit: { running: /^run: \(pid \d+\) \d+s/, stopped: /^(down: .*: \d+s, normally up$|run: .*, want down)/ },
  s6: {
    running: /^up \(pid \d+\) \d+ seconds?/,
    stopped: /^(down \(\w+ \d+\) \d+ seconds?, normally up|up \(pid \d+\) \d+ seconds?, want down)/,
  },
};

describe.runIf(available.pm2)("pm2's own stop and its boot", () => {
  it('`pm2 kill` is the operator stopping pm2 with its apps; `pm2 resurrect` (what boot runs) brings it back', {
    timeout: 300_000,
  }, async () => {
    const { s, target, host, look, alive } = await start('pm2');
    await look();
    expect((await s.ctl('kill')).code).toBe(0);
    await until('stopped', async () => !(await alive()), { timeoutMs: 60_000 });
    const down = await look();
    expect(down).toMatchObject({
      manager: 'pm2',
      state: 'pm2 not running',
      stopped: { line: 'PM2 successfully stopped' },
    });
    // gatewatch's lever for pm2 not running is pm2's own resurrect of the saved list. It spawns pm2's God daemon first:
    // beside the whole suite on two cores that took more than the lever's own minute once.
    const r = await startViaSupervisor(target, down, { ...host, clock: systemClock, timeoutMs: 150_000 });
    expect(r, r.detail).toMatchObject({ ok: true });
    expect(r.detail).toMatch(/pm2 resurrect: ok/);
    await until('the gateway runs again', alive, { timeoutMs: 60_000 });
  });

  it("pm2 gone without a stop (a reboot with no `pm2 startup`): a death, not the operator's, and resurrect is its lever", {
    timeout: 120_000,
  }, async () => {
    const { s, target, host, look, alive } = await start('pm2');
    const up = await look();
    // The God daemon and the gateway end at once, as a host going down ends them: nobody told pm2 anything.
    const god = Number((await import('node:fs')).readFileSync(`${s.env.PM2_HOME}/pm2.pid`, 'utf8'));
    process.kill(god, 'SIGKILL');
    process.kill(up.mainPid ?? (await probeProcess(target)).pid!, 'SIGKILL');
    // Both ended, the daemon too: a SIGKILLed process runs on until the kernel schedules its end (a loaded box).
    const { readFileSync } = await import('node:fs');
    const godGone = () => {
      try {
        return /\) [ZX] /.test(readFileSync(`/proc/${god}/stat`, 'utf8'));
      } catch {
        return true;
      }
    };
    await until('stopped', async () => !(await alive()) && godGone(), { timeoutMs: 60_000 });
    const down = await look();
    expect(down).toMatchObject({ manager: 'pm2', state: 'pm2 not running', active: false });
    expect(down.stopped).toBeUndefined();
    const r = await startViaSupervisor(target, down, { ...host, clock: systemClock });
    expect(r, r.detail).toMatchObject({ ok: true });
    await until('the gateway runs again', alive, { timeoutMs: 60_000 });
  });
});

describe.runIf(available.runit)("runit's own boot", () => {
  it("the host down and up: runit's while it is down, and its young life at boot a start, started by runit alone", {
    timeout: 180_000,
  }, async () => {
    const { s, look, alive } = await start('runit');
    expect(await look()).toMatchObject({ manager: 'runit', active: true });
    await s.halt!();
    await until('the gateway is gone with runsvdir', async () => !(await alive()), { timeoutMs: 60_000 });
    // Its pid file left with it, runsv with runsvdir: still runit's, never one nothing supervises.
    expect((await look()).manager).toBe('runit');
    await s.boot!();
    await until('runit started it again', alive, { timeoutMs: 60_000 });
    const dir = path.dirname(s.home);
    const config = path.join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        state_dir: path.join(dir, 'state'),
        targets: [{ name: 'hermes', hermes_home: s.home, platforms: ['feishu', 'qqbot'], reachability: false }],
        remediate: { auto_restart: false },
        channels: { console: {} },
      }),
    );
    // From the first look after the boot until its platforms are up: never a death, never a start of gatewatch's.
    const seen: { check: string; severity: string; action: string }[] = [];
    await until(
      'healthy after the boot',
      async () => {
        const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
        seen.push(...(JSON.parse(r.stdout).findings as typeof seen));
        return r.code === 0 || undefined;
      },
      { timeoutMs: 90_000, everyMs: 1_000 },
    );
    expect(seen.filter((f) => f.severity === 'critical')).toEqual([]);
    expect(seen.filter((f) => /hermes gateway run/.test(f.action))).toEqual([]);
  });
});

describe.runIf(available.supervisord)("a hosting panel's supervisord", () => {
  it('its own file in its own folder, the program in a file it includes: found while the gateway is down', {
    timeout: 120_000,
  }, async () => {
    const { s, look, alive } = await start('supervisord', { panel: true });
    // Never looked at alive: nothing remembered, no file of the host's usual places names it.
    expect((await s.ctl('stop')).code).toBe(0);
    await until('stopped', async () => !(await alive()), { timeoutMs: 60_000 });
    const down = await until('found, and its stop said', async () => {
      const ev = await look();
      return ev.stopped ? ev : undefined;
    });
    expect(down).toMatchObject({
      manager: 'supervisord',
      name: 'hermes',
      via: `unix://${path.join(path.dirname(s.home), 'supervisor.sock')}`,
    });
  });
});

describe.each(['runit', 's6'] as const)('%s watching a folder of its own', (kind) => {
  it.runIf(available[kind])(
    'found by the scanner that watches it, wherever it is, while the gateway is down',
    { timeout: 120_000 },
    async () => {
      const { s, look, alive } = await start(kind, { untraced: true });
      // Never looked at alive, and no folder of the host's usual places holds it.
      expect((await s.ctl('stop')).code).toBe(0);
      await until('stopped', async () => !(await alive()), { timeoutMs: 60_000 });
      const down = await until('found, and its stop said', async () => {
        const ev = await look();
        return ev.stopped ? ev : undefined;
      });
      expect(down).toMatchObject({ manager: kind, name: s.program });
    },
  );
});

// Each as operators write it: the home in runit's and s6's env folder, supervisord as Debian installs it.
const LAYOUTS: [SupervisorKind, Parameters<typeof supervised>[1], string][] = [
  ['runit', { runStyle: 'envdir' }, 'its home in an env folder (`chpst -e ./env`)'],
  ['s6', { runStyle: 'envdir' }, 'its home in an env folder (`s6-envdir ./env`)'],
  ['supervisord', { debian: true }, "Debian's own supervisord.conf, the program in conf.d"],
  // A start script names no home: Hermes' own last words (its parent at the stop) name the supervisor.
  ['runit', { runStyle: 'wrapper' }, 'its run execs a start script'],
  ['s6', { runStyle: 'wrapper' }, 'its run execs a start script'],
  ['supervisord', { wrapper: true }, 'its command is a start script'],
  ['pm2', { wrapper: true }, 'its app is a start script'],
];
describe.each(LAYOUTS)('%s, %o: %s', (kind, options) => {
  it.runIf(available[kind])(
    "a gateway never seen alive and down now: found by its traces, its stop the operator's",
    { timeout: 120_000 },
    () => stoppedNeverSeen(kind, options),
  );

  it.runIf(available[kind])(
    'a crash loop that began before gatewatch looked: `check` alone finds it and quotes the error',
    { timeout: 180_000 },
    async () => {
      const { s } = await start(kind, { ...options, supervisordOptions: ['startsecs=3', 'startretries=30'] });
      await s.breakStart(ERROR);
      await s.ctl('restart');
      const dir = path.dirname(s.home);
      const config = path.join(dir, 'config.json');
      // A new state folder at every look: nothing of an earlier look remembered, as a first `check` on a box.
      let n = 0;
      const found = await until(
        'check finds the loop',
        async () => {
          await writeFile(
            config,
            JSON.stringify({
              state_dir: path.join(dir, `state-${n++}`),
              targets: [{ name: 'hermes', hermes_home: s.home, platforms: ['feishu', 'qqbot'], reachability: false }],
              channels: { console: {} },
            }),
          );
          const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
          const findings = JSON.parse(r.stdout).findings as { check: string; restart: string; explanation: string }[];
          // pm2 gives up after 16 quick restarts: on a loaded box the first look may come after it has, and its
          // give-up is the loop's end, said with the same error.
          const loop = findings.find((f) => f.check === 'respawn_storm' || f.check === 'supervisor_gave_up');
          return r.code === 2 && loop ? loop : undefined;
        },
        { timeoutMs: 120_000, everyMs: 1_000 },
      );
      expect(found.restart).toBe('never');
      expect(found.explanation).toContain(ERROR);
    },
  );
});

describe.each(['pm2', 'supervisord', 'runit', 's6'] as const)('the demo gateway under %s', (kind) => {
  it.runIf(available[kind])(
    "is found from its own process, and a stop asked of it is the operator's",
    { timeout: 120_000 },
    async () => {
      const { s, look, alive } = await start(kind);
      // supervisord says STARTING until the gateway has lived `startsecs`.
      const up = await until('the supervisor says it runs', async () => {
        const ev = await look();
        return ev.active ? ev : undefined;
      });
      expect(up).toMatchObject({ manager: kind, name: s.program, active: true });
      expect(up.state).toMatch(WORDS[kind].running);
      expect(up.stopped).toBeUndefined();

      expect((await s.ctl('stop')).code).toBe(0);
      await until('the gateway stopped', async () => !(await alive()), { timeoutMs: 60_000 });
      // Its pid file left with it: the supervisor is still the one this gatewatch saw run it.
      const down = await until('the supervisor says it stopped it', async () => {
        const ev = await look();
        return ev.stopped ? ev : undefined;
      });
      expect(down).toMatchObject({ manager: kind, name: s.program, active: false });
      expect(down.stopped!.line).toMatch(WORDS[kind].stopped);
      expect(down.gaveUp).toBeUndefined();
    },
  );

  it.runIf(available[kind])(
    "its lever brings a stopped gateway back: the supervisor's own start",
    { timeout: 120_000 },
    async () => {
      const { s, target, host, look, alive } = await start(kind);
      await look();
      await s.ctl('stop');
      await until('stopped', async () => !(await alive()), { timeoutMs: 60_000 });
      const r = await startViaSupervisor(target, await look(), { ...host, clock: systemClock });
      expect(r, r.detail).toMatchObject({ ok: true });
      expect(r.detail).toMatch(
        kind === 'pm2'
          ? /pm2 start hermes: ok/
          : kind === 'supervisord'
            ? /supervisorctl .*start hermes: ok/
            : kind === 'runit'
              ? /sv up .*hermes: ok/
              : /s6-svc -u .*hermes: ok/,
      );
      await until('the gateway runs again', alive, { timeoutMs: 60_000 });
      const again = await restartViaSupervisor(target, await look(), { ...host, clock: systemClock });
      expect(again, again.detail).toMatchObject({ ok: true });
    },
  );

  it.runIf(available[kind])(
    'a gateway never seen alive and down now: found by its traces on the host, not taken for one nothing supervises',
    { timeout: 120_000 },
    () => stoppedNeverSeen(kind),
  );

  it.runIf(available[kind])(
    'a gateway that dies at every start: deaths counted, the cause quoted, never started on top',
    {
      timeout: 180_000,
    },
    async () => {
      const { s, look } = await start(kind, {
        // Slow enough that the loop lasts before pm2 and supervisord give up.
        pm2Options: ['--restart-delay', '2000'],
        supervisordOptions: ['startsecs=3', 'startretries=30'],
      });
      await look();
      await s.breakStart(ERROR);
      await s.ctl('restart');
      const looping = await until(
        'the supervisor counts the deaths',
        async () => {
          const ev = await look();
          return (ev.deaths?.count ?? 0) >= 3 && ev.cause ? ev : undefined;
        },
        { timeoutMs: 120_000, everyMs: 1_000 },
      );
      expect(looping.cause!.line).toBe(ERROR);
      expect(looping.gaveUp).toBeUndefined();
    },
  );

  // Two kills a few seconds apart (the OOM killer twice), the gateway serving between them: runit's count, which
  // gatewatch keeps of the young lives it saw, took the life it first saw (its start) and the one running now for
  // deaths: main read two kills as "restarted it 3 times", a crash loop whose lives "end too soon to serve". pm2,
  // supervisord and s6 count deaths in their own logs and tallies: run where gatewatch counts them, under runit.
  it.runIf(available[kind] && kind === 'runit')(
    'two kills with the gateway serving between them: two deaths, not a loop',
    {
      timeout: 120_000,
    },
    async () => {
      const { target, look } = await start(kind);
      await look();
      for (let kill = 0; kill < 2; kill++) {
        const { pidFile } = await probeProcess(target);
        process.kill(pidFile!.pid, 'SIGKILL');
        await until(
          'its next life serves',
          async () => {
            const p = await probeProcess(target);
            return p.alive && p.pid !== pidFile!.pid;
          },
          { timeoutMs: 60_000 },
        );
        await look();
      }
      const after = await look();
      expect(after.deaths?.count ?? 0).toBeLessThan(3);
    },
  );

  it.runIf(available[kind] && kind !== 'runit' && kind !== 's6')(
    'the give-up is said, with the error it died of',
    { timeout: 120_000 },
    async () => {
      const { s, target, host, look, alive } = await start(kind, {
        supervisordOptions: ['startsecs=3', 'startretries=2'],
      });
      await s.breakStart(ERROR);
      await s.ctl('restart');
      const gave = await until(
        'the supervisor gives up',
        async () => {
          const ev = await look();
          return ev.gaveUp ? ev : undefined;
        },
        { timeoutMs: 90_000, everyMs: 500 },
      );
      expect(gave.gaveUp!.line).toMatch(WORDS[kind].gaveUp!);
      expect(gave.cause?.line).toBe(ERROR);
      expect(gave.active).toBe(false);
      expect(gave.restarting).toBeFalsy();
      // Fixed, the supervisor's own start brings it back.
      await s.heal();
      const r = await startViaSupervisor(target, gave, { ...host, clock: systemClock });
      expect(r, r.detail).toMatchObject({ ok: true });
      await until('the gateway runs again', alive, { timeoutMs: 60_000 });
    },
  );
});

describe.runIf(available.pm2 && available.supervisord)('two supervisors claiming one home', () => {
  it("pm2 runs the gateway; supervisord's program for the same home loses every start: a fight, said, never restarted", {
    timeout: 180_000,
  }, async () => {
    const { s, target } = await start('pm2');
    const second = await supervised('supervisord', {
      home: s.home,
      supervisordOptions: ['startsecs=3', 'startretries=3'],
    });
    live.push(second);
    const dir = path.dirname(s.home);
    const config = path.join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        state_dir: path.join(dir, 'state'),
        targets: [{ name: 'hermes', hermes_home: s.home, platforms: ['feishu', 'qqbot'], reachability: false }],
        channels: { console: {} },
      }),
    );
    const env = { ...s.env, PATH: `${s.bin}:${process.env.PATH}` } as Record<string, string>;
    const found = await until(
      'the fight is said',
      async () => {
        const r = await gatewatch(['check', '--json', '--config', config], { spawn: true, env });
        const findings = JSON.parse(r.stdout).findings as { check: string; restart: string }[];
        return findings.some((f) => f.check === 'duplicate_processes') ? { r, findings } : undefined;
      },
      { timeoutMs: 90_000, everyMs: 2_000 },
    );
    expect(found.r.code).toBe(2);
    expect(found.findings.find((f) => f.check === 'duplicate_processes')!.restart).toBe('never');
    // The gateway pm2 runs is still the one running.
    expect((await probeService(target, { env: { ...process.env, ...env }, now: Date.now() })).manager).toBe('pm2');
  });
});
