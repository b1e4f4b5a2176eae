// The gauges of src/ops/metrics.ts: read from the app at scrape time, so each is made with a way to read the app
// bound then (none before bind: every gauge is empty). Their names and labels are the same contract as the counters'.
import { Gauge, type Registry } from 'prom-client';
import type { Config } from '../config/schema.js';
import type { Channel } from '../types.js';
import type { EvalResult } from '../evidence.js';
import type { PersistedState } from '../core/state.js';
import type { Outbox } from '../delivery/outbox.js';
import { platformsUp } from '../core/evaluation.js';
import { openIncidents } from '../incidents/machine.js';
import type { ChannelTrouble } from '../core/channel-trouble.js';
import { figures, targetChanges } from '../history/figures.js';
import { WINDOWS } from '../history/model.js';
import type { HistoryStore } from '../history/store.js';
import { nextTurn } from '../util/next-turn.js';

/** What the gauges read at scrape time. */
export interface MetricsSource {
  /** The command core's parts the gauges read: the targets, each one's last look, the open incidents, the history. */
  core: {
    config: Pick<Config, 'targets'>;
    lastResult(target: string): EvalResult | undefined;
    state: Pick<PersistedState, 'incidents'>;
    /** The availability history and the app's clock (gatewatch_availability_ratio). */
    history?: Pick<HistoryStore, 'view'>;
    now?(): number;
  };
  channels: readonly Channel[];
  outbox: Pick<Outbox, 'entries'>;
  /** The channels known unable to deliver, whatever their own health says. */
  channelTrouble?: Pick<ChannelTrouble, 'list'>;
}

/** The app bound to the metrics, if any yet. */
export type ReadSource = () => MetricsSource | undefined;

export const targetNames = (app: MetricsSource | undefined): string[] =>
  app?.core.config.targets.map((t) => t.name) ?? [];

const SEVERITIES = ['info', 'warning', 'critical'] as const;

/** What the last evaluation of each target found: gateway up, each platform up, open incidents by severity. */
export function targetGauges(registry: Registry, read: ReadSource): void {
  new Gauge({
    name: 'gatewatch_gateway_up',
    help: 'Gateway process alive with no target-wide critical finding at the last check (1/0).',
    labelNames: ['target'],
    registers: [registry],
    collect() {
      this.reset();
      const app = read();
      for (const name of targetNames(app)) {
        const r = app!.core.lastResult(name);
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
      const app = read();
      for (const name of targetNames(app)) {
        const r = app!.core.lastResult(name);
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
      const app = read();
      for (const name of targetNames(app)) for (const severity of SEVERITIES) this.set({ target: name, severity }, 0);
      for (const inc of openIncidents(app?.core.state.incidents ?? {}))
        this.inc({ target: inc.target, severity: inc.finding.severity });
    },
  });
}

/** Whether each channel can deliver, whether its service refuses its credentials, and the alerts still to deliver. */
export function channelGauges(registry: Registry, read: ReadSource): void {
  new Gauge({
    name: 'gatewatch_channel_up',
    help: 'Channel healthy (connected, or a notifier whose last send worked) (1/0).',
    labelNames: ['channel'],
    registers: [registry],
    collect() {
      this.reset();
      const app = read();
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
      const app = read();
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
      this.set(read()?.outbox.entries().length ?? 0);
    },
  });
}

/** Each target's and platform's availability over the history's windows. */
export function availabilityGauge(registry: Registry, read: ReadSource): void {
  new Gauge({
    name: 'gatewatch_availability_ratio',
    help: 'Share of the watched time up over the window (24h, 7d, 30d); platform="" is the whole target. Time stopped on purpose, muted or not watched does not count.',
    labelNames: ['target', 'platform', 'window'],
    registers: [registry],
    // A target's changes are merged (most of its figures' cost: up to some 20 ms at the history's bound, twice that
    // the first time, before the code is compiled) once a scrape, not once a window: a scrape did three merges. The
    // loop gets a turn before the merge and before each window.
    async collect() {
      const app = read();
      if (!app?.core.history || !app.core.now) return this.reset();
      const now = app.core.now();
      const all: { labels: Record<string, string>; value: number }[] = [];
      for (const name of targetNames(app)) {
        await nextTurn();
        const h = app.core.history.view(name);
        const merged = targetChanges(h);
        for (const [window, ms] of Object.entries(WINDOWS)) {
          await nextTurn();
          const f = figures(h, ms, now, merged);
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
}
