// The weekly digest (config `report`, opt-in): once a week at `every` on the wall clock of `tz`, the week's picture and
// figures of every target, its incidents a line each, and what changed (Hermes' and gatewatch's versions), sent through
// the outbox to `to` (or wherever info alerts go). The picture goes where a channel takes one; elsewhere the text strip.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Outbox } from '../delivery/outbox.js';
import { uptimeChart } from '../history/chart.js';
import { figureLines, stripRows } from '../history/describe.js';
import { figures } from '../history/figures.js';
import { DAY_MS, type TargetHistory } from '../history/model.js';
import type { HistoryStore } from '../history/store.js';
import { argHole, t, wordFinding } from '../i18n.js';
import type { Alert, Locale, Reply } from '../types.js';
import type { Clock } from '../util/clock.js';
import { runSchedule } from '../util/schedule.js';
import { shortStamp } from '../util/time.js';
import { incidentOutcome, incidentRef } from '../delivery/write-up.js';
import { commandLine } from '../util/command-line.js';
import { parseWeekly, weeklySchedule } from '../util/weekly.js';

const WEEK_MS = 7 * DAY_MS;
/** Incidents listed a line each; the rest are counted. */
const MAX_INCIDENT_LINES = 15;

function incidentLines(histories: readonly TargetHistory[], from: number, to: number, o: Opts): string[] {
  const all = histories
    .flatMap((h) => h.incidents.filter((i) => i.alertAt >= from && i.alertAt <= to).map((i) => ({ h, i })))
    .sort((a, b) => a.i.alertAt - b.i.alertAt);
  if (!all.length) return [t(o.locale, 'report.no_incidents')];
  const lines = all.slice(0, MAX_INCIDENT_LINES).map(({ h, i }) =>
    t(o.locale, 'report.incident', {
      at: shortStamp(i.alertAt, o.tz),
      // Its ref links its write-up (`/incident demo-7`); an entry of an older version has none: its target.
      ref: incidentRef(h.target, i) ?? h.target,
      // The reader's words where the entry kept the finding's text (an older entry: its title as recorded).
      title: wordFinding(o.locale, { title: i.title, explanation: '', action: '', text: i.text, target: h.target })
        .title,
      // The alert's own figure: from the first evidence to the recovery, as the Recovered alert and /incident say it.
      outcome: incidentOutcome(o.locale, i),
    }),
  );
  if (all.length > lines.length) lines.push(t(o.locale, 'report.more', { count: all.length - lines.length }));
  const cmd = commandLine({ command: 'incident', incident: argHole(o.locale, 'ref') }, 'chat');
  return [t(o.locale, 'report.incidents', { count: all.length, cmd }), ...lines];
}

/** The version changes within the week: Hermes' per target, gatewatch's once. */
function changeLines(histories: readonly TargetHistory[], from: number, to: number, o: Opts): string[] {
  const unknown = t(o.locale, 'report.unknown_version');
  const out: string[] = [];
  const gatewatch = new Set<string>();
  for (const h of histories) {
    const list = h.versions ?? [];
    for (const [k, [at, hermes, gw]] of list.entries()) {
      const before = list[k - 1];
      if (!before || at < from || at > to) continue;
      if (before[1] !== hermes)
        out.push(
          t(o.locale, 'report.hermes_changed', {
            target: h.target,
            from: before[1] ?? unknown,
            to: hermes ?? unknown,
            at: shortStamp(at, o.tz),
          }),
        );
      const line = t(o.locale, 'report.gatewatch_changed', { from: before[2], to: gw, at: shortStamp(at, o.tz) });
      if (before[2] !== gw && !gatewatch.has(`${before[2]}>${gw}`)) {
        gatewatch.add(`${before[2]}>${gw}`);
        out.push(line);
      }
    }
  }
  if (out.length) return [t(o.locale, 'report.changed'), ...out];
  const now = histories.map((h) => h.versions?.at(-1)).find((v) => v !== undefined);
  return [t(o.locale, 'report.nothing_changed', { hermes: now?.[1] ?? unknown, gatewatch: now?.[2] ?? o.gatewatch })];
}

interface Opts {
  locale: Locale;
  tz?: string;
  gatewatch: string;
}

/** The digest of the week that ends at `to`. */
export function weeklyDigest(histories: readonly TargetHistory[], to: number, o: Opts): Reply {
  const all = histories.map((h) => figures(h, WEEK_MS, to));
  // The picture and the strip span what was watched of the week, as /uptime's do (src/history/chart.ts).
  const from = all.length ? Math.min(...all.map((f) => f.from)) : to - WEEK_MS;
  const title = t(o.locale, 'report.title', {
    from: shortStamp(to - WEEK_MS, o.tz).slice(0, 5),
    to: shortStamp(to, o.tz).slice(0, 5),
  });
  return {
    title,
    tone: 'info',
    lines: [
      ...all.flatMap((f) => figureLines(f, o.locale)),
      ...incidentLines(histories, from, to, o),
      ...changeLines(histories, from, to, o),
    ],
    code: [[...histories.flatMap((h) => stripRows(h, from, to, o.locale)), t(o.locale, 'uptime.legend')].join('\n')],
    chart: uptimeChart(histories, {
      title,
      from,
      to,
      locale: o.locale,
      window: WEEK_MS,
      ...(o.tz ? { tz: o.tz } : {}),
      note: t(o.locale, 'uptime.not_counted'),
    }),
  };
}

/** The digest as an alert of its own: no incident, info, to `to` when given (else where the routes send info). */
export function reportAlert(reply: Reply, now: number, to?: string[]): Alert {
  return {
    // The minute's: enqueued twice (a retry, a restart within the minute) it is still one digest.
    id: `report:${Math.floor(now / 60_000)}`,
    kind: 'notice',
    target: 'gatewatch',
    check: 'report',
    severity: 'info',
    createdAt: now,
    reply,
    ...(to ? { to } : {}),
  };
}

export interface ReportDeps {
  config: Pick<Config, 'report' | 'locale' | 'targets'>;
  history: Pick<HistoryStore, 'view'>;
  outbox: Pick<Outbox, 'enqueue'>;
  clock: Clock;
  log: Logger;
  gatewatch: string;
}

/** Starts the weekly schedule (nothing without `report`); stop() ends it. */
export function startReport(d: ReportDeps): { stop(): void } {
  const r = d.config.report;
  const when = r && parseWeekly(r.every);
  if (!r || !when) return { stop: () => undefined };
  const send = async () => {
    const now = d.clock.now();
    const reply = weeklyDigest(
      d.config.targets.map((x) => d.history.view(x.name)),
      now,
      { locale: d.config.locale, gatewatch: d.gatewatch, ...(r.tz ? { tz: r.tz } : {}) },
    );
    const alert = reportAlert(reply, now, r.to);
    await d.outbox.enqueue(alert);
    d.log.info({ to: r.to ?? 'routes' }, 'weekly report queued');
  };
  return {
    stop: runSchedule(d.clock, weeklySchedule(when, r.tz), () => {
      send().catch((err) => d.log.error({ err: (err as Error).message }, 'weekly report failed'));
    }),
  };
}
