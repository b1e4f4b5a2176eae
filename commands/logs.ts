// /logs [n] [filter]: the tail of gateway.log, at most 200 lines, secrets redacted.
import { readLastLines } from '../src/probes/log-lines.js';
import { redact } from '../src/util/redact.js';
import { compileFilter, filterNewest, MAX_FILTER_LENGTH } from '../src/util/line-filter.js';
import { t } from '../src/i18n.js';
import * as z from 'zod';
import type { ViewerCommand } from './types.js';
import { targetArg } from './targets.js';
import { targetName } from './args.js';

export const MAX_LOG_LINES = 200;
/** A filtered search looks at most this far back (lines and bytes), whatever the pattern. */
const MAX_SCAN_LINES = 100_000;
const MAX_SCAN_BYTES = 4 << 20;
/** Longer lines are cut: nobody reads more in chat, and redacting megabytes at once would hold the loop. */
const MAX_LINE_CHARS = 2000;

/** A log line as shown and as matched: cut, then redacted (with a margin, so a secret at the cut is still seen whole). */
function shown(l: string): string {
  return l.length <= MAX_LINE_CHARS ? redact(l) : `${redact(l.slice(0, MAX_LINE_CHARS + 600)).slice(0, MAX_LINE_CHARS)}…`;
}

const logsArgs = z.strictObject({
  /** How many lines (at most MAX_LOG_LINES are shown). */
  lines: z.number().int().min(1).default(30),
  /** Only lines matching this regular expression, spaces and all. */
  grep: z.string().min(1).optional(),
  target: targetName.optional(),
});
type LogsArgs = z.output<typeof logsArgs>;

/**
 * `/logs [n] [filter] [target]`: only a leading number is the count; later words, numbers included (`/logs 50 4009`),
 * are the filter; a trailing word naming a target selects it (with one target too: alert buttons name it).
 */
function logsFromWords(words: string[], targets: readonly string[]): Partial<LogsArgs> {
  const rest = [...words];
  const lines = rest[0] && /^\d+$/.test(rest[0]) ? Number(rest.shift()) : undefined;
  const last = rest.at(-1);
  const target = last !== undefined && (targets.includes(last) || targets.some((t) => t.toLowerCase() === last.toLowerCase())) ? rest.pop() : undefined;
  return { ...(lines ? { lines } : {}), ...(rest.length ? { grep: rest.join(' ') } : {}), ...(target ? { target } : {}) };
}

export const logs: ViewerCommand<LogsArgs> = {
  name: 'logs',
  aliases: ['log', 'tail'],
  role: 'viewer',
  usage: '/logs [n] [filter] [target]',
  args: logsArgs,
  fromWords: logsFromWords,
  summary: { key: 'help.summary.logs', params: { max: MAX_LOG_LINES } },
  async run(c) {
    const n = Math.min(MAX_LOG_LINES, c.args.lines);
    // No target named: the first, as always (a bare /logs on a host with several gateways shows the first one's).
    const target = c.args.target ? await targetArg(c, c.args.target) : c.look.targets()[0];
    if (!target) return;
    const filter = c.args.grep;
    const compiled = filter ? compileFilter(filter) : undefined;
    if (compiled && !compiled.ok) {
      await c.respond({ title: t(c.locale, 'logs.filter_too_long', { max: MAX_FILTER_LENGTH }), tone: 'warning' });
      return;
    }
    let lines: string[];
    let stopped: { scanned: number } | undefined;
    try {
      if (compiled?.ok) {
        // Read first, then match in slices off the read: the event loop is never held by the pattern. Lines are
        // matched redacted, or a filter could probe a secret one character at a time.
        const all = await readLastLines(target.log_file, MAX_SCAN_LINES, undefined, MAX_SCAN_BYTES);
        const r = await filterNewest(all, (l) => compiled.test(shown(l)), n);
        lines = r.lines;
        if (r.stopped) stopped = { scanned: r.scanned };
      } else lines = await readLastLines(target.log_file, n);
    } catch (err) {
      await c.respond({ title: t(c.locale, 'logs.cannot_read', { file: target.log_file }), tone: 'warning', lines: [(err as NodeJS.ErrnoException).code ?? String(err)], outcome: 'failed' });
      return;
    }
    const notes = [
      ...(lines.length ? [] : [t(c.locale, 'logs.no_match')]),
      ...(stopped ? [t(c.locale, 'logs.stopped', { scanned: stopped.scanned })] : []),
    ];
    await c.respond({
      title: filter
        ? t(c.locale, 'logs.title_filtered', { target: target.name, count: lines.length, filter })
        : t(c.locale, 'logs.title', { target: target.name, count: lines.length }),
      tone: 'info',
      code: lines.length ? [lines.map(shown).join('\n')] : undefined,
      lines: notes.length ? notes : undefined,
    });
  },
};
