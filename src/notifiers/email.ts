// E-mail over SMTP with nodemailer: one message per alert to every `to` address, text and HTML. Timeouts are seconds,
// not nodemailer's minutes, so a dead mail server cannot hold the outbox, and the outbox's signal aborts the send
// (nodemailer closes the SMTP connection on it); auth only when a user is configured.
// A 4xx reply is temporary and a 5xx permanent; both come back as `failed` and the outbox decides.
import * as z from '../util/zod.js';
import { definePlugin } from '../channel-kit/plugin.js';
import { alertTitle, EMAIL_HTML, PLAIN, renderReply } from '../delivery/render-markdown.js';
import { notifierChannel } from '../channel-kit/http.js';
import { CredentialsRefused } from '../channel-kit/refused.js';
import { wordsOf } from '../i18n.js';
import { redact } from '../util/redact.js';
import { saidIn } from '../config/schema-text.js';

// Its own words, in both locales (checked for parity by test/channels/words.test.ts).
const words = {
  en: {
    'config.schema.sender': 'expected a sender address',
    'config.schema.recipients': 'expected at least one recipient',
    'channel.fix.email.credentials':
      'Fix: the mail server refuses the login. Check the notifier’s smtp.user and smtp.pass (many providers want an app password, not the account password).',
  },
  'zh-CN': {
    'config.schema.sender': '应为发件人地址',
    'config.schema.recipients': '至少需要一个收件人',
    'channel.fix.email.credentials':
      '处理：邮件服务器拒绝了登录。请检查该通知器的 smtp.user 和 smtp.pass（许多邮箱服务商要求使用应用专用密码或授权码，而不是账户密码）。',
  },
} as const;
const say = wordsOf(words);

const TIMEOUTS = { connectionTimeout: 8_000, greetingTimeout: 5_000, socketTimeout: 10_000, dnsTimeout: 5_000 };

export const plugin = definePlugin({
  type: 'email',
  kind: 'notifier',
  schema: () =>
    z.strictObject({
      smtp: z.strictObject({
        host: z.string().check(z.minLength(1)),
        port: z.number().check(z.int(), z.gte(1), z.lte(65_535)),
        /** true = implicit TLS (465); false = STARTTLS when offered (25/587). */
        secure: z.optional(z.boolean()),
        user: z.optional(z.string()),
        pass: z.optional(z.string()),
      }),
      from: z.string().check(z.minLength(3, { error: saidIn(say.all('config.schema.sender')) })),
      to: z
        .array(z.string().check(z.minLength(3)))
        .check(z.minLength(1, { error: saidIn(say.all('config.schema.recipients')) })),
    }),
  // `pass` lives under `smtp`.
  secretKeys: ['smtp.pass'],
  example: {
    settings: {
      smtp: { host: 'smtp.example.com', port: 465, user: 'alerts@example.com', pass: '${SMTP_PASS}' },
      from: 'gatewatch <alerts@example.com>',
      to: ['ops@example.com'],
    },
  },
  limits: { kept: '–', wait: '– (4xx replies are retried on the backoff)' },
  words: async () => words,
  // Without a password nodemailer would log in with an empty one: every alert would fail at the server.
  neededSecrets: (s) => (s.smtp.user ? ['smtp.pass'] : []),
  create(s, host) {
    // Lazy: only a config with an email notifier loads nodemailer.
    const transportOf = async () =>
      (await import('nodemailer')).default.createTransport({
        host: s.smtp.host,
        port: s.smtp.port,
        secure: s.smtp.secure ?? s.smtp.port === 465,
        ...(s.smtp.user ? { auth: { user: s.smtp.user, pass: s.smtp.pass ?? '' } } : {}),
        ...TIMEOUTS,
      });
    return notifierChannel({
      clock: host.clock,
      credentialsFix: (locale) => say(locale, 'channel.fix.email.credentials'),
      name: s.name,
      locale: host.locale,
      secrets: [s.smtp.pass],
      service: 'SMTP',
      // Log in and quit (nodemailer's verify: EHLO, AUTH, QUIT; no message). Only 535, the server's "bad credentials",
      // refuses the start; with no user there is nothing to check.
      ...(s.smtp.user
        ? {
            async checkCredentials(signal: AbortSignal) {
              const transport = await transportOf();
              const onAbort = () => transport.close();
              signal.addEventListener('abort', onAbort, { once: true });
              try {
                await transport.verify();
                return undefined;
              } catch (err) {
                const e = err as Error & { responseCode?: number; response?: string };
                if (e.responseCode !== 535) throw new Error(redact(e.response ?? e.message, [s.smtp.pass]));
                const why = redact(`SMTP 535: ${e.response ?? e.message}`, [s.smtp.pass]);
                return new CredentialsRefused(
                  host.source ?? 'config',
                  `channels.notifiers[name: ${s.name}].smtp.pass`,
                  `was refused by the mail server (${why}): check smtp.user and smtp.pass`,
                  say(host.locale, 'channel.fix.email.credentials'),
                  { service: 'SMTP', answer: why },
                );
              } finally {
                signal.removeEventListener('abort', onAbort);
                transport.close();
              }
            },
          }
        : {}),
      async send(alert, locale, signal) {
        const transport = await transportOf();
        try {
          const subject = alertTitle(alert, locale);
          const info = await transport.sendMail({
            from: s.from,
            to: s.to,
            subject,
            text: renderReply(alert.reply, PLAIN, { locale, title: subject }),
            html: renderReply(alert.reply, EMAIL_HTML, { locale, title: subject }),
            signal,
          });
          const refused = info.rejected.length ? `; refused: ${info.rejected.map(String).join(', ')}` : '';
          return { status: 'sent', detail: `SMTP ${info.response}${refused}` };
        } catch (err) {
          const e = err as Error & { code?: string; responseCode?: number; response?: string };
          const what = e.responseCode
            ? `SMTP ${e.responseCode}${e.responseCode < 500 ? ' (temporary)' : ''}: ${e.response ?? e.message}`
            : `SMTP ${e.code ?? 'error'}: ${e.message}`;
          return { status: 'failed', detail: what };
        } finally {
          transport.close();
        }
      },
    });
  },
});
