// The demo gateway's story under each real supervisor (test/helpers/real-supervisors.ts): found from its own process,
// its stop the operator's, its lever, a loop counted, the give-up said.
import { afterEach, describe, expect, it } from 'vitest';
import { restartViaSupervisor, startViaSupervisor } from '../../../src/actions/supervisor.js';
import { probeProcess } from '../../../src/probes/process.js';
import { systemClock } from '../../../src/util/clock.js';
import { available } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';
import { ERROR, start, stopLive, stoppedNeverSeen, WORDS } from '../../helpers/real-supervisors.js';

afterEach(stopLive);

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
