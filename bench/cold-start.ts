// 5. Cold start of `gatewatch check` (package.json's bin, dist/src/gatewatch.cjs: what a cron line runs) on a healthy
// target: wall time and peak RSS, beside a bare `node -e 0` measured in the same run, alternating so load drifts hit
// both alike. Goal ≤ 2 × node's wall time (issue 81, which won back what a round of work had cost; issue 62 had settled
// on ≤ 2.5 ×) and ≤ 52 MB. The CPU each used is shown too: on a shared box it moves less than wall time. Then
// where a check's time goes, step by step (issue 62): the same check run with GATEWATCH_DEBUG=1, which says each
// step's milliseconds (src/util/steps.ts). With GW_BENCH_BEFORE=<another build's dist/src/gatewatch.cjs>, that build's
// check runs in the same rounds too: a change's before and after, measured under the same load. Then, for the record,
// `gatewatch status` of the same target (a command that answers and ends: its own bundle, issue 81).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BIN,
  healthyHome,
  median,
  pct,
  requireBuild,
  show,
  sleeperGateway,
  type BenchOptions,
  type Row,
} from './lib/common.js';
import { steppedRun, timedRun } from './lib/spawn.js';

/** check's wall time over a bare node's (issue 81). */
const GOAL = 2;

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
    const before = process.env.GW_BENCH_BEFORE;
    const then = { wall: [] as number[], rss: [] as number[], cpu: [] as number[] };
    for (let i = 0; i < trials + 1; i++) {
      const b = await timedRun(o.tmp, ['-e', '0']);
      // This build and the one before take turns at going first: on a small VM the second process of a round ran a few
      // ms faster than the first, whichever build it was.
      const thisFirst = i % 2 === 0;
      const p0 =
        before && !thisFirst
          ? await timedRun(o.tmp, [before, 'check', '--config', cfg], { GATEWATCH_CONFIG: '' })
          : undefined;
      const c = await timedRun(o.tmp, [BIN, 'check', '--config', cfg], { GATEWATCH_CONFIG: '' });
      if (c.code !== 0) throw new Error(`gatewatch check exited ${c.code} on the healthy target:\n${c.stdout}`);
      const p =
        p0 ??
        (before ? await timedRun(o.tmp, [before, 'check', '--config', cfg], { GATEWATCH_CONFIG: '' }) : undefined);
      if (i === 0) continue; // the first pair warms the page cache
      bare.wall.push(b.wallMs), bare.rss.push(b.peakMb), check.wall.push(c.wallMs), check.rss.push(c.peakMb);
      cpu.bare.push(b.cpuMs), cpu.check.push(c.cpuMs);
      if (p) then.wall.push(p.wallMs), then.rss.push(p.peakMb), then.cpu.push(p.cpuMs);
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
        goal: `≤ ${GOAL} × node -e 0`,
        ok: w / nw <= GOAL,
      }),
      show({
        bench: 'cold-start',
        metric: 'gatewatch check: wall ÷ node -e 0 (issue 81)',
        value: w / nw,
        unit: '×',
        goal: `≤ ${GOAL} ×`,
        ok: w / nw <= GOAL,
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
        goal: '≤ 52 MB',
        ok: r <= 52,
      }),
      ...(before ? beforeRows(then, nw, nc, trials) : []),
      ...(await oneShotRows(o, cfg, trials, nw, nc)),
      ...(await breakdown(o, cfg, trials)),
    ];
  } finally {
    gw.kill('SIGKILL');
  }
}

/**
 * `gatewatch status` of the same target, no daemon: a command that answers and ends, from its own bundle and code
 * cache (dist/src/bundle-cli.cjs). For the record: its wall time and CPU beside the same run's bare node.
 */
async function oneShotRows(o: BenchOptions, cfg: string, trials: number, nw: number, nc: number): Promise<Row[]> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < trials + 1; i++) {
    const s = await timedRun(o.tmp, [BIN, 'status', '--config', cfg], { GATEWATCH_CONFIG: '' });
    if (s.code !== 0) throw new Error(`gatewatch status exited ${s.code} on the healthy target:\n${s.stdout}`);
    if (i) wall.push(s.wallMs), cpu.push(s.cpuMs);
  }
  const w = median(wall);
  const c = median(cpu);
  return [
    show({
      bench: 'cold-start',
      metric: `gatewatch status: wall (n=${trials})`,
      value: w,
      p99: pct(wall, 99),
      unit: 'ms',
      baseline: nw,
      ratio: w / nw,
    }),
    show({
      bench: 'cold-start',
      metric: `gatewatch status: CPU (n=${trials})`,
      value: c,
      unit: 'ms',
      baseline: nc,
      ratio: c / nc,
    }),
  ];
}

/** GW_BENCH_BEFORE's check, measured in the same rounds as this build's (see the top). */
function beforeRows(then: { wall: number[]; rss: number[]; cpu: number[] }, nw: number, nc: number, trials: number) {
  const w = median(then.wall);
  const c = median(then.cpu);
  return [
    show({
      bench: 'cold-start',
      metric: `before: check wall (n=${trials})`,
      value: w,
      unit: 'ms',
      baseline: nw,
      ratio: w / nw,
    }),
    show({
      bench: 'cold-start',
      metric: `before: check CPU (n=${trials})`,
      value: c,
      unit: 'ms',
      baseline: nc,
      ratio: c / nc,
    }),
    show({ bench: 'cold-start', metric: 'before: check peak RSS', value: median(then.rss), unit: 'MB' }),
  ];
}

/**
 * The steps a check says it took (src/util/steps.ts), gathered as the issue names them: node's own start, the
 * bundle's compile and load (its imports), the config, the state_dir and the daemon's socket, the process (the pid
 * record, and the host's scan for every gateway of the home), the files read, the detectors and the output;
 * `exit` is the rest of the wall time (the process ending, the spawn). The process, the scan and the file reads of
 * one look run alongside each other: their shares overlap.
 */
const GROUPS: [string, string[]][] = [
  ['node start', ['node']],
  ['imports (bundle compile + load)', ['bundle']],
  ['config parse', ['config']],
  ['state_dir, daemon socket', ['daemon', 'app']],
  ['process: pid record', ['pid-record']],
  ['process: /proc scan', ['scan']],
  ['file reads (log, state, agent.log, Hermes files)', ['log', 'state-file', 'agent-log', 'hermes', 'samples']],
  ['service, reachability', ['service', 'reach']],
  ['detectors', ['detectors']],
  ['output (words, print)', ['words', 'output']],
];
/** The steps that follow one another: what they leave of the wall time is the process's exit. */
const SEQUENTIAL = ['node', 'bundle', 'config', 'daemon', 'app', 'look', 'output'];

async function breakdown(o: BenchOptions, cfg: string, trials: number): Promise<Row[]> {
  const runs: Awaited<ReturnType<typeof steppedRun>>[] = [];
  for (let i = 0; i < trials + 1; i++) {
    const c = await steppedRun(o.tmp, [BIN, 'check', '--config', cfg], { GATEWATCH_CONFIG: '' });
    if (c.code !== 0) throw new Error(`gatewatch check exited ${c.code} on the healthy target:\n${c.stdout}`);
    if (i) runs.push(c);
  }
  const wall = median(runs.map((r) => r.wallMs));
  const of = (names: string[]) => median(runs.map((r) => names.reduce((n, k) => n + (r.steps[k] ?? 0), 0)));
  const exit = median(runs.map((r) => r.wallMs - SEQUENTIAL.reduce((n, k) => n + (r.steps[k] ?? 0), 0)));
  const row = (metric: string, ms: number) =>
    show({
      bench: 'cold-start',
      metric: `check step: ${metric}`,
      value: ms,
      unit: 'ms',
      note: `${((100 * ms) / wall).toFixed(0)} % of ${wall.toFixed(0)} ms`,
    });
  return [...GROUPS.map(([name, steps]) => row(name, of(steps))), row('exit, spawn', exit)];
}
