// Reply → plain text, for the terminal, the CLI and chat channels that only have text.
import type { Reply, Tone } from '../types.js';

const ICON: Record<Tone, string> = { critical: '🔴', warning: '🟠', info: 'ℹ️', ok: '✅' };

export function toneIcon(tone: Tone | undefined): string {
  return tone ? ICON[tone] : '';
}

export function renderText(r: Reply, opts: { buttons?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`${r.tone ? toneIcon(r.tone) + ' ' : ''}${r.title}`);
  if (r.fields?.length) {
    const w = Math.min(14, Math.max(...r.fields.map((f) => f.label.length)));
    for (const f of r.fields) out.push(`  ${f.label.padEnd(w)}  ${f.value}`);
  }
  for (const l of r.lines ?? []) out.push(l);
  for (const c of r.code ?? []) out.push(c.replace(/^/gm, '  '));
  if (opts.buttons !== false && r.buttons?.length) out.push(`→ ${r.buttons.map((b) => b.command).join('   ')}`);
  return out.join('\n');
}

/** Split text into chunks of at most `max` characters, on line boundaries where possible. */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    const pieces = line.length > max ? line.match(new RegExp(`[\\s\\S]{1,${max}}`, 'g'))! : [line];
    for (const p of pieces) {
      if (cur && cur.length + 1 + p.length > max) {
        chunks.push(cur);
        cur = p;
      } else cur = cur ? `${cur}\n${p}` : p;
    }
  }
  if (cur) chunks.push(cur);
  return chunks;
}
