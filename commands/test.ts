// /test [channel] (admin): a test alert, clearly marked, through every alert channel (or the one named), sent at once
// and not through the outbox: the answer is what each channel did with it now (sent / deferred / failed: why),
// nothing is retried or held for later, and no incident is opened.
import { randomUUID } from 'node:crypto';
import { channelName, labelled, t } from '../src/i18n.js';
import type { Alert, DeliveryOutcome, Locale, Reply } from '../src/types.js';
import type { ActContext, CommandRun } from './types.js';
import type { TestArgs } from './verbs/test.js';

/**
 * The channels a test alert goes to: the one named (exact, else ignoring case; by its config name or the name a person
 * reads, 控制台), or every alert channel. An unknown name gets the list of names as a person reads them.
 */
export function channelsForTest(
  all: string[],
  name: string | undefined,
  locale: Locale,
): { channels: string[] } | { unknown: string; names: string[] } {
  if (!name) return { channels: [...all] };
  const said = (c: string) => [c, channelName(locale, c)];
  const one =
    all.find((c) => said(c).includes(name)) ??
    all.find((c) => said(c).some((n) => n.toLowerCase() === name.toLowerCase()));
  return one ? { channels: [one] } : { unknown: name, names: all.map((c) => channelName(locale, c)) };
}

export function testAlert(locale: Locale, by: string, now: number): Alert {
  return {
    id: `test-${randomUUID()}`,
    kind: 'notice',
    target: 'gatewatch',
    check: 'test',
    severity: 'info',
    createdAt: now,
    reply: {
      title: t(locale, 'test.alert.title'),
      tone: 'info',
      lines: [t(locale, 'test.alert.line', { by })],
    },
  };
}

export function testReply(locale: Locale, results: { channel: string; outcome: DeliveryOutcome }[]): Reply {
  const word = (s: DeliveryOutcome['status']) => t(locale, `test.result.${s}`);
  const sent = results.filter((r) => r.outcome.status === 'sent').length;
  const bad = results.length - sent;
  return {
    title: bad
      ? t(locale, 'test.title.partial', { sent, total: results.length, bad })
      : t(locale, 'test.title.all', { total: results.length }),
    tone: bad ? 'warning' : 'ok',
    fields: results.map((r) => ({
      label: channelName(locale, r.channel),
      value: r.outcome.detail
        ? labelled(locale, word(r.outcome.status), r.outcome.said ?? r.outcome.detail)
        : word(r.outcome.status),
    })),
    lines: bad ? [t(locale, 'test.legend')] : undefined,
    outcome: bad ? 'failed' : 'ok',
  };
}

export const test: CommandRun<ActContext<TestArgs>> = {
  async run(c) {
    const pickd = channelsForTest(c.act.testChannels(), c.args.channel, c.locale);
    if ('unknown' in pickd) {
      await c.respond({
        title: t(c.locale, 'test.unknown_channel', {
          name: pickd.unknown,
          channels: pickd.names.join(t(c.locale, 'list.comma')) || t(c.locale, 'test.no_channels'),
        }),
        tone: 'warning',
        outcome: 'unknown_target',
      });
      return;
    }
    if (pickd.channels.length === 0) {
      await c.respond({ title: t(c.locale, 'test.none_configured'), tone: 'warning', outcome: 'failed' });
      return;
    }
    const alert = testAlert(c.locale, c.operator.name, c.look.now());
    const results = await Promise.all(
      pickd.channels.map(async (ch) => ({ channel: ch, outcome: await c.act.sendNow(ch, alert) })),
    );
    await Promise.all(
      results.map((r) =>
        c.act.audit({
          type: 'delivery',
          target: alert.target,
          check: alert.check,
          severity: alert.severity,
          actor: c.operator.name,
          detail: {
            alert: alert.id,
            kind: 'test',
            title: alert.reply.title,
            channel: r.channel,
            status: r.outcome.status,
            ...(r.outcome.detail ? { reason: r.outcome.detail } : {}),
          },
        }),
      ),
    );
    await c.respond(testReply(c.locale, results));
  },
};
