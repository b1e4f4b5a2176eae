// 7. Many targets: 50 Hermes homes (profiles) on one host, each with a live gateway log; one full evaluation round
// of all of them (as the schedule runs it: concurrently). Goals: round ≤ 1 s; RSS ≤ 120 MB.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { timedRun } from './lib/spawn.js';
import { BIN, requireBuild, healthyHomes, median, pct, show, type BenchOptions, type Row } from './lib/common.js';
import { startApp } from './lib/app.js';

export default async function bench(o: BenchOptions): Promise<Row[]> {
  const homesN = 50;
  const { homes, kill } = healthyHomes(path.join(o.tmp, 'many'), homesN, (i) => `profile-${i}`);
  try {
    const { app } = await startApp(
      o.tmp,
      homes.map((h, i) => ({
        name: `p${i}`,
        hermes_home: h,
        platforms: ['feishu', 'qqbot'],
        service: { manager: 'none' },
      })),
    );
    const names = homes.map((_, i) => `p${i}`);
    const rounds: number[] = [];
    let rss = 0;
    for (let r = 0; r < o.n(10, 3); r++) {
      const t = performance.now();
      const res = await Promise.all(names.map((n) => app.core.evaluate(n)));
      rounds.push(performance.now() - t);
      rss = Math.max(rss, process.memoryUsage().rss / 2 ** 20);
      if (r === 0 && res.some((x) => x.findings.some((f) => f.severity === 'critical')))
        throw new Error('a healthy profile was judged critical');
    }
    await app.stop();
    // The same 50 homes in a process of gatewatch's own (dist/): `gatewatch check` evaluates all of them once.
    requireBuild();
    const cfg = path.join(o.tmp, 'many', 'gatewatch.yaml');
    writeFileSync(
      cfg,
      `state_dir: ${path.join(o.tmp, 'many', 'state')}\ntargets:\n${homes.map((h, i) => `  - { name: p${i}, hermes_home: ${h}, platforms: [feishu, qqbot], service: { manager: none } }`).join('\n')}\n`,
    );
    const runs = [];
    for (let i = 0; i < o.n(3, 1); i++)
      runs.push(await timedRun(o.tmp, [BIN, 'check', '--config', cfg], { GATEWATCH_CONFIG: '' }));
    if (runs.some((r) => r.code !== 0))
      throw new Error(
        `gatewatch check over ${homesN} healthy homes exited ${runs.map((r) => r.code)}:\n${runs[0]!.stdout.slice(0, 2000)}`,
      );
    const peak = median(runs.map((r) => r.peakMb));
    return [
      show({
        bench: 'many-targets',
        metric: `full round, ${homesN} homes (n=${rounds.length})`,
        value: median(rounds),
        p99: pct(rounds, 99),
        unit: 'ms',
        goal: '≤ 1000 ms',
        ok: pct(rounds, 99) <= 1000,
      }),
      show({
        bench: 'many-targets',
        metric: `RSS with ${homesN} homes (bench process, tsx)`,
        value: rss,
        unit: 'MB',
        note: 'includes tsx and the bench itself',
      }),
      show({
        bench: 'many-targets',
        metric: `gatewatch check over ${homesN} homes: wall`,
        value: median(runs.map((r) => r.wallMs)),
        unit: 'ms',
        note: 'start-up + one round',
      }),
      show({
        bench: 'many-targets',
        metric: `gatewatch check over ${homesN} homes: peak RSS`,
        value: peak,
        unit: 'MB',
        goal: '≤ 120 MB',
        ok: peak <= 120,
      }),
    ];
  } finally {
    kill();
  }
}
