// /history [n] [all]: recent incidents, alerts and actions from the audit log, each said as what happened; `all` adds
// the commands that only looked (/status, /logs …), which would otherwise fill it with the operator's own reading.
import { actorParam, channelName, isTextKey, labelled, platformParam, t, wordFinding, wordParam } from '../src/i18n.js';
import { outageSubject } from '../src/incidents/machine.js';
import { formatDuration } from '../src/util/duration.js';
import { ordinal } from '../src/delivery/alerts.js';
import { restartReason, skipReason, wordRestartDetail } from '../src/actions/restart.js';
import { dialectOf, type Dialect } from '../src/util/command-line.js';
import type { AuditRecord, FindingParam, FindingText, Locale } from '../src/types.js';
import type { CommandRun, LookContext } from './types.js';
import type { HistoryArgs } from './verbs/history.js';
import { formatTime } from '../src/util/time.js';

/**
 * A record's title in the reader's words: its finding's text (or the alert's title text) where the record keeps it,
 * else as it was written, in the locale of the daemon that wrote it (a record older than the text).
 */
function titleOf(d: Record<string, unknown>, locale: Locale, target: string | null | undefined): string {
  const title = String(d.title ?? '');
  const text = d.text as FindingText | undefined;
  if (text && typeof text === 'object' && typeof text.key === 'string')
    return wordFinding(locale, { title, explanation: '', action: '', text, ...(target ? { target } : {}) }).title;
  const said = d.title_text as FindingParam | undefined;
  if (said && typeof said === 'object' && isTextKey(said.key)) return wordParam(locale, said);
  return title;
}

/** One audit record as a phrase: "recovered after 12s: …", "down again (3rd time in 30m): …". */
export function describeRecord(
  r: AuditRecord,
  locale: Locale,
  flapWindowMs: number,
  dialect: Dialect = 'chat',
): string {
  const d = r.detail && typeof r.detail === 'object' ? (r.detail as Record<string, unknown>) : {};
  const title = titleOf(d, locale, r.target);
  const window = formatDuration(flapWindowMs);
  const downs = Number(d.downs ?? 0);
  const muted = d.muted ? ` ${t(locale, 'history.muted')}` : '';
  const reason = String(d.reason ?? '');
  // What a restart was for, by its checks' names: a check id never reaches a reader.
  const restartFor = restartReason(
    {
      reason,
      ...(Array.isArray(d.checks) ? { checks: d.checks.map(String) } : {}),
      ...(Array.isArray(d.causes) ? { causes: d.causes.map(String) } : {}),
      ...(Array.isArray(d.variants) ? { variants: d.variants.map(String) } : {}),
    },
    locale,
  );
  switch (r.type) {
    case 'alert.open':
      if (d.kind === 'resume') return t(locale, 'history.resumed', { title }) + muted;
      if (d.kind === 'flap')
        return t(locale, 'history.down_again', { nth: ordinal(downs), count: downs, window, title }) + muted;
      return (d.kind ? t(locale, 'history.down', { title }) : title) + muted;
    case 'alert.close': {
      const how = ['replaced', 'stopped', 'down', 'lapsed'].includes(String(d.how)) ? String(d.how) : 'down';
      return t(locale, `history.closed.${how as 'down'}`, { title, by: String(d.by_title ?? d.by ?? '?') }) + muted;
    }
    case 'alert.remind':
      return t(locale, 'history.still_failing', { title });
    case 'alert.resolve': {
      if (d.kind === 'settle') return t(locale, 'history.settled', { window, title }) + muted;
      const after = typeof d.downtime_ms === 'number' ? formatDuration(d.downtime_ms) : '?';
      return (
        (d.flapping
          ? t(locale, 'history.recovered_after_flapping', {
              after,
              title,
              count: downs,
              window,
              subject: subjectOf(r, d),
            })
          : t(locale, 'history.recovered_after', { after, title })) + muted
      );
    }
    case 'restart.begin':
      return t(locale, 'history.restarting_for', { reason: restartFor });
    case 'restart.ok':
      return t(locale, 'history.verified_in', {
        duration: formatDuration(Number(d.duration_ms ?? 0)),
        reason: restartFor,
      });
    case 'restart.fail':
      return t(locale, 'history.failed', {
        detail: wordRestartDetail(String(d.detail ?? ''), locale),
        reason: restartFor,
      });
    case 'restart.skip':
      return t(locale, 'history.not_restarted', { reason: skipReason(d, locale, { target: r.target, dialect }) });
    case 'command':
    case 'command.denied':
      return `/${String(d.command ?? d.text ?? '')} ${Array.isArray(d.args) ? d.args.join(' ') : ''}${d.reason ? t(locale, 'evidence.paren', { what: String(d.reason) }) : ''}`;
    default:
      return String(d.title ?? d.reason ?? d.command ?? d.text ?? d.detail ?? '');
  }
}

/** What went down, as a flapping recovery's record names it: the gateway, its platform, or it. */
function subjectOf(r: AuditRecord, d: Record<string, unknown>): FindingParam {
  const platform = typeof d.platform === 'string' ? d.platform : undefined;
  const subject = outageSubject({ check: r.check ?? '', ...(platform !== undefined ? { platform } : {}) });
  if (subject === 'gateway') return { key: 'flap.subject.gateway' };
  return subject ? platformParam(subject.platform) : { key: 'flap.subject.it' };
}

const MAX_REASON = 120;

/** One channel's delivery attempts of one alert, in order: `qq: deferred 10:00:01 (why), sent 10:12:00 after 2 failed`. */
function deliveryLine(channel: string, recs: AuditRecord[], locale: Locale): string {
  const word = (status: string) =>
    status === 'sent' || status === 'deferred' || status === 'failed'
      ? t(locale, `history.delivery.${status}`)
      : status;
  const steps = recs.map((r) => {
    const d = r.detail as Record<string, unknown>;
    const status = String(d.status ?? '');
    const reason =
      typeof d.reason === 'string' && status !== 'sent'
        ? t(locale, 'evidence.paren', {
            what: d.reason.length > MAX_REASON ? `${d.reason.slice(0, MAX_REASON)}…` : d.reason,
          })
        : '';
    const step = `${word(status)} ${formatTime(r.ts)}${reason}`;
    return typeof d.failed_attempts === 'number'
      ? t(locale, 'history.delivery.after_failed', { step, count: d.failed_attempts })
      : step;
  });
  return `    ↳ ${labelled(locale, channelName(locale, channel), steps.join(t(locale, 'list.comma')))}`;
}

/** Each alert's delivery lines, one per channel in the order the channels first answered. */
function deliveryLines(recs: AuditRecord[], locale: Locale): string[] {
  const byChannel = new Map<string, AuditRecord[]>();
  for (const r of recs) {
    const ch = String((r.detail as Record<string, unknown>).channel ?? '?');
    byChannel.set(ch, [...(byChannel.get(ch) ?? []), r]);
  }
  return [...byChannel].map(([ch, rs]) => deliveryLine(ch, rs, locale));
}

/** Commands that only look, for records written before the audit said a command's role. */
const LOOKS = new Set(['status', 'logs', 'help', 'history', 'check', 'doctor', 'routes', 'test', 'fix']);

/** A command record of one that only looked: not an event worth a line unless `all` is asked for. */
function onlyLooked(r: AuditRecord): boolean {
  if (r.type !== 'command') return false;
  const d = r.detail as { command?: unknown; role?: unknown } | null;
  return d?.role !== undefined ? d.role === 'viewer' : LOOKS.has(String(d?.command ?? ''));
}

export const history: CommandRun<LookContext<HistoryArgs>> = {
  async run(c) {
    const n = Math.min(100, c.args.n ?? 20);
    const all = (await c.look.readAudit(2000)).filter((r) =>
      c.args.all ? r.type !== 'command' || (r.detail as { command?: string })?.command !== 'history' : !onlyLooked(r),
    );
    // Delivery attempts are shown under their alert, not counted as events of their own.
    const isDelivery = (r: AuditRecord) => r.type === 'delivery' && !!r.detail && typeof r.detail === 'object';
    const recs = all.filter((r) => !isDelivery(r)).slice(-n);
    const deliveries = new Map<string, AuditRecord[]>();
    for (const r of all.filter(isDelivery)) {
      const id = String((r.detail as Record<string, unknown>).alert ?? '');
      deliveries.set(id, [...(deliveries.get(id) ?? []), r]);
    }
    const flapWindow = c.look.settings.flapWithinMs;
    // The record's words say what it was: its audit type and check id are names no reader needs (issue 61).
    const line = (r: AuditRecord, text: string) =>
      `${formatTime(r.ts)} ${r.target ?? ''} ${t(c.locale, 'history.line', { who: wordParam(c.locale, actorParam(r.actor)), what: text })}`
        .replace(/\s+/g, ' ')
        .trim();
    const items: { ts: string; lines: string[] }[] = [];
    for (const r of recs) {
      const id = (r.detail as Record<string, unknown> | null)?.alert;
      const mine = typeof id === 'string' ? deliveries.get(id) : undefined;
      if (mine) deliveries.delete(id as string);
      items.push({
        ts: r.ts,
        lines: [
          line(r, describeRecord(r, c.locale, flapWindow, dialectOf(c.channel))),
          ...(mine ? deliveryLines(mine, c.locale) : []),
        ],
      });
    }
    // Alerts without a record of their own (restart results, notices, tests): their deliveries under their title,
    // when they fall within the events shown.
    const from = recs[0]?.ts ?? '';
    for (const rs of deliveries.values()) {
      const first = rs[0]!;
      if (first.ts < from) continue;
      const d = first.detail as Record<string, unknown>;
      const what = t(c.locale, d.kind === 'test' ? 'history.test_alert' : 'history.alert', {
        title: titleOf(d, c.locale, first.target),
      });
      items.push({
        ts: first.ts,
        lines: [line({ ...first, actor: first.actor }, what), ...deliveryLines(rs, c.locale)],
      });
    }
    items.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    // As many events as asked for: an alert shown under its own title counts as one, never one more.
    const shown = items.slice(-n);
    const lines = shown.flatMap((i) => i.lines);
    const events = shown.length;
    // What is muted now, and until when: the events it holds back are marked [muted] below.
    const mute = c.look.mute();
    const muted = [
      ...(mute
        ? [
            t(c.locale, 'history.muted_all', {
              until: formatTime(mute.until),
              by: wordParam(c.locale, actorParam(mute.by)),
            }),
          ]
        : []),
      ...Object.entries(c.look.targetMutes()).map(([target, m]) =>
        t(c.locale, 'history.muted_target', {
          target,
          until: formatTime(m.until),
          by: wordParam(c.locale, actorParam(m.by)),
        }),
      ),
    ];
    const said = [...muted, ...(lines.length ? [] : [t(c.locale, 'history.empty')])];
    await c.respond({
      title: t(c.locale, 'history.title', { count: events }),
      tone: 'info',
      code: lines.length ? [lines.join('\n')] : undefined,
      lines: said.length ? said : undefined,
    });
  },
};
