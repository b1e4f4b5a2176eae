// Reply → plain text, for the terminal, the CLI and chat channels that only have text.
import stringWidth from 'string-width';
import type { Reply } from '../types.js';
import { toneIcon } from './tone-icon.js';
import { qrText } from './render-parts.js';
import { safeReply } from '../util/text-out.js';
import { typedCommand } from '../util/command-line.js';

// Printable ASCII is one cell a character: string-width would give the same, after building an Intl.Segmenter (ICU's
// break data: tens of ms of a one-shot `gatewatch status`) to walk it.
const width = (s: string): number => (/^[\x20-\x7e]*$/.test(s) ? s.length : stringWidth(s));

export function renderText(reply: Reply, opts: { buttons?: boolean } = {}): string {
  // The console and the CLI print this to a terminal: no secret, no escape sequence from a log line.
  const r = safeReply(reply);
  const out: string[] = [];
  out.push(`${r.tone ? toneIcon(r.tone) + ' ' : ''}${r.title}`);
  if (r.fields?.length) {
    // Columns line up by what the terminal shows: a CJK character takes two cells.
    const w = Math.min(14, Math.max(...r.fields.map((f) => width(f.label))));
    for (const f of r.fields) out.push(`  ${f.label}${' '.repeat(Math.max(0, w - width(f.label)))}  ${f.value}`);
  }
  for (const l of r.lines ?? []) out.push(l);
  const qr = qrText(r);
  if (qr) out.push(qr);
  for (const c of r.code ?? []) out.push(c.replace(/^/gm, '  '));
  if (opts.buttons !== false && r.buttons?.length) out.push(`→ ${r.buttons.map(typedCommand).join('   ')}`);
  return out.join('\n');
}
