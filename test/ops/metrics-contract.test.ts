// Metric names, types and labels are a contract (docs/metrics.md, "Metrics"): what a real gatewatch exports after checking a
// real demo gateway is exactly what docs/metrics.md documents, and the Prometheus rules use only documented labels.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startHarness } from '../helpers/harness.js';
import { EVALUATION_EVERY_MS, until } from '../helpers/until.js';
import { readmeMetrics } from '../helpers/metric-contract.js';
import { contractSeries } from '../helpers/promql.js';
import { createMetrics } from '../../src/ops/metrics.js';
import type { Channel } from '../../src/types.js';
import { TEST_DIR } from '../helpers/paths.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c().catch(() => undefined);
});

/** name → { type, label names seen on its samples } from Prometheus text (histograms: _bucket/_sum/_count, no `le`). */
function exported(text: string): Map<string, { type: string; labels: Set<string> }> {
  const out = new Map<string, { type: string; labels: Set<string> }>();
  for (const line of text.split('\n')) {
    const t = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (t) out.set(t[1]!, { type: t[2]!, labels: new Set() });
    const s = /^([a-z_:][a-z0-9_:]*?)(?:_bucket|_sum|_count)?(?:\{([^}]*)\})? \S+$/.exec(line);
    const m = s && (out.get(s[1]!) ?? out.get(line.split(/[{ ]/)[0]!));
    if (m && s[2]) for (const l of s[2].matchAll(/([a-z_]+)="/g)) if (l[1] !== 'le') m.labels.add(l[1]!);
  }
  return out;
}

describe('the metric contract', () => {
  it('a running gatewatch exports exactly the documented gatewatch_ metrics, with their types and labels', async () => {
    const metrics = createMetrics();
    const phone: Channel = {
      name: 'phone',
      interactive: false,
      start: async () => {},
      stop: async () => {},
      deliver: async () => ({ status: 'sent' }),
      health: () => ({ name: 'phone', ok: true, summary: 'connected' }),
    };
    const h = await startHarness({
      demo: true,
      channels: [phone],
      config: { schedule: '* * * * * *' },
      appOptions: metrics.hooks,
    });
    cleanups.push(() => h.close());
    metrics.bind(h.app);
    // The availability series exist once a look has seen the demo's platforms connected (before it: not watched).
    await until(
      'a look that sees the demo connected',
      async () => (await h.app.core.evaluate('demo')).evidence.state?.platforms.qqbot?.state === 'connected',
      { timeoutMs: 30_000, everyMs: EVALUATION_EVERY_MS },
    );
    const got = exported(await metrics.text());

    const documented = readmeMetrics();
    const ours = [...got.keys()].filter((n) => n.startsWith('gatewatch_')).sort();
    expect(ours).toEqual(documented.map((d) => d.name).sort());
    for (const d of documented) {
      expect(got.get(d.name)!.type, d.name).toBe(d.type);
      expect([...got.get(d.name)!.labels].sort(), d.name).toEqual([...d.labels].sort());
    }
    // The default process metrics docs/metrics.md names.
    for (const n of ['nodejs_eventloop_lag_seconds', 'process_resident_memory_bytes', 'process_cpu_seconds_total'])
      expect(got.has(n), n).toBe(true);
  }, 60_000);

  it('the Prometheus rules use documented metrics and labels only (plus job and instance from the scrape)', () => {
    // A histogram is stored as its _bucket (with le), _sum and _count series.
    const labelsOf = contractSeries();
    const rules = parse(
      readFileSync(path.join(TEST_DIR, '..', 'deploy', 'prometheus', 'gatewatch.rules.yml'), 'utf8'),
    ).groups.flatMap((g: { rules: { alert?: string; record?: string; expr: string }[] }) => g.rules) as {
      alert?: string;
      record?: string;
      expr: string;
    }[];
    for (const r of rules) {
      const rule = r.alert ?? r.record;
      // Recording rules' names (level:gatewatch_x:operations) name a contract metric too: only whole names count.
      for (const [, name, matchers] of r.expr.matchAll(/(?<![\w:])(gatewatch_[a-z_]+)(?![\w:])(?:\{([^}]*)\})?/g)) {
        expect(labelsOf.has(name!), `${rule}: ${name}`).toBe(true);
        for (const [, l] of (matchers ?? '').matchAll(/([a-z_]+)\s*[=!]~?/g))
          expect([...labelsOf.get(name!)!], `${rule}: ${name}{${l}}`).toContain(l);
      }
      // by (...) / ignoring (...) name labels of the metrics the expression aggregates.
      const used = new Set(r.expr.match(/\bgatewatch_[a-z_]+/g) ?? []);
      for (const [, list] of r.expr.matchAll(/\b(?:by|ignoring|on|without)\s*\(([^)]*)\)/g)) {
        for (const l of list!
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)) {
          expect(
            [...used].some((n) => labelsOf.get(n)?.has(l)),
            `${rule}: label ${l}`,
          ).toBe(true);
        }
      }
    }
  });
});
