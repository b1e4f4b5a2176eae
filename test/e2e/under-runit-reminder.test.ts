// The operator's long stop, reminded by the built daemon (`gatewatch run`, its console) on the wall clock, the demo
// gateway under the real runsvdir: a stop is quiet, and once it has lasted `detect.operator_stop_reminder` one warning
// says what brings it back. Where runit still has the service (`sv down`), gatewatch's restart and runit's own start;
// where the operator took it out (its link removed from runsvdir's folder), only putting it back: gatewatch's restart
// runs `sv restart` on a service runit no longer has. On fd5ff2d9 that reminder offered `gatewatch restart` too.
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { available, supervised, type Supervised } from '../helpers/supervised.js';
import { until } from '../helpers/until.js';
import { watchedDaemon } from '../helpers/watched-daemon.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

/** The demo gateway under runsvdir, and the built daemon watching it with the shortest reminder the config takes. */
async function watched(service: string): Promise<{ s: Supervised; w: Awaited<ReturnType<typeof watchedDaemon>> }> {
  const s = await supervised('runit', { service });
  cleanups.push(() => s.stop());
  const w = await watchedDaemon(s.home, cleanups, s.env, {
    detect: { reachability: false, operator_stop_reminder: '1m' },
  });
  await until('healthy', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 60_000 });
  return { s, w };
}

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

describe.runIf(available.runit)("an operator's long stop under runit, reminded by the built daemon", () => {
  it('`sv down`: quiet, then one warning naming gatewatch’s restart and runit’s start', {
    timeout: 300_000,
  }, async () => {
    const { s, w } = await watched(`hermes-remind-${process.pid}`);
    expect((await s.ctl('stop')).code).toBe(0);
    const said = await reminder(w);
    expect(said).toMatch(/restart hermes/);
    expect(said).toMatch(/`sv up \S+hermes-remind-\d+`/);
    expect(w.out()).not.toMatch(/🔴/u);
  });

  it('the service taken out: quiet, then one warning naming only putting it back', { timeout: 300_000 }, async () => {
    const { s, w } = await watched(`hermes-out-${process.pid}`);
    await rm(s.program);
    const said = await reminder(w);
    expect(said).toMatch(/`ln -s .+ \S+hermes-out-\d+` on its host/);
    expect(said).not.toMatch(/restart hermes/);
    expect(w.out()).not.toMatch(/🔴/u);
  });
});
