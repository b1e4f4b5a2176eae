// Issue 61 item 1b, on the real gateway's sequence (a death, QQ unreachable through the restart): the write-up keeps the
// cooldown hold its own "Restarted" message reported, and a step that was true when found ("QQ answers again from this
// host; Hermes reconnects it at its next retry") is told as what was seen then, not as a promise after the fact.
import { describe, expect, it } from 'vitest';
import { step, type IncidentState } from '../../src/incidents/machine.js';
import { writeUpOf } from '../../src/core/write-up.js';
import { recoveredBy } from '../../src/delivery/recovery.js';
import { incidentJson, incidentReply, summaryLines } from '../../src/delivery/write-up.js';
import type { RestartRecord } from '../../src/actions/restart-policy.js';
import type { IncidentEntry } from '../../src/history/model.js';
import type { Finding } from '../../src/types.js';
import { localStamp } from '../../src/util/time.js';
import { platformParam } from '../../src/i18n.js';

const INC = { remindEveryMs: 60 * 60_000, flap: { transitions: 4, withinMs: 30 * 60_000 } };
const T0 = Date.UTC(2026, 10, 26, 18, 43, 20);
const at = (s: number) => T0 + s * 1000;
const hhmmss = (ms: number) => localStamp(ms).slice(11, 19);

const death: Finding = {
  target: 'alpha',
  check: 'state_stale_running',
  severity: 'critical',
  title: 'Gateway died without a shutdown',
  explanation: '',
  action: '',
  evidence: [],
  restart: 'helps',
  since: at(0),
};

const held: RestartRecord = {
  target: 'alpha',
  at: at(30),
  endedAt: at(40),
  backAt: at(34),
  ok: true,
  actor: 'gatewatch',
  reason: 'r',
  checks: ['state_stale_running'],
  held: { code: 'cooldown', since: at(2), until: at(30) },
};

const entryOf = (restarts: RestartRecord[]): IncidentEntry => {
  let s: IncidentState = {};
  s = step(s, 'alpha', [death], at(2), INC, false).state;
  const r = step(s, 'alpha', [], at(41), INC, false);
  const resolve = r.events.find((e) => e.kind === 'resolve')!;
  return { ...(writeUpOf(resolve.incident, at(41), { restarts }) as IncidentEntry) };
};

describe("the write-up's steps", () => {
  it('a restart that was held says how long and why, as its own message did, in both locales', () => {
    const e = { ...entryOf([held]), check: 'state_stale_running', title: death.title, firstAt: at(0), alertAt: at(2) };
    const en = summaryLines('en', 'alpha', e).join('\n');
    expect(en).toContain(`${hhmmss(at(30))} restarted the gateway, back at ${hhmmss(at(34))}`);
    expect(en).toContain('(held 28s before it: cooldown after the last restart)');
    const zh = summaryLines('zh-CN', 'alpha', e).join('\n');
    expect(zh).toMatch(/暂缓 28 ?秒/);
    // For machines, ISO times like the rest of the write-up.
    expect(incidentJson('alpha', e).steps).toContainEqual(
      expect.objectContaining({ held: { since: new Date(at(2)).toISOString(), code: 'cooldown' } }),
    );
  });

  it("another incident's automatic restart is not this one's; an operator's is (issue 80 item 4)", () => {
    // A warning open for minutes (the event loop stalled) while a death was restarted twice, and an operator's /restart.
    const stalled: Finding = { ...death, check: 'loop_stalled', severity: 'warning', restart: 'never' };
    let s: IncidentState = {};
    s = step(s, 'alpha', [stalled], at(2), INC, false).state;
    const resolve = step(s, 'alpha', [], at(600), INC, false).events.find((e) => e.kind === 'resolve')!;
    const other = (sec: number): RestartRecord => ({ ...held, at: at(sec), endedAt: at(sec + 5), backAt: at(sec + 4) });
    const { held: _h, ...forDeath } = other(100);
    const old = { ...other(200), checks: undefined, reason: 'state_stale_running: died' };
    const byHand = { ...forDeath, at: at(300), endedAt: at(305), backAt: at(304), actor: 'telegram:42', checks: [] };
    const w = writeUpOf(resolve.incident, at(600), { restarts: [forDeath, old, byHand] });
    expect(w.steps?.map((x) => [x.what, x.actor, x.at])).toEqual([['restart', 'telegram:42', at(300)]]);
    const mine = { ...forDeath, checks: ['loop_stalled'] };
    expect(writeUpOf(resolve.incident, at(600), { restarts: [mine] }).steps).toHaveLength(1);
  });

  it('a warning the gateway served through lasted; a death was downtime (issue 80 item 4)', () => {
    const entry = (check: string): IncidentEntry => ({
      id: `alpha:${check}`,
      n: 1,
      check,
      title: 't',
      severity: 'warning',
      firstAt: at(0),
      alertAt: at(2),
      recoveredAt: at(552),
    });
    const field = (e: IncidentEntry, label: string) =>
      incidentReply('en', 'alpha', e).fields?.find((f) => f.label === label);
    expect(field(entry('loop_stalled'), 'lasted')?.value).toBe('9m 12s');
    expect(field(entry('loop_stalled'), 'downtime')).toBeUndefined();
    expect(field(entry('state_stale_running'), 'downtime')?.value).toBe('9m 12s');
    expect(field({ ...entry('platform_down'), platform: 'qqbot' }, 'downtime')?.value).toBe('9m 12s');
  });

  it('a restart that was not held says nothing of a hold', () => {
    const { held: _, ...plain } = held;
    const e = { ...entryOf([plain]), check: 'state_stale_running', title: death.title, firstAt: at(0), alertAt: at(2) };
    expect(summaryLines('en', 'alpha', e).join('\n')).not.toMatch(/held/);
  });

  it('"QQ answers again … at its next retry", once past, is told as what gatewatch saw then', () => {
    const e: IncidentEntry = {
      id: 'alpha:platform_unreachable#qqbot@x',
      n: 4,
      check: 'platform_unreachable',
      title: 'QQ cannot be reached',
      severity: 'warning',
      firstAt: at(0),
      alertAt: at(2),
      recoveredAt: at(90),
      by: 'hermes',
      endTitle: 'QQ answers again from this host; Hermes reconnects it at its next retry',
      endText: {
        key: 'finding.platform_answering',
        params: { name: platformParam('qqbot'), ago: '1m', error: 'x', next: '5s' },
      },
      steps: [
        {
          at: at(60),
          what: 'became',
          title: 'QQ answers again from this host; Hermes reconnects it at its next retry',
          text: {
            key: 'finding.platform_answering',
            params: { name: platformParam('qqbot'), ago: '1m', error: 'x', next: '5s' },
          },
        },
        { at: at(66), what: 'hermes_reconnected', platform: 'qqbot' },
      ],
    };
    for (const locale of ['en', 'zh-CN'] as const) {
      const lines = summaryLines(locale, 'alpha', e).join('\n');
      expect(lines).not.toMatch(/next retry|下次重试时/);
    }
    expect(summaryLines('en', 'alpha', e)[0]).toBe(
      "What happened: QQ cannot be reached; then: QQ's servers answered gatewatch's probe from this host again",
    );
  });

  it("a restart back before the next outage opened is the last outage's, not this one's", () => {
    // The real demo, SIGKILLed then SIGTERMed within a second: the first restart began 0.8 s before the second outage
    // opened and was back before it. The second recovery listed both restarts and said the first brought it back.
    const first: RestartRecord = {
      target: 'alpha',
      at: at(1.2),
      backAt: at(1.6),
      endedAt: at(1.7),
      ok: true,
      actor: 'gatewatch',
      reason: 'r',
      checks: ['state_stale_running'],
    };
    const second: RestartRecord = { ...first, at: at(3), backAt: at(3.4), endedAt: at(3.5) };
    let s: IncidentState = {};
    s = step(s, 'alpha', [{ ...death, since: at(2) }], at(2), INC, false).state;
    const r = step(s, 'alpha', [], at(4), INC, false);
    const inc = r.events.find((e) => e.kind === 'resolve')!.incident;
    const steps = writeUpOf(inc, at(4), { restarts: [first, second] }).steps ?? [];
    expect(steps.map((x) => [x.what, x.at])).toEqual([['restart', at(3)]]);
    expect(recoveredBy(inc, [first])).toEqual({ by: 'outside' });
    // As a person reads it, in both locales: the one restart of this outage, and nothing of the one before.
    const entry = {
      ...(writeUpOf(inc, at(4), { restarts: [first, second] }) as IncidentEntry),
      check: 'state_stale_running',
      title: death.title,
      firstAt: at(2),
      alertAt: at(2),
    };
    for (const locale of ['en', 'zh-CN'] as const) {
      const told = summaryLines(locale, 'alpha', entry).join('\n');
      expect(told).toContain(hhmmss(at(3)));
      expect(told).not.toContain(hhmmss(at(1.2)));
    }
    // One still under way when the outage opened (an operator's /restart, whose stop it saw) is the outage's own.
    const begun = { ...first, backAt: at(2.5), endedAt: at(2.6), actor: 'ops' };
    expect(writeUpOf(inc, at(4), { restarts: [begun] }).steps?.map((x) => x.at)).toEqual([at(1.2)]);
    expect(recoveredBy(inc, [begun])).toMatchObject({ by: 'operator' });
  });
});
