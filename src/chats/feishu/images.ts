// A reply's chart as a picture on its Feishu card: drawn, uploaded, and its image_key put in the card's img element;
// where it cannot be, the card carries the text form. The last alert's upload is kept: one serves all its receivers
// and its retries.
import type { Logger } from 'pino';
import type { Locale, Reply } from '../../types.js';
import { chartPng } from '../../delivery/chart-png.js';
import { replyCard, type Card, type CardOptions } from './card.js';
import type { FeishuSender } from './client.js';

export type CardImage = NonNullable<CardOptions['image']>;

export interface ChartImages {
  /** A reply's chart, uploaded; `alertId` for an alert's (kept for its other receivers and retries). */
  imageOf(reply: Reply, o?: { alertId?: string; signal?: AbortSignal }): Promise<CardImage | undefined>;
  /** A reply's card, with its chart as a picture where it has one. */
  cardOf(reply: Reply): Promise<Card>;
}

export function createChartImages(sender: FeishuSender, log: Logger, locale: Locale): ChartImages {
  let uploaded: { alertId: string; key: string } | undefined;
  async function imageOf(reply: Reply, o: { alertId?: string; signal?: AbortSignal } = {}) {
    if (!reply.chart) return undefined;
    const alt = reply.title;
    if (o.alertId !== undefined && uploaded?.alertId === o.alertId) return { key: uploaded.key, alt };
    try {
      // An alert's rate limit goes back to the outbox; a command reply has none behind it and waits here.
      const up = await sender.uploadImage(await chartPng(reply.chart), {
        wait: o.alertId === undefined,
        signal: o.signal,
      });
      if (!up.ok || !up.imageKey) {
        log.warn({ detail: up.detail }, 'feishu image upload failed; the card carries the text form');
        return undefined;
      }
      if (o.alertId !== undefined) uploaded = { alertId: o.alertId, key: up.imageKey };
      return { key: up.imageKey, alt };
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'chart not drawn; the card carries the text form');
      return undefined;
    }
  }
  return {
    imageOf,
    async cardOf(reply) {
      const image = await imageOf(reply);
      return replyCard(reply, image ? { image, locale } : { locale });
    },
  };
}
