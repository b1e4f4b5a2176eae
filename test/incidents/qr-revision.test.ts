// A finding whose `revision` changes (a new WhatsApp login QR code replaced the one sent) sends its alert again at
// once, without waiting for remind_every, acknowledged or not; muted, it waits like every alert; the alert carries the
// code in memory only (a finding read back from state.json holds the placeholder, and no code goes out).
import { describe, expect, it } from 'vitest';
import { ack, step, type IncidentState } from '../../src/incidents/machine.js';
import { incidentAlert } from '../../src/delivery/alerts.js';
import type { Finding } from '../../src/types.js';
import { qrCode, QR_PLACEHOLDER } from '../../src/util/qr-code.js';

const MIN = 60_000;
const settings = { remindEveryMs: 30 * MIN, flap: { transitions: 4, withinMs: 30 * MIN } };
const code = (rev: string): Finding => ({
  check: 'whatsapp_qr_login',
  target: 'gw',
  platform: 'whatsapp',
  severity: 'critical',
  title: 'scan',
  explanation: 'x',
  action: 'y',
  evidence: [],
  restart: 'never',
  qr: qrCode([`rows of ${rev}`], [[true]]),
  revision: rev,
});

function run(steps: [number, Finding[], boolean?][], o: { ackAt?: number } = {}) {
  let state: IncidentState = {};
  const log: string[] = [];
  for (const [min, findings, muted] of steps) {
    if (o.ackAt === min) ack(state, 'alice', min * MIN);
    const r = step(state, 'gw', findings, min * MIN, settings, !!muted);
    state = r.state;
    for (const e of r.events.filter((x) => !x.muted)) log.push(`${min}:${e.kind}:${e.incident.finding.revision ?? ''}`);
  }
  return { state, log };
}

describe('a new revision of a finding re-sends its alert', () => {
  it('a new code at once; the same code stays quiet until remind_every', () => {
    const { log } = run([[0, [code('a')]], [1, [code('a')]], [2, [code('b')]], [3, [code('b')]], [4, [code('c')]], [5, []]]);
    expect(log).toEqual(['0:open:a', '2:remind:b', '4:remind:c', '5:resolve:c']);
  });

  it('acknowledged: a new code still goes out (it is what the one who acked needs); muted: it does not', () => {
    expect(run([[0, [code('a')]], [1, [code('b')]], [2, [code('c')]]], { ackAt: 1 }).log).toEqual(['0:open:a', '1:remind:b', '2:remind:c']);
    expect(run([[0, [code('a')]], [1, [code('b')], true]]).log).toEqual(['0:open:a']);
  });

  it('a finding without a revision is unchanged: reminders every remind_every only', () => {
    const plain = (): Finding => ({ ...code('a'), qr: undefined, revision: undefined });
    expect(run([[0, [plain()]], [1, [plain()]], [30, [plain()]]]).log).toEqual(['0:open:', '30:remind:']);
  });

  it('the alert carries the live code; the same finding read back from JSON sends none', () => {
    const { state } = run([[0, [code('a')]]]);
    const inc = Object.values(state)[0]!;
    const live = incidentAlert({ kind: 'open', incident: inc }, 'en', 0, 30 * MIN);
    expect(live.reply.qr?.rows).toEqual(['rows of a']);
    const saved = JSON.parse(JSON.stringify(state)) as IncidentState;
    const back = Object.values(saved)[0]!;
    expect(back.finding.qr).toBe(QR_PLACEHOLDER);
    expect(back.finding.revision).toBe('a');
    const again = incidentAlert({ kind: 'remind', incident: back }, 'en', 0, 30 * MIN);
    expect(again.reply.qr).toBeUndefined();
    expect(JSON.stringify(live)).not.toContain('rows of a');
    // A recovery shows no code.
    expect(incidentAlert({ kind: 'resolve', incident: inc, downtimeMs: MIN }, 'en', 0, 30 * MIN).reply.qr).toBeUndefined();
  });
});
