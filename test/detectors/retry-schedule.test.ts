// A restart never races Hermes' own next attempt (issue 42 item 3). QQ's reconnect loop schedules its attempts in the
// adapter's own lines (`Reconnecting in 60s (attempt 9)...`), which the runner never hears of; the same words in v0.17
// (test/fixtures/hermes/gateway-sample.log) and v0.20.2 (real-v0.20.2-lifecycle.log: the QQ endpoint down at 17:11:57.2,
// back at 17:12:47.6, Hermes' backoff reaching it at 17:13:44). While gatewatch's probe reaches the servers and that
// attempt is still to come, the restart waits for it; one that began after the servers answered and failed all the same
// is a restart's to fix, and the open alert is told so before it happens. Pure, on the evidence's clock.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { nextRetryAt } from '../../src/detectors/outages.js';
import { step, type IncidentState } from '../../src/incidents/machine.js';
import { incidentAlert } from '../../src/delivery/alerts.js';
import type { Evidence } from '../../src/evidence.js';
import { buildEvidence, iso, localTime, SETTINGS, stateFile } from '../helpers/evidence.js';

const INC = { remindEveryMs: 30 * 60_000, flap: { transitions: 4, withinMs: 30 * 60_000 } };

/** The gateway alive, QQ down in its state file, the log as it stood at `now`; gatewatch reaches QQ since `since`. */
function qqDown(log: string, now: string, since?: string): Evidence {
  const ev = buildEvidence({
    log,
    now,
    state: stateFile('running', { qqbot: { state: 'disconnected', updated_at: iso(now.slice(0, 16)) } }),
  });
  if (since) {
    ev.reachable = ['qqbot'];
    ev.reachableSince = { qqbot: localTime(since) };
  }
  return ev;
}
const qq = (ev: Evidence) => runDetectors(ev, SETTINGS).find((f) => f.platform === 'qqbot')!;

describe('Hermes’ next attempt, from the QQ adapter’s own lines', () => {
  it('v0.20.2: `Reconnecting in 60s (attempt 5)...` at 17:12:44.287 is due at 17:13:44.287', () => {
    const ev = qqDown('hermes/real-v0.20.2-lifecycle.log', '2026-11-25 17:13:30');
    expect(nextRetryAt(ev.log.run, 'qqbot')).toBe(localTime('2026-11-25 17:12:44.287') + 60_000);
  });

  it('v0.17: `Reconnecting in 60s (attempt 5)...` at 11:21:01.982 is due at 11:22:01.982', () => {
    const ev = qqDown('hermes/gateway-sample.log', '2026-06-22 11:21:50');
    expect(nextRetryAt(ev.log.run, 'qqbot')).toBe(localTime('2026-06-22 11:21:01.982') + 60_000);
  });

  it('none once QQ is connected again', () => {
    const ev = qqDown('hermes/real-v0.20.2-lifecycle.log', '2026-11-25 17:14:00');
    expect(nextRetryAt(ev.log.run, 'qqbot')).toBeUndefined();
  });
});

describe('a restart while that attempt is due', () => {
  it('v0.20.2: QQ answers here again (17:12:50) and Hermes retries at 17:13:44: wait for it, no restart', () => {
    const f = qq(qqDown('hermes/real-v0.20.2-lifecycle.log', '2026-11-25 17:13:30', '2026-11-25 17:12:50'));
    expect(f.check).toBe('platform_down');
    expect(f.restart).toBe('wait');
    expect(f.title).toBe('QQ answers again from this host; Hermes reconnects it at its next retry');
    expect(f.explanation).toMatch(/retries by itself in 14s/);
  });

  it('v0.17: QQ answers here again and Hermes retries at 11:22:01.982: wait for it', () => {
    const f = qq(qqDown('hermes/gateway-sample.log', '2026-06-22 11:21:50', '2026-06-22 11:21:40'));
    expect(f.restart).toBe('wait');
    expect(f.title).toMatch(/Hermes reconnects it at its next retry/);
  });

  it('the attempt that began after QQ answered here failed all the same: a restart helps, and says why', () => {
    // Reached since 11:21:20; the attempt due at 11:22:01.982 failed at 11:22:02.005.
    const f = qq(qqDown('hermes/gateway-sample.log', '2026-06-22 11:22:40', '2026-06-22 11:21:20'));
    expect(f.restart).toBe('helps');
    expect(f.title).toBe("QQ answers from this host, but Hermes' retry failed: a restart helps");
    expect(f.explanation).toMatch(/Hermes' retry at 11:22:02, which began after they answered, failed/);
  });

  it('an attempt that began before QQ answered here is no such proof: it waits for the next one', () => {
    // Reached only since 11:22:10, after the attempt of 11:22:01.982 began.
    const f = qq(qqDown('hermes/gateway-sample.log', '2026-06-22 11:22:20', '2026-06-22 11:22:10'));
    expect(f.restart).not.toBe('helps');
  });
});

describe('the open alert said a restart waits; now one comes', () => {
  it('the incident is told, before the restart, with the reason (en, zh-CN); not again while it stays so', () => {
    let incidents: IncidentState = {};
    const judge = (ev: Evidence) => {
      const r = step(incidents, 'default', runDetectors(ev, SETTINGS), ev.now, INC, false);
      incidents = r.state;
      // The sample's Feishu has troubles of its own meanwhile (an executor shutdown): QQ's incident is the subject.
      return r.events.filter((e) => e.incident.platform === 'qqbot');
    };
    // QQ answers here and Hermes retries at 11:22:01.982: an alert saying it reconnects at that retry would arrive after
    // it (issue 51), so the incident says nothing until the retry has had its chance.
    expect(
      judge(qqDown('hermes/gateway-sample.log', '2026-06-22 11:21:50', '2026-06-22 11:21:20')).map((e) => e.kind),
    ).toEqual([]);
    const [told] = judge(qqDown('hermes/gateway-sample.log', '2026-06-22 11:22:40', '2026-06-22 11:21:20'));
    expect(told!.kind).toBe('open');
    const alert = (l: 'en' | 'zh-CN') => incidentAlert(told!, l, told!.incident.openedAt, INC.flap.withinMs).reply;
    expect(alert('en').title).toMatch(/Hermes' retry failed: a restart helps/);
    expect(alert('en').fields?.find((x) => x.label === 'auto-restart')?.value).toBe('yes, if the budget allows');
    expect(alert('zh-CN').title).toMatch(/Hermes 的重试失败了：重启可以解决/);
    expect(judge(qqDown('hermes/gateway-sample.log', '2026-06-22 11:22:50', '2026-06-22 11:21:20'))).toEqual([]);
  });
});
