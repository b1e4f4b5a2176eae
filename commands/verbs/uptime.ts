// /uptime [target] [24h|7d|30d] and `gatewatch uptime [target] [--window …] [--json] [--png file]`: how available each
// target and its platforms were over the window (../uptime.js).
import * as z from 'zod';
import { t } from '../../src/i18n.js';
import { isWindowName, WINDOWS, type WindowName } from '../../src/history/model.js';
import { targetName } from '../args.js';
import type { ViewerSpec } from '../types.js';

const windowArg = z.enum(Object.keys(WINDOWS) as [WindowName, ...WindowName[]]);
const uptimeArgs = z.strictObject({ target: targetName.optional(), window: windowArg.optional() });
export type UptimeArgs = z.output<typeof uptimeArgs>;

export const uptime: ViewerSpec<UptimeArgs> = {
  name: 'uptime',
  aliases: ['availability', 'sla'],
  role: 'viewer',
  args: uptimeArgs,
  fromWords: (words) => {
    const window = words.map((w) => w.toLowerCase()).find(isWindowName);
    const target = words.find((w) => !isWindowName(w.toLowerCase()));
    return { ...(window ? { window } : {}), ...(target ? { target } : {}) };
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
