// Reply → a push service's title and body, in the service's dialect (CommonMark, a vendor's markdown subset, Telegram
// HTML, e-mail HTML or plain text), cut to the service's size limit. One renderer and one truncation for every
// notifier: a service differs only in its dialect and its limit.
import type { Alert, Locale, Reply, Tone } from '../types.js';
import { labelColon, t } from '../i18n.js';
import { toneIcon } from './tone-icon.js';
import { fence, qrText } from './render-parts.js';

type Colon = ReturnType<typeof labelColon>;

/** How one service writes each part of a reply. Text passed in is raw; the dialect escapes it. */
export interface Dialect {
  heading(text: string): string;
  /** `colon`: the reader's (labelColon), its mark and the space after it. */
  field(label: string, value: string, colon: Colon): string;
  line(text: string): string;
  /** Preformatted text (evidence, log tails). */
  code(text: string): string;
  /** A login QR code's rows, where `code` would change them (plain text indents code); else `code`. */
  qr?(text: string): string;
  /** Between two parts. */
  join: string;
}

/** A size limit: `bytes` of UTF-8 (WeCom, ntfy) or `chars` as UTF-16 code units (Telegram counts those). */
export interface Limit {
  bytes?: number;
  chars?: number;
}

/** CommonMark (ntfy, ServerChan, PushPlus). */
export const MARKDOWN: Dialect = {
  heading: (t) => `### ${t}`,
  field: (l, v, c) => `**${l}${c.mark}**${c.gap}${v}`,
  line: (t) => linkHermesRefs(t, asIs, markdownLink),
  code: fence,
  join: '\n\n',
};

// DingTalk's and WeCom's subsets have no code blocks (quotes instead) and parse tags in text: `<@all>` in a log line
// would mention the whole group, so a zero-width space keeps `<` from opening a tag.
const noTags = (s: string) => s.replace(/</g, '<\u200b');
const quote = (text: string) =>
  text
    .split('\n')
    .map((l) => `> ${noTags(l)}`)
    .join('\n\n');

export const ROBOT_MARKDOWN: Dialect = {
  heading: (t) => `#### ${noTags(t)}`,
  field: (l, v, c) => `**${noTags(l)}${c.mark}**${c.gap}${noTags(v)}`,
  line: noTags,
  code: quote,
  join: '\n\n',
};

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A Hermes issue or pull request an alert names ("Hermes #113618", "Hermes PR #114221"): a link where the dialect has
 * links (issue 80 item 5). GitHub sends an issue's number on to its pull request, so one address serves both.
 */
const HERMES_REF = /\bHermes (?:PR )?#(\d{1,7})\b/g;
const HERMES_ISSUES = 'https://github.com/NousResearch/hermes-agent/issues/';

/** `text` escaped, each Hermes reference in it written by `link(label, url)` (its label escaped the same way). */
export function linkHermesRefs(
  text: string,
  escape: (s: string) => string,
  link: (label: string, url: string) => string,
) {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(HERMES_REF)) {
    out += escape(text.slice(at, m.index)) + link(escape(m[0]), `${HERMES_ISSUES}${m[1]}`);
    at = m.index! + m[0].length;
  }
  return out + escape(text.slice(at));
}

const htmlLink = (label: string, url: string) => `<a href="${url}">${label}</a>`;
const markdownLink = (label: string, url: string) => `[${label}](${url})`;
const asIs = (s: string) => s;

/** Telegram's HTML parse mode: only a few tags, no <br>, newlines are literal. */
export const TELEGRAM_HTML: Dialect = {
  heading: (t) => `<b>${escapeHtml(t)}</b>`,
  field: (l, v, c) => `<b>${escapeHtml(l)}${c.mark}</b>${c.gap}${escapeHtml(v)}`,
  line: (t) => linkHermesRefs(t, escapeHtml, htmlLink),
  code: (t) => `<pre>${escapeHtml(t)}</pre>`,
  join: '\n',
};

export const EMAIL_HTML: Dialect = {
  heading: (t) => `<h3>${escapeHtml(t)}</h3>`,
  field: (l, v, c) => `<div><b>${escapeHtml(l)}${c.mark}</b>${c.gap}${escapeHtml(v)}</div>`,
  line: (t) => `<p>${linkHermesRefs(t, escapeHtml, htmlLink)}</p>`,
  code: (t) => `<pre style="background:#f4f4f4;padding:8px">${escapeHtml(t)}</pre>`,
  join: '\n',
};

export const PLAIN: Dialect = {
  heading: (t) => t,
  field: (l, v, c) => `${l}${c.mark}${c.gap}${v}`,
  line: (t) => t,
  code: (t) => t.replace(/^/gm, '  '),
  qr: (t) => t,
  join: '\n',
};

function severityLabel(tone: Tone, locale: Locale): string {
  return t(locale, `severity.${tone}`);
}

/** The alert's headline with its severity in words (and an icon unless the service shows its own, like ntfy tags). */
export function alertTitle(alert: Alert, locale: Locale, opts: { icon?: boolean } = {}): string {
  const head = `[${severityLabel(alert.severity, locale)}] ${alert.reply.title}`;
  return opts.icon === false ? head : `${toneIcon(alert.severity)} ${head}`;
}

const truncatedLine = (locale: Locale) => t(locale, 'render.truncated');

type Part = { kind: 'heading' | 'line' | 'code' | 'qr'; text: string } | { kind: 'field'; label: string; text: string };

function partsOf(reply: Reply, title: string | undefined): Part[] {
  const parts: Part[] = [];
  if (title !== undefined) parts.push({ kind: 'heading', text: title });
  for (const f of reply.fields ?? []) parts.push({ kind: 'field', label: f.label, text: f.value });
  for (const l of reply.lines ?? []) parts.push({ kind: 'line', text: l });
  const qr = qrText(reply);
  if (qr) parts.push({ kind: 'qr', text: qr });
  for (const c of reply.code ?? []) parts.push({ kind: 'code', text: c });
  return parts;
}

function renderPart(p: Part, d: Dialect, colon: Colon): string {
  if (p.kind === 'field') return d.field(p.label, p.text, colon);
  if (p.kind === 'qr') return d.qr ? d.qr(p.text) : d.code(p.text);
  return d[p.kind](p.text);
}

const renderParts = (parts: Part[], d: Dialect, colon: Colon) => parts.map((p) => renderPart(p, d, colon)).join(d.join);

function sizeOf(s: string, limit: Limit): number {
  return limit.bytes !== undefined ? Buffer.byteLength(s, 'utf8') : s.length;
}

const maxOf = (limit: Limit) => Math.min(limit.bytes ?? Infinity, limit.chars ?? Infinity);

/** The first `n` UTF-16 units of `s` plus an ellipsis, never splitting a surrogate pair. */
function cut(s: string, n: number): string {
  let end = Math.max(0, n);
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return s.slice(0, end) + '…';
}

/** Plain text cut to a limit (titles, short summaries). */
export function truncate(text: string, limit: Limit): string {
  if (sizeOf(text, limit) <= maxOf(limit)) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (sizeOf(cut(text, mid), limit) <= maxOf(limit)) lo = mid;
    else hi = mid - 1;
  }
  return cut(text, lo);
}

/**
 * The reply's body in a dialect, within the limit: whole parts while they fit, then as much of the next part as fits
 * (cut before escaping, so no markup or entity is split), then a "truncated" line. The heading (the title) comes first
 * when `title` is given, so it is the last thing to go.
 */
export function renderReply(reply: Reply, d: Dialect, o: { locale: Locale; limit?: Limit; title?: string }): string {
  const parts = partsOf(reply, o.title);
  const colon = labelColon(o.locale);
  const full = renderParts(parts, d, colon);
  const limit = o.limit ?? {};
  const max = maxOf(limit);
  if (sizeOf(full, limit) <= max) return full;
  const marker: Part = { kind: 'line', text: truncatedLine(o.locale) };
  const fits = (ps: Part[]) => sizeOf(renderParts([...ps, marker], d, colon), limit) <= max;
  const kept: Part[] = [];
  for (const p of parts) {
    if (fits([...kept, p])) {
      kept.push(p);
      continue;
    }
    // Part of a QR code scans as nothing: it goes whole or not at all, and what follows may still fit.
    if (p.kind === 'qr') continue;
    let lo = 0;
    let hi = p.text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits([...kept, { ...p, text: cut(p.text, mid) }])) lo = mid;
      else hi = mid - 1;
    }
    if (lo > 0) kept.push({ ...p, text: cut(p.text, lo) });
    break;
  }
  const out = renderParts([...kept, marker], d, colon);
  // Even the marker alone is over a tiny limit: fall back to a plain cut.
  return sizeOf(out, limit) <= max ? out : truncate(out, limit);
}

/** Log lines and facts the alert quotes, one per entry (for structured payloads). */
export function evidenceOf(reply: Reply): string[] {
  return (reply.code ?? []).flatMap((c) => c.split('\n')).filter((l) => l.length > 0);
}
