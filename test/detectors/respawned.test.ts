// A death the supervisor repairs, said as gatewatch sees it (issue 82 item 5), on the real Hermes v0.20.2 timeline
// (test/fixtures/hermes/real-v0.20.2-lifecycle.log: kill -9 at 17:11:07.35, the next life's report of it at 17:11:12).
// Between the two, pm2 has started the next life, which Python is still importing: it is said now, as a warning that
// names pm2, dated at the kill, never a critical death or a restart; and it closes, when the next life runs, with the
// supervisor as the one who brought it back. Pure: evidence in, findings and the incident machine's events out.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { step, type IncidentState } from '../../src/incidents/machine.js';
import { recoveredBy } from '../../src/delivery/recovery.js';
import type { Evidence, ServiceEvidence } from '../../src/evidence.js';
import { buildEvidence, CMDLINE, fixtureText, localTime, PID, SETTINGS, stateFile } from '../helpers/evidence.js';

const LOG = 'hermes/real-v0.20.2-lifecycle.log';
const at = (hms: string) => localTime(`2026-11-25 ${hms}`);
const NEXT = PID + 1;
const PM2: ServiceEvidence = {
  manager: 'pm2',
  name: 'hermes',
  state: 'online',
  active: true,
  upFor: 0,
  deaths: { count: 1, windowS: 120, last: 'App [hermes:0] exited with code [0] via signal [SIGKILL]' },
};
const INC = { remindEveryMs: 30 * 60_000, flap: { transitions: 4, withinMs: 30 * 60_000 } };

/** 17:11:08: the gateway gatewatch watched gone, its pid file still its; the next life found importing, or not. */
function afterKill(o: { service?: Partial<ServiceEvidence>; next?: boolean; text?: string } = {}): Evidence {
  const ev = buildEvidence({
    log: LOG,
    ...(o.text ? { text: o.text } : {}),
    alive: false,
    now: '2026-11-25 17:11:08',
    state: stateFile('running', { qqbot: 'connected' }, { pid: PID }),
  });
  ev.process = { ...ev.process, lastSeenAlive: at('17:11:07.1'), goneSeenAt: at('17:11:07.6'), seenPid: PID };
  ev.service = { ...PM2, ...o.service } as ServiceEvidence;
  if (o.next !== false) ev.processes = [{ pid: NEXT, cmdline: CMDLINE, startedAt: at('17:11:07.5') }];
  return ev;
}

const found = (ev: Evidence) => runDetectors(ev, SETTINGS);

describe('a death the supervisor repairs', () => {
  it('is said while the next life imports: a warning naming pm2, dated at the kill, no restart', () => {
    const fs = found(afterKill());
    const f = fs.find((x) => x.check === 'process_down');
    expect(f).toMatchObject({
      cause: 'respawned',
      severity: 'warning',
      restart: 'never',
      since: at('17:11:07.6'),
      text: { key: 'finding.process_down.respawned', params: { pid: String(PID) } },
    });
    expect(f!.title).toBe(`Gateway (pid ${PID}) died without an exit path; pm2 started it again`);
    expect(fs.filter((x) => x.severity === 'critical')).toEqual([]);
    // The same in Chinese, naming the supervisor as a person reads it.
    const zh = runDetectors(afterKill(), { ...SETTINGS, locale: 'zh-CN' }).find((x) => x.cause === 'respawned')!;
    expect(zh.title).toBe(`网关（pid ${PID}）未经任何退出路径就死了；pm2 又把它拉了起来`);
  });

  it.each([
    [
      'a supervisor that has not started it yet',
      { service: { state: 'waiting restart', active: false, upFor: undefined, restarting: true }, next: false },
    ],
    ['nothing supervising it', { service: { manager: 'none', active: undefined, upFor: undefined, state: undefined } }],
    ['a loop the supervisor counts', { service: { deaths: { count: 3, windowS: 120 } } }],
    ['a stop the operator asked of pm2', { service: { stopped: { line: 'Stopping app:hermes id:0' } } }],
  ] as const)('is not said with %s', (_, o) => {
    const f = found(afterKill(o as Parameters<typeof afterKill>[0])).find((x) => x.cause === 'respawned');
    expect(f).toBeUndefined();
  });

  it('is not a death where an exit path ran: a restart the supervisor was asked for', () => {
    const text = fixtureText(LOG)
      .split('\n')
      .filter((l: string) => l < '2026-11-25 17:11:01')
      .concat(['2026-11-25 17:11:07,300 INFO gateway.run: Received SIGTERM — initiating shutdown'])
      .join('\n');
    expect(found(afterKill({ text })).find((x) => x.cause === 'respawned')).toBeUndefined();
  });

  it('closes when the next life runs, brought back by pm2, and is told once', () => {
    let state: IncidentState = {};
    const judge = (ev: Evidence) => {
      const r = step(state, 'default', found(ev), ev.now, INC, false, {});
      state = r.state;
      return r.events;
    };
    expect(judge(afterKill()).map((e) => e.kind)).toEqual(['open']);
    expect(judge({ ...afterKill(), now: at('17:11:09') })).toEqual([]);
    const back = buildEvidence({
      log: LOG,
      now: '2026-11-25 17:11:14',
      state: stateFile('running', { qqbot: 'connected' }, { pid: NEXT }),
    });
    back.process = { ...back.process, pid: NEXT, startedAt: at('17:11:07.5') };
    back.processes = [{ pid: NEXT, cmdline: CMDLINE, startedAt: at('17:11:07.5') }];
    back.service = { ...PM2, upFor: 6 };
    const events = judge(back);
    expect(events.map((e) => e.kind)).toEqual(['resolve']);
    expect(recoveredBy(events[0]!.incident)).toMatchObject({
      by: 'supervisor',
      supervisor: { key: 'status.manager.pm2' },
    });
  });

  // gatewatch beside Hermes' container, read-only (deploy/docker-compose.yml): Docker does not answer it, so the
  // container's s6 is not asked. Main said "Gateway died without a shutdown", critical, "start the gateway again",
  // while s6 had started the next life a second after the kill.
  describe('in Hermes’ image whose runtime does not answer (a read-only sidecar)', () => {
    const READ_ONLY = { manager: 'docker', name: 'hermes', error: 'docker: not found' } as const;
    const sidecar = (o: { next?: boolean; now?: string } = {}) => {
      const ev = afterKill({ service: READ_ONLY as unknown as Partial<ServiceEvidence>, next: o.next ?? true });
      ev.service = READ_ONLY as unknown as ServiceEvidence;
      if (o.now) ev.now = localTime(o.now);
      return ev;
    };
    it('the next life serving the home: the container’s s6 started it again, a warning', () => {
      const f = found(sidecar()).find((x) => x.check === 'process_down');
      expect(f).toMatchObject({ cause: 'respawned', severity: 'warning', restart: 'never' });
      expect(f!.title).toBe(
        `Gateway (pid ${PID}) died without an exit path; Docker (the container's s6) started it again`,
      );
    });
    it('no next life yet, a second after: held for it; none ten seconds on: the death it is', () => {
      expect(found(sidecar({ next: false })).filter((x) => x.severity === 'critical')).toEqual([]);
      const later = found(sidecar({ next: false, now: '2026-11-25 17:11:20' }));
      expect(later.filter((x) => x.severity === 'critical').map((x) => x.check)).toEqual(['state_stale_running']);
    });
  });
});
