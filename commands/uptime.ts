// /uptime [target] [24h|7d|30d]: how available each target and its platforms were over the window, from the history
// (src/history): the figures in words (downtime first), a text strip a row a platform, the same as a picture for the
// channels that take one (`chart`); `data` carries the same figures for `gatewatch uptime --json`.
import { t } from '../src/i18n.js';
import { uptimeChart } from '../src/history/chart.js';
import { figureLines, stripRows, uptimeJson } from '../src/history/describe.js';
import { figures } from '../src/history/figures.js';
import { WINDOWS } from '../src/history/model.js';
import { targetsArg } from './targets.js';
import type { CommandRun, LookContext } from './types.js';
import type { UptimeArgs } from './verbs/uptime.js';

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
      lines: [...all.flatMap(({ f }) => figureLines(f, c.locale)), t(c.locale, 'uptime.not_counted')],
      code: [[...all.flatMap(({ h }) => stripRows(h, from, now)), t(c.locale, 'uptime.legend')].join('\n')],
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
