// detect.expect_inbound (issue 19 item 7): an inbound message that a long busy run's caps dropped from the view still
// counts, remembered by the run tracker; a served profile's silence is its own target's.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { buildEvidence, iso, localTime, SETTINGS, stateFile } from '../helpers/evidence.js';

const state = () =>
  stateFile(
    'running',
    { telegram: 'connected', 'coder:telegram': 'connected' },
    { platformsUpdatedAt: iso('2026-09-20 09:00:18') },
  );
const settings = { ...SETTINGS, expectInboundMs: { telegram: 6 * 3_600_000 } };

describe('platform_silent', () => {
  it('counts an inbound message the run tracker dropped from the view', () => {
    const ev = buildEvidence({ log: 'hermes-current/all-quiet.log', now: '2026-09-20 18:00:00', state: state() });
    expect(runDetectors(ev, settings).map((f) => `${f.check}:${f.platform}`)).toEqual(['platform_silent:telegram']);
    ev.log = { ...ev.log, inboundDropped: { telegram: localTime('2026-09-20 15:30:00') } };
    expect(runDetectors(ev, settings)).toEqual([]);
    // An older one does not: it is quiet since then, and says when it last heard.
    ev.log = { ...ev.log, inboundDropped: { telegram: localTime('2026-09-20 10:00:00') } };
    const [f] = runDetectors(ev, settings);
    expect(f!.since).toBe(localTime('2026-09-20 10:00:00'));
    expect(f!.explanation).toContain('the last one at 20');
  });

  it('is off without detect.expect_inbound, and says nothing when the start is unknown', () => {
    const ev = buildEvidence({ log: 'hermes-current/all-quiet.log', now: '2026-09-20 18:00:00', state: state() });
    expect(runDetectors(ev, SETTINGS)).toEqual([]);
    const noStart = {
      ...ev,
      log: { ...ev.log, run: ev.log.run.slice(1), runStartSeen: false },
      process: { ...ev.process, startedAt: undefined },
    };
    expect(runDetectors(noStart, settings)).toEqual([]);
  });
});
