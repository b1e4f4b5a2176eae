// Issue 50 item 7: a restart loop a restart cannot clear (hermes-gateway-current.md §9.16, #82538). After an update the
// supervisor relaunches the gateway every ~10 s, and each start prints `✗ A gateway is already running under <manager>
// for this profile.` and exits within a second. The print is stdout, which launchd writes to gateway.log (§5) without a
// time stamp, after the last life's records. gatewatch said "stopped", critical, and advised a restart: the very thing
// the supervisor does every 10 s. It must say the loop, hold every restart, and give the reference's fix.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { targetRestart } from '../../src/detectors/restart-advice.js';
import { wordFinding } from '../../src/i18n.js';
import { refusedStartsIn } from '../../src/probes/refused-starts.js';
import { buildEvidence, iso, localTime, SETTINGS, stateFile } from '../helpers/evidence.js';
import { findingId } from '../helpers/platform-cases.js';
import type { Evidence, HermesVersion, RefusedStarts } from '../../src/evidence.js';

const V20: HermesVersion = { version: '0.20.0', source: 'state_file', generation: 'current', restampsUpdatedAt: false };

/** The last life: serving Telegram, then drained by `hermes update` (§8.6) at 09:00. */
const LIFE = [
  '2026-09-21 08:00:00,100 INFO gateway.run: Starting Hermes Gateway...',
  '2026-09-21 08:00:01,100 INFO gateway.run: Connecting to telegram...',
  '2026-09-21 08:00:02,100 INFO gateway.run: ✓ telegram connected',
  '2026-09-21 08:00:02,200 INFO gateway.run: Gateway running with 1 platform(s)',
  '2026-09-21 09:00:00,100 INFO gateway.run: Stopping gateway for restart...',
  '2026-09-21 09:00:01,100 INFO gateway.run: ✓ telegram disconnected (0.41s)',
  '2026-09-21 09:00:01,200 INFO gateway.run: Gateway stopped (total teardown 0.52s)',
  '2026-09-21 09:00:01,300 INFO gateway.run: Exiting with code 75 (service-restart requested) so the service manager relaunches the gateway.',
];
const refused = (manager: string, n: number) =>
  Array.from({ length: n }, () => `✗ A gateway is already running under ${manager} for this profile.`);

/** gateway.log as written (the raw prints included), its mtime, and the evidence a look reads from it. */
function look(lines: string[], o: { mtime: string; now: string; alive?: boolean }) {
  const text = `${lines.join('\n')}\n`;
  const refusedStarts = refusedStartsIn(lines, localTime(o.mtime));
  const ev = buildEvidence({
    text,
    now: o.now,
    alive: o.alive ?? false,
    state: stateFile('stopped', { telegram: 'disconnected' }, { platformsUpdatedAt: iso('2026-09-21 09:00:01') }),
  });
  return base(ev, refusedStarts);
}

function base(ev: Evidence, refusedStarts?: RefusedStarts): Evidence {
  return { ...ev, hermes: { version: V20, ...(refusedStarts ? { refusedStarts } : {}) } };
}

describe('starts that refuse as already supervised (§9.16, #82538)', () => {
  for (const manager of ['systemd (user)', 'launchd'])
    it(`under ${manager}: says the loop, holds every restart and gives the fix`, () => {
      const ev = look([...LIFE, ...refused(manager, 12)], { mtime: '2026-09-21 09:02:00', now: '2026-09-21 09:02:05' });
      const found = runDetectors(ev, SETTINGS);
      expect(found.map(findingId)).toEqual(['restart_loop.supervised_conflict']);
      const [f] = found;
      expect(f).toMatchObject({ check: 'restart_loop', cause: 'supervised_conflict', severity: 'critical' });
      expect(f!.restart).toBe('never');
      expect(targetRestart(found).restart).toBe('never');
      expect(f!.title).toContain(`already running under ${manager}`);
      expect(f!.title).toContain('12 starts');
      expect(f!.action).toContain('--external-supervisor');
      expect(f!.action).toContain('--force');
      expect(f!.evidence).toEqual([`✗ A gateway is already running under ${manager} for this profile.`]);
      const zh = wordFinding('zh-CN', f!);
      expect(zh.action).toContain('--external-supervisor');
      expect(zh.title).toContain(manager);
    });

  it('look-alike: one such line long ago, then a healthy run: nothing of a loop', () => {
    const lines = [
      ...LIFE,
      ...refused('launchd', 1),
      '2026-09-21 09:00:40,100 INFO gateway.run: Starting Hermes Gateway...',
      '2026-09-21 09:00:41,100 INFO gateway.run: Connecting to telegram...',
      '2026-09-21 09:00:42,100 INFO gateway.run: ✓ telegram connected',
      '2026-09-21 09:00:42,200 INFO gateway.run: Gateway running with 1 platform(s)',
    ];
    const ev = buildEvidence({
      text: `${lines.join('\n')}\n`,
      now: '2026-09-21 11:00:00',
      state: stateFile('running', { telegram: 'connected' }, { platformsUpdatedAt: iso('2026-09-21 09:00:42') }),
    });
    expect(refusedStartsIn(lines, localTime('2026-09-21 09:00:42'))).toBeUndefined();
    expect(runDetectors(base(ev), SETTINGS).map((f) => f.check)).not.toContain('restart_loop');
  });

  it('look-alike: refusals that stopped hours ago are no loop now (the gateway is still down, said as such)', () => {
    const ev = look([...LIFE, ...refused('launchd', 5)], { mtime: '2026-09-21 09:01:00', now: '2026-09-21 12:00:00' });
    expect(runDetectors(ev, SETTINGS).map((f) => f.check)).not.toContain('restart_loop');
  });

  it('look-alike: a user quoting the line in chat is a record, not a refused start', () => {
    const lines = [
      ...LIFE.slice(0, 4),
      "2026-09-21 08:30:00,500 INFO gateway.run: inbound message: platform=telegram user=581234907 chat=581234907 msg='✗ A gateway is already running under launchd for this profile.' reply_to_id=None reply_to_text=''",
    ];
    expect(refusedStartsIn(lines, localTime('2026-09-21 08:30:00'))).toBeUndefined();
  });
});
