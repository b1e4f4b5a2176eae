// /uptime [target] [24h|7d|30d] and `gatewatch uptime [target] [--window …] [--json] [--png file]`: how available each
// target and its platforms were over the window (../uptime.js).
import * as z from '../../src/util/zod.js';
import { t } from '../../src/i18n.js';
import { isWindowName, WINDOWS, type WindowName } from '../../src/history/model.js';
import { targetName } from '../args.js';
import type { ViewerSpec } from '../types.js';

const windowArg = z.enum(Object.keys(WINDOWS) as [WindowName, ...WindowName[]]);
const uptimeArgs = z.strictObject({ target: z.optional(targetName), window: z.optional(windowArg) });
export type UptimeArgs = z.output<typeof uptimeArgs>;

/** A word meant as a window (a number and a unit: `9999d`, `1y`, `2w`), though maybe not one there is. */
const WINDOW_LIKE = /^\d+(?:\.\d+)?[a-z]{1,2}$/i;

export const uptime: ViewerSpec<UptimeArgs> = {
  name: 'uptime',
  aliases: ['availability', 'sla'],
  role: 'viewer',
  args: uptimeArgs,
  // A word that names a target is the target; one that reads as a window is the window, refused by the schema when it
  // is none of 24h, 7d and 30d (never the default in its place); the first other word is the target.
  fromWords: (words, targets) => {
    const named = (w: string) => targets.some((x) => x.toLowerCase() === w.toLowerCase());
    const isWindow = (w: string) => !named(w) && (isWindowName(w.toLowerCase()) || WINDOW_LIKE.test(w));
    const window = words.find(isWindow);
    const target = words.find((w) => !isWindow(w));
    return { ...(window ? { window: window.toLowerCase() } : {}), ...(target ? { target } : {}) };
  },
  usage: '/uptime [target] [24h|7d|30d]',
  summary: { key: 'help.summary.uptime' },
  cli: {
    description: 'cli.desc.uptime',
    usage: '[target] [--window 24h|7d|30d] [--json] [--png file]',
    options: [
      { flags: '-w, --window <window>', description: 'cli.opt.window' },
      { flags: '--png <file>', description: 'cli.opt.png' },
    ],
    json: 'cli.opt.json_figures',
    request(words, o, l) {
      if (words.length > 1) return { usage: t(l, 'cli.usage.one_target', { words: words.join(' ') }) };
      const window = o.window as string | undefined;
      if (window !== undefined && !isWindowName(window)) return { usage: t(l, 'cli.usage.window', { value: window }) };
      return { args: { ...(words[0] ? { target: words[0] } : {}), ...(window ? { window } : {}) } };
    },
  },
};
