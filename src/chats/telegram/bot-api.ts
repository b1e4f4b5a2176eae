// Telegram's Bot API as gatewatch writes to it, for both of Telegram's plugins (the two-way channel and the send-only
// notifier): one bot token pattern, one request, and one reading of Telegram's refusals (what is for good, what asks
// for a wait, a group that moved, a message that is gone). Light (no grammY): the notifier is loaded with the registry.
// The answer is always `{ok, result}` or `{ok: false, error_code, description, parameters}`.
import * as z from '../../util/zod.js';
import { saidIn } from '../../config/schema-text.js';
import { capRetryAfter } from '../../util/retry-after.js';
import { parseRetryAfter } from '../../channel-kit/http.js';
import { MASK, type SecretShape } from '../../util/redact.js';
import { say } from './words.js';
import { readBodyCapped } from '../../util/read-body.js';
import { ranOut, type Clock } from '../../util/clock.js';

/** A bot token as @BotFather gives it: the bot's id, a colon, 35 characters (at least 20 taken, to be safe). */
export const BOT_TOKEN = /^\d+:[A-Za-z0-9_-]{20,}$/;

export const DEFAULT_API_BASE = 'https://api.telegram.org';

/** A bot token wherever it appears (a gateway's log, a process's command line): the bot id kept, the secret masked. */
export const TOKEN_SHAPES: readonly SecretShape[] = [
  {
    pattern: /(?<![0-9])([0-9]{6,12}):[A-Za-z0-9_-]{34,40}(?![A-Za-z0-9_-])/g,
    mask: (_m, id: string) => `${id}:${MASK}`,
    need: /\d:/,
  },
];

/** The `bot_token` setting, the same for both plugins. */
export const botTokenSchema = () =>
  z
    .string()
    .check(z.regex(BOT_TOKEN, { error: saidIn(say.all('config.schema.bot_token', { example: '123456789:AAE…' })) }));

/** A request with no deadline of its own from the caller (a command's reply) gives up after this. */
export const REQUEST_TIMEOUT_MS = 60_000;
/** Telegram's answers are small JSON; more than this is not read. */
const MAX_BODY_BYTES = 64 * 1024;

/** What Telegram said no with, sorted into what the caller does about it. */
export interface Refusal {
  ok: false;
  /** HTTP status, 0 when there was no answer. */
  status: number;
  /** `<error_code> <description>`, or why there was no answer; may hold the token (a network error quotes the URL): scrub it. */
  detail: string;
  /** Telegram's error_code and description, when it answered with its JSON. */
  code?: number;
  description?: string;
  /** Otherwise what came back, cut short. */
  body?: string;
  /** Telegram's retry_after (429), capped. */
  retryAfterMs?: number;
  /** Retrying cannot help: the token is refused, the bot is blocked or removed, the chat is gone. */
  permanent?: boolean;
  /** The message to edit is gone or cannot be edited. */
  gone?: boolean;
  /** The group is now this supergroup. */
  migratedTo?: number;
}

export type BotAnswer<T> = { ok: true; result: T } | Refusal;

/**
 * The one rule for Telegram's refusals: 401 (token revoked), 403 (blocked, kicked), 404 (no such bot: a malformed
 * token) and 400 "chat not found" are for good; 429 asks for a wait.
 */
export function refusalOf(
  status: number,
  body:
    | {
        error_code?: unknown;
        description?: unknown;
        parameters?: { retry_after?: unknown; migrate_to_chat_id?: unknown };
      }
    | undefined,
  text = '',
): Refusal {
  const code = typeof body?.error_code === 'number' ? body.error_code : status;
  const description = typeof body?.description === 'string' ? body.description : undefined;
  const out: Refusal = {
    ok: false,
    status,
    detail: description !== undefined ? `${code} ${description}` : `HTTP ${status}`,
    ...(description !== undefined ? { code: body!.error_code as number, description } : {}),
  };
  // Not Telegram's JSON (a proxy's error page): the start of what came back.
  if (description === undefined && text.trim()) out.body = text.replace(/\s+/g, ' ').trim().slice(0, 160);
  const p = body?.parameters;
  if (code === 429) out.retryAfterMs = capRetryAfter((typeof p?.retry_after === 'number' ? p.retry_after : 5) * 1000);
  if (typeof p?.migrate_to_chat_id === 'number') out.migratedTo = p.migrate_to_chat_id;
  if (code === 401 || code === 403 || code === 404 || (code === 400 && /chat not found/i.test(description ?? '')))
    out.permanent = true;
  if (/message to edit not found|message can't be edited/i.test(description ?? '')) out.gone = true;
  return out;
}

/**
 * One Bot API call: `payload` as JSON, or as multipart/form-data when it is a FormData (a photo). Never throws; a
 * request `signal` aborts closes its socket.
 */
export async function callBot<T>(
  apiBase: string,
  token: string,
  method: string,
  payload: Record<string, unknown> | FormData,
  signal: AbortSignal,
  clock: Pick<Clock, 'now'>,
): Promise<BotAnswer<T>> {
  const url = new URL(`${apiBase.replace(/\/+$/, '')}/bot${token}/${method}`);
  const form = payload instanceof FormData;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: form ? undefined : { 'content-type': 'application/json; charset=utf-8' },
      body: form ? payload : JSON.stringify(payload),
      redirect: 'manual',
      signal,
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = ranOut(signal) ?? (signal.aborted ? 'cancelled' : (e.cause?.code ?? e.message));
    // The URL holds the token: only its host is said.
    return { ok: false, status: 0, detail: `no answer from ${url.host}: ${why}` };
  }
  const text = (await readBodyCapped(res, MAX_BODY_BYTES)).toString('utf8');
  // Telegram's answer: `{ok, result}` or `{ok: false, error_code, description, parameters}`; checked field by field.
  let body:
    | {
        ok?: unknown;
        result?: unknown;
        error_code?: unknown;
        description?: unknown;
        parameters?: { retry_after?: unknown; migrate_to_chat_id?: unknown };
      }
    | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (res.status === 200 && body?.ok === true) return { ok: true, result: body.result as T };
  const r = refusalOf(res.status, body, text);
  // A proxy in front of Telegram may say its wait in a header: the longer of the two is waited.
  const header =
    res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after'), clock.now()) : undefined;
  if (header !== undefined) r.retryAfterMs = Math.max(r.retryAfterMs ?? 0, header);
  return r;
}
