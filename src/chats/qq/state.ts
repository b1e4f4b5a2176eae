// What must survive a gatewatch restart: the once-only "QQ holds back pushes" notice and the operators' open reply
// windows (msg_id + replies used, so msg_seq is never reused). Written atomically, one write at a time.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Target } from './send.js';
import type { RecallRecord } from './recall.js';
import { writeFileAtomic } from '../../state/atomic.js';

export interface ReplyWindow {
  target: Target;
  /** Who wrote the message (user or member openid). */
  senderId: string;
  msgId: string;
  receivedAt: number;
  /** Replies already sent to this message; the next msg_seq is used + 1. */
  used: number;
}

export interface QQState {
  pushNoticeSent: boolean;
  /** QQ has refused a proactive push from this bot at least once. */
  pushRefused: boolean;
  windows: ReplyWindow[];
  /** Per C2C user openid (alert_to users only): when they last wrote and which recall windows are used. */
  recall: Record<string, RecallRecord>;
}

export interface StateStore {
  readonly data: QQState;
  save(): Promise<void>;
}

export async function openState(stateDir: string, log?: { warn(obj: object, msg: string): void }): Promise<StateStore> {
  const file = path.join(stateDir, 'qq-channel.json');
  let data: QQState = { pushNoticeSent: false, pushRefused: false, windows: [], recall: {} };
  try {
    const raw = JSON.parse(await readFile(file, 'utf8')) as Partial<QQState>;
    data = {
      pushNoticeSent: raw.pushNoticeSent === true,
      pushRefused: raw.pushRefused === true,
      windows: Array.isArray(raw.windows) ? raw.windows.filter(isWindow) : [],
      recall:
        raw.recall && typeof raw.recall === 'object'
          ? Object.fromEntries(Object.entries(raw.recall).filter(([, r]) => isRecall(r)))
          : {},
    };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      log?.warn({ channel: 'qq', file }, `ignoring unreadable QQ state file: ${(err as Error).message}`);
  }
  return {
    data,
    // Not redacted like the state files: msg ids and openids are ids, and one could look like a token.
    save: () => writeFileAtomic(file, () => JSON.stringify(data)),
  };
}

function isWindow(w: unknown): w is ReplyWindow {
  const o = w as ReplyWindow;
  return (
    !!o &&
    typeof o.msgId === 'string' &&
    typeof o.senderId === 'string' &&
    typeof o.receivedAt === 'number' &&
    typeof o.used === 'number' &&
    !!o.target &&
    (o.target.kind === 'user' || o.target.kind === 'group') &&
    typeof o.target.openid === 'string'
  );
}

function isRecall(r: unknown): r is RecallRecord {
  const o = r as RecallRecord;
  return (
    !!o && typeof o.lastSpokeAt === 'number' && Array.isArray(o.used) && o.used.every((w) => typeof w === 'number')
  );
}
