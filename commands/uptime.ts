// /uptime [target] [24h|7d|30d]: how available each target and its platforms were over the window, from the history
// (src/history): the figures in words (downtime first), a text strip a row a platform, the same as a picture for the
// channels that take one (`chart`); `data` carries the same figures for `gatewatch uptime --json`.
import { argHole, t } from '../src/i18n.js';
import { uptimeChart } from '../src/history/chart.js';
import { figureLines, stripRows, uptimeJson } from '../src/history/describe.js';
import { figures } from '../src/history/figures.js';
import { WINDOWS, type TargetHistory } from '../src/history/model.js';
import { incidentLine } from '../src/delivery/write-up.js';
import { commandLine, dialectOf } from '../src/util/command-line.js';
import { targetsArg } from './targets.js';
import type { CommandRun, LookContext } from './types.js';
import type { UptimeArgs } from './verbs/uptime.js';

/** Incidents linked a line each (their write-up: /incident <ref>); the rest are counted. */
const LINKED = 8;

/** Each incident of the window, newest first, with its ref: /uptime links every write-up (issue 55 item 12). */
function incidentLinks(c: LookContext<UptimeArgs>, all: { h: TargetHistory }[], from: number, to: number): string[] {
  const found = all
    .flatMap(({ h }) => h.incidents.filter((e) => e.alertAt >= from && e.alertAt <= to).map((e) => ({ h, e })))
    .sort((a, b) => b.e.alertAt - a.e.alertAt);
  if (!found.length) return [];
  const cmd = commandLine({ command: 'incident', incident: argHole(c.locale, 'ref') }, dialectOf(c.channel));
  const lines = found.slice(0, LINKED).map(({ h, e }) => `  ${incidentLine(c.locale, h.target, e)}`);
  if (found.length > LINKED) lines.push(`  ${t(c.locale, 'incident.list.more', { count: found.length - LINKED })}`);
  return [t(c.locale, 'uptime.incidents_header', { cmd }), ...lines];
}

export const uptime: CommandRun<LookContext<UptimeArgs>> = {
  async run(c) {
    const targets = await targetsArg(c, c.args.target);
    if (!targets.length) return;
    const window = c.args.window ?? '24h';
    const now = c.look.now();
    const all = targets.map((x) => {
      const h = c.look.history(x.name);
      return { h, f: figures(h, WINDOWS[window], now) };
    });
    const from = Math.min(...all.map(({ f }) => f.from));
    const words = t(c.locale, `uptime.window.${window}`);
    const title =
      targets.length === 1 && c.args.target
        ? t(c.locale, 'uptime.title_target', { target: targets[0]!.name, window: words })
        : t(c.locale, 'uptime.title', { window: words });
    await c.respond({
      title,
      tone: 'info',
      lines: [
        ...all.flatMap(({ f }) => figureLines(f, c.locale)),
        t(c.locale, 'uptime.not_counted'),
        ...incidentLinks(c, all, from, now),
      ],
      code: [[...all.flatMap(({ h }) => stripRows(h, from, now, c.locale)), t(c.locale, 'uptime.legend')].join('\n')],
      chart: uptimeChart(
        all.map(({ h }) => h),
        {
          title,
          from,
          to: now,
          locale: c.locale,
          window: WINDOWS[window],
          note: t(c.locale, 'uptime.not_counted'),
        },
      ),
      data: uptimeJson(
        window,
        all.map(({ f }) => f),
      ),
    });
  },
};
