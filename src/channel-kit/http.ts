// What every push-service notifier shares: one HTTP attempt the caller can cancel, Retry-After parsing, turning a
// service's answer (HTTP status plus its own body code) into a delivery outcome, a local rate limit, and the Channel
// shell (health, logging with the secrets scrubbed). Retries are not here: the outbox retries, a notifier tries once.
import type {
  Alert,
  Channel,
  ChannelContext,
  ChannelHealth,
  CredentialVerdict,
  DeliveryOutcome,
  Locale,
} from '../types.js';
import { CREDENTIAL_CHECK_TIMEOUT_MS, type CredentialsRefused } from './refused.js';
import { redact } from '../util/redact.js';
import { localStamp } from '../util/time.js';
import { t } from '../i18n.js';
import { capRetryAfter } from '../util/retry-after.js';
import { deadline, ranOut, type Clock } from '../util/clock.js';
import { readBodyCapped } from '../util/read-body.js';

/** A send with no caller's signal (a direct deliver()) gives up after this; the outbox's send timeout is its own. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON (an error page, a proxy's HTML). */
  // biome-ignore lint/suspicious/noExplicitAny: each service's own answer: its judge reads the fields it knows, each compared to a literal.
  json: any;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * When the request is given up: the caller gives up (the outbox's send timeout, gatewatch stopping), or a deadline
   * of the caller's clock runs out (deadline() in src/util/clock.ts). Fetch aborts and closes the socket.
   */
  signal: AbortSignal;
}

/**
 * One request. A network failure or timeout comes back as `{ error }` naming only the host: URLs of push services
 * carry their credential (a token in the path or query), so a URL never goes into a detail or a log line.
 */
export async function request(url: string | URL, req: HttpRequest): Promise<HttpAnswer | { error: string }> {
  const u = new URL(url);
  let res: Response;
  try {
    res = await fetch(u, {
      method: req.method ?? 'POST',
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: req.signal,
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = ranOut(req.signal) ?? (req.signal.aborted ? 'cancelled' : (e.cause?.code ?? e.message));
    return { error: `no answer from ${u.host}: ${why}` };
  }
  const text = (await readBodyCapped(res, MAX_BODY_BYTES)).toString('utf8');
  // biome-ignore lint/suspicious/noExplicitAny: each service's own answer: its judge reads the fields it knows, each compared to a literal.
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A push service's answer is a small JSON; anything past this (an error page of 300 MB) is not read. */
export const MAX_BODY_BYTES = 16 * 1024;

export function postJson(
  url: string | URL,
  body: unknown,
  o: { headers?: Record<string, string>; signal: AbortSignal },
) {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...o.headers },
    body: JSON.stringify(body),
    signal: o.signal,
  });
}

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date, at most 10 minutes; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  return capRetryAfter(retryAfterOf(value, now));
}

function retryAfterOf(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export interface Judge {
  /** Name of the service, for the detail (`DingTalk`, `ntfy`). */
  service: string;
  /** Whether the answer means delivered. Most services answer HTTP 200 on failure: check their body code. */
  ok(a: HttpAnswer): boolean;
  /** The service's own result code, if it has one. */
  // biome-ignore lint/suspicious/noExplicitAny: each service's own answer: its judge reads the fields it knows, each compared to a literal.
  code?(json: any): string | number | undefined;
  /** The service's own message. */
  // biome-ignore lint/suspicious/noExplicitAny: each service's own answer: its judge reads the fields it knows, each compared to a literal.
  message?(json: any): string | undefined;
  /** A wait the service asks for (its rate-limit codes), in ms; a Retry-After header wins when longer. */
  retryAfterMs?(a: HttpAnswer, code: string | number | undefined): number | undefined;
}

/** Turns one answer into an outcome: sent, or failed with the service's code and message and any wait it asked for. */
export function judge(a: HttpAnswer | { error: string }, j: Judge, now: number): DeliveryOutcome {
  if ('error' in a) return { status: 'failed', detail: `${j.service}: ${a.error}` };
  if (j.ok(a)) return { status: 'sent', detail: `${j.service}: HTTP ${a.status}` };
  const code = a.json !== undefined && a.json !== null ? j.code?.(a.json) : undefined;
  const message =
    (a.json !== undefined && a.json !== null ? j.message?.(a.json) : undefined) ??
    a.text.replace(/\s+/g, ' ').slice(0, 160);
  const fromHeader =
    a.status === 429 || a.status === 503 ? parseRetryAfter(a.headers.get('retry-after'), now) : undefined;
  const fromService = j.retryAfterMs?.(a, code);
  const waits = [fromHeader, fromService].filter((x): x is number => x !== undefined);
  const detail = `${j.service}: HTTP ${a.status}${code !== undefined ? ` code ${code}` : ''}${message ? `: ${message}` : ''}`;
  if (waits.length) return { status: 'failed', detail, retryAfterMs: Math.max(...waits) };
  // Refused credentials, a refused permission, an address that is gone: the same request will be refused again.
  return PERMANENT_HTTP.has(a.status) ? { status: 'failed', detail, permanent: true } : { status: 'failed', detail };
}

const PERMANENT_HTTP = new Set([401, 403, 404, 410]);

/**
 * A client-side rate limit: at most `max` sends per `perMs` (the service's documented limit, so we do not earn its
 * penalty: DingTalk throttles a robot for 10 minutes after its 21st message in a minute), and a pause after the
 * service itself asked us to wait, so the next alert in the outbox does not knock on the same closed door.
 */
export interface RateLimit {
  /** 0 when a send may go now, else the ms to wait. Does not count a send. */
  wait(now: number): number;
  /** Count a send made now. */
  note(now: number): void;
  pause(until: number): void;
}

export function createRateLimit(o: { max?: number; perMs?: number } = {}): RateLimit {
  const sent: number[] = [];
  let pausedUntil = 0;
  return {
    wait(now) {
      if (pausedUntil > now) return pausedUntil - now;
      if (!o.max || !o.perMs) return 0;
      while (sent.length && sent[0]! <= now - o.perMs) sent.shift();
      return sent.length < o.max ? 0 : sent[0]! + o.perMs - now;
    },
    note(now) {
      if (o.max && o.perMs) sent.push(now);
    },
    pause(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
  };
}

export interface NotifierSpec {
  name: string;
  /** Values that must never appear in a detail or log line (tokens, keys, passwords, webhook URLs). */
  secrets: readonly (string | undefined)[];
  limit?: RateLimit;
  /** Until the channel is started (a direct test send); then the context's. */
  locale: Locale;
  /**
   * One attempt, given up when `signal` aborts (pass it to every request): the caller's, or a deadline of the shell's
   * (DEFAULT_TIMEOUT_MS) when the caller gave none. May throw: the shell turns that into `failed`.
   */
  send(alert: Alert, locale: Locale, signal: AbortSignal): Promise<DeliveryOutcome>;
  /**
   * The cheap check at start and at every credential check after, only where the service has one that sends nothing:
   * the refusal when the service definitely refuses the credentials, undefined when it takes them; throws when it
   * could not be asked (a network error or timeout is no refusal: the outbox retries as always).
   */
  checkCredentials?(signal: AbortSignal): Promise<CredentialsRefused | undefined>;
  /** The service's name in "could not be reached" (the notifier's name when not given). */
  service?: string;
  /** The time of its rate limit and health line, and its deadlines (the host's clock: PluginHost.clock). */
  clock: Clock;
  /** The fix in the notifier's own words when the service refuses its credentials (see Channel.credentialsFix). */
  credentialsFix?(locale: Locale): string;
}

/** The Channel around a send-only notifier: one attempt per deliver(), rate limit, health, scrubbed details. */
export function notifierChannel(spec: NotifierSpec): Channel {
  const { name } = spec;
  let ctx: ChannelContext | undefined;
  let last: { ok: boolean; at: number; detail: string } | undefined;
  const limit = spec.limit ?? createRateLimit();
  const { clock } = spec;
  const now = () => clock.now();
  return {
    name,
    interactive: false,
    ...(spec.credentialsFix ? { credentialsFix: spec.credentialsFix } : {}),
    async start(c) {
      if (spec.checkCredentials) {
        const refused = await spec
          .checkCredentials(deadline(clock, CREDENTIAL_CHECK_TIMEOUT_MS))
          .catch(() => undefined);
        if (refused) throw refused;
      }
      ctx = c;
    },
    async stop() {},
    ...(spec.checkCredentials
      ? {
          async checkCredentials(signal: AbortSignal): Promise<CredentialVerdict> {
            const service = spec.service ?? name;
            try {
              const refused = await spec.checkCredentials!(signal);
              if (!refused) return { state: 'accepted', service };
              return {
                state: 'rejected',
                service: refused.refusal?.service ?? service,
                answer: refused.refusal?.answer ?? refused.expected,
                fix: refused.fix,
              };
            } catch (err) {
              return { state: 'unreachable', service, reason: redact((err as Error).message, spec.secrets) };
            }
          },
        }
      : {}),
    async deliver(alert, signal) {
      const at = now();
      const wait = limit.wait(at);
      if (wait > 0)
        return {
          status: 'failed',
          detail: `held back by the rate limit for ${Math.ceil(wait / 1000)} s`,
          retryAfterMs: wait,
        };
      limit.note(at);
      let out: DeliveryOutcome;
      try {
        out = await spec.send(alert, ctx?.locale ?? spec.locale, signal ?? deadline(clock, DEFAULT_TIMEOUT_MS));
      } catch (err) {
        out = { status: 'failed', detail: (err as Error).message };
      }
      if (out.detail) out = { ...out, detail: redact(out.detail, spec.secrets) };
      last = { ok: out.status === 'sent', at: now(), detail: out.detail ?? '' };
      if (out.status === 'failed') {
        if (out.retryAfterMs) limit.pause(now() + out.retryAfterMs);
        ctx?.log.warn(
          { notifier: name, alert: alert.id, detail: out.detail, retryAfterMs: out.retryAfterMs },
          'push failed',
        );
      }
      return out;
    },
    health(locale = ctx?.locale ?? spec.locale): ChannelHealth {
      const time = last && localStamp(last.at).slice(11);
      const summary = !last
        ? t(locale, 'channel.health.push.none')
        : last.ok
          ? t(locale, 'channel.health.push.ok', { time: time! })
          : t(locale, 'channel.health.push.failed', { detail: last.detail, time: time! });
      return { name, ok: last?.ok ?? true, summary };
    },
  };
}
