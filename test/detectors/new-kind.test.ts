// The worked example of issue 81 item 2: a finding kind is its detector (with its meaning), its words and one call.
// Two made here (acme_jam: the gateway's Acme bridge jammed, which explains a platform's outage and is restarted at
// once; acme_gone: the bridge took the gateway down) are registered as kinds after the table is: the detectors run
// them, a role makes the gateway down for everything that reads roles, `explains` leaves out what it explains, and a
// restart goes at once, with no line written anywhere else. This file runs in a process of its own (vitest.config.ts ISOLATED): the kind it
// registers stays registered.
import { describe, expect, it } from 'vitest';
import type { Detector } from '../../src/evidence.js';
import {
  checkIds,
  checksThat,
  gatewayDown,
  registerDetectors,
  restartsAtOnceFor,
  runDetectors,
} from '../../src/detectors/index.js';
import { decideRestarts } from '../../src/detectors/restart-advice.js';
import { DETECTOR_CASES, ids } from '../helpers/detector-cases.js';
import { buildEvidence, SETTINGS } from '../helpers/evidence.js';

// Its detector's file, acme-jam.ts: a finding worded in its texts (here its words, as a catalogue would give them).
const jammed: Detector = {
  check: 'acme_jam',
  meaning: { atOnce: true, explains: [{ check: 'platform_down' }] },
  detect: (ev) => [
    {
      check: 'acme_jam',
      target: ev.target,
      severity: 'critical',
      title: 'The Acme bridge is jammed',
      explanation: 'The gateway serves no platform while its Acme bridge is jammed.',
      action: 'Restart the gateway.',
      evidence: [],
      restart: 'helps',
    },
  ],
};

// …and the other's: down, found only where the gateway is not running (never here).
const gone: Detector = {
  check: 'acme_gone',
  meaning: { roles: ['down'] },
  detect: (ev) => (ev.process.alive ? [] : jammed.detect(ev, SETTINGS).map((f) => ({ ...f, check: 'acme_gone' }))),
};

/** A case the table already has: QQ down on a running gateway. */
const qqDown = DETECTOR_CASES.find((c) => c.expect.length === 1 && c.expect[0] === 'platform_down:qqbot')!;

describe('a new finding kind', () => {
  it('costs its detector, its words and one call: found, down, explaining and restarted at once', () => {
    const ev = buildEvidence(qqDown.ev);
    expect(ids(runDetectors(ev, { ...SETTINGS, ...qqDown.settings }))).toEqual(['platform_down:qqbot']);
    const down = checksThat('down');
    expect(checkIds).not.toContain('acme_jam');

    registerDetectors([jammed, gone]);

    expect(checkIds).toEqual(expect.arrayContaining(['acme_jam', 'acme_gone']));
    // Their meanings: down (the set every reader holds since it loaded takes it in), a restart at once.
    expect(down.has('acme_gone') && !down.has('acme_jam')).toBe(true);
    expect(gatewayDown([{ check: 'acme_gone' }])).toBe(true);
    expect(restartsAtOnceFor('acme_jam')).toBe(true);
    // Found, and QQ's outage left out: it explains it.
    const found = runDetectors(ev, { ...SETTINGS, ...qqDown.settings });
    expect(ids(found)).toEqual(['acme_jam']);
    expect(decideRestarts(found).map((f) => [f.check, f.restart])).toEqual([['acme_jam', 'helps']]);
  });

  it('is refused where gatewatch has the kind already', () => {
    expect(() => registerDetectors([{ ...jammed, check: 'process_down' }])).toThrow(/process_down already/);
  });
});
