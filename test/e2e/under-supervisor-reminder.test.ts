// The operator's long stop, reminded by the built daemon (`gatewatch run`, its console) on the wall clock, the demo
// gateway under the real runsvdir, supervisord (as Debian installs it) and s6-svscan: a stop is quiet, and once it has
// lasted `detect.operator_stop_reminder` one warning says what brings it back. Where the supervisor still has the
// service (`sv down`, `supervisorctl stop`, `s6-svc -d`), gatewatch's restart and the supervisor's own start; where the
// operator took it out of what the supervisor reads, only putting it back: gatewatch's restart would ask the supervisor
// for a service it no longer has. On fd5ff2d9 that reminder offered `gatewatch restart` too; on 749ff965 the daemon
// took runit's taken-out service for a death and restarted it three times.
import { spawnSync } from 'node:child_process';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { available, supervised, type Supervised, type SupervisorKind } from '../helpers/supervised.js';
import { until } from '../helpers/until.js';
import { watchedDaemon } from '../helpers/watched-daemon.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

/** The demo gateway under `kind`, and the built daemon watching it with the shortest reminder the config takes. */
async function watched(
  kind: SupervisorKind,
  service: string,
): Promise<{ s: Supervised; w: Awaited<ReturnType<typeof watchedDaemon>> }> {
  const s = await supervised(kind, { service, ...(kind === 'supervisord' ? { debian: true } : {}) });
  cleanups.push(() => s.stop());
  const w = await watchedDaemon(s.home, cleanups, s.env, {
    detect: { reachability: false, operator_stop_reminder: '1m' },
  });
  await until('healthy', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 60_000 });
  return { s, w };
}

/** Each supervisor's own start, as the reminder words it; how an operator takes the service out, and its way back. */
const KINDS = [
  {
    kind: 'runit',
    start: /`sv up \S+hermes-remind-\d+`/,
    takeOut: (s: Supervised) => rm(s.program),
    putBack: /`ln -s .+ \S+hermes-out-\d+` on its host/,
  },
  {
    kind: 'supervisord',
    start: /`supervisorctl\b[^`]*start hermes`/,
    // Debian's way: the program's file taken out of conf.d, then `supervisorctl update`.
    takeOut: async (s: Supervised) => {
      await rm(path.join(path.dirname(s.home), 'conf.d', 'hermes.conf'));
      spawnSync('supervisorctl', ['-c', path.join(path.dirname(s.home), 'supervisord.conf'), 'update'], {
        stdio: 'ignore',
        timeout: 20_000,
      });
    },
    putBack: /`supervisorctl\b[^`]*update`/,
  },
  {
    kind: 's6',
    start: /`s6-svc -u \S+hermes-remind-\d+`/,
    takeOut: async (s: Supervised) => {
      await rename(s.program, path.join(path.dirname(s.home), 'hermes-out'));
      spawnSync('s6-svscanctl', ['-an', path.dirname(s.program)], { stdio: 'ignore', timeout: 20_000 });
    },
    putBack: /s6-svscanctl -a/,
  },
] as const;

/** The console from the reminder on, once the daemon has said it (a minute after the stop, on the wall clock). */
const reminder = (w: { out(): string }) =>
  until(
    'the reminder',
    () => {
      const at = w.out().search(/Gateway still stopped: the operator stopped it/);
      return at >= 0 && /If the stop is meant to last/.test(w.out().slice(at)) ? w.out().slice(at) : undefined;
    },
    { timeoutMs: 180_000, everyMs: 500 },
  ).catch((e: Error) => {
    throw new Error(`${e.message}\n--- the daemon's console:\n${w.out().slice(-3000)}`);
  });

// Side by side: each waits out a real minute, and one after another the file took six and a half.
describe.concurrent.each(KINDS)("an operator's long stop under $kind, reminded by the built daemon", (k) => {
  it.runIf(available[k.kind])(
    'its own stop: quiet, then one warning naming gatewatch’s restart and its start',
    {
      timeout: 300_000,
    },
    async ({ expect }) => {
      const { s, w } = await watched(k.kind, `hermes-remind-${process.pid}`);
      expect((await s.ctl('stop')).code).toBe(0);
      const said = await reminder(w);
      expect(said).toMatch(/restart hermes/);
      expect(said).toMatch(k.start);
      expect(w.out()).not.toMatch(/🔴/u);
    },
  );

  it.runIf(available[k.kind])(
    'the service taken out: quiet, then one warning naming only putting it back',
    {
      timeout: 300_000,
    },
    async ({ expect }) => {
      const { s, w } = await watched(k.kind, `hermes-out-${process.pid}`);
      await k.takeOut(s);
      const said = await reminder(w);
      expect(said).toMatch(k.putBack);
      expect(said).not.toMatch(/restart hermes/);
      expect(w.out()).not.toMatch(/🔴/u);
    },
  );
});
