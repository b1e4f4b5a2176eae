// A finding whose `revision` changes (a new WhatsApp login QR code replaced the one sent) sends its alert again without
// waiting for remind_every, but at most once per 2 minutes and never after an ack; muted, it waits like every alert;
// the alert carries the code in memory only (a finding read back from state.json holds the placeholder, and no code
// goes out). A code gone stale closes the incident quietly: only the connected line is a recovery.
import { describe, expect, it } from 'vitest';
import { ack, REVISION_RESEND_MS, step, type IncidentState } from '../../src/incidents/machine.js';
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
  it('a new code at most once per 2 minutes; the same code stays quiet until remind_every', () => {
    const { log } = run([
      [0, [code('a')]],
      [1, [code('a')]],
      [2, [code('b')]],
      [3, [code('c')]],
      [4, [code('d')]],
      [5, []],
    ]);
    expect(log).toEqual(['0:open:a', '2:remind:b', '4:remind:d', '5:resolve:d']);
  });

  it('Baileys refreshing every 20 s for an hour: at most one re-send per 2 minutes, none after an ack', () => {
    let state: IncidentState = {};
    const sent: number[] = [];
    const ACK = 30 * MIN;
    for (let at = 0, n = 0; at <= 60 * MIN; at += 20_000, n++) {
      if (at === ACK) ack(state, 'alice', at);
      const r = step(state, 'gw', [code(`r${n}`)], at, settings, false);
      state = r.state;
      for (const e of r.events) if (e.kind === 'remind') sent.push(at);
    }
    // Before: one every 20 s (180 an hour). Now every 2 minutes until the ack, then nothing.
    expect(sent.length).toBe(14);
    expect(sent.every((at) => at < ACK)).toBe(true);
    for (const [i, at] of sent.entries()) expect(at - (sent[i - 1] ?? 0)).toBeGreaterThanOrEqual(REVISION_RESEND_MS);
  });

  it('acknowledged: no new code goes out; muted: none either', () => {
    expect(
      run(
        [
          [0, [code('a')]],
          [2, [code('b')]],
          [4, [code('c')]],
          [6, [code('d')]],
        ],
        { ackAt: 4 },
      ).log,
    ).toEqual(['0:open:a', '2:remind:b']);
    expect(
      run([
        [0, [code('a')]],
        [3, [code('b')], true],
      ]).log,
    ).toEqual(['0:open:a']);
  });

  it('a code gone stale (lapsed) closes the incident without a word; the connected line (the finding gone) says Recovered', () => {
    const lapsed = (): Finding => ({ ...code('a'), qr: undefined, revision: undefined, lapsed: true });
    const stale = run([
      [0, [code('a')]],
      [4, [lapsed()]],
      [5, [lapsed()]],
    ]);
    // No word to a phone; the close alone, for the audit (alert.close, lapsed).
    expect(stale.log).toEqual(['0:open:a', '4:close:a']);
    expect(Object.values(stale.state)[0]).toMatchObject({ status: 'resolved', resolvedAt: 4 * MIN });
    // Fresh codes again later: a new incident, announced.
    expect(
      run([
        [0, [code('a')]],
        [4, [lapsed()]],
        [9, [code('b')]],
      ]).log,
    ).toEqual(['0:open:a', '4:close:a', '9:open:b']);
    // A lapsed finding with nothing open opens nothing.
    expect(run([[0, [lapsed()]]]).log).toEqual([]);
    expect(
      run([
        [0, [code('a')]],
        [1, []],
      ]).log,
    ).toEqual(['0:open:a', '1:resolve:a']);
  });

  it('a finding without a revision is unchanged: reminders every remind_every only', () => {
    const plain = (): Finding => ({ ...code('a'), qr: undefined, revision: undefined });
    expect(
      run([
        [0, [plain()]],
        [1, [plain()]],
        [30, [plain()]],
      ]).log,
    ).toEqual(['0:open:', '30:remind:']);
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
    expect(
      incidentAlert({ kind: 'resolve', incident: inc, downtimeMs: MIN }, 'en', 0, 30 * MIN).reply.qr,
    ).toBeUndefined();
  });
});
