// Alertmanager's webhook (payload version 4) → incidents of pseudo-targets, one per remote instance, through the same
// incident machine and alert builder as local incidents: same routes, cards, reminders, flap handling, /ack.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import * as z from '../util/zod.js';
import type { Config } from '../config/schema.js';
import type { PersistedState } from '../core/state.js';
import type { JudgeOptions } from '../core/alerting.js';
import type { Alert, Finding, FindingParam, Severity } from '../types.js';
import { incidentKey, openIncidents } from '../incidents/machine.js';
import { t, wordText } from '../i18n.js';
import { safeText } from '../util/text-out.js';

const labels = z.record(z.string(), z.string());
export const webhookSchema = z.object({
  version: z.literal('4', { error: 'expected an Alertmanager webhook payload, version "4"' }),
  status: z.optional(z.enum(['firing', 'resolved'])),
  receiver: z.optional(z.string()),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: labels,
        annotations: z._default(labels, {}),
        startsAt: z.optional(z.string()),
        endsAt: z.optional(z.string()),
        generatorURL: z.optional(z.string()),
        fingerprint: z.optional(z.string()),
      }),
    )
    .check(z.maxLength(1_000)),
});
export type WebhookPayload = z.output<typeof webhookSchema>;
type AmAlert = WebhookPayload['alerts'][number];

/** What the intake needs of the core: the targets, the open incidents, and the same judgement as local findings. */
export interface IntakeCore {
  /** The command core's parts the intake reads: the targets, the open incidents, the app's clock. */
  core: { config: Pick<Config, 'targets' | 'locale'>; state: Pick<PersistedState, 'incidents'>; now(): number };
  judge(target: string, findings: Finding[], o?: JudgeOptions): Promise<void>;
  persist(): Promise<void>;
  raise(alert: Alert): Promise<void>;
}

/**
 * Firing alerts one request may turn into messages. An Alertmanager (or whoever holds the token) that sends a thousand
 * at once gets the first hundred through the incidents and one line for the rest, not a thousand pushes on a phone.
 */
export const MAX_FIRING_PER_REQUEST = 100;

/** Remote text goes into chat cards and button commands: one short token, no spaces or control characters. */
const word = (s: string, max = 64) => s.replace(/[^\p{L}\p{N}_.:@/-]+/gu, '_').slice(0, max);
const text = (s: string, max = 1_000) => safeText(s).slice(0, max);

/** The pseudo-target of an alert: its instance (else job) label; never the name of a local target. */
function pseudoTarget(app: IntakeCore, l: Record<string, string>): string {
  const name = word(l.instance || l.job || 'alertmanager') || 'alertmanager';
  return app.core.config.targets.some((t) => t.name === name) ? `alertmanager:${name}` : name;
}

function severityOf(s: string | undefined): Severity {
  const v = (s ?? '').toLowerCase();
  if (['critical', 'page', 'error', 'high', 'emergency'].includes(v)) return 'critical';
  if (['info', 'informational', 'none', 'low'].includes(v)) return 'info';
  return 'warning';
}

/** The local target gatewatch can restart for this alert, if any: its `target` label on this very host. */
function localTarget(app: IntakeCore, l: Record<string, string>): string | undefined {
  if (!l.target || !app.core.config.targets.some((t) => t.name === l.target)) return undefined;
  const host = (l.instance ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return ['', '127.0.0.1', '::1', 'localhost', hostname()].includes(host) ? l.target : undefined;
}

function findingOf(app: IntakeCore, a: AmAlert, target: string): Finding {
  const l = a.labels;
  const locale = app.core.config.locale;
  const alertname = word(l.alertname || 'alert');
  const local = localTarget(app, l);
  const since = a.startsAt ? Date.parse(a.startsAt) : NaN;
  const summary = [a.annotations.summary, a.annotations.description]
    .filter((x): x is string => !!x && !!x.trim())
    .map((x) => text(x))
    .join('\n');
  // The alert's own words as they are, said to be Alertmanager's (whoever holds the token wrote them, not gatewatch);
  // ours where it has none, worded in the reader's locale when rendered.
  const explanation: FindingParam = summary
    ? { key: 'alertmanager.says', params: { text: summary } }
    : { key: 'alertmanager.firing', params: { alertname } };
  const action: FindingParam = a.annotations.runbook_url
    ? { key: 'alertmanager.action.runbook', params: { url: text(a.annotations.runbook_url, 300) } }
    : local
      ? { key: 'alertmanager.action.local', params: { local } }
      : { key: 'alertmanager.action.remote', params: { target } };
  const words = {
    key: 'finding.alertmanager' as const,
    params: {
      title: text(`${alertname}${l.target ? ` (${l.target}${l.platform ? `/${l.platform}` : ''})` : ''}`, 200),
      explanation,
      action,
    },
  };
  return {
    check: alertname,
    target,
    severity: severityOf(l.severity),
    platform: l.platform ? word(l.platform) : undefined,
    text: words,
    ...wordText(locale, words),
    evidence: Object.entries(l)
      .filter(([k]) => k !== 'alertname')
      .sort(([a], [b]) => a.localeCompare(b))
      .slice(0, 20)
      .map(([k, v]) => text(`${k}=${v}`, 200)),
    restart: local ? 'wait' : 'never',
    since: Number.isFinite(since) && since > 0 ? since : undefined,
  };
}

export interface ReceiveResult {
  firing: number;
  resolved: number;
  events: number;
  /** Firing alerts past MAX_FIRING_PER_REQUEST, told as one line. */
  overflow?: number;
}

const queues = new WeakMap<IntakeCore, Promise<unknown>>();

/**
 * Apply one webhook. Alertmanager sends each group on its own, so a pseudo-target's firing set is its open incidents,
 * updated by this payload, and judged as a whole (step() resolves whatever is not firing any more). Webhooks are
 * applied one at a time, so two groups arriving together cannot undo each other.
 */
export function receiveAlertmanager(app: IntakeCore, payload: WebhookPayload): Promise<ReceiveResult> {
  const run = (queues.get(app) ?? Promise.resolve()).catch(() => undefined).then(() => apply(app, payload));
  queues.set(app, run);
  return run;
}

async function apply(app: IntakeCore, payload: WebhookPayload): Promise<ReceiveResult> {
  const byTarget = new Map<string, AmAlert[]>();
  let firing = 0;
  let overflow = 0;
  for (const a of payload.alerts) {
    if (a.status === 'firing' && ++firing > MAX_FIRING_PER_REQUEST) {
      overflow++;
      continue;
    }
    const target = pseudoTarget(app, a.labels);
    byTarget.set(target, [...(byTarget.get(target) ?? []), a]);
  }
  const result: ReceiveResult = { firing: 0, resolved: 0, events: 0 };
  for (const [target, alerts] of byTarget) {
    const set = new Map(openIncidents(app.core.state.incidents, target).map((i) => [i.key, i.finding]));
    const localOf = new Map<string, string | undefined>();
    for (const a of alerts) {
      const f = findingOf(app, a, target);
      const key = incidentKey(f);
      localOf.set(key, localTarget(app, a.labels));
      if (a.status === 'firing') {
        result.firing++;
        set.set(key, f);
      } else {
        result.resolved++;
        set.delete(key);
      }
    }
    await app.judge(target, [...set.values()], {
      actor: 'alertmanager',
      adjust(alert, ev) {
        result.events++;
        // Buttons name the pseudo-target; Restart and Logs only work on a local target: point them there or drop them.
        const local = localOf.get(ev.incident.key);
        if (!alert.reply.buttons) return alert;
        const buttons = alert.reply.buttons.flatMap((b) => {
          if (!/^\/(restart|logs)\b/.test(b.command)) return [b];
          return local
            ? [
                {
                  ...b,
                  command: b.command.replace(` ${target}`, ` ${local}`),
                  ...(b.ref?.target ? { ref: { ...b.ref, target: local } } : {}),
                },
              ]
            : [];
        });
        return { ...alert, reply: { ...alert.reply, buttons } };
      },
    });
  }
  if (overflow) {
    const locale = app.core.config.locale;
    const title = t(locale, 'alertmanager.overflow', { count: overflow });
    await app.raise({
      id: randomUUID(),
      kind: 'notice',
      target: 'alertmanager',
      check: 'alertmanager_overflow',
      severity: 'warning',
      createdAt: app.core.now(),
      reply: { title, tone: 'warning' },
    });
    result.overflow = overflow;
  }
  await app.persist();
  return result;
}
