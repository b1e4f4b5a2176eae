// Reply / Alert → Telegram message text in HTML parse mode, plus the inline keyboard. Pure functions.
// HTML rather than MarkdownV2: only `< > &` need escaping (MarkdownV2 reserves 18 characters, and one missed `.` or `-`
// in a log line makes Telegram refuse the whole message with "can't parse entities").
import { createHash } from 'node:crypto';
import type { Alert, Locale, Reply, ReplyButton } from '../../types.js';
import { labelColon } from '../../i18n.js';
import { escapeHtml, TELEGRAM_HTML, truncate } from '../../delivery/render-markdown.js';
import { alertSubtitle, clipTail } from '../../delivery/render-parts.js';
import { toneIcon } from '../../delivery/tone-icon.js';

/** Telegram's limit: 1–4096 characters of text after entity parsing (the tags do not count, `&lt;` counts as one). */
export const TEXT_MAX = 4096;
/** callback_data must be 1–64 bytes (400 BUTTON_DATA_INVALID otherwise). */
const CALLBACK_DATA_MAX_BYTES = 64;

/** The length Telegram counts: text without tags, entities as one character, in UTF-16 code units. */
function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, '_').length;
}

export interface RenderOptions {
  /** A line under the title, e.g. the target and time of an alert. */
  subtitle?: string;
  /** The reader's: a field's colon (labelColon). */
  locale: Locale;
}

function build(r: Reply, o: RenderOptions, codeBudget: number, lineBudget: number): string {
  const parts: string[] = [];
  // The markup is the notifiers' Telegram dialect; the layout (blank lines between sections, a subtitle) is the chat's.
  const d = TELEGRAM_HTML;
  parts.push(`${r.tone ? toneIcon(r.tone) + ' ' : ''}${d.heading(truncate(r.title, { chars: 300 }))}`);
  if (o.subtitle) parts.push(`<i>${escapeHtml(o.subtitle)}</i>`);
  if (r.fields?.length)
    parts.push(
      r.fields.map((f) => d.field(f.label, truncate(f.value, { chars: lineBudget }), labelColon(o.locale))).join('\n'),
    );
  if (r.lines?.length) parts.push(r.lines.map((l) => d.line(truncate(l, { chars: lineBudget }))).join('\n'));
  for (const c of r.code ?? []) parts.push(d.code(clipTail(c, codeBudget)));
  return parts.join('\n\n');
}

/** The whole reply as HTML that Telegram accepts: escaped, and shrunk (code tails first) to fit 4096 characters. */
export function renderHtml(r: Reply, o: RenderOptions): string {
  let code = 3_500;
  let line = 1_000;
  let html = build(r, o, code, line);
  while (visibleLength(html) > TEXT_MAX && (code > 100 || line > 80)) {
    if (code > 100) code = Math.floor(code / 2);
    else line = Math.floor(line / 2);
    html = build(r, o, code, line);
  }
  if (visibleLength(html) > TEXT_MAX) {
    // Too many fields/lines even when each is short: keep the title and as many body parts (fields first) as fit.
    const body = [...(r.fields ?? []).map((f) => ({ f })), ...(r.lines ?? []).map((l) => ({ l }))];
    const cut = (n: number) => {
      const kept = body.slice(0, n);
      const fields = kept.flatMap((x) => ('f' in x ? [x.f] : []));
      const lines = kept.flatMap((x) => ('l' in x ? [x.l] : []));
      return build({ ...r, code: [], fields, lines: [...lines, '…'] }, o, code, line);
    };
    let lo = 0;
    let hi = body.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (visibleLength(cut(mid)) <= TEXT_MAX) lo = mid;
      else hi = mid - 1;
    }
    html = cut(lo);
  }
  return html;
}

export function renderAlert(alert: Alert, locale: Locale): string {
  return renderHtml(alert.reply, { subtitle: alertSubtitle(alert), locale });
}

/** callback_data for a button: the command itself when it fits in 64 bytes, else a short key the store maps back. */
export function callbackData(command: string): { data: string; long?: { key: string; command: string } } {
  if (Buffer.byteLength(command, 'utf8') <= CALLBACK_DATA_MAX_BYTES) return { data: command };
  const key = `k:${createHash('sha256').update(command).digest('hex').slice(0, 20)}`;
  return { data: key, long: { key, command } };
}

export interface InlineKeyboard {
  inline_keyboard: { text: string; callback_data: string }[][];
}

/** Buttons two to a row (four labels like "Mute 1h" do not fit one row on a phone). */
export function keyboard(
  buttons: ReplyButton[] | undefined,
  remember: (key: string, command: string) => void,
): InlineKeyboard | undefined {
  if (!buttons?.length) return undefined;
  const cells = buttons.map((b) => {
    const { data, long } = callbackData(b.command);
    if (long) remember(long.key, long.command);
    return { text: b.label, callback_data: data };
  });
  const rows: { text: string; callback_data: string }[][] = [];
  for (let i = 0; i < cells.length; i += 2) rows.push(cells.slice(i, i + 2));
  return { inline_keyboard: rows };
}
