// Reply → plain text, for the terminal, the CLI and chat channels that only have text.
import type { Reply } from '../types.js';
import { toneIcon } from './tone-icon.js';
import { qrText } from './render-parts.js';
import { safeReply } from '../util/text-out.js';
import { typedCommand } from '../util/command-line.js';
import { besideLabel, labelColumn } from '../util/width.js';

export function renderText(reply: Reply, opts: { buttons?: boolean } = {}): string {
  // The console and the CLI print this to a terminal: no secret, no escape sequence from a log line.
  const r = safeReply(reply);
  const out: string[] = [];
  out.push(`${r.tone ? toneIcon(r.tone) + ' ' : ''}${r.title}`);
  if (r.fields?.length) {
    // Columns line up by what the terminal shows (a CJK character takes two cells), at most a phone's label column.
    const w = labelColumn(r.fields.map((f) => f.label));
    for (const f of r.fields) out.push(...besideLabel(f.label, w, `  ${f.value}`).map((l) => `  ${l}`));
  }
  for (const l of r.lines ?? []) out.push(l);
  const qr = qrText(r);
  if (qr) out.push(qr);
  for (const c of r.code ?? []) out.push(c.replace(/^/gm, '  '));
  if (opts.buttons !== false && r.buttons?.length) out.push(`→ ${r.buttons.map(typedCommand).join('   ')}`);
  return out.join('\n');
}
