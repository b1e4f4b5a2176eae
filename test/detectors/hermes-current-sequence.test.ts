// Sequences on current Hermes, through the detector table and the incident machine: an update window followed by a
// fault, and a wedged loop that recovers and wedges again.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { step, type IncidentState } from '../../src/incidents/machine.js';
import type { HermesEvidence } from '../../src/evidence.js';
import { buildEvidence, iso, localTime, SETTINGS, stateFile } from '../helpers/evidence.js';

const INC = { remindEveryMs: 60 * 60_000, flap: { transitions: 6, withinMs: 60 * 60_000 } };
const V21: HermesEvidence['version'] = {
  version: '0.21.3',
  source: 'identify',
  generation: 'current',
  restampsUpdatedAt: false,
};

function hermes(h: Partial<HermesEvidence>) {
  return {
    hermes: {
      version: V21,
      control: { outcome: 'answered' as const, identify: { code_sha: '00067189' } },
      update: {},
      ...h,
    },
  };
}

describe('current Hermes sequences', () => {
  it('update window (no incident), the gateway comes back on new code, then Telegram loses to another poller (incident)', () => {
    let incidents: IncidentState = {};
    const opened: string[] = [];
    const at = (local: string, ev: ReturnType<typeof buildEvidence>) => {
      const found = runDetectors(ev, SETTINGS);
      const r = step(incidents, 'default', found, localTime(local), INC, false);
      incidents = r.state;
      opened.push(...r.events.filter((e) => e.kind === 'open').map((e) => `${local} ${e.incident.check}`));
      return found;
    };
    // 09:05 the updater stopped the gateway; its claim is live.
    const claim = { marker: { pid: 61001, startedAt: localTime('2026-09-20 09:04:00'), ownerAlive: true, live: true } };
    expect(
      at(
        '2026-09-20 09:05:00',
        buildEvidence({
          log: 'hermes-current/telegram-conflict-recovered.log',
          alive: false,
          state: stateFile('stopped', {}, { restart_requested: true }),
          now: '2026-09-20 09:05:00',
          overrides: hermes({ control: { outcome: 'absent' }, update: claim }),
        }),
      ),
    ).toEqual([]);
    // 09:09 still updating, 4 minutes in.
    expect(
      at(
        '2026-09-20 09:09:00',
        buildEvidence({
          log: 'hermes-current/telegram-conflict-recovered.log',
          alive: false,
          state: stateFile('stopped', {}, { restart_requested: true }),
          now: '2026-09-20 09:09:00',
          overrides: hermes({ control: { outcome: 'absent' }, update: claim }),
        }),
      ),
    ).toEqual([]);
    // 09:13 back, healthy, on the code the update owed.
    const healthy = stateFile(
      'running',
      { telegram: 'connected', discord: 'connected' },
      { platformsUpdatedAt: iso('2026-09-20 09:00:36') },
    );
    expect(
      at(
        '2026-09-20 09:13:00',
        buildEvidence({
          log: 'hermes-current/telegram-conflict-recovered.log',
          state: healthy,
          now: '2026-09-20 09:13:00',
          overrides: hermes({ update: { fleetRestartPending: { expectedSha: '00067189dfecf833' } } }),
        }),
      ),
    ).toEqual([]);
    // Later a second poller appears: Telegram gives up after 5/5.
    const conflict = stateFile('running', {
      telegram: { state: 'fatal', error_code: 'telegram_polling_conflict', updated_at: iso('2026-09-20 09:13:30') },
      discord: 'connected',
    });
    const found = at(
      '2026-09-20 09:15:00',
      buildEvidence({
        log: 'hermes-current/telegram-conflict-exhausted.log',
        state: conflict,
        now: '2026-09-20 09:15:00',
        overrides: hermes({}),
      }),
    );
    expect(found.map((f) => f.check)).toEqual(['telegram_polling_conflict']);
    expect(opened).toEqual(['2026-09-20 09:15:00 telegram_polling_conflict']);
  });

  it('a loop that wedges, answers again, and wedges again: open, resolve, open', () => {
    let incidents: IncidentState = {};
    const kinds: string[] = [];
    const state = stateFile(
      'running',
      { feishu: 'connected', qqbot: 'connected' },
      { platformsUpdatedAt: iso('2026-07-02 06:00:03') },
    );
    for (const [min, outcome] of [
      [0, 'silent'],
      [1, 'silent'],
      [2, 'answered'],
      [3, 'silent'],
    ] as const) {
      const now = `2026-07-02 10:0${min}:00`;
      const ev = buildEvidence({
        log: 'healthy.log',
        state,
        now,
        overrides: hermes({ control: { outcome, waitedMs: 2000 } }),
      });
      const r = step(incidents, 'default', runDetectors(ev, SETTINGS), localTime(now), INC, false);
      incidents = r.state;
      kinds.push(...r.events.map((e) => `${e.kind}:${e.incident.check}`));
    }
    expect(kinds).toEqual(['open:gateway_unresponsive', 'resolve:gateway_unresponsive', 'open:gateway_unresponsive']);
  });
});

describe('status facts for /status', () => {
  it('names the version found, an update in progress and the serving root, in both locales', async () => {
    const { hermesFields } = await import('../../commands/hermes-facts.js');
    const ev = buildEvidence({
      log: 'healthy.log',
      now: '2026-07-02 10:05:00',
      overrides: hermes({
        update: { marker: { pid: 7, startedAt: localTime('2026-07-02 10:01:00'), ownerAlive: true, live: true } },
        serving: { role: 'served', profile: 'coder', rootHome: '/home/ops/.hermes' },
      }),
    });
    const en = hermesFields(ev, 'en');
    expect(en[0]).toEqual({ label: 'Hermes', value: expect.stringMatching(/^0\.21\.3/) });
    expect(en[1]).toEqual({ label: 'update', value: 'updating since 07-02 10:01:00 (4m): no alerts, no restarts' });
    expect(en[2]!.value).toBe('the root gateway /home/ops/.hermes');
    expect(hermesFields(ev, 'zh-CN')[1]!.value).toMatch(/^正在更新，自 07-02 10:01:00 起/);
    expect(hermesFields(buildEvidence({ log: 'healthy.log' }), 'en')).toEqual([]);
  });
});
