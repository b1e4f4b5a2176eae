// /logs [n] [filter]: the tail of gateway.log, at most 200 lines, secrets redacted.
import { readLastLines } from '../src/probes/log-lines.js';
import { redact } from '../src/util/redact.js';
import { pick } from '../src/i18n.js';
import type { Command } from './types.js';
import { findTarget } from './index.js';

export const MAX_LOG_LINES = 200;

export function lineMatcher(filter: string | undefined): ((l: string) => boolean) | undefined {
  if (!filter) return undefined;
  try {
    // Operator input: bounded length, and a bad pattern falls back to a plain substring.
    if (filter.length > 200) throw new Error('too long');
    const re = new RegExp(filter, 'i');
    return (l) => re.test(l);
  } catch {
    const f = filter.toLowerCase();
    return (l) => l.toLowerCase().includes(f);
  }
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
    const named = rest.length ? findTarget(c.app, rest.at(-1)!) : undefined;
    if (named) rest.pop();
    const target = named ?? c.app.config.targets[0]!;
    const filter = rest.join(' ') || undefined;
    let lines: string[];
    try {
      lines = await readLastLines(target.log_file, n, lineMatcher(filter));
    } catch (err) {
      await c.respond({ title: L(`Cannot read ${target.log_file}`, `无法读取 ${target.log_file}`), tone: 'warning', lines: [(err as NodeJS.ErrnoException).code ?? String(err)], outcome: 'failed' });
      return;
    }
    await c.respond({
      title: L(`${target.name}: last ${lines.length} line(s) of gateway.log${filter ? ` matching "${filter}"` : ''}`, `${target.name}：gateway.log 最后 ${lines.length} 行${filter ? `（匹配 "${filter}"）` : ''}`),
      tone: 'info',
      code: lines.length ? [lines.map((l) => redact(l)).join('\n')] : undefined,
      lines: lines.length ? undefined : [L('No matching lines.', '没有匹配的行。')],
    });
  },
};
