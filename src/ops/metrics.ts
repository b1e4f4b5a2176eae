// Prometheus metrics on a registry of our own (never prom-client's global one). Gauges are read from the app at
// scrape time (metrics-gauges.ts); counters move through the app's onCheck/onRestart/onDelivery observers. The names
// and labels are a contract (docs/metrics.md, "Metrics"; deploy/prometheus rules depend on them).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeliveryOutcome } from '../types.js';
import type { RestartRecord } from '../actions/restart-policy.js';
import type { CheckResult } from '../core/evaluation.js';
import {
  availabilityGauge,
  channelGauges,
  type MetricsSource,
  type ReadSource,
  targetGauges,
  targetNames,
} from './metrics-gauges.js';

export type { MetricsSource };

/** The observers createApp takes (AppOptions). */
export interface MetricsHooks {
  onCheck: (target: string, result: CheckResult, durationMs: number) => void;
  onRestart: (rec: RestartRecord) => void;
  onDelivery: (channel: string, result: DeliveryOutcome['status']) => void;
  onIncidentTimes: (target: string, times: { detectMs?: number; recoverMs?: number }) => void;
}

export interface Metrics {
  registry: Registry;
  /** Pass to createApp: they count checks, restarts and deliveries. */
  hooks: MetricsHooks;
  /** The app the gauges read at scrape time. */
  bind(app: MetricsSource): void;
  text(): Promise<string>;
}

const DELIVERY_RESULTS = ['sent', 'failed', 'deferred'] as const;

/** The counters of checks, restarts and deliveries, and how long each check took. */
function activityMetrics(registry: Registry, read: ReadSource) {
  const checks = new Counter({
    name: 'gatewatch_checks_total',
    help: 'Evaluations by target and result (ok, info, warning, critical: the worst finding; error: the probes failed).',
    labelNames: ['target', 'result'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gatewatch_check_duration_seconds',
    help: 'Time to gather the evidence of one target and judge it.',
    labelNames: ['target'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const restarts = new Counter({
    name: 'gatewatch_restarts_total',
    help: 'Gateway restarts by target and result (ok: verified; fail: not verified).',
    labelNames: ['target', 'result'],
    registers: [registry],
    collect() {
      for (const target of targetNames(read())) for (const result of ['ok', 'fail']) this.inc({ target, result }, 0);
    },
  });
  const deliveries = new Counter({
    name: 'gatewatch_deliveries_total',
    help: 'Alert delivery attempts by channel and result (sent, failed, deferred).',
    labelNames: ['channel', 'result'],
    registers: [registry],
    collect() {
      for (const c of read()?.channels ?? [])
        for (const result of DELIVERY_RESULTS) this.inc({ channel: c.name, result }, 0);
    },
  });
  return { checks, duration, restarts, deliveries };
}

/** How long incidents took to be alerted and to recover. */
function incidentTimeMetrics(registry: Registry) {
  // From a few seconds (a log line) to hours (a schedule of hourly checks, a long outage).
  const timeBuckets = [5, 15, 30, 60, 120, 300, 600, 1_800, 3_600, 4 * 3_600, 24 * 3_600];
  const detect = new Histogram({
    name: 'gatewatch_time_to_detect_seconds',
    help: "From an incident's first evidence to its alert.",
    labelNames: ['target'],
    buckets: timeBuckets,
    registers: [registry],
  });
  const recover = new Histogram({
    name: 'gatewatch_time_to_recover_seconds',
    help: "From an incident's alert to its verified recovery.",
    labelNames: ['target'],
    buckets: timeBuckets,
    registers: [registry],
  });
  return { detect, recover };
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  let app: MetricsSource | undefined;
  const read = () => app;
  // Made in this order, shown in this order.
  targetGauges(registry, read);
  const { checks, duration, restarts, deliveries } = activityMetrics(registry, read);
  channelGauges(registry, read);
  availabilityGauge(registry, read);
  const { detect, recover } = incidentTimeMetrics(registry);
  collectDefaultMetrics({ register: registry });

  return {
    registry,
    hooks: {
      onCheck(target, result, ms) {
        checks.inc({ target, result });
        duration.observe({ target }, ms / 1000);
      },
      onRestart: (rec) => restarts.inc({ target: rec.target, result: rec.ok ? 'ok' : 'fail' }),
      onDelivery: (channel, result) => deliveries.inc({ channel, result }),
      onIncidentTimes(target, t) {
        if (t.detectMs !== undefined) detect.observe({ target }, t.detectMs / 1000);
        if (t.recoverMs !== undefined) recover.observe({ target }, t.recoverMs / 1000);
      },
    },
    bind(a) {
      app = a;
      // Every target's histograms from the start (empty), as its counters start at 0.
      for (const target of targetNames(app)) for (const h of [detect, recover]) h.zero({ target });
    },
    text: () => registry.metrics(),
  };
}
