// Reply / Alert → Feishu interactive card, JSON 2.0. Pure functions: the same card goes to the app bot (with callback
// buttons) and to the custom-bot webhook (which cannot call back, so its cards carry no buttons).
import type { Alert, Locale, Reply, ReplyButton, Tone } from '../../types.js';
import { labelColon } from '../../i18n.js';
import { alertSubtitle, clipTail, fence, qrText } from '../../delivery/render-parts.js';
import { toneIcon } from '../../delivery/tone-icon.js';

export type Card = Record<string, unknown>;

const TEMPLATE: Record<Tone, string> = { critical: 'red', warning: 'orange', ok: 'green', info: 'blue' };

/** Feishu refuses cards over 30 KB (230025); the webhook refuses bodies over 20 KB (9499). Stay well below. */
const APP_CARD_MAX_BYTES = 28_000;
export const WEBHOOK_CARD_MAX_BYTES = 18_000;

export interface CardOptions {
  /** Callback buttons; off for webhook cards. */
  buttons?: boolean;
  subtitle?: string;
  /** A second reply shown under the first, e.g. the outcome of a button click. */
  result?: { reply: Reply; by?: string };
  maxBytes?: number;
  /** An uploaded picture (its image_key) shown first; the reply's text strip (`code`) is its text form and is left out. */
  image?: { key: string; alt: string };
  /** The reader's: a field's colon (labelColon). */
  locale: Locale;
}

// Card markdown renders <at>, <font>, links and emphasis; text from logs must not turn into any of them
// (an evidence line containing `<at id=all>` would ping the whole group).
function escapeMd(s: string): string {
  return s.replace(/[&<>*_~`[\]\\|#]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function md(content: string): Card {
  return { tag: 'markdown', content };
}

function button(b: ReplyButton): Card {
  return {
    tag: 'button',
    text: { tag: 'plain_text', content: b.label },
    type: b.style ?? 'default',
    // The SDK only passes object values through; the command string rides inside.
    behaviors: [{ type: 'callback', value: { cmd: b.command } }],
  };
}

function replyElements(r: Reply, codeBudget: number, withButtons: boolean, locale: Locale): Card[] {
  const els: Card[] = [];
  const { mark, gap } = labelColon(locale);
  if (r.fields?.length)
    els.push(md(r.fields.map((f) => `**${escapeMd(f.label)}**${mark}${gap}${escapeMd(f.value)}`).join('\n')));
  if (r.lines?.length) els.push(md(r.lines.map(escapeMd).join('\n')));
  const qr = qrText(r);
  if (qr) els.push(md(fence(qr)));
  for (const c of r.code ?? []) els.push(md(fence(clipTail(c, codeBudget))));
  if (withButtons && r.buttons?.length) {
    els.push({
      tag: 'column_set',
      horizontal_spacing: 'small',
      columns: r.buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [button(b)] })),
    });
  }
  return els;
}

export function replyCard(r: Reply, opts: CardOptions): Card {
  const maxBytes = opts.maxBytes ?? APP_CARD_MAX_BYTES;
  const tone = opts.result?.reply.tone ?? r.tone ?? 'info';
  const build = (codeBudget: number): Card => {
    const image = opts.image
      ? [
          {
            tag: 'img',
            img_key: opts.image.key,
            alt: { tag: 'plain_text', content: opts.image.alt },
            scale_type: 'fit_horizontal',
            preview: true,
          },
        ]
      : [];
    const elements = [
      ...image,
      ...replyElements(opts.image ? { ...r, code: undefined } : r, codeBudget, opts.buttons !== false, opts.locale),
    ];
    if (opts.result) {
      const res = opts.result.reply;
      elements.push({ tag: 'hr' });
      const by = opts.result.by ? ` · ${escapeMd(opts.result.by)}` : '';
      elements.push(md(`**${res.tone ? toneIcon(res.tone) + ' ' : ''}${escapeMd(res.title)}**${by}`));
      elements.push(...replyElements({ ...res, title: '' }, codeBudget, opts.buttons !== false, opts.locale));
    }
    const header: Card = {
      template: TEMPLATE[r.tone ?? tone],
      title: { tag: 'plain_text', content: `${r.tone ? toneIcon(r.tone) + ' ' : ''}${r.title}` },
    };
    if (opts.subtitle) header.subtitle = { tag: 'plain_text', content: opts.subtitle };
    return {
      schema: '2.0',
      config: { update_multi: true, width_mode: 'fill' },
      header,
      body: { direction: 'vertical', elements },
    };
  };
  // Shrink the preformatted sections until the card fits.
  let budget = 12_000;
  let card = build(budget);
  while (Buffer.byteLength(JSON.stringify(card)) > maxBytes && budget > 200) {
    budget = Math.floor(budget / 2);
    card = build(budget);
  }
  return card;
}

export function alertCard(alert: Alert, opts: Omit<CardOptions, 'subtitle'>): Card {
  return replyCard(alert.reply, { ...opts, subtitle: alertSubtitle(alert) });
}
