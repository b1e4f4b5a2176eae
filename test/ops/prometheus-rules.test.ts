// deploy/prometheus: the rules use only gatewatch's metric contract, every alert is unit-tested, the Alertmanager
// example routes to /alertmanager with a bearer token; and promtool, where installed, checks and tests them for real.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readmeMetrics } from '../helpers/metric-contract.js';
import { TEST_DIR } from '../helpers/paths.js';

const run = promisify(execFile);
const ROOT = path.join(TEST_DIR, '..');
const DIR = path.join(ROOT, 'deploy', 'prometheus');
const load = (f: string) => parse(readFileSync(path.join(DIR, f), 'utf8'));

/** The metric names and labels gatewatch exports (README "Metrics", held to the code by metrics-contract.test.ts), plus Prometheus' own `up`. */
const CONTRACT: Record<string, string[]> = {
  up: [],
  ...Object.fromEntries(readmeMetrics().map((m) => [m.name, m.labels])),
};

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const promtool = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

describe('gatewatch.rules.yml', () => {
  const rules: Rule[] = load('gatewatch.rules.yml').groups.flatMap((g: { rules: Rule[] }) => g.rules);

  it('covers what the issue asks: gatewatch down or absent, gateway down, platform down, restarts failing, deliveries failing, outbox backlog', () => {
    const names = rules.map((r) => r.alert);
    for (const n of [
      'GatewatchDown',
      'GatewatchAbsent',
      'GatewatchGatewayDown',
      'GatewatchPlatformDown',
      'GatewatchRestartsFailing',
      'GatewatchDeliveriesFailing',
      'GatewatchOutboxBacklog',
    ])
      expect(names).toContain(n);
  });

  it('uses only contract metric names, with label values gatewatch emits, and gatewatch severities', () => {
    for (const r of rules) {
      const metrics = r.expr.match(/\b(?:gatewatch_[a-z_]+|up)\b(?=\s*[{[)\s=<>!]|$)/g) ?? [];
      expect(metrics.length, r.alert).toBeGreaterThan(0);
      for (const m of metrics) expect(Object.keys(CONTRACT), `${r.alert}: ${m}`).toContain(m);
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

  it('every alert has a unit test in which it fires', () => {
    const tests = load('gatewatch.rules.test.yml').tests as {
      alert_rule_test: { alertname: string; exp_alerts: unknown[] }[];
    }[];
    const fired = new Set(
      tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)),
    );
    for (const r of rules) expect([...fired], r.alert).toContain(r.alert);
  });

  it.skipIf(!promtool)('promtool checks the rules and their unit tests pass (scripts/promtool-test.sh)', async () => {
    const r = await run(path.join(ROOT, 'scripts', 'promtool-test.sh'), [], { timeout: 60_000 });
    expect(r.stdout).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.stdout).toMatch(/Unit Testing: +gatewatch\.rules\.test\.yml\n +SUCCESS/);
  });
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
