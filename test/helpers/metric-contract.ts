// The metric contract as the docs document it (docs/metrics.md, its "## Metrics" table): what the tests hold the code
// and the Prometheus rules to, so the three cannot drift apart.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface DocumentedMetric {
  name: string;
  type: string;
  labels: string[];
}

export function readmeMetrics(): DocumentedMetric[] {
  const readme = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'metrics.md'), 'utf8');
  const start = readme.indexOf('\n## Metrics');
  if (start < 0) throw new Error('docs/metrics.md has no "## Metrics" section');
  const section = readme.slice(start + 1).split(/\n#{2,3} /)[0]!;
  const rows: DocumentedMetric[] = [];
  for (const line of section.split('\n')) {
    const m = /^\| `(gatewatch_[a-z_]+)` \| (\w+) \| ([^|]*) \|/.exec(line);
    if (m) rows.push({ name: m[1]!, type: m[2]!, labels: [...m[3]!.matchAll(/`([a-z_]+)`/g)].map((x) => x[1]!) });
  }
  if (rows.length === 0) throw new Error('docs/metrics.md "## Metrics" lists no gatewatch_ metric');
  return rows;
}
