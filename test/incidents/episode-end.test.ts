// Issue 61 item 4: a storm that eases by itself ended with the reconnect after its last drop, not the first one after its
// first drop; its recovery's downtime, its "back" and the write-up's "Hermes reconnected QQ at" are that one time.
// Pure: the incident machine and the write-up, on made-up findings and connect lines.
import { describe, expect, it } from 'vitest';
import { step, type IncidentState } from '../../src/incidents/machine.js';
import { writeUpOf } from '../../src/core/write-up.js';
import type { Finding } from '../../src/types.js';

const INC = { remindEveryMs: 60 * 60_000, flap: { transitions: 4, withinMs: 30 * 60_000 } };
const T0 = Date.UTC(2026, 6, 3, 8, 0, 0);
const at = (s: number) => T0 + s * 1000;

const storm = (latest: number): Finding => ({
  target: 'default',
  check: 'disconnect_storm',
  severity: 'warning',
  title: 'Disconnect storm',
  explanation: '',
  action: '',
  evidence: [],
  restart: 'wait',
  platform: 'qqbot',
  since: at(0),
  latest,
});

describe('a storm that eases by itself', () => {
  it('ends at the reconnect after its last drop: one time for its downtime, its end and the write-up', () => {
    // Drops at 0, 2, 4, 6 and 8 s, each reconnected a second later; alerted at 4 s; found over a minute later.
    const connects = { qqbot: [at(1), at(3), at(5), at(7), at(9)] };
    let incidents: IncidentState = {};
    incidents = step(incidents, 'default', [storm(at(4))], at(4), INC, false).state;
    incidents = step(incidents, 'default', [storm(at(8))], at(10), INC, false).state;
    const r = step(incidents, 'default', [], at(70), INC, false, { connects });
    const resolve = r.events.find((e) => e.kind === 'resolve')!;
    expect(resolve.incident.openedAt).toBe(at(0));
    expect(resolve.incident.recoveredAt).toBe(at(9));
    expect(resolve.downtimeMs).toBe(9_000);
    const w = writeUpOf(resolve.incident, at(9), { connects });
    expect(w.by).toBe('hermes');
    expect(w.steps).toEqual([{ at: at(9), what: 'hermes_reconnected', platform: 'qqbot' }]);
  });
});
