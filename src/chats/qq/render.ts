// Reply → QQ plain text (msg_type 0), split to QQ's per-message limit and to the number of replies a message allows.
// No transport here.
import type { Alert, Locale, Reply } from '../../types.js';
import { toneIcon } from '../../delivery/tone-icon.js';
import { say } from './words.js';
import { qrText } from '../../delivery/render-parts.js';
import { typedCommand } from '../../util/command-line.js';
import { labelled } from '../../i18n.js';

/** Characters per message. The docs give no number (only "too long" error codes); this stays well under what works. */
export const QQ_TEXT_LIMIT = 1500;

export function renderText(reply: Reply, locale: Locale = 'en'): string {
  const out = [`${reply.tone ? `${toneIcon(reply.tone)} ` : ''}${reply.title}`];
  for (const f of reply.fields ?? []) out.push(labelled(locale, f.label, f.value));
  if (reply.lines?.length) out.push('', ...reply.lines);
  const qr = qrText(reply);
  if (qr) out.push('', qr);
  for (const block of reply.code ?? []) out.push('', block);
  if (reply.buttons?.length)
    out.push('', labelled(locale, say(locale, 'qq.reply_with'), reply.buttons.map(typedCommand).join('  ·  ')));
  return out.join('\n');
}

/** One or two lines per alert, for digests of held alerts that do not fit in full. */
export function renderAlertCompact(alert: Alert, locale: Locale): string {
  const r = alert.reply;
  const when = new Date(alert.createdAt).toISOString().slice(11, 16);
  const head = `${toneIcon(alert.severity)} ${when}Z ${r.title}`.trim();
  const fields = (r.fields ?? []).slice(0, 3).map((f) => labelled(locale, f.label, f.value));
  return fields.length ? `${head}\n${fields.join(' · ')}` : head;
}

/** Split on line boundaries; a line longer than `limit` is cut (by code point, never inside a surrogate pair). */
export function splitText(text: string, limit = QQ_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let cur: string[] = [];
  let curLen = 0;
  const flush = () => {
    if (cur.length) parts.push(cur.join('\n'));
    cur = [];
    curLen = 0;
  };
  for (const line of text.split('\n')) {
    const chars = Array.from(line);
    if (chars.length > limit) {
      flush();
      for (let i = 0; i < chars.length; i += limit) parts.push(chars.slice(i, i + limit).join(''));
      continue;
    }
    const add = chars.length + (cur.length ? 1 : 0);
    if (curLen + add > limit) flush();
    cur.push(line);
    curLen += chars.length + (cur.length > 1 ? 1 : 0);
  }
  flush();
  return parts.map((p) => p.replace(/\n+$/, '')).filter((p) => p.trim() !== '');
}

/** Keep at most `budget` parts; the last kept part says how much was cut. */
export function fitToBudget(
  parts: string[],
  budget: number,
  maxReplies: number,
  limit = QQ_TEXT_LIMIT,
  locale: Locale = 'en',
): string[] {
  if (parts.length <= budget) return parts;
  if (budget <= 0) return [];
  const kept = parts.slice(0, budget);
  const note = say(locale, 'qq.cut', { count: parts.length - budget, max: maxReplies });
  const last = Array.from(kept[budget - 1]!);
  const room = limit - Array.from(note).length - 1;
  kept[budget - 1] = `${last.slice(0, Math.max(0, room)).join('')}\n${note}`;
  return kept;
}

export interface Block {
  text: string;
  /** Alert ids this block carries; they count as delivered once the part that ends the block is sent. */
  ids: string[];
}

/** Pack whole blocks into parts of at most `limit` characters (a block larger than that is split on its own). */
export function packBlocks(blocks: Block[], limit = QQ_TEXT_LIMIT, sep = '\n\n'): Block[] {
  const out: Block[] = [];
  let cur: Block | undefined;
  for (const b of blocks) {
    const len = Array.from(b.text).length;
    if (len > limit) {
      if (cur) out.push(cur);
      cur = undefined;
      const pieces = splitText(b.text, limit);
      pieces.forEach((p, i) => out.push({ text: p, ids: i === pieces.length - 1 ? b.ids : [] }));
      continue;
    }
    if (cur && Array.from(cur.text).length + sep.length + len <= limit) {
      cur = { text: cur.text + sep + b.text, ids: [...cur.ids, ...b.ids] };
    } else {
      if (cur) out.push(cur);
      cur = { text: b.text, ids: [...b.ids] };
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Group messages are refused when they contain unregistered URLs (40054010): break the links. */
export function defangUrls(text: string): string {
  return text.replace(/\b(?:https?|wss?):\/\/([^\s/]+)/gi, (_m, host: string) => host.replace(/\./g, '[.]'));
}

/** Stronger form for a retry after 40054010: every dotted name (a.b.c) loses its dots. */
export function defangDomains(text: string): string {
  return defangUrls(text).replace(/\b([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b/g, (m) =>
    /^[\d.]+$/.test(m) ? m : m.replace(/\./g, '[.]'),
  );
}
