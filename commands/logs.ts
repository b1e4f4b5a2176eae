// /logs [n] [filter]: the tail of gateway.log, at most 200 lines, secrets redacted.
import { readLastLines } from '../src/probes/log-lines.js';
import { redact } from '../src/util/redact.js';
import { compileFilter, filterNewest, MAX_FILTER_LENGTH } from '../src/util/line-filter.js';
import { pick } from '../src/i18n.js';
import type { Command } from './types.js';
import { findTarget } from './targets.js';

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

export const logs: Command = {
  name: 'logs',
  aliases: ['log', 'tail'],
  role: 'viewer',
  usage: '/logs [n] [filter] [target]',
  summary: { en: `tail of gateway.log (max ${MAX_LOG_LINES} lines), secrets redacted`, 'zh-CN': `gateway.log 末尾（最多 ${MAX_LOG_LINES} 行），已脱敏` },
  async run(c) {
    const L = (en: string, zh: string) => pick(c.locale, { en, 'zh-CN': zh });
    // Only a leading number is the count; later words, numbers included (`/logs 50 4009`), are the filter.
    let n = 30;
    const rest = [...c.args];
    if (rest[0] && /^\d+$/.test(rest[0])) n = Number(rest.shift());
    n = Math.max(1, Math.min(MAX_LOG_LINES, n));
    // A trailing word naming a target selects it (with one target too: alert buttons name it); the rest is the filter.
    const targets = c.look.targets();
    const named = rest.length ? findTarget(targets, rest.at(-1)!) : undefined;
    if (named) rest.pop();
    const target = named ?? targets[0]!;
    const filter = rest.join(' ') || undefined;
    const compiled = filter ? compileFilter(filter) : undefined;
    if (compiled && !compiled.ok) {
      await c.respond({ title: L(`Filter too long (at most ${MAX_FILTER_LENGTH} characters).`, `过滤条件太长（最多 ${MAX_FILTER_LENGTH} 个字符）。`), tone: 'warning' });
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
      await c.respond({ title: L(`Cannot read ${target.log_file}`, `无法读取 ${target.log_file}`), tone: 'warning', lines: [(err as NodeJS.ErrnoException).code ?? String(err)], outcome: 'failed' });
      return;
    }
    const notes = [
      ...(lines.length ? [] : [L('No matching lines.', '没有匹配的行。')]),
      ...(stopped ? [L(`Search stopped after the last ${stopped.scanned} lines: this filter is too costly to search further.`, `只搜索了最后 ${stopped.scanned} 行：此过滤条件开销太大，已停止。`)] : []),
    ];
    await c.respond({
      title: L(`${target.name}: last ${lines.length} line(s) of gateway.log${filter ? ` matching "${filter}"` : ''}`, `${target.name}：gateway.log 最后 ${lines.length} 行${filter ? `（匹配 "${filter}"）` : ''}`),
      tone: 'info',
      code: lines.length ? [lines.map(shown).join('\n')] : undefined,
      lines: notes.length ? notes : undefined,
    });
  },
};
