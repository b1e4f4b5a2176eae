// `npm run bench`: runs every bench/*.ts (each default export takes the options and returns its rows), prints one
// table and writes bench/results.json with the machine it ran on. Not part of `npm test`.
//   npm run bench                       default mode (< 10 min on 2 cores)
//   npm run bench -- --quick            fewer trials, 20 s footprint: proves the suite works
//   npm run bench -- --full             ≥ 10 min footprint, more trials;  --soak: 2 h footprint
//   npm run bench -- --reference        also write bench/results.reference.json (the committed figures; quiet machine!)
//   npm run bench -- detection cold     only files whose name contains one of the words
//   npm run bench -- footprint --scenario=QQ   only the scenarios whose label contains one of the --scenario= words
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fmt, ratio, type BenchOptions, type Mode, type Row } from './lib/common.js';

// Node 20 reads and parses the whole NODE_EXTRA_CA_CERTS bundle as it starts: ~70 ms of CPU on every process, 2–3×
// a bare start. It would be added to `node -e 0` and to every gatewatch start alike and hide how they differ (cold
// start read ×1.9 with it, ×3.1 without); a user without it pays only the difference. No bench reaches a registry.
delete process.env.NODE_EXTRA_CA_CERTS;

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const only = args.filter((a) => !a.startsWith('--'));
const scenarios = args.filter((a) => a.startsWith('--scenario=')).map((a) => a.slice('--scenario='.length));
const mode: Mode = flags.has('--soak')
  ? 'soak'
  : flags.has('--full')
    ? 'full'
    : flags.has('--quick')
      ? 'quick'
      : 'default';
const files = (await readdir(here))
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();

const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-'));
const opts: BenchOptions = {
  mode,
  tmp,
  ...(scenarios.length ? { scenarios } : {}),
  n: (def, quick = Math.max(1, Math.round(def / 5))) => (mode === 'quick' ? quick : mode === 'default' ? def : def * 2),
};

const started = Date.now();
const rows: Row[] = [];
const failures: { file: string; error: string }[] = [];
for (const f of files) {
  console.log(`\n== ${f}`);
  const t0 = Date.now();
  try {
    const mod = (await import(pathToFileURL(path.join(here, f)).href)) as {
      default?: (o: BenchOptions) => Promise<Row[] | void>;
    };
    if (typeof mod.default !== 'function') throw new Error('no default export');
    rows.push(...((await mod.default(opts)) ?? []));
  } catch (e) {
    failures.push({ file: f, error: String((e as Error).stack ?? e) });
    console.log(`   failed: ${(e as Error).stack ?? e}`);
  }
  console.log(`   (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
rmSync(tmp, { recursive: true, force: true });

const table = rows.map((r) => [
  r.bench,
  r.metric,
  fmt(r.value, r.unit) + (r.p99 !== undefined ? ` / p99 ${fmt(r.p99, r.unit)}` : ''),
  r.baseline !== undefined ? `${fmt(r.baseline, r.unit)} (${ratio(r.ratio)})` : '',
  r.goal ?? '',
  r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
]);
const head = ['bench', 'metric', 'median / p99', 'baseline (ratio)', 'goal', ''];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (r: string[]) =>
  r
    .map((c, i) => c.padEnd(widths[i]!))
    .join('  ')
    .trimEnd();
console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${table.map(line).join('\n')}`);
const missed = rows.filter((r) => r.ok === false);
console.log(
  `\n${rows.length} rows, ${missed.length} goals missed, ${failures.length} benches failed, ${((Date.now() - started) / 1000).toFixed(0)} s (${mode} mode)`,
);

const cpus = os.cpus();
const result = {
  machine: {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_mb: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadavg: os.loadavg(),
  },
  date: new Date().toISOString(),
  mode,
  duration_s: Math.round((Date.now() - started) / 1000),
  rows,
  failures,
};
writeFileSync(path.join(here, 'results.json'), JSON.stringify(result, null, 2) + '\n');
if (flags.has('--reference'))
  writeFileSync(path.join(here, 'results.reference.json'), JSON.stringify(result, null, 2) + '\n');
console.log(`wrote bench/results.json${flags.has('--reference') ? ' and bench/results.reference.json' : ''}`);
process.exitCode = failures.length ? 1 : 0;
