// What the channel remembers across restarts: the cards it sent (to update them in place when the incident resolves
// or a button is clicked) and the event ids it already handled. One JSON file under state_dir, written atomically.
import path from 'node:path';
import type { Reply } from '../../types.js';
import { readJson, writeJsonAtomic } from '../../state/atomic.js';
import type { Clock } from '../../util/clock.js';
import { redactionMemo } from '../../util/redact.js';
import { SeenIds } from './inbound.js';

export interface CardRecord {
  messageId: string;
  reply: Reply;
  subtitle?: string;
  /** Alert cards: the incident and the receiver (`chat:oc_…` / `open:ou_…`) it went to. */
  incidentId?: string;
  to?: string;
  /** The outcome of the last button click, shown under the card. */
  result?: { reply: Reply; by?: string };
  at: number;
}

const MAX_CARDS = 300;
const CARD_TTL_MS = 14 * 86_400_000;

export interface FeishuStore {
  seen: SeenIds;
  card(messageId: string): CardRecord | undefined;
  incidentCards(incidentId: string, to: string): CardRecord[];
  putCard(rec: CardRecord): Promise<void>;
  save(): Promise<void>;
}

export async function openStore(stateDir: string, clock: Pick<Clock, 'now'>): Promise<FeishuStore> {
  const now = () => clock.now();
  const file = path.join(stateDir, 'feishu.json');
  const raw = await readJson<{ cards?: CardRecord[]; seen?: unknown }>(file, {}, clock);
  let cards: CardRecord[] = Array.isArray(raw.cards)
    ? raw.cards.filter((c) => c && typeof c.messageId === 'string' && c.reply)
    : [];
  const seen = new SeenIds();
  seen.load(raw.seen, now());
  // Every inbound event saves (its id, so that a re-push after a restart is not run twice). Redacting all of up to
  // 300 kept cards and 2,000 seen ids again at each save made a command's round trip 87 ms, the loop blocked as
  // long (issue 21): each string is redacted once while it stays in the file.
  const memo = redactionMemo();
  const save = () => writeJsonAtomic(file, { cards, seen: seen.toJSON() }, { memo });
  return {
    seen,
    card: (id) => cards.find((c) => c.messageId === id),
    incidentCards: (incidentId, to) => cards.filter((c) => c.incidentId === incidentId && c.to === to),
    async putCard(rec) {
      cards = cards.filter((c) => c.messageId !== rec.messageId && now() - c.at < CARD_TTL_MS);
      cards.push(rec);
      if (cards.length > MAX_CARDS) cards = cards.slice(cards.length - MAX_CARDS);
      await save();
    },
    save,
  };
}
