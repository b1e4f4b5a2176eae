// What one story told through the built daemon must hold (issue 61's "Done when"), as checks over what it left: the
// audit log (what happened, when: the daemon's own record), what its webhook received (what a phone was told) and the
// answers of the commands the operator ran, beside the test's own marks (when it stopped the gateway). Each check
// returns one line per breach, naming the moment, so a failure reads as the story's contradiction.
import { t } from '../../src/i18n.js';
import type { WebhookDocument } from '../../src/notifiers/webhook.js';
import type { Locale } from '../../src/types.js';
import { adviceAtOdds, internalNames, type Sent } from './truth.js';

/** One line of audit.jsonl, its time in epoch ms. */
export interface AuditLine {
  at: number;
  type: string;
  target?: string | null;
  check?: string | null;
  severity?: string | null;
  actor: string;
  detail?: Record<string, unknown>;
}

/** A message a phone received (the webhook's document). */
export interface Received {
  at: number;
  doc: WebhookDocument;
}

/** A command's answer as the operator read it: `sent` when asked, `at` when it answered. */
export interface Answer {
  sent: number;
  at: number;
  verb: string;
  code: number;
  text: string;
}

/** When the operator stopped the gateway, and when it was started again (undefined: still stopped at the end). */
export interface StopWindow {
  from: number;
  to?: number;
}

/**
 * A platform fault and, at once, a process fault (`from`: when the first was played; `to`: when the next fault after
 * the pair was): what the first did must be said before the story moves on, by `name` (the platform's).
 */
export interface InARow {
  from: number;
  to?: number;
  first: string;
  then: string;
  name: string;
}

export interface Story {
  locale: Locale;
  audit: AuditLine[];
  received: Received[];
  answers: Answer[];
  stopped: StopWindow[];
  /** Its incidents as state.json left them: the resolution of one closed without an alert (handed over, silenced). */
  resolvedAt: Map<string, number>;
  /** The faults played in a row, each pair's first to be told. */
  rows?: InARow[];
}

interface Span {
  id: string;
  /** Hermes' lines its open alert quoted, as epoch ms (those that carry a time). */
  evidence: number[];
  check: string;
  platform?: string;
  severity: string;
  opened: number;
  closed: number;
  since?: number;
  text: string;
}

const stamp = (at: number) => new Date(at).toISOString().slice(11, 19);

/** An incident id's key: `target:check[:platform]…`, without its `@<time>`. */
const keyOf = (id: string) => id.slice(0, id.lastIndexOf('@'));

/** `target:check[:platform][@profile][#cause]@time`: the platform and profile an incident is about. */
export function platformOf(incidentId: string): string | undefined {
  const key = incidentId.slice(0, incidentId.lastIndexOf('@'));
  const [, , platform] = key.replace(/[@#].*$/, '').split(':');
  const profile = /@([^#]+)/.exec(key)?.[1];
  return platform ? `${profile ? `${profile}:` : ''}${platform}` : undefined;
}

/** A field of a rendered message (`since: 11-27 02:35:06`), in the locale's words. */
function field(
  text: string,
  locale: Locale,
  key: 'field.since' | 'field.downtime' | 'field.reason',
): string | undefined {
  const label = t(locale, key);
  for (const line of text.split('\n')) {
    const m = /^\s*(.+?)\s*[:：]\s*(.*)$/.exec(line);
    if (m && m[1] === label) return m[2];
  }
  return undefined;
}

/** `11-27 02:35:06` (the daemon runs in UTC) as epoch ms, in the year of `near`. */
export function clockTime(s: string | undefined, near: number): number | undefined {
  const m = s && /(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/.exec(s);
  if (!m) return undefined;
  const year = new Date(near).getUTCFullYear();
  return Date.UTC(year, Number(m[1]) - 1, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

/** `1m 3s`, `8s`, `1 分钟 3 秒` as milliseconds. */
export function durationMs(s: string): number | undefined {
  const units: Record<string, number> = {
    ms: 1,
    s: 1_000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    毫秒: 1,
    秒: 1_000,
    分钟: 60_000,
    小时: 3_600_000,
    天: 86_400_000,
  };
  const parts = [...s.matchAll(/(\d+)\s*(ms|毫秒|分钟|小时|[smhd秒天])/g)];
  if (!parts.length) return undefined;
  return parts.reduce((sum, m) => sum + Number(m[1]) * units[m[2]!]!, 0);
}

/**
 * Every incident alerted in the story, from its open alert to what closed it (the end of the story if nothing): one
 * span an episode, as a flapping incident keeps its id (down again after its recovery) and one closed when its
 * gateway went down resumes under its id once the gateway is back.
 */
function spans(s: Story, end: number): Span[] {
  const all: Span[] = [];
  const open = new Map<string, Span>();
  const last = new Map<string, Span>();
  for (const a of s.audit) {
    const id = a.detail?.incident as string | undefined;
    if (!id) continue;
    if (a.type === 'alert.open' && !open.has(id)) {
      const doc = s.received.find((r) => r.doc.id === a.detail?.alert)?.doc;
      const span: Span = {
        id,
        check: a.check ?? '',
        platform: platformOf(id),
        severity: a.severity ?? '',
        opened: a.at,
        closed: end,
        since: clockTime(doc && field(doc.text, s.locale, 'field.since'), a.at),
        evidence: (doc?.evidence ?? []).flatMap((l) => {
          const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)/.exec(l);
          return m ? [Date.parse(`${m[1]}T${m[2]}Z`)] : [];
        }),
        text: doc ? `${doc.title}\n${doc.text}` : '',
      };
      open.set(id, span);
      last.set(id, span);
      all.push(span);
    }
    if ((a.type === 'alert.resolve' || a.type === 'alert.close') && open.has(id)) {
      open.get(id)!.closed = a.at;
      open.delete(id);
    }
  }
  // state.json's resolution, for its last episode: the moment the step closed it (its record is written just after), or
  // the close of one closed without a record.
  for (const [id, x] of last) x.closed = Math.min(x.closed, s.resolvedAt.get(id) ?? end);
  // One key, one incident at a time: one closed without a word (state.json keeps only the last) ended by the next.
  for (const x of all) {
    const next = all.find((y) => y.opened > x.opened && y.id !== x.id && keyOf(y.id) === keyOf(x.id));
    if (next) x.closed = Math.min(x.closed, next.opened);
  }
  return all;
}

const openAt = (xs: Span[], at: number) => xs.filter((x) => x.opened <= at && at < x.closed);
const critical = (x: Span) => x.severity === 'critical';
const ALARM = new Set(['open', 'remind', 'flap', 'escalate']);

/** Nothing critical is said of a gateway the operator stopped, and `check` exits 0 for it. */
export function stoppedCritical(s: Story): string[] {
  const during = (at: number) => s.stopped.some((w) => w.from <= at && at < (w.to ?? Number.POSITIVE_INFINITY));
  return [
    ...s.received
      .filter((r) => r.doc.severity === 'critical' && ALARM.has(r.doc.kind) && during(Date.parse(r.doc.created_at)))
      .map((r) => `${stamp(r.at)} critical while stopped by the operator: "${r.doc.title}"`),
    ...s.answers
      .filter((a) => a.verb === 'check' && a.code !== 0 && during(a.sent) && during(a.at))
      .map((a) => `${stamp(a.at)} check exits ${a.code} for a gateway stopped by the operator:\n${a.text}`),
  ];
}

/** No ✅ answer while a critical incident is open; no recovery while a critical one of its platform stays open. */
export function greenWhileCritical(s: Story, end: number): string[] {
  const xs = spans(s, end);
  const out: string[] = [];
  for (const a of s.answers) {
    if (!a.text.trimStart().startsWith('✅')) continue;
    const open = openAt(xs, a.sent).filter((x) => critical(x) && openAt(xs, a.at).includes(x));
    for (const x of open)
      out.push(`${stamp(a.at)} ${a.verb} answers "${a.text.split('\n')[0]}" while "${x.text.split('\n')[0]}" is open`);
  }
  for (const r of s.received) {
    if (r.doc.kind !== 'resolve' || !r.doc.incident_id) continue;
    const at = Date.parse(r.doc.created_at);
    const p = platformOf(r.doc.incident_id);
    // Unless it says what is still wrong: a recovery naming the critical incident still open is no all-clear.
    const named = (x: Span) => r.doc.text.includes(x.text.split('\n')[0]!.replace(/^[^:：]*[:：]\s*/, ''));
    const still = openAt(xs, at).filter(
      (x) => critical(x) && x.id !== r.doc.incident_id && (p === undefined || x.platform === p) && !named(x),
    );
    for (const x of still) out.push(`${stamp(at)} "${r.doc.title}" while "${x.text.split('\n')[0]}" is open`);
  }
  return out;
}

/**
 * One open incident per platform and cause, each dated by its own first evidence: no two alerts open at once for the
 * same check of one platform, and none that dates itself at or before the start of another cause on its platform
 * that was alerted before it (folded into it).
 */
export function oneIncidentPerCause(s: Story, end: number): string[] {
  const xs = spans(s, end);
  const out: string[] = [];
  for (const x of xs) {
    // Said again after it ended, from the same old lines (as old as the first time's): one cause, one alert.
    const before = xs.filter(
      (y) => y !== x && y.check === x.check && y.platform === x.platform && y.closed <= x.opened,
    );
    for (const y of before)
      if (x.since !== undefined && y.since !== undefined && x.since <= y.since)
        out.push(
          `${stamp(x.opened)} "${x.text.split('\n')[0]}" said again, dated as before its end at ${stamp(y.closed)}`,
        );
    if (x.platform === undefined) continue;
    // A platform's alert quotes the lines of its failure: it began with the first of them, not when gatewatch saw it.
    const first = Math.min(...x.evidence);
    if (x.since !== undefined && Number.isFinite(first) && x.since > first + 1_000)
      out.push(
        `${stamp(x.opened)} "${x.text.split('\n')[0]}" dated since ${stamp(x.since)}, its first line ${stamp(first)}`,
      );
    for (const y of openAt(xs, x.opened)) {
      if (y === x || y.platform !== x.platform) continue;
      if (y.check === x.check) out.push(`${stamp(x.opened)} a second alert for one cause: "${x.text.split('\n')[0]}"`);
      else if (x.since !== undefined && y.since !== undefined && x.since <= y.since)
        out.push(
          `${stamp(x.opened)} "${x.text.split('\n')[0]}" dated since ${stamp(x.since)}, the start of "${y.text.split('\n')[0]}"`,
        );
    }
  }
  return out;
}

/**
 * A restart gatewatch starts is for an incident open then, and its reason is that incident's cause; and an incident
 * whose advice says gatewatch does not restart for it is not restarted for.
 */
export function restartsForTheirCause(s: Story, end: number): string[] {
  const xs = spans(s, end);
  const out: string[] = [];
  const no = s.locale === 'en' ? /auto-restart: no\b|Do not restart/ : /自动重启[:：] ?(不会|否)|不要重启|不要为此重启/;
  for (const a of s.audit) {
    if (a.type !== 'restart.begin' || a.actor !== 'gatewatch') continue;
    const reason = a.detail?.reason as string | undefined;
    // Its reason lists the checks of its causes (`platform_down, qq_zombie`): each has one open.
    const checks = (reason ?? '').split(', ');
    const open = openAt(xs, a.at);
    const mine = open.filter((x) => checks.includes(x.check));
    if (!checks.every((c) => mine.some((x) => x.check === c)))
      out.push(
        `${stamp(a.at)} restart for "${reason}" while open: ${open.map((x) => x.check).join(', ') || 'nothing'}`,
      );
    for (const x of mine)
      if (no.test(x.text))
        out.push(`${stamp(a.at)} restarted for "${x.text.split('\n')[0]}", whose advice says not to`);
  }
  return out;
}

/**
 * A recovery's figures agree: its downtime is its audit record's, and "detected in A, recovered in B" adds up to the
 * downtime it states (each rounded to the second: within 2 s).
 */
export function figuresAgree(s: Story): string[] {
  const out: string[] = [];
  const [detectedRe, recoveredRe] =
    s.locale === 'en'
      ? [/Detected in (?:at most )?([^(:]+?)(?: \(|:)/, /recovered in ([^(.]+?)(?: \(|\.)/]
      : [/发现用时(?:至多)?\s*([^（：]+?)(?:（|：)/, /恢复用时\s*([^（。]+?)(?:（|。)/];
  for (const r of s.received) {
    if (r.doc.kind !== 'resolve') continue;
    const record = s.audit.find((a) => a.type === 'alert.resolve' && a.detail?.alert === r.doc.id);
    const stated = durationMs(field(r.doc.text, s.locale, 'field.downtime') ?? '');
    const recorded = record?.detail?.downtime_ms as number | undefined;
    if (stated === undefined || recorded === undefined) continue;
    if (Math.abs(stated - recorded) > 1_000)
      out.push(`${stamp(r.at)} "${r.doc.title}" says down ${stated / 1000}s, its record ${recorded / 1000}s`);
    const detected = durationMs(detectedRe.exec(r.doc.text)?.[1] ?? '');
    const recovered = durationMs(recoveredRe.exec(r.doc.text)?.[1] ?? '');
    if (detected !== undefined && recovered !== undefined && Math.abs(detected + recovered - stated) > 2_000)
      out.push(
        `${stamp(r.at)} "${r.doc.title}": detected in ${detected / 1000}s + recovered in ${recovered / 1000}s ≠ down ${stated / 1000}s`,
      );
  }
  return out;
}

/** The words a phone and a terminal read: no audit name, platform key or config key; one advice a message. */
export function wordsOfAPerson(s: Story): string[] {
  const sent: Sent[] = [
    ...s.received.map((r) => ({
      alert: {
        id: r.doc.id,
        kind: r.doc.kind,
        target: r.doc.target,
        severity: r.doc.severity,
        createdAt: Date.parse(r.doc.created_at),
        // Quoted evidence is Hermes' own: left out, as the webhook lists it apart.
        reply: { title: r.doc.title, lines: r.doc.text.split('\n').filter((l) => !r.doc.evidence.includes(l.trim())) },
      },
      open: [],
      during: stamp(r.at),
    })),
    ...s.answers.map((a) => ({
      alert: {
        id: `${a.verb}@${a.at}`,
        kind: 'notice' as const,
        target: 'demo',
        severity: 'info' as const,
        createdAt: a.at,
        // Its `| ` lines are the evidence the alerts list apart, quoted as the files and the log say it: left out too.
        reply: { title: a.verb, lines: a.text.split('\n').filter((l) => !l.trimStart().startsWith('| ')) },
      },
      open: [],
      during: `${stamp(a.at)} ${a.verb}`,
    })),
  ];
  return [...adviceAtOdds(sent, s.locale), ...internalNames(sent).found];
}

/**
 * Every incident the audit opened, it closed (`alert.resolve` or `alert.close`, saying how), unless it is still open
 * at the end: state.json says it is over, or a later incident of the same key opened, and no record closed it.
 */
export function everyIncidentCloses(s: Story): string[] {
  const last = new Map<string, AuditLine>();
  const opened = new Map<string, AuditLine>();
  for (const a of s.audit) {
    const id = a.detail?.incident as string | undefined;
    if (!id || !['alert.open', 'alert.resolve', 'alert.close'].includes(a.type)) continue;
    last.set(id, a);
    if (a.type === 'alert.open' && !opened.has(id)) opened.set(id, a);
  }
  const out: string[] = [];
  for (const [id, a] of last) {
    if (a.type !== 'alert.open') continue;
    const after = [...opened].find(([other, o]) => other !== id && keyOf(other) === keyOf(id) && o.at > a.at);
    if (!s.resolvedAt.has(id) && !after) continue;
    const how = s.resolvedAt.has(id) ? 'state.json has it over' : `"${after![1].detail?.title}" took its key`;
    out.push(`${stamp(opened.get(id)!.at)} "${a.detail?.title ?? id}" opened, never closed in the audit (${how})`);
  }
  return out;
}

/** A message's own words, without the evidence it quotes. */
const ownWords = (r: Received) =>
  [r.doc.title, ...r.doc.text.split('\n').filter((l) => !r.doc.evidence.includes(l.trim()))].join('\n');

/** Faults in a row: the first of each pair is said (by its platform's name) before the story plays the next fault. */
export function faultsInARowTold(s: Story): string[] {
  return (s.rows ?? []).flatMap((row) =>
    s.received.some(
      (r) =>
        r.at >= row.from &&
        r.at < (row.to ?? Number.POSITIVE_INFINITY) &&
        ALARM.has(r.doc.kind) &&
        ownWords(r).includes(row.name),
    )
      ? []
      : [`${stamp(row.from)} ${row.first} then ${row.then} at once: nothing said of ${row.name} before the next fault`],
  );
}

/** Every check, each breach a line. */
export function storyBreaches(s: Story, end: number): string[] {
  return [
    ...everyIncidentCloses(s),
    ...faultsInARowTold(s),
    ...stoppedCritical(s),
    ...greenWhileCritical(s, end),
    ...oneIncidentPerCause(s, end),
    ...restartsForTheirCause(s, end),
    ...figuresAgree(s),
    ...wordsOfAPerson(s),
  ];
}
