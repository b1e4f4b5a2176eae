// What the channel remembers across restarts, in <state_dir>/telegram.json (written atomically): the alert messages
// per incident (to edit them in place on recovery), long button commands behind short callback keys, and the last
// update handled (so updates fetched just before a crash are not run twice).
import path from 'node:path';
import { readJson, writeJsonAtomic } from '../../state/atomic.js';
import type { Clock } from '../../util/clock.js';
import { redactionMemo } from '../../util/redact.js';

export interface AlertMessage {
  incidentId: string;
  chatId: string;
  messageId: number;
  at: number;
}

const MAX_MESSAGES = 300;
const MESSAGE_TTL_MS = 14 * 86_400_000;
const MAX_CALLBACKS = 500;

export interface TelegramStore {
  lastUpdateId(): number | undefined;
  setLastUpdateId(id: number): Promise<void>;
  incidentMessages(incidentId: string, chatId: string): AlertMessage[];
  putMessage(m: AlertMessage): Promise<void>;
  dropMessage(chatId: string, messageId: number): Promise<void>;
  callback(key: string): string | undefined;
  putCallback(key: string, command: string): void;
  save(): Promise<void>;
}

interface Saved {
  last_update_id?: number;
  messages?: AlertMessage[];
  callbacks?: [string, string][];
}

export async function openStore(stateDir: string, clock: Pick<Clock, 'now'>): Promise<TelegramStore> {
  const now = () => clock.now();
  const file = path.join(stateDir, 'telegram.json');
  const raw = await readJson<Saved>(file, {}, clock);
  let lastUpdate = typeof raw.last_update_id === 'number' ? raw.last_update_id : undefined;
  let messages: AlertMessage[] = Array.isArray(raw.messages)
    ? raw.messages.filter(
        (m) => m && typeof m.incidentId === 'string' && typeof m.messageId === 'number' && typeof m.chatId === 'string',
      )
    : [];
  const callbacks = new Map<string, string>(
    Array.isArray(raw.callbacks)
      ? raw.callbacks.filter((e) => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string')
      : [],
  );
  // Saved with every poll that brought updates: each string is redacted once while it stays in the file (issue 21).
  const memo = redactionMemo();
  const save = () =>
    writeJsonAtomic(file, { last_update_id: lastUpdate, messages, callbacks: [...callbacks] } satisfies Saved, {
      memo,
    });
  return {
    lastUpdateId: () => lastUpdate,
    async setLastUpdateId(id) {
      lastUpdate = id;
      await save();
    },
    incidentMessages: (incidentId, chatId) =>
      messages.filter((m) => m.incidentId === incidentId && m.chatId === chatId),
    async putMessage(m) {
      messages = messages.filter(
        (x) => !(x.chatId === m.chatId && x.messageId === m.messageId) && now() - x.at < MESSAGE_TTL_MS,
      );
      messages.push(m);
      if (messages.length > MAX_MESSAGES) messages = messages.slice(messages.length - MAX_MESSAGES);
      await save();
    },
    async dropMessage(chatId, messageId) {
      messages = messages.filter((x) => !(x.chatId === chatId && x.messageId === messageId));
      await save();
    },
    callback: (key) => callbacks.get(key),
    putCallback(key, command) {
      callbacks.delete(key);
      callbacks.set(key, command);
      while (callbacks.size > MAX_CALLBACKS) callbacks.delete(callbacks.keys().next().value!);
    },
    save,
  };
}
