// A death its supervisor repairs, seen by the built daemon: the demo gateway under the real runit, supervisord and pm2
// (test/helpers/supervised.ts), `service.manager: auto`, SIGKILLed while the next life is held where Python imports it
// (so what is said is gatewatch's own sight, not that life's report of the death). Measured from the kill to the
// console's "Gateway (pid N) died … <supervisor> started it again". Goal (issue 82): within 2 s, naming the supervisor.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { available, supervised, type SupervisorKind } from '../test/helpers/supervised.js';
import { until } from '../test/helpers/until.js';
import { watchedDaemon } from '../test/helpers/watched-daemon.js';
import { median, pct, requireBuild, show, type BenchOptions, type Row } from './lib/common.js';

const GOAL_MS = 2_000;
const KINDS: SupervisorKind[] = ['runit', 'supervisord', 'pm2'];

/**
 * One kill, of a gateway its supervisor and the daemon have just begun: three kills of one within its supervisor's
 * window are a crash loop, rightly said as one.
 */
async function oneKill(kind: SupervisorKind): Promise<number> {
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const s = await supervised(kind);
    cleanups.push(() => s.stop());
    const w = await watchedDaemon(s.home, cleanups, {
      ...s.env,
      PATH: `${s.bin ? `${s.bin}:` : ''}${process.env.PATH}`,
    });
    await until('healthy', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 90_000 });
    const pid = await until(
      'a life the daemon has seen',
      async () => {
        const p = JSON.parse(await readFile(path.join(s.home, 'gateway.pid'), 'utf8')).pid as number;
        return (await w.cli(['status', 'hermes'])).stdout.includes(`${p}`) ? p : undefined;
      },
      { timeoutMs: 30_000 },
    );
    await s.holdStart();
    const said = new RegExp(`hermes: Gateway \\(pid ${pid}\\) died .*${kind} started it again`, 'u');
    const killedAt = performance.now();
    process.kill(pid, 'SIGKILL');
    await until('the death said', () => said.test(w.out()), { timeoutMs: 60_000, everyMs: 10 }).catch((e) => {
      throw new Error(`${(e as Error).message}\n${kind}'s console:\n${w.out().slice(-3000)}`);
    });
    const took = performance.now() - killedAt;
    await s.release();
    return took;
  } finally {
    while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  }
}

export default async function bench(o: BenchOptions): Promise<Row[]> {
  requireBuild();
  const rows: Row[] = [];
  for (const kind of KINDS.filter((k) => available[k])) {
    const took: number[] = [];
    for (let i = 0; i < o.n(3, 1); i++) took.push(await oneKill(kind));
    rows.push(
      show({
        bench: 'repaired-death',
        metric: `SIGKILL → "${kind} started it again" said (${took.length} kills)`,
        value: median(took),
        p99: pct(took, 99),
        unit: 'ms',
        goal: `≤ ${GOAL_MS} ms`,
        ok: Math.max(...took) <= GOAL_MS,
      }),
    );
  }
  return rows;
}
