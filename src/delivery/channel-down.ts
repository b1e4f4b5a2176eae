// A channel that cannot deliver for a reason retrying will not fix: its token refused at start, a token revoked later,
// an app without the permission, a webhook address that is gone. gatewatch keeps running with the channels that work
// and says so once on each of them, in plain words with the fix. This file words that notice and stands in for a
// channel that could not start (it fails every send as permanent, so its fallbacks carry its alerts, and its queued
// alerts wait in the outbox for the restart after the fix).
import { randomUUID } from 'node:crypto';
import { t } from '../i18n.js';
import type { Alert, Channel, DeliveryOutcome, InLocales, Locale } from '../types.js';

/** When the channel was found unable to deliver: it could not start, or a send was refused for good. */
export type DownWhen = 'start' | 'send';

/** Whether the refusal is of the channel's credentials (its token or secret), read from the service's answer. */
export function isCredentialRefusal(reason: string): boolean {
  return /\b401\b|unauthori[sz]ed|invalid token|token (?:is )?(?:invalid|expired|revoked)|refused by/i.test(reason);
}

/**
 * What the fix is, read from the refusal: credentials, permission, an address that is gone, or else the config.
 * Refused credentials are fixed where that service issues them: in the channel's own words where it has some
 * (`own`: its credentialsFix, Telegram's @BotFather, Feishu's console, QQ's open platform).
 */
export function downHint(reason: string, locale: Locale, own?: InLocales): string {
  if (isCredentialRefusal(reason)) return own?.[locale] ?? t(locale, 'channel.down.hint.credentials');
  if (/\b403\b|forbidden|permission|no access|blocked|kicked/i.test(reason))
    return t(locale, 'channel.down.hint.permission');
  if (/\b404\b|\b410\b|not found/i.test(reason)) return t(locale, 'channel.down.hint.address');
  return t(locale, 'channel.down.hint.config');
}

/** The notice on every channel that works: which channel cannot deliver, why, and what to do (the channel's own fix if it gave one). */
export function channelDownAlert(o: {
  channel: string;
  reason: string;
  when: DownWhen;
  fix?: string;
  own?: InLocales;
  to: string[];
  locale: Locale;
  now: number;
}): Alert {
  const { locale } = o;
  return {
    id: randomUUID(),
    kind: 'notice',
    incidentId: `gatewatch:channel.${o.channel}@${o.now.toString(36)}`,
    target: 'gatewatch',
    check: `channel.${o.channel}`,
    severity: 'warning',
    createdAt: o.now,
    to: o.to,
    reply: {
      title: t(locale, 'channel.down.title', { channel: o.channel }),
      tone: 'warning',
      lines: [
        t(locale, 'channel.down.why', { reason: o.reason }),
        o.fix ?? downHint(o.reason, locale, o.own),
        t(locale, o.when === 'start' ? 'channel.down.start' : 'channel.down.send', { channel: o.channel }),
      ],
    },
  };
}

/** A channel that cannot deliver as the banner and /doctor say it: ✗, why (the service's own answer when it refused the credentials), and the fix. */
export function cannotDeliverLines(
  d: {
    channel: string;
    reason: string;
    fix?: string;
    own?: InLocales;
    refusal?: { service: string; answer: string; host?: boolean };
  },
  locale: Locale,
): string[] {
  const line = d.refusal
    ? t(locale, d.refusal.host ? 'channel.cannot.refused_host' : 'channel.cannot.rejected', {
        channel: d.channel,
        service: d.refusal.service,
        answer: d.refusal.answer,
      })
    : t(locale, 'channel.cannot.other', { channel: d.channel, reason: d.reason });
  return [line, d.fix ?? downHint(d.reason, locale, d.own)];
}

/** A service the credential check could not reach: a network problem, said as that. */
export function unreachableLine(u: { channel: string; service: string; reason: string }, locale: Locale): string {
  return t(locale, 'channel.unreachable', u);
}

/** The notice that a channel that could not deliver has delivered again. */
export function channelBackAlert(o: { channel: string; to: string[]; locale: Locale; now: number }): Alert {
  return {
    id: randomUUID(),
    kind: 'notice',
    target: 'gatewatch',
    check: `channel.${o.channel}`,
    severity: 'ok',
    createdAt: o.now,
    to: o.to,
    reply: { title: t(o.locale, 'channel.back.title', { channel: o.channel }), tone: 'ok' },
  };
}

/**
 * The one stand-in for a channel that is configured but not running: it takes no commands, fails every send with
 * `detail` (as permanent when retrying cannot help, so its fallbacks carry its alerts at once) and its health says
 * `summary` in the reader's locale.
 */
export function standInChannel(o: {
  name: string;
  detail: string;
  permanent?: boolean;
  summary(locale?: Locale): string;
}): Channel {
  const failed: DeliveryOutcome = { status: 'failed', detail: o.detail, ...(o.permanent ? { permanent: true } : {}) };
  return {
    name: o.name,
    interactive: false,
    async start() {},
    async stop() {},
    async deliver() {
      return failed;
    },
    health: (locale) => ({ name: o.name, ok: false, summary: o.summary(locale) }),
  };
}

/** What stays of a channel that could not start in the daemon: its health is the reason, for /status and /doctor. */
export function downChannel(name: string, reason: string, credentialsFix?: (locale: Locale) => string): Channel {
  return {
    ...standInChannel({ name, detail: reason, permanent: true, summary: () => reason }),
    ...(credentialsFix ? { credentialsFix } : {}),
  };
}
