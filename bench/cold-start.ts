// 5. Cold start of `gatewatch check` (dist/) on a healthy target: wall time and peak RSS, beside a bare `node -e 0`
// measured in the same run, alternating so load drifts hit both alike. Goal ≤ 1.6 × node's wall time, ≤ 50 MB (issue
// 12); issue 45 item 6's and issue 56 item 4's line is ≤ 2 ×. The CPU each used is shown too: on a shared box it moves
// less than wall time.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CLI,
  healthyHome,
  median,
  pct,
  requireBuild,
  show,
  sleeperGateway,
  type BenchOptions,
  type Row,
} from './lib/common.js';
import { timedRun } from './lib/spawn.js';

export default async function bench(o: BenchOptions): Promise<Row[]> {
  requireBuild();
  const trials = o.n(20, 5);
  const gw = sleeperGateway(path.join(o.tmp, 'cold', 'hermes'));
  try {
    const home = healthyHome(path.join(o.tmp, 'cold', 'hermes'), gw.pid!);
    const cfg = path.join(o.tmp, 'cold', 'gatewatch.yaml');
    writeFileSync(
      cfg,
      `state_dir: ${path.join(o.tmp, 'cold', 'state')}\ntargets:\n  - name: cold\n    hermes_home: ${home}\n    platforms: [feishu, qqbot]\n    service: { manager: none }\n`,
    );
    const check = { wall: [] as number[], rss: [] as number[] };
    const bare = { wall: [] as number[], rss: [] as number[] };
    const cpu = { check: [] as number[], bare: [] as number[] };
    for (let i = 0; i < trials + 1; i++) {
      const b = await timedRun(o.tmp, ['-e', '0']);
      const c = await timedRun(o.tmp, [CLI, 'check', '--config', cfg], { GATEWATCH_CONFIG: '' });
      if (c.code !== 0) throw new Error(`gatewatch check exited ${c.code} on the healthy target:\n${c.stdout}`);
      if (i === 0) continue; // the first pair warms the page cache
      bare.wall.push(b.wallMs), bare.rss.push(b.peakMb), check.wall.push(c.wallMs), check.rss.push(c.peakMb);
      cpu.bare.push(b.cpuMs), cpu.check.push(c.cpuMs);
    }
    const w = median(check.wall),
      nw = median(bare.wall);
    const r = median(check.rss),
      nr = median(bare.rss);
    const cc = median(cpu.check),
      nc = median(cpu.bare);
    return [
      show({
        bench: 'cold-start',
        metric: `node -e 0: wall (n=${trials})`,
        value: nw,
        p99: pct(bare.wall, 99),
        unit: 'ms',
      }),
      show({ bench: 'cold-start', metric: 'node -e 0: peak RSS', value: nr, unit: 'MB' }),
      show({
        bench: 'cold-start',
        metric: `gatewatch check: wall (n=${trials})`,
        value: w,
        p99: pct(check.wall, 99),
        unit: 'ms',
        baseline: nw,
        ratio: w / nw,
        goal: '≤ 1.6 × node -e 0',
        ok: w / nw <= 1.6,
      }),
      show({
        bench: 'cold-start',
        metric: 'gatewatch check: wall ÷ node -e 0 (issues 45, 56)',
        value: w / nw,
        unit: '×',
        goal: '≤ 2 ×',
        ok: w / nw <= 2,
      }),
      show({
        bench: 'cold-start',
        metric: `gatewatch check: CPU (n=${trials})`,
        value: cc,
        p99: pct(cpu.check, 99),
        unit: 'ms',
        baseline: nc,
        ratio: cc / nc,
      }),
      show({
        bench: 'cold-start',
        metric: 'gatewatch check: peak RSS',
        value: r,
        p99: pct(check.rss, 99),
        unit: 'MB',
        baseline: nr,
        ratio: r / nr,
        goal: '≤ 50 MB',
        ok: r <= 50,
      }),
    ];
  } finally {
    gw.kill('SIGKILL');
  }
}
