// deploy/grafana/gatewatch-fleet.json: every query of the dashboard reads only series that exist (gatewatch's metric
// contract, docs/metrics.md, or a recording rule of deploy/prometheus/gatewatch.rules.yml) with labels they have, so
// renaming a metric, a label or a recording rule breaks this test rather than a user's graphs; the panels follow the
// dashboard's variables; and promtool, where installed, parses every query.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TEST_DIR } from '../helpers/paths.js';
import { contractSeries, exprNames, exprProblems, type Known, knownSeries, ruleGroups } from '../helpers/promql.js';

const run = promisify(execFile);
const FILE = path.join(TEST_DIR, '..', 'deploy', 'grafana', 'gatewatch-fleet.json');
const DS = { type: 'prometheus', uid: '${datasource}' };

interface Target {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  type: string;
  name: string;
  query: string | { query: string };
  definition?: string;
  datasource?: { type: string; uid: string };
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Variable[] };
}

/** Every panel, those inside a row included. */
const allPanels = (ps: Panel[]): Panel[] => ps.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);

/** Each query of the dashboard and where it sits: panel targets, and the query variables' `label_values(…)`. */
function queries(d: Dashboard): { where: string; expr: string; label?: string }[] {
  const out: { where: string; expr: string; label?: string }[] = [];
  for (const p of allPanels(d.panels))
    for (const t of p.targets ?? []) out.push({ where: `panel "${p.title}" ${t.refId}`, expr: t.expr });
  for (const v of d.templating.list.filter((x) => x.type === 'query')) {
    const q = typeof v.query === 'string' ? v.query : v.query.query;
    const m = /^\s*label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/s.exec(q);
    if (m) out.push({ where: `variable ${v.name}`, expr: m[1]!, label: m[2]! });
    else out.push({ where: `variable ${v.name}`, expr: q });
  }
  return out;
}

/** What is wrong with the dashboard's queries against the known series; empty when nothing is. */
function problems(d: Dashboard, known: Known): string[] {
  return queries(d).flatMap(({ where, expr, label }) => {
    const found = exprProblems(expr, known);
    if (label) {
      const labels = new Set(exprNames(expr).selectors.flatMap((s) => [...(known.get(s.name) ?? [])]));
      if (!labels.has(label)) found.push(`label_values of a label "${label}" no series read has`);
    }
    return found.map((f) => `${where}: ${f}`);
  });
}

const promtool = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

describe('the Grafana dashboard', () => {
  const text = readFileSync(FILE, 'utf8');
  const dashboard = JSON.parse(text) as Dashboard;
  const known = knownSeries();

  it('is a dashboard Grafana 10/11 imports: schema, uid, a Prometheus data source variable, instance and target variables', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    const vars = new Map(dashboard.templating.list.map((v) => [v.name, v]));
    expect(vars.get('datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const n of ['instance', 'target']) {
      expect(vars.get(n)?.type, n).toBe('query');
      expect(vars.get(n)?.datasource, n).toEqual(DS);
    }
  });

  it('has the panels the issue asks for, each on the data source variable, with unique ids inside the 24-column grid', () => {
    const panels = allPanels(dashboard.panels);
    const shown = panels.filter((p) => p.type !== 'row');
    const reads = (p: Panel) => (p.targets ?? []).flatMap((t) => exprNames(t.expr).selectors.map((s) => s.name));
    const about = (re: RegExp) => shown.filter((p) => reads(p).some((n) => re.test(n))).map((p) => p.type);
    expect(about(/gatewatch_availability_ratio/)).toEqual(expect.arrayContaining(['stat', 'bargauge']));
    expect(about(/^gatewatch_platform_up$/)).toContain('state-timeline');
    expect(about(/:burnrate/).length).toBeGreaterThanOrEqual(2);
    expect(about(/^gatewatch_time_to_detect_seconds_bucket$/)).toContain('timeseries');
    expect(about(/^gatewatch_time_to_recover_seconds_bucket$/)).toContain('timeseries');
    expect(about(/^gatewatch_restarts_total$/)).toContain('timeseries');
    expect(about(/^gatewatch_deliveries_total$/)).toContain('timeseries');
    for (const p of shown) {
      expect(p.datasource, p.title).toEqual(DS);
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets!) expect(t.datasource, `${p.title} ${t.refId}`).toEqual(DS);
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
    }
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
  });

  it('every query reads contract metrics (histograms by _bucket/_sum/_count) or recording rules, by labels they have', () => {
    expect(queries(dashboard).length).toBeGreaterThan(10);
    expect(problems(dashboard, known)).toEqual([]);
  });

  it('a panel follows $instance and $target wherever the series it reads carry those labels', () => {
    for (const p of allPanels(dashboard.panels))
      for (const t of p.targets ?? [])
        for (const s of exprNames(t.expr).selectors)
          for (const l of ['instance', 'target'])
            if (known.get(s.name)?.has(l))
              expect(t.expr, `${p.title} ${t.refId}: ${s.name}`).toMatch(new RegExp(`\\b${l}=~"\\$${l}"`));
  });

  it('a renamed metric, label or recording rule is caught', () => {
    const renamed = (from: string, to: string) => problems(JSON.parse(text.replaceAll(from, to)) as Dashboard, known);
    expect(renamed('gatewatch_restarts_total', 'gatewatch_restart_total')).toContain(
      'panel "Restarts" A: unknown series "gatewatch_restart_total"',
    );
    expect(renamed('by (instance, channel, result)', 'by (instance, chan, result)')).toEqual([
      'panel "Alert deliveries" A: no series read has the label "chan" it groups by',
    ]);
    expect(renamed(':burnrate6h{', ':burnrate_6h{')).toContain(
      'panel "Burn rate" B: unknown series "instance_target_platform:gatewatch_platform_up:burnrate_6h"',
    );
    expect(renamed('gatewatch_gateway_up, instance)', 'gatewatch_gateway_up, host)')).toEqual([
      'variable instance: label_values of a label "host" no series read has',
    ]);
    // The contract itself renamed (docs/metrics.md's table, which the code is held to): the old name's uses fail, those
    // through a recording rule too (its series no longer have the labels the panel filters by).
    const contract = new Map(
      [...contractSeries()].map(([n, l]) => [
        n.replace('gatewatch_time_to_detect_seconds', 'gatewatch_detect_seconds'),
        l,
      ]),
    );
    const found = problems(dashboard, knownSeries(ruleGroups(), contract));
    expect(found).toContain('panel "Time to detect" A: unknown series "gatewatch_time_to_detect_seconds_bucket"');
    expect(found).toContain(
      'panel "Time to detect" C: instance_target:gatewatch_time_to_detect_seconds:mean1d has no label "instance"',
    );
    expect(found.filter((f) => !f.startsWith('panel "Time to detect"'))).toEqual([]);
  });

  it.skipIf(!promtool)('promtool parses every query (as a recording rule, variables given values)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gatewatch-grafana-'));
    try {
      const rules = queries(dashboard).map(({ expr }, i) => ({
        record: `dashboard:query:n${i}`,
        expr: expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m').replace(/\$\{?\w+\}?/g, 'x'),
      }));
      const file = path.join(dir, 'dashboard.rules.yml');
      writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
      const r = await run(promtool!, ['check', 'rules', file], { timeout: 30_000 });
      expect(r.stdout).toContain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
