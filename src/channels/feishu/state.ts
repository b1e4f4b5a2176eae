// What the channel remembers across restarts: the cards it sent (to update them in place when the incident resolves
// or a button is clicked) and the event ids it already handled. One JSON file under state_dir, written atomically.
import path from 'node:path';
import type { Reply } from '../../types.js';
import { readJson, writeFileAtomic } from '../../state/atomic.js';
import { createRedactedJson } from '../../state/redacted-json.js';
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

/**
 * A kept card: what finds it, and the record as the file has it, redacted once when kept rather than at every save.
 * Read back (a click, a resolved incident) it is that redacted record, as after a restart; what was sent had passed
 * the redactor too. One string holds less than the record's objects did.
 */
interface Kept extends Pick<CardRecord, 'messageId' | 'incidentId' | 'to' | 'at'> {
  json: string;
}

const record = (k: Kept): CardRecord => JSON.parse(k.json) as CardRecord;

export async function openStore(stateDir: string, now: () => number = Date.now): Promise<FeishuStore> {
  const file = path.join(stateDir, 'feishu.json');
  const raw = await readJson<{ cards?: CardRecord[]; seen?: unknown }>(file, {});
  // Every inbound event saves (its id, so that a re-push after a restart is not run twice): with 300 kept cards
  // redacted again each time, a command's round trip took 87 ms and blocked the loop as long, and 2,000 seen ids
  // ~10 ms more (issue 21). So each card and each id is redacted once; a save only joins them.
  const redacted = createRedactedJson();
  const keep = (rec: CardRecord): Kept => ({ messageId: rec.messageId, incidentId: rec.incidentId, to: rec.to, at: rec.at, json: redacted.of(rec) });
  let cards: Kept[] = Array.isArray(raw.cards) ? raw.cards.filter((c) => c && typeof c.messageId === 'string' && c.reply).map(keep) : [];
  const seen = new SeenIds();
  seen.load(raw.seen, now());
  const seenJson = () => {
    const entries = seen.toJSON();
    redacted.keepOnly(entries.map(([id]) => id));
    return entries.map(([id, at]) => `[${redacted.of(id)},${at}]`).join(',');
  };
  const save = () => writeFileAtomic(file, () => `{"cards":[${cards.map((c) => c.json).join(',')}],"seen":[${seenJson()}]}`);
  return {
    seen,
    card: (id) => {
      const k = cards.find((c) => c.messageId === id);
      return k && record(k);
    },
    incidentCards: (incidentId, to) => cards.filter((c) => c.incidentId === incidentId && c.to === to).map(record),
    async putCard(rec) {
      cards = cards.filter((c) => c.messageId !== rec.messageId && now() - c.at < CARD_TTL_MS);
      cards.push(keep(rec));
      if (cards.length > MAX_CARDS) cards = cards.slice(cards.length - MAX_CARDS);
      await save();
    },
    save,
  };
}
