// Prometheus metrics on a registry of our own (never prom-client's global one). Gauges are read from the app at
// scrape time; counters move through the app's onCheck/onRestart/onDelivery observers. The names and labels are a
// contract (README, "Metrics"; deploy/prometheus rules depend on them).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from '../config/schema.js';
import type { Channel, DeliveryOutcome } from '../types.js';
import type { EvalResult } from '../evidence.js';
import type { RestartRecord } from '../actions/restart-policy.js';
import type { PersistedState } from '../core/state.js';
import type { Outbox } from '../delivery/outbox.js';
import { platformsUp, type CheckResult } from '../core/evaluation.js';
import { openIncidents } from '../incidents/machine.js';
import type { ChannelTrouble } from '../core/channel-trouble.js';
import { figures } from '../history/figures.js';
import { WINDOWS } from '../history/model.js';
import type { HistoryStore } from '../history/store.js';

/** What the gauges read at scrape time. */
export interface MetricsSource {
  config: Pick<Config, 'targets'>;
  lastResult(target: string): EvalResult | undefined;
  state: Pick<PersistedState, 'incidents'>;
  channels: readonly Channel[];
  outbox: Pick<Outbox, 'entries'>;
  /** The channels known unable to deliver, whatever their own health says. */
  channelTrouble?: Pick<ChannelTrouble, 'list'>;
  /** The availability history and the app's clock (gatewatch_availability_ratio). */
  history?: Pick<HistoryStore, 'view'>;
  now?(): number;
}

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

const SEVERITIES = ['info', 'warning', 'critical'] as const;
const DELIVERY_RESULTS = ['sent', 'failed', 'deferred'] as const;

export function createMetrics(): Metrics {
  const registry = new Registry();
  let app: MetricsSource | undefined;
  const targets = () => app?.config.targets.map((t) => t.name) ?? [];

  new Gauge({
    name: 'gatewatch_gateway_up',
    help: 'Gateway process alive with no target-wide critical finding at the last check (1/0).',
    labelNames: ['target'],
    registers: [registry],
    collect() {
      this.reset();
      for (const name of targets()) {
        const r = app!.lastResult(name);
        if (!r) continue; // not checked yet: absent, not down
        const up = r.evidence.process.alive && !r.findings.some((f) => !f.platform && f.severity === 'critical');
        this.set({ target: name }, up ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'gatewatch_platform_up',
    help: 'Platform connected according to the gateway and no finding about it at the last check (1/0).',
    labelNames: ['target', 'platform'],
    registers: [registry],
    collect() {
      this.reset();
      for (const name of targets()) {
        const r = app!.lastResult(name);
        if (!r) continue;
        for (const [platform, up] of Object.entries(platformsUp(r.evidence, r.findings)))
          this.set({ target: name, platform }, up ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'gatewatch_incidents_open',
    help: 'Open incidents by target (including Alertmanager pseudo-targets) and severity.',
    labelNames: ['target', 'severity'],
    registers: [registry],
    collect() {
      this.reset();
      for (const name of targets()) for (const severity of SEVERITIES) this.set({ target: name, severity }, 0);
      for (const inc of openIncidents(app?.state.incidents ?? {}))
        this.inc({ target: inc.target, severity: inc.finding.severity });
    },
  });
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
      for (const target of targets()) for (const result of ['ok', 'fail']) this.inc({ target, result }, 0);
    },
  });
  const deliveries = new Counter({
    name: 'gatewatch_deliveries_total',
    help: 'Alert delivery attempts by channel and result (sent, failed, deferred).',
    labelNames: ['channel', 'result'],
    registers: [registry],
    collect() {
      for (const c of app?.channels ?? [])
        for (const result of DELIVERY_RESULTS) this.inc({ channel: c.name, result }, 0);
    },
  });
  new Gauge({
    name: 'gatewatch_channel_up',
    help: 'Channel healthy (connected, or a notifier whose last send worked) (1/0).',
    labelNames: ['channel'],
    registers: [registry],
    collect() {
      this.reset();
      const down = new Set(app?.channelTrouble?.list().map((d) => d.channel));
      for (const c of app?.channels ?? []) {
        let ok = false;
        try {
          ok = c.health().ok && !down.has(c.name);
        } catch {
          // a channel whose health throws is not up
        }
        this.set({ channel: c.name }, ok ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'gatewatch_channel_credentials_rejected',
    help: "The service refuses the channel's token or secret (at start, at the hourly check or at a send) (1/0).",
    labelNames: ['channel'],
    registers: [registry],
    collect() {
      this.reset();
      const rejected = new Set(
        app?.channelTrouble
          ?.list()
          .filter((d) => d.credentials)
          .map((d) => d.channel),
      );
      for (const c of app?.channels ?? []) this.set({ channel: c.name }, rejected.has(c.name) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gatewatch_outbox_pending',
    help: 'Alerts in the outbox not yet confirmed by every channel.',
    registers: [registry],
    collect() {
      this.set(app?.outbox.entries().length ?? 0);
    },
  });
  new Gauge({
    name: 'gatewatch_availability_ratio',
    help: 'Share of the watched time up over the window (24h, 7d, 30d); platform="" is the whole target. Time stopped on purpose, muted or not watched does not count.',
    labelNames: ['target', 'platform', 'window'],
    registers: [registry],
    // Each window of each target's figures costs up to some 20 ms at the history's bound: the loop gets a turn
    // between them (a scrape of three windows held it for most of 100 ms).
    async collect() {
      if (!app?.history || !app.now) return this.reset();
      const now = app.now();
      const all: { labels: Record<string, string>; value: number }[] = [];
      for (const name of targets()) {
        const h = app.history.view(name);
        for (const [window, ms] of Object.entries(WINDOWS)) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          const f = figures(h, ms, now);
          if (f.availability !== undefined)
            all.push({ labels: { target: name, platform: '', window }, value: f.availability });
          for (const p of f.platforms)
            if (p.availability !== undefined)
              all.push({ labels: { target: name, platform: p.platform, window }, value: p.availability });
        }
      }
      // Set at once: a scrape never reads half of them.
      this.reset();
      for (const { labels, value } of all) this.set(labels, value);
    },
  });
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
      for (const target of targets()) for (const h of [detect, recover]) h.zero({ target });
    },
    text: () => registry.metrics(),
  };
}
