// QQ's interaction-recall message (互动召回消息, `is_wakeup: true`), the one kind of unsolicited C2C message QQ still
// allows when plain proactive pushes are refused. What the protocol reference says (2026 docs, third-party
// transcriptions, so the platform has the last word and a refusal is expected and handled):
//   - C2C only; never with msg_id or event_id.
//   - Only within 30 days after the user last spoke to the bot, one message per window: the same day, days 1–3,
//     days 3–7, days 7–30 (4 in all). The windows start again when the user writes again on a later day.
// Days are calendar days in China time (UTC+8), QQ's own. The day-3 and day-7 boundaries go to the earlier window.
// A window is spent when we try it, whatever QQ answers: a refused recall is not tried again in the same window.

import { say } from './words.js';

export interface RecallRecord {
  /** When the user last wrote to the bot in C2C (epoch ms). */
  lastSpokeAt: number;
  /** Windows (0–3) already used since then. */
  used: number[];
  /** The user switched off messages from the bot (C2C_MSG_REJECT), until C2C_MSG_RECEIVE. */
  off?: boolean;
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
export const RECALL_WINDOWS = [
  { from: 0, to: 0 },
  { from: 1, to: 3 },
  { from: 4, to: 7 },
  { from: 8, to: 30 },
] as const;

const chinaDay = (t: number) => Math.floor((t + CHINA_OFFSET_MS) / DAY_MS);

/** The window `now` falls in after the user last spoke, or undefined past 30 days. */
export function recallWindow(lastSpokeAt: number, now: number): number | undefined {
  const days = chinaDay(now) - chinaDay(lastSpokeAt);
  const i = RECALL_WINDOWS.findIndex((w) => days >= w.from && days <= w.to);
  return i < 0 ? undefined : i;
}

/** The user wrote to the bot: a later day starts the windows again. */
export function noteSpoke(prev: RecallRecord | undefined, at: number): RecallRecord {
  if (!prev || chinaDay(at) !== chinaDay(prev.lastSpokeAt))
    return { lastSpokeAt: at, used: [], ...(prev?.off ? { off: true } : {}) };
  return { ...prev, lastSpokeAt: Math.max(prev.lastSpokeAt, at) };
}

/** Why no recall may be sent now: one of QQ's texts (`qq.recall.*`, words.ts), worded for its reader where it is told. */
export type RecallWhy =
  | { key: 'qq.recall.not_spoken' | 'qq.recall.off' | 'qq.recall.expired' }
  | { key: 'qq.recall.used'; params: { window: { key: `qq.recall.window.${0 | 1 | 2 | 3}` } } };

/** A window's name (`same day`, `days 1-3`…) as one of QQ's texts. */
export const windowWords = (w: number) => ({ key: `qq.recall.window.${w as 0 | 1 | 2 | 3}` }) as const;

/** Whether a recall may be sent now, and in which window; why not otherwise (`why` in English, `words` to word). */
export function mayRecall(
  rec: RecallRecord | undefined,
  now: number,
): { window: number } | { why: string; words: RecallWhy } {
  const no = (words: RecallWhy) => ({ why: say.param('en', words), words });
  if (!rec) return no({ key: 'qq.recall.not_spoken' });
  if (rec.off) return no({ key: 'qq.recall.off' });
  const w = recallWindow(rec.lastSpokeAt, now);
  if (w === undefined) return no({ key: 'qq.recall.expired' });
  if (rec.used.includes(w)) return no({ key: 'qq.recall.used', params: { window: windowWords(w) } });
  return { window: w };
}
