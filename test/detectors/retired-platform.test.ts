// Issue 50 item 5: a platform that is no longer there is history, not an outage. Hermes' state file is read-merge-write
// (hermes-gateway-current.md §3): an entry the current life never writes keeps the earlier life's state and its
// `writer_pid`/`writer_start_time` ("let readers tell 'live' from 'preserved' entries"). The operator removed Discord from
// a config.yaml that parses and restarted two days ago (`Gateway running with 1 platform(s)`, the target lists
// telegram): the preserved discord entry must raise nothing. The same entry of a platform the target lists, or one the
// current run tries to start, or one a config.yaml Hermes could not parse dropped (§10.2), is still an outage.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { retiredEntry } from '../../src/detectors/platform-entries.js';
import { buildEvidence, iso, PID, SETTINGS, stateFile } from '../helpers/evidence.js';
import { findingId } from '../helpers/platform-cases.js';

/** The live gateway's pid file start_time (test/helpers/evidence.ts) and the earlier life's. */
const LIVE = { writer_pid: PID, writer_start_time: 8843121 };
const EARLIER = { writer_pid: 40017, writer_start_time: 8700001 };

/** The earlier life's stop (§8.5), then this run's start two days ago with Telegram only. */
const STOPPED = [
  '2026-09-19 08:59:48,100 INFO gateway.run: Received SIGTERM as a planned gateway stop — exiting cleanly',
  '2026-09-19 08:59:48,200 INFO gateway.run: Stopping gateway...',
  '2026-09-19 08:59:49,100 INFO gateway.run: ✓ telegram disconnected (0.41s)',
  '2026-09-19 08:59:49,300 INFO gateway.run: ✓ discord disconnected (0.38s)',
  '2026-09-19 08:59:49,500 INFO gateway.run: Gateway stopped (total teardown 0.52s)',
];
const START = [
  '2026-09-19 09:00:00,100 INFO gateway.run: Starting Hermes Gateway...',
  '2026-09-19 09:00:01,100 INFO gateway.run: Connecting to telegram...',
  '2026-09-19 09:00:02,100 INFO gateway.run: ✓ telegram connected',
  '2026-09-19 09:00:02,200 INFO gateway.run: Gateway running with 1 platform(s)',
];
const log = (...lines: string[][]) => `${lines.flat().join('\n')}\n`;

function look(text: string, discord: Record<string, unknown>, expected: string[], now = '2026-09-21 09:00:00') {
  return buildEvidence({
    text,
    now,
    state: stateFile(
      'running',
      {
        telegram: { state: 'connected', updated_at: iso('2026-09-19 09:00:02'), ...LIVE },
        discord: { updated_at: iso('2026-09-19 08:59:49'), ...discord },
      },
      { updated_at: iso('2026-09-21 08:59:30') },
    ),
    overrides: { expectedPlatforms: expected },
  });
}

describe('a platform the operator removed (issue 50 item 5)', () => {
  it("the earlier life's `disconnected` entry of a platform the target does not list raises nothing", () => {
    const ev = look(log(STOPPED, START), { state: 'disconnected', ...EARLIER }, ['telegram']);
    expect(retiredEntry(ev, 'discord')).toBe(true);
    expect(runDetectors(ev, SETTINGS).map(findingId)).toEqual([]);
  });

  it("a second wording: the earlier life's `fatal` entry with its code, and no earlier life in the log's view", () => {
    const ev = look(
      log(START),
      {
        state: 'fatal',
        error_code: 'discord_auth_error',
        error_message: 'Improper token has been passed.',
        ...EARLIER,
      },
      ['telegram'],
    );
    expect(retiredEntry(ev, 'discord')).toBe(true);
    expect(runDetectors(ev, SETTINGS).map(findingId)).toEqual([]);
  });

  it('look-alike: the target lists it: still down, critical', () => {
    const ev = look(log(STOPPED, START), { state: 'disconnected', ...EARLIER }, ['telegram', 'discord']);
    expect(retiredEntry(ev, 'discord')).toBe(false);
    const f = runDetectors(ev, SETTINGS).find((x) => x.check === 'platform_down');
    expect(f).toMatchObject({ platform: 'discord', severity: 'critical' });
  });

  it('look-alike: the current run tries to start it: still an outage', () => {
    const tried = [
      ...START.slice(0, 3),
      '2026-09-19 09:00:02,150 INFO gateway.run: Connecting to discord...',
      '2026-09-19 09:00:12,150 WARNING gateway.run: ✗ discord failed to connect',
      START[3]!,
    ];
    const ev = look(log(STOPPED, tried), { state: 'disconnected', ...EARLIER }, ['telegram']);
    expect(retiredEntry(ev, 'discord')).toBe(false);
    expect(runDetectors(ev, SETTINGS).map((f) => f.platform)).toContain('discord');
  });

  it("look-alike: the live life's own entry is never history", () => {
    const ev = look(log(STOPPED, START), { state: 'disconnected', ...LIVE }, ['telegram']);
    expect(retiredEntry(ev, 'discord')).toBe(false);
    expect(runDetectors(ev, SETTINGS).map(findingId)).toContain('platform_down:discord');
  });

  it('look-alike: a config.yaml Hermes could not parse dropped it (§10.2): an outage, not history', () => {
    const fellBack = [
      START[0]!,
      '2026-09-19 09:00:00,412 WARNING gateway.config: Failed to process config.yaml — falling back to .env / gateway.json values. Check /home/ops/.hermes/config.yaml for syntax errors. Error: mapping values are not allowed here',
      '  in "/home/ops/.hermes/config.yaml", line 9, column 12',
      ...START.slice(1),
    ];
    const ev = look(log(STOPPED, fellBack), { state: 'disconnected', ...EARLIER }, ['telegram']);
    expect(retiredEntry(ev, 'discord')).toBe(false);
  });
});
