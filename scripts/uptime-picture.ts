// `npm run docs:picture` (with the alert's): the /uptime picture of docs/uptime.md, drawn by the product's own code path from a
// week of history: /uptime's chart builder and the PNG renderer the chat channels send. Fixed times in UTC, fixed
// names: test/delivery/uptime-picture.test.ts fails when the committed PNGs are not what this draws now.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chartPng } from '../src/delivery/chart-png.js';
import { uptimeChart } from '../src/history/chart.js';
import { figureLines } from '../src/history/describe.js';
import { figures } from '../src/history/figures.js';
import { emptyHistory, WINDOWS, type TargetHistory } from '../src/history/model.js';
import { t } from '../src/i18n.js';
import type { Locale, ReplyChart } from '../src/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PICTURES: { file: string; locale: Locale }[] = [
  { file: 'docs/uptime-en.png', locale: 'en' },
  { file: 'docs/uptime-zh-CN.png', locale: 'zh-CN' },
];

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const H = 3_600_000;
const D = 24 * H;

/** A week of `prod`: QQ kicked for 40 minutes, Feishu deaf for two hours, a Telegram blip of 30 s, ops' Discord stopped. */
export function week(): TargetHistory {
  const from = NOW - 8 * D;
  return {
    ...emptyHistory('prod', from),
    seenAt: NOW,
    platforms: {
      qqbot: [
        [from, 'up'],
        [NOW - 5 * D + 3 * H, 'down'],
        [NOW - 5 * D + 3 * H + 40 * 60_000, 'up'],
      ],
      feishu: [
        [from, 'up'],
        [NOW - 2 * D - 6 * H, 'deaf'],
        [NOW - 2 * D - 4 * H, 'up'],
      ],
      telegram: [
        [from, 'up'],
        [NOW - 3 * D + 14 * H, 'down'],
        [NOW - 3 * D + 14 * H + 30_000, 'up'],
      ],
      'ops:discord': [
        [from, 'up'],
        [NOW - D + 2 * H, 'stopped'],
        [NOW - D + 8 * H, 'up'],
      ],
    },
    incidents: [
      {
        id: 'i1',
        check: 'qq_max_reconnect',
        platform: 'qqbot',
        title: 'QQ gave up reconnecting',
        severity: 'critical',
        firstAt: NOW - 5 * D + 3 * H,
        alertAt: NOW - 5 * D + 3 * H + 20_000,
        recoveredAt: NOW - 5 * D + 3 * H + 40 * 60_000,
      },
      {
        id: 'i2',
        check: 'feishu_deaf',
        platform: 'feishu',
        title: 'Feishu hears nothing',
        severity: 'warning',
        firstAt: NOW - 2 * D - 6 * H,
        alertAt: NOW - 2 * D - 6 * H + 90_000,
        recoveredAt: NOW - 2 * D - 4 * H,
      },
    ],
    restarts: [{ at: NOW - 5 * D + 3 * H + 35 * 60_000, ok: true, actor: 'gatewatch' }],
  };
}

/** The chart /uptime prod 7d draws of that week, and the figures it says under it. */
export function uptimeExample(locale: Locale): { chart: ReplyChart; caption: string[] } {
  const h = week();
  const f = figures(h, WINDOWS['7d'], NOW);
  const title = t(locale, 'uptime.title_target', { target: 'prod', window: t(locale, 'uptime.window.7d') });
  return {
    chart: uptimeChart([h], {
      title,
      from: f.from,
      to: NOW,
      locale,
      tz: 'UTC',
      window: WINDOWS['7d'],
      note: t(locale, 'uptime.not_counted'),
    }),
    caption: [title, ...figureLines(f, locale)],
  };
}

export const uptimePicture = (locale: Locale): Promise<Buffer> => chartPng(uptimeExample(locale).chart);

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const p of PICTURES) {
    writeFileSync(path.join(ROOT, p.file), await uptimePicture(p.locale));
    console.log(`wrote ${p.file}: ${uptimeExample(p.locale).caption.join(' | ')}`);
  }
}
