// A forecast is no failure: one whose trend turned is withdrawn, not "recovered"; one that still holds is reminded of as
// such, not "still failing"; one that keeps coming back is "forecast again", not "down again". Nothing was down. The
// real memory_growth finding of a climb, then of the same gateway once its RSS went level, through the incident machine
// to the alert's words.
import { describe, expect, it } from 'vitest';
import type { MemoryTrend } from '../../src/evidence.js';
import { runDetectors } from '../../src/detectors/index.js';
import { step } from '../../src/incidents/machine.js';
import { incidentAlert } from '../../src/delivery/alerts.js';
import { buildEvidence, PID, SETTINGS } from '../helpers/evidence.js';

const MIN = 60_000;
const T0 = Date.parse('2026-09-21T08:00:00Z');
const settings = { remindEveryMs: 30 * MIN, flap: { transitions: 4, withinMs: 30 * MIN } };

/** The findings after `minutes` of one sample a minute: 2 MB a minute for `climb` minutes (two hours), then level. */
function look(minutes: number, climb = 120) {
  const samples: MemoryTrend['samples'] = Array.from({ length: minutes + 1 }, (_, m) => ({
    at: T0 + m * MIN,
    rssKib: (300 + Math.min(m, climb) * 2) * 1024,
  }));
  const ev = buildEvidence({
    log: 'healthy.log',
    overrides: {
      now: T0 + minutes * MIN,
      memory: { pid: PID, samples, ceiling: { kib: 1536 * 1024, source: 'host' } },
    },
  });
  return runDetectors(ev, SETTINGS).filter((f) => f.check === 'memory_growth');
}

describe('a forecast withdrawn', () => {
  it('says "Forecast withdrawn" and why, with no downtime, in both locales', () => {
    const opened = step({}, 'default', look(120), T0 + 120 * MIN, settings, false);
    expect(opened.events.map((e) => e.kind)).toEqual(['open']);
    const closed = step(opened.state, 'default', look(150), T0 + 150 * MIN, settings, false);
    expect(closed.events.map((e) => e.kind)).toEqual(['resolve']);
    const en = incidentAlert(closed.events[0]!, 'en', T0 + 150 * MIN, settings.flap.withinMs);
    expect(en).toMatchObject({ kind: 'resolve', severity: 'ok', reply: { tone: 'ok' } });
    expect(en.reply.title).toMatch(/^Forecast withdrawn — default: Gateway memory keeps climbing: 540 MB now/);
    expect(en.reply.lines).toEqual([
      'The trend this forecast rested on no longer holds: it turned, or the process it followed was replaced.',
    ]);
    expect(en.reply.fields!.map((x) => x.label)).not.toContain('downtime');
    const zh = incidentAlert(closed.events[0]!, 'zh-CN', T0 + 150 * MIN, settings.flap.withinMs);
    expect(zh.reply.title).toMatch(/^预测撤回 — default：网关内存持续上涨/);
  });

  it('a reminder of a forecast that still holds says so, not "Still failing"', () => {
    const opened = step({}, 'default', look(120), T0 + 120 * MIN, settings, false);
    // Half an hour later, still climbing: the reminder.
    const still = step(opened.state, 'default', look(120, 151), T0 + 151 * MIN, settings, false);
    expect(still.events.map((e) => e.kind)).toEqual(['remind']);
    const en = incidentAlert(still.events[0]!, 'en', T0 + 151 * MIN, settings.flap.withinMs);
    expect(en.reply.title).toMatch(/^Forecast still holds — default: Gateway memory keeps climbing/);
    const zh = incidentAlert(still.events[0]!, 'zh-CN', T0 + 151 * MIN, settings.flap.withinMs);
    expect(zh.reply.title).toMatch(/^预测仍然成立 — default：网关内存持续上涨/);
  });

  it('a forecast that comes back and goes again and again is "Forecast again", never "Down again"', () => {
    const flap = { ...settings, flap: { transitions: 2, withinMs: 30 * MIN } };
    let state = step({}, 'default', look(120), T0 + 120 * MIN, flap, false).state;
    state = step(state, 'default', [], T0 + 121 * MIN, flap, false).state;
    const again = step(state, 'default', look(120), T0 + 122 * MIN, flap, false).events[0]!;
    expect(again.kind).toBe('flap');
    expect(incidentAlert(again, 'en', T0 + 122 * MIN, flap.flap.withinMs).reply.title).toMatch(
      /^Forecast again \(2 times in 30m\) — default: Gateway memory keeps climbing/,
    );
    expect(incidentAlert(again, 'zh-CN', T0 + 122 * MIN, flap.flap.withinMs).reply.title).toMatch(
      /^再次预测（30 分钟内第 2 次）— default：/,
    );
  });
});
