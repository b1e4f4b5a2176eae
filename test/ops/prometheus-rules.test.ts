// deploy/prometheus: the rules use only gatewatch's metric contract, every alert and recording rule is unit-tested, the
// Alertmanager example routes to /alertmanager with a bearer token; and promtool, where installed, checks and tests
// them for real.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readmeMetrics } from '../helpers/metric-contract.js';
import { TEST_DIR } from '../helpers/paths.js';
import {
  contractSeries,
  exprNames,
  exprProblems,
  isAlert,
  isRecord,
  knownSeries,
  recordedLabels,
  ruleGroups,
} from '../helpers/promql.js';

const run = promisify(execFile);
const ROOT = path.join(TEST_DIR, '..');
const DIR = path.join(ROOT, 'deploy', 'prometheus');
const load = (f: string) => parse(readFileSync(path.join(DIR, f), 'utf8'));

const promtool = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

interface UnitTests {
  tests: {
    alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[];
    promql_expr_test?: { expr: string; eval_time: string; exp_samples: { labels: string; value: unknown }[] }[];
  }[];
}

describe('gatewatch.rules.yml', () => {
  const groups = ruleGroups();
  const rules = groups.flatMap((g) => g.rules);
  const alerts = rules.filter(isAlert);
  const records = rules.filter(isRecord);
  const known = knownSeries(groups);
  // The long windows have a file of their own (a coarser evaluation interval): both count.
  const unit = {
    tests: ['gatewatch.rules.test.yml', 'gatewatch.rules.long.test.yml'].flatMap((f) => (load(f) as UnitTests).tests),
  };

  it('covers what the issue asks: gatewatch down or absent, gateway down, platform down, restarts failing, deliveries failing, outbox backlog, error budget burn', () => {
    const names = alerts.map((r) => r.alert);
    for (const n of [
      'GatewatchDown',
      'GatewatchAbsent',
      'GatewatchGatewayDown',
      'GatewatchPlatformDown',
      'GatewatchRestartsFailing',
      'GatewatchDeliveriesFailing',
      'GatewatchOutboxBacklog',
      'GatewatchPlatformErrorBudgetFastBurn',
      'GatewatchPlatformErrorBudgetSlowBurn',
    ])
      expect(names).toContain(n);
    expect(records.length).toBeGreaterThan(0);
  });

  it('alerts read only contract metrics (or recording rules), with label values gatewatch emits, and gatewatch severities', () => {
    for (const r of alerts) {
      expect(exprProblems(r.expr, known), r.alert).toEqual([]);
      if (r.expr.includes('result="'))
        for (const v of r.expr.match(/result="([a-z]+)"/g)!)
          expect(['result="ok"', 'result="fail"', 'result="sent"', 'result="failed"', 'result="deferred"']).toContain(
            v,
          );
      expect(['info', 'warning', 'critical']).toContain(r.labels.severity);
      expect(r.annotations.summary, r.alert).toBeTruthy();
      expect(r.annotations.description, r.alert).toBeTruthy();
    }
  });

  it('recording rules read only contract metrics and earlier recording rules, and are named level:metric:operations after the labels they keep', () => {
    const documented = new Set(readmeMetrics().map((m) => m.name));
    const defined = contractSeries();
    for (const r of records) {
      // In file order: Prometheus evaluates a group's rules in order, so a rule reads its group's earlier recordings.
      expect(exprProblems(r.expr, defined), r.record).toEqual([]);
      const [level, metric, operations, ...rest] = r.record.split(':');
      expect(rest, r.record).toEqual([]);
      expect(operations, r.record).toMatch(/^[a-z][a-z0-9_]*$/);
      // The metric part is the contract metric the rule is about, read directly or through a recording of it.
      expect([...documented], r.record).toContain(metric);
      const read = exprNames(r.expr).selectors.map((sel) => sel.name);
      expect(
        read.some((n) => n.replace(/_(bucket|sum|count)$/, '') === metric || n.split(':')[1] === metric),
        `${r.record} reads ${read.join(', ')}`,
      ).toBe(true);
      // The level names every label the series keeps (the scrape's job aside), and nothing else.
      const kept = [...recordedLabels(r, defined)].filter((l) => l !== 'job').sort();
      expect(level!.split('_').sort(), r.record).toEqual(kept);
      defined.set(r.record, recordedLabels(r, defined));
    }
    expect(new Set(records.map((r) => r.record)).size).toBe(records.length);
  });

  it('every recording rule has a unit test with exact figures', () => {
    const tested = new Map<string, number>();
    for (const t of unit.tests)
      for (const e of t.promql_expr_test ?? []) {
        const series = e.exp_samples.filter((x) => typeof x.value === 'number' && Number.isFinite(x.value));
        for (const sel of exprNames(e.expr).selectors)
          if (series.some((x) => x.labels.startsWith(`${sel.name}{`)))
            tested.set(sel.name, (tested.get(sel.name) ?? 0) + series.length);
      }
    for (const r of records) expect(tested.get(r.record) ?? 0, r.record).toBeGreaterThan(0);
  });

  it('every alert has a unit test in which it fires', () => {
    const fired = new Set(
      unit.tests.flatMap((t) =>
        (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname),
      ),
    );
    for (const r of alerts) expect([...fired], r.alert).toContain(r.alert);
  });

  it('the error-budget alerts pair a long and a short window (1/12 of it) at one burn rate, and have a test in which they stay silent', () => {
    const minutes = (w: string) => Number(w.slice(0, -1)) * { m: 1, h: 60, d: 1440 }[w.slice(-1) as 'm' | 'h' | 'd'];
    const burn = alerts.filter((r) => r.expr.includes(':burnrate'));
    expect(burn.map((r) => r.labels.severity).sort()).toEqual(['critical', 'warning']);
    for (const r of burn) {
      const pairs = [...r.expr.matchAll(/:burnrate(\d+[mhd]) > ([\d.]+)/g)].map((m) => ({
        window: minutes(m[1]!),
        rate: Number(m[2]),
      }));
      expect(pairs.length, r.alert).toBe(2);
      const [long, short] = pairs.sort((a, b) => b.window - a.window);
      expect(short!.window * 12, r.alert).toBe(long!.window);
      expect(short!.rate, r.alert).toBe(long!.rate);
      expect(r.expr, r.alert).toMatch(/ and /);
      const silent = unit.tests.flatMap((t) =>
        (t.alert_rule_test ?? []).filter((a) => a.alertname === r.alert && a.exp_alerts.length === 0),
      );
      expect(silent.length, r.alert).toBeGreaterThan(0);
    }
  });

  // Skipped without promtool, except under CI=true, where the script fails and says why (CI installs it: .ci/run).
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  it.skipIf(!promtool && !ci)(
    'promtool checks the rules and their unit tests pass (scripts/promtool-test.sh)',
    async () => {
      const r = await run(path.join(ROOT, 'scripts', 'promtool-test.sh'), [], { timeout: 60_000 }).catch(
        (e: { stderr?: string; message: string }) => {
          throw new Error(e.stderr || e.message);
        },
      );
      expect(r.stdout).toMatch(new RegExp(`SUCCESS: ${rules.length} rules found`));
      expect(r.stdout).toMatch(/Unit Testing: +gatewatch\.rules\.test\.yml\n +SUCCESS/);
      expect(r.stdout).toMatch(/Unit Testing: +gatewatch\.rules\.long\.test\.yml\n +SUCCESS/);
    },
  );
});

describe('alertmanager.example.yml', () => {
  it("routes every receiver to a gatewatch's POST /alertmanager with a bearer token from a file, resolved included", () => {
    const am = load('alertmanager.example.yml');
    const receivers = am.receivers as {
      name: string;
      webhook_configs: {
        url: string;
        send_resolved: boolean;
        http_config: { authorization: { type: string; credentials_file: string } };
      }[];
    }[];
    expect(receivers.map((r) => r.name)).toContain(am.route.receiver);
    for (const r of receivers) {
      expect(r.webhook_configs.length).toBeGreaterThan(0);
      for (const w of r.webhook_configs) {
        expect(new URL(w.url).pathname).toBe('/alertmanager');
        expect(w.send_resolved).toBe(true);
        expect(w.http_config.authorization.type).toBe('Bearer');
        expect(w.http_config.authorization.credentials_file).toMatch(/^\//);
      }
    }
    for (const route of am.route.routes as { receiver: string }[])
      expect(receivers.map((r) => r.name)).toContain(route.receiver);
  });
});
