// The story's checks catch what each is for, and pass a story told right: a check that cannot fail proves nothing.
import { describe, expect, it } from 'vitest';
import type { WebhookDocument } from '../../src/notifiers/webhook.js';
import {
  type AuditLine,
  clockTime,
  durationMs,
  everyIncidentCloses,
  faultsInARowTold,
  figuresAgree,
  greenWhileCritical,
  oneIncidentPerCause,
  platformOf,
  restartsForTheirCause,
  type Story,
  stoppedCritical,
  storyBreaches,
  wordsOfAPerson,
} from './story-truth.js';

const T0 = Date.UTC(2026, 10, 27, 2, 35, 0);
const at = (s: number) => T0 + s * 1000;
const clock = (s: number) => new Date(at(s)).toISOString().slice(5, 19).replace('T', ' ');

function doc(o: Partial<WebhookDocument> & { kind: WebhookDocument['kind']; title: string }): WebhookDocument {
  return {
    version: 1,
    id: `${o.kind}-${o.title}`,
    incident_id: null,
    target: 'demo',
    check: null,
    severity: 'critical',
    text: '',
    evidence: [],
    created_at: new Date(T0).toISOString(),
    ...o,
  };
}

/** An incident's open alert at `s` (since `since`) and its recovery at `end`, as audit lines and messages. */
function incident(
  id: string,
  check: string,
  s: number,
  o: { since?: number; end?: number; severity?: string; text?: string; downtime?: number; resolveText?: string } = {},
) {
  const open = doc({
    kind: 'open',
    id: `${id}-open`,
    incident_id: id,
    check,
    severity: (o.severity ?? 'critical') as WebhookDocument['severity'],
    title: `demo: Problem ${id.slice(-1)}`,
    text: `target: demo\nsince: ${clock(o.since ?? s)}\n${o.text ?? ''}`,
    created_at: new Date(at(s)).toISOString(),
  });
  const audit: AuditLine[] = [
    {
      at: at(s),
      type: 'alert.open',
      check,
      severity: o.severity ?? 'critical',
      actor: 'gatewatch',
      detail: { incident: id, alert: open.id },
    },
  ];
  const received = [{ at: at(s), doc: open }];
  if (o.end !== undefined) {
    const resolve = doc({
      kind: 'resolve',
      id: `${id}-resolve`,
      incident_id: id,
      check,
      severity: 'ok',
      title: `demo: Problem ${id.slice(-1)} is over`,
      text: o.resolveText ?? `target: demo\ndowntime: ${o.downtime ?? o.end - (o.since ?? s)}s`,
      created_at: new Date(at(o.end)).toISOString(),
    });
    audit.push({
      at: at(o.end),
      type: 'alert.resolve',
      check,
      severity: 'ok',
      actor: 'gatewatch',
      detail: { incident: id, alert: resolve.id, downtime_ms: (o.end - (o.since ?? s)) * 1000 },
    });
    received.push({ at: at(o.end), doc: resolve });
  }
  return { audit, received };
}

function story(parts: ReturnType<typeof incident>[], o: Partial<Story> = {}): Story {
  return {
    locale: 'en',
    audit: parts.flatMap((p) => p.audit).sort((a, b) => a.at - b.at),
    received: parts.flatMap((p) => p.received),
    answers: [],
    stopped: [],
    resolvedAt: new Map(),
    ...o,
  };
}

const END = at(600);

describe('the story checks', () => {
  it('read an incident id, a clock time and a duration in both locales', () => {
    expect(platformOf('demo:platform_down:qqbot@abc')).toBe('qqbot');
    expect(platformOf('demo:platform_down:discord@ops#x@abc')).toBe('ops:discord');
    expect(platformOf('demo:state_stale_running#killed@abc')).toBeUndefined();
    expect(clockTime('11-27 02:35:06', T0)).toBe(at(6));
    expect(durationMs('1m 3s')).toBe(63_000);
    expect(durationMs('1 分钟 3 秒')).toBe(63_000);
  });

  it('pass a story told right', () => {
    const s = story([
      incident('demo:qq_banned:qqbot@a', 'qq_banned', 10, { end: 40 }),
      incident('demo:platform_down:qqbot@b', 'platform_down', 60, { end: 90 }),
    ]);
    expect(storyBreaches(s, END)).toEqual([]);
  });

  it('catch a critical alert while the operator has the gateway stopped, and check exiting 2 then', () => {
    const s = story([incident('demo:qq_banned:qqbot@a', 'qq_banned', 30)], {
      stopped: [{ from: at(20), to: at(50) }],
      answers: [{ sent: at(25), at: at(26), verb: 'check', code: 2, text: '🔴 QQ bot is banned' }],
    });
    expect(stoppedCritical(s)).toHaveLength(2);
  });

  it('catch a ✅ answer while a critical incident is open, and a recovery while its platform is still down', () => {
    const s = story(
      [
        incident('demo:qq_banned:qqbot@a', 'qq_banned', 10),
        incident('demo:disconnect_storm:qqbot@b', 'disconnect_storm', 12, { end: 20, severity: 'warning' }),
      ],
      { answers: [{ sent: at(15), at: at(16), verb: 'fix', code: 0, text: '✅ Nothing to fix on demo' }] },
    );
    expect(greenWhileCritical(s, END)).toHaveLength(2);
    // A recovery that names the critical incident still open is no all-clear: it says what is still wrong.
    const named = story([
      incident('demo:qq_banned:qqbot@a', 'qq_banned', 10),
      incident('demo:disconnect_storm:qqbot@b', 'disconnect_storm', 12, {
        end: 20,
        severity: 'warning',
        resolveText: 'target: demo\nStill open: 🔴 Problem a\nlasted: 8s',
      }),
    ]);
    expect(greenWhileCritical(named, END)).toEqual([]);
  });

  it('catch a new cause dated from the start of another, and two alerts for one cause', () => {
    const folded = story([
      incident('demo:qq_banned:qqbot@a', 'qq_banned', 10, { since: 5 }),
      incident('demo:platform_down:qqbot@b', 'platform_down', 30, { since: 5 }),
    ]);
    expect(oneIncidentPerCause(folded, END)).toHaveLength(1);
    // fewer-platforms: a start-up's missing QQ, then QQ down, both open, the second dated before the first.
    const twice = story([
      incident('demo:startup_incomplete:qqbot@a', 'startup_incomplete', 40, { since: 39 }),
      incident('demo:platform_down:qqbot@b', 'platform_down', 45, { since: 10 }),
    ]);
    expect(oneIncidentPerCause(twice, END)).toHaveLength(1);
  });

  it('catch a platform incident dated after its first quoted line, and one said again from lines as old', () => {
    const late = incident('demo:qq_banned:qqbot@a', 'qq_banned', 10);
    late.received[0]!.doc.evidence = [`${new Date(at(7)).toISOString().slice(0, 19).replace('T', ' ')},650 WARNING x`];
    expect(oneIncidentPerCause(story([late]), END)).toHaveLength(1);
    const again = story([
      incident('demo:agent_stream_stalled@a', 'agent_stream_stalled', 10, { severity: 'warning' }),
      incident('demo:agent_stream_stalled@b', 'agent_stream_stalled', 60, { since: 10, severity: 'warning' }),
    ]);
    expect(oneIncidentPerCause(again, END)).toHaveLength(1);
  });

  it("catch a restart for a cause nothing open has, and one against its incident's advice", () => {
    const s = story([
      incident('demo:qq_banned:qqbot@a', 'qq_banned', 10, { text: 'auto-restart: no: a restart does not fix this' }),
    ]);
    s.audit.push(
      { at: at(12), type: 'restart.begin', actor: 'gatewatch', detail: { reason: 'qq_banned' } },
      { at: at(14), type: 'restart.begin', actor: 'gatewatch', detail: { reason: 'platform_down' } },
      { at: at(16), type: 'restart.begin', actor: 'alice', detail: { reason: 'operator request' } },
    );
    expect(restartsForTheirCause(s, END)).toHaveLength(2);
  });

  it('catch a downtime unlike its record, and detected + recovered unlike the downtime', () => {
    const s = story([
      incident('demo:qq_banned:qqbot@a', 'qq_banned', 10, {
        end: 40,
        resolveText: 'downtime: 25s\nDetected in 0s (first sign → alert), recovered in 10s (alert → back).',
      }),
    ]);
    expect(figuresAgree(s)).toHaveLength(2);
  });

  it('catch an incident state.json or a later one of its key says is over, with no record that closed it', () => {
    const a = incident('demo:state_stale_running#killed@a', 'state_stale_running', 10);
    const b = incident('demo:state_stale_running#killed@b', 'state_stale_running', 60, { end: 70 });
    const c = incident('demo:platform_down:qqbot@c', 'platform_down', 80);
    // Still open at the end (a warning of half an hour): no breach.
    expect(everyIncidentCloses(story([c]))).toEqual([]);
    expect(everyIncidentCloses(story([c], { resolvedAt: new Map([['demo:platform_down:qqbot@c', at(90)]]) }))).toEqual([
      expect.stringMatching(
        /^02:36:20 "demo:platform_down:qqbot@c" opened, never closed in the audit \(state.json has it over\)$/,
      ),
    ]);
    expect(everyIncidentCloses(story([a, b]))).toHaveLength(1);
    // Closed by a record that says how: none.
    const closed = story([a, b]);
    closed.audit.push({
      at: at(30),
      type: 'alert.close',
      actor: 'gatewatch',
      detail: { incident: 'demo:state_stale_running#killed@a', how: 'replaced' },
    });
    closed.audit.sort((x, y) => x.at - y.at);
    expect(everyIncidentCloses(closed)).toEqual([]);
  });

  it('take a flapping incident down again after its recovery as open again: restarted for, no breach', () => {
    const id = 'demo:gateway_stopped#update@a';
    const s = story([incident(id, 'gateway_stopped', 10, { end: 12 })]);
    s.audit.push(
      {
        at: at(60),
        type: 'alert.open',
        check: 'gateway_stopped',
        severity: 'critical',
        actor: 'gatewatch',
        detail: { incident: id, kind: 'flap' },
      },
      { at: at(90), type: 'restart.begin', actor: 'gatewatch', detail: { reason: 'gateway_stopped' } },
      {
        at: at(92),
        type: 'alert.close',
        check: 'gateway_stopped',
        actor: 'gatewatch',
        detail: { incident: id, how: 'replaced' },
      },
    );
    expect(restartsForTheirCause(s, END)).toEqual([]);
    expect(everyIncidentCloses(s)).toEqual([]);
    // A restart for it between its two episodes is for nothing open.
    s.audit.push({ at: at(30), type: 'restart.begin', actor: 'gatewatch', detail: { reason: 'gateway_stopped' } });
    s.audit.sort((x, y) => x.at - y.at);
    expect(restartsForTheirCause(s, END)).toHaveLength(1);
  });

  it('take a restart for several causes as for each: every one open, or a breach', () => {
    const s = story([
      incident('demo:platform_down:qqbot@a', 'platform_down', 10),
      incident('demo:qq_zombie:qqbot@b', 'qq_zombie', 12),
    ]);
    s.audit.push({
      at: at(20),
      type: 'restart.begin',
      actor: 'gatewatch',
      detail: { reason: 'platform_down, platform_down' },
    });
    expect(restartsForTheirCause(s, END)).toEqual([]);
    s.audit.push({
      at: at(30),
      type: 'restart.begin',
      actor: 'gatewatch',
      detail: { reason: 'platform_down, update_stuck' },
    });
    expect(restartsForTheirCause(s, END)).toHaveLength(1);
  });

  it('catch the first of two faults in a row never said before the next fault, by its own words', () => {
    const death = incident('demo:state_stale_running#SIGTERM@a', 'state_stale_running', 12, {
      text: 'Already before the gateway went down, QQ was down, since 02:35:10.',
    });
    const row = { from: at(10), to: at(100), first: 'qq-4009-stuck', then: 'sigterm', name: 'QQ' };
    expect(faultsInARowTold(story([death], { rows: [row] }))).toEqual([]);
    const silent = incident('demo:state_stale_running#SIGTERM@a', 'state_stale_running', 12);
    // QQ only in the lines it quotes: not said.
    silent.received[0]!.doc.evidence = ['2026-11-27 02:35:10,000 WARNING [QQBot] closed'];
    silent.received[0]!.doc.text += '\n2026-11-27 02:35:10,000 WARNING [QQBot] closed';
    expect(faultsInARowTold(story([silent], { rows: [row] }))).toEqual([
      '02:35:10 qq-4009-stuck then sigterm at once: nothing said of QQ before the next fault',
    ]);
    // Said after the next fault: too late.
    expect(faultsInARowTold(story([death], { rows: [{ ...row, to: at(11) }] }))).toHaveLength(1);
  });

  it('catch a platform key and an audit name in what a person reads, and leave quoted evidence alone', () => {
    const s = story([], {
      received: [
        {
          at: at(1),
          doc: doc({
            kind: 'open',
            title: 'demo: qqbot is down',
            text: 'state_stale_running says so\n  WARNING qqbot: closed',
            evidence: ['WARNING qqbot: closed'],
          }),
        },
      ],
    });
    expect(wordsOfAPerson(s)).toHaveLength(2);
  });
});
