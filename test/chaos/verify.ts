// The chaos soak's verdict: a pure function from what gatewatch recorded (audit.jsonl, state.json) and what the fake
// platforms recorded to counts and failures. The fakes are the witnesses: an alert counts as delivered only when the
// remote end holds it, whatever gatewatch believes.

export interface AuditLike {
  ts: string;
  type: string;
  target?: string;
  actor: string;
  detail?: unknown;
}

export interface ChaosRecords {
  audit: AuditLike[];
  /** Every message each channel's remote end holds, one string per message (all versions of an updated card). */
  delivered: Record<string, string[]>;
  /** Channels every alert must reach. */
  required: string[];
  /** Channels that de-duplicate (QQ msg_seq, Feishu uuid): their duplicate target is 0. */
  deduplicating: string[];
  /** Incidents still open in state.json at the end. */
  openAtEnd: string[];
  budget: { maxRestarts: number; windowMs: number };
  /** RSS samples (bytes) of gatewatch, taken after each incarnation's warm-up, in time order. */
  rss: number[];
  /** Channels whose remote end saw them connected at the end. */
  connected: Record<string, boolean>;
  /**
   * Strings that must appear nowhere gatewatch writes (`surfaces`: each channel's messages, its state files, its own
   * log): the secrets planted in Hermes' log, and the words of requests it should have refused.
   */
  forbidden?: { text: string; what: string }[];
  surfaces?: Record<string, string>;
}

export interface ChannelCount {
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
}

export interface ChaosReport {
  alerts: number;
  resolves: number;
  channels: Record<string, ChannelCount>;
  unresolved: string[];
  autoRestarts: number;
  /** Most automatic restarts that use the budget (see countedRestarts) inside any one budget window. */
  maxInWindow: number;
  rss: { first: number; last: number; growth: number } | undefined;
  /** Forbidden strings found, as `what in surface`. */
  leaks: string[];
  failures: string[];
}

interface OpenAlert {
  target: string;
  title: string;
  kind: string;
  incident?: string;
}

function opensOf(audit: AuditLike[]): OpenAlert[] {
  const out: OpenAlert[] = [];
  for (const r of audit) {
    if (r.type !== 'alert.open' || r.actor !== 'gatewatch' || !r.target || r.target === 'gatewatch') continue;
    const d = (r.detail ?? {}) as { title?: unknown; kind?: unknown; incident?: unknown; muted?: unknown };
    // Opened while muted: held by design, summarised on unmute, never delivered as such.
    if (typeof d.title !== 'string' || d.muted === true) continue;
    out.push({
      target: r.target,
      title: d.title,
      kind: typeof d.kind === 'string' ? d.kind : 'open',
      incident: typeof d.incident === 'string' ? d.incident : undefined,
    });
  }
  return out;
}

/** Does a message carry this alert? A plain open alert is `<target>: <title>` not prefixed by "Recovered — " and the like. */
export function carries(message: string, a: Pick<OpenAlert, 'target' | 'title' | 'kind'>): boolean {
  const plain = `${a.target}: ${a.title}`;
  // Channels that post JSON hold the title with JSON's escapes (a quote becomes \").
  for (const needle of new Set([plain, JSON.stringify(plain).slice(1, -1)])) {
    for (let i = message.indexOf(needle); i >= 0; i = message.indexOf(needle, i + 1)) {
      if (a.kind !== 'open') return true;
      if (!/[—-]\s$/.test(message.slice(Math.max(0, i - 2), i))) return true;
    }
  }
  return false;
}

export function verify(rec: ChaosRecords): ChaosReport {
  const failures: string[] = [];
  const opens = opensOf(rec.audit);
  const channels: Record<string, ChannelCount> = {};
  for (const [name, messages] of Object.entries(rec.delivered)) {
    // Group by what the alert says: N opens of the same cause need N messages that carry it.
    const groups = new Map<string, { alert: OpenAlert; n: number }>();
    for (const a of opens) {
      const k = `${a.kind}\u0000${a.target}\u0000${a.title}`;
      const g = groups.get(k);
      if (g) g.n++;
      else groups.set(k, { alert: a, n: 1 });
    }
    let delivered = 0;
    let lost = 0;
    let duplicates = 0;
    for (const { alert, n } of groups.values()) {
      const got = messages.filter((m) => carries(m, alert)).length;
      delivered += Math.min(got, n);
      if (got < n) lost += n - got;
      else duplicates += got - n;
    }
    channels[name] = { expected: opens.length, delivered, lost, duplicates };
    if (rec.required.includes(name) && lost > 0)
      failures.push(`${name}: ${lost} of ${opens.length} alerts never arrived`);
  }

  // What the phone reads must be words: a value the renderer never worded shows as one of these.
  const unworded = rec.audit
    .filter((r) => r.type === 'delivery' || r.type === 'alert.open' || r.type === 'alert.resolve')
    .map((r) => String((r.detail as { title?: unknown } | undefined)?.title ?? ''))
    .filter((t) => /\[object Object\]|\bundefined\b|\bNaN\b|\{[a-z_]+\}/.test(t));
  const distinct = [...new Set(unworded)];
  if (distinct.length)
    failures.push(`unworded values in ${distinct.length} messages, e.g. ${JSON.stringify(distinct[0])}`);

  const resolves = rec.audit.filter((r) => r.type === 'alert.resolve' && r.target && r.target !== 'gatewatch').length;
  if (rec.openAtEnd.length) failures.push(`incidents still open after the faults cleared: ${rec.openAtEnd.join(', ')}`);

  const autos = rec.audit.filter((r) => r.actor === 'gatewatch' && /^restart\.(begin|ok|failed)$/.test(r.type));
  const begins = autos.filter((r) => r.type === 'restart.begin');
  const starts = countedRestarts(autos, rec.budget.windowMs);
  let maxInWindow = 0;
  for (let i = 0; i < starts.length; i++) {
    const n = starts.filter((t) => t >= starts[i]! && t - starts[i]! < rec.budget.windowMs).length;
    maxInWindow = Math.max(maxInWindow, n);
  }
  if (maxInWindow > rec.budget.maxRestarts)
    failures.push(
      `${maxInWindow} automatic restarts inside one ${Math.round(rec.budget.windowMs / 60_000)} min window (budget ${rec.budget.maxRestarts})`,
    );

  let rss: ChaosReport['rss'];
  if (rec.rss.length >= 20) {
    const tenth = Math.max(1, Math.floor(rec.rss.length / 10));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const first = mean(rec.rss.slice(0, tenth));
    const last = mean(rec.rss.slice(-tenth));
    rss = { first, last, growth: last / first - 1 };
    if (rss.growth > 0.15)
      failures.push(
        `RSS grew ${(rss.growth * 100).toFixed(0)}% (first 10% ${(first / 2 ** 20).toFixed(1)} MB, last 10% ${(last / 2 ** 20).toFixed(1)} MB)`,
      );
  }
  for (const [name, ok] of Object.entries(rec.connected)) if (!ok) failures.push(`${name} not connected at the end`);

  const leaks: string[] = [];
  for (const f of rec.forbidden ?? [])
    for (const [surface, text] of Object.entries(rec.surfaces ?? {}))
      if (text.includes(f.text)) leaks.push(`${f.what} in ${surface}`);
  if (leaks.length) failures.push(`out where it must not be: ${leaks.join(', ')}`);

  return {
    alerts: opens.length,
    resolves,
    channels,
    unresolved: rec.openAtEnd,
    autoRestarts: begins.length,
    maxInWindow,
    rss,
    leaks,
    failures,
  };
}

const reasonOf = (r: AuditLike) => String((r.detail as { reason?: unknown } | undefined)?.reason ?? '');

/**
 * The start times of the automatic restarts that use the budget, as gatewatch counts them (restart-policy.ts): one that
 * was not verified (failed, or cut short by a kill), or whose cause came back within the window. A verified restart
 * whose cause stayed away is free, so a soak with many different faults may restart more often than the budget.
 */
export function countedRestarts(records: AuditLike[], windowMs: number): number[] {
  // `records`: the automatic restarts' begin, ok and failed records, in order.
  const out: number[] = [];
  records.forEach((r, i) => {
    if (r.type !== 'restart.begin') return;
    const at = Date.parse(r.ts);
    // Its outcome is the record after it; another begin there means it was cut short.
    const next = records[i + 1];
    const verified = next?.type === 'restart.ok' && reasonOf(next) === reasonOf(r);
    const cameBack = records
      .slice(i + 1)
      .some((x) => x.type === 'restart.begin' && reasonOf(x) === reasonOf(r) && Date.parse(x.ts) - at < windowMs);
    if (!verified || cameBack) out.push(at);
  });
  return out;
}

/** The checks that say the gateway is not running: a live gateway must never get one. */
export const DEATH_CHECKS: readonly string[] = ['state_stale_running', 'process_down', 'gateway_stopped'];

/** A starved-host phase (every core busy, the disk busy): its window, the one real kill inside it, the bound. */
export interface StarvedPhase {
  target: string;
  /** Epoch ms: the host starved from, the gateway SIGKILLed at, the phase over at. */
  from: number;
  killAt: number;
  to: number;
  /** The longest time from the kill to gatewatch's alert of it that passes. */
  boundMs: number;
}

export interface StarvedReport {
  /** The kill to gatewatch's alert of it, ms. */
  detectMs?: number;
  /** The kill to its restart verified, ms. */
  restartMs?: number;
  failures: string[];
}

/**
 * The starved phase's verdict, from audit.jsonl alone: before the kill the live gateway is never called dead nor
 * restarted; the kill is alerted within the bound and restarted once, and that restart verified; the gateway it
 * started is never called dead either.
 */
export function verifyStarved(audit: AuditLike[], p: StarvedPhase): StarvedReport {
  const failures: string[] = [];
  const at = (r: AuditLike) => Date.parse(r.ts);
  const mine = audit.filter(
    (r) => r.target === p.target && r.actor === 'gatewatch' && at(r) >= p.from && at(r) <= p.to,
  );
  const checkOf = (r: AuditLike) => (r as AuditLike & { check?: unknown }).check;
  const isDeath = (r: AuditLike) => r.type === 'alert.open' && DEATH_CHECKS.includes(String(checkOf(r)));
  const title = (r: AuditLike) => String((r.detail as { title?: unknown } | undefined)?.title ?? checkOf(r));
  const when = (r: AuditLike) => `+${((at(r) - p.from) / 1000).toFixed(1)}s`;
  for (const r of mine.filter((x) => at(x) < p.killAt)) {
    if (isDeath(r)) failures.push(`starved: the live gateway was called dead at ${when(r)}: ${title(r)}`);
    if (r.type === 'restart.begin') failures.push(`starved: the live gateway was restarted at ${when(r)}`);
  }
  const after = mine.filter((x) => at(x) >= p.killAt);
  const alert = after.find(isDeath);
  const report: StarvedReport = { failures };
  if (!alert) failures.push('starved: the SIGKILL was never alerted');
  else {
    report.detectMs = at(alert) - p.killAt;
    if (report.detectMs > p.boundMs)
      failures.push(`starved: the SIGKILL was alerted after ${report.detectMs} ms (bound ${p.boundMs} ms)`);
  }
  const begins = after.filter((r) => r.type === 'restart.begin');
  if (begins.length > 1) failures.push(`starved: ${begins.length} restarts after one kill`);
  const ok = after.find((r) => r.type === 'restart.ok');
  if (begins.length && !ok) failures.push('starved: the restart after the kill was not verified');
  if (ok) {
    report.restartMs = at(ok) - p.killAt;
    for (const r of after.filter((x) => at(x) > at(ok) && isDeath(x)))
      failures.push(`starved: the restarted gateway was called dead at ${when(r)}: ${title(r)}`);
  }
  return report;
}
