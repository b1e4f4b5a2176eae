// The one decision of a target's restart advice (src/detectors/restart-advice.ts, issue 42 item 6): the most specific
// cause decides, a "cannot help" is never overruled by a symptom it explains, the symptom's words say which cause and
// why, and the automatic restart path decides the same as what every reader is shown.
import { describe, expect, it } from 'vitest';
import { decideRestarts, targetRestart } from '../../src/detectors/restart-advice.js';
import { runDetectors } from '../../src/detectors/index.js';
import { decideAutoRestart } from '../../src/actions/restart-policy.js';
import { wordFinding } from '../../src/i18n.js';
import type { Finding, RestartAdvice } from '../../src/types.js';
import { buildEvidence, SETTINGS } from '../helpers/evidence.js';
import { DETECTOR_CASES } from '../helpers/detector-cases.js';
import { policyInput } from '../helpers/policy-input.js';

const f = (check: string, restart: RestartAdvice, o: Partial<Finding> = {}): Finding => ({
  check,
  target: 'gw',
  severity: 'critical',
  title: `${check} title`,
  explanation: '',
  action: `${check} action`,
  evidence: [],
  restart,
  ...o,
});
const advice = (fs: Finding[]) =>
  Object.fromEntries(
    decideRestarts(fs).map((x) => [`${x.check}${x.platform ? `:${x.platform}` : ''}`, [x.restart, x.heldBy?.check]]),
  );
const SETTINGS_ON = { autoRestart: true, maxRestarts: 3, windowMs: 3_600_000, cooldownMs: 0 };

describe('decideRestarts', () => {
  it('a start-up a lease holds (worse): the platforms not connected yet advise no restart, and say why', () => {
    const lease = f('startup_held', 'never', {
      severity: 'warning',
      worse: true,
      text: { key: 'finding.startup_held.lease', params: { phase: 'state_db_auto_sweep', ago: '6m' } },
    });
    const down = {
      key: 'finding.platform_down' as const,
      params: { platform: 'feishu', state: 'disconnected', ago: '6m' },
    };
    const out = decideRestarts([
      f('platform_down', 'helps', { platform: 'feishu', text: down }),
      f('platform_down', 'helps', { platform: 'qqbot' }),
      lease,
    ]);
    expect(out.map((x) => x.restart)).toEqual(['never', 'never', 'never']);
    expect(out[0]!.heldBy).toMatchObject({ check: 'startup_held', why: 'worse', own: 'helps' });
    const en = wordFinding('en', out[0]!);
    expect(en.action).toBe(
      'Do not restart for this: “Gateway start-up is held by a migration (state_db_auto_sweep) for 6m” explains it, and a restart makes that worse. What to do is in that problem’s own entry.',
    );
    expect(wordFinding('zh-CN', out[0]!).action).toMatch(
      /^不要为此重启：它由“.*state_db_auto_sweep.*”引起，而重启会让那个问题更糟/,
    );
  });

  it.each([
    ['an earlier death (gateway_died_before)', 'gateway_died_before'],
    ['memory pressure', 'memory_pressure'],
    ['a state.db that failed its integrity check', 'state_db_corrupt'],
    ['a file gatewatch cannot read', 'evidence_unreadable'],
  ])("a warning a restart does not fix, about itself (%s), holds no platform's restart", (_what, check) => {
    const note = f(check, 'never', { severity: 'warning' });
    const down = f('platform_down', 'helps', { platform: 'qqbot' });
    expect(advice([down, note])).toEqual({
      'platform_down:qqbot': ['helps', undefined],
      [check]: ['never', undefined],
    });
    expect(targetRestart([down, note])).toMatchObject({ restart: 'helps', holdAll: [], fixable: [down] });
  });

  it('a restart loop (respawn_storm) holds the symptoms it explains: an unresponsive socket, a start-up not finished', () => {
    expect(
      advice([
        f('respawn_storm', 'never'),
        f('gateway_unresponsive', 'helps'),
        f('startup_incomplete', 'helps', { severity: 'warning' }),
      ]),
    ).toEqual({
      respawn_storm: ['never', undefined],
      gateway_unresponsive: ['never', 'respawn_storm'],
      startup_incomplete: ['never', 'respawn_storm'],
    });
  });

  it("a platform's own cause holds only that platform; one a restart makes worse holds all", () => {
    expect(
      advice([
        f('qq_banned', 'never', { platform: 'qqbot' }),
        f('qq_zombie', 'helps', { platform: 'qqbot' }),
        f('feishu_executor_shutdown', 'helps', { platform: 'feishu' }),
        f('gateway_unresponsive', 'helps'),
      ]),
    ).toEqual({
      'qq_banned:qqbot': ['never', undefined],
      'qq_zombie:qqbot': ['never', 'qq_banned'],
      'feishu_executor_shutdown:feishu': ['helps', undefined],
      gateway_unresponsive: ['helps', undefined],
    });
    expect(
      advice([
        f('platform_deaf', 'never', { platform: 'dingtalk', worse: true }),
        f('feishu_executor_shutdown', 'helps', { platform: 'feishu' }),
      ])['feishu_executor_shutdown:feishu'],
    ).toEqual(['never', 'platform_deaf']);
  });

  it('the most specific cause decides: its own platform first, then one a restart makes worse, then the gateway', () => {
    const out = decideRestarts([
      f('duplicate_processes', 'never'),
      f('platform_deaf', 'never', { platform: 'dingtalk', worse: true }),
      f('qq_banned', 'never', { platform: 'qqbot' }),
      f('platform_down', 'helps', { platform: 'qqbot' }),
      f('feishu_executor_shutdown', 'helps', { platform: 'feishu' }),
    ]);
    expect(out[3]!.heldBy?.check).toBe('qq_banned');
    expect(out[4]!.heldBy?.check).toBe('platform_deaf');
  });

  it('a cause still under way (an MCP server holding the start-up) makes its symptoms wait, not restart', () => {
    expect(
      advice([f('startup_held', 'wait', { severity: 'warning' }), f('platform_down', 'helps', { platform: 'qqbot' })]),
    ).toEqual({ startup_held: ['wait', undefined], 'platform_down:qqbot': ['wait', 'startup_held'] });
  });

  it('lint, an info note and a lapsed finding hold nothing', () => {
    for (const holder of [
      f('systemd_no_restart', 'never', { severity: 'warning' }),
      f('detector_error', 'never', { severity: 'info' }),
      f('qq_banned', 'never', { lapsed: true }),
    ])
      expect(advice([holder, f('process_down', 'helps')]).process_down).toEqual(['helps', undefined]);
  });

  it('is decided again from each finding’s own advice: a cause gone gives the symptom back its own words', () => {
    const storm = f('respawn_storm', 'never');
    const down = f('gateway_unresponsive', 'helps', { text: { key: 'finding.gateway_unresponsive', params: {} } });
    const once = decideRestarts([storm, down]);
    expect(decideRestarts(once)).toEqual(once);
    expect(wordFinding('en', once[1]!).action).toMatch(/^Do not restart for this: “respawn_storm title”/);
    const alone = decideRestarts([once[1]!])[0]!;
    expect(alone).toEqual(down);
    expect(wordFinding('en', alone).action).toBe(wordFinding('en', down).action);
  });
});

describe('the automatic restart path reads the same decision as the alerts, check, /status and /fix', () => {
  it('for every finding set of the detector table', () => {
    let restarted = 0;
    for (const c of DETECTOR_CASES) {
      const found = runDetectors(buildEvidence(c.ev), { ...SETTINGS, ...c.settings }).filter((x) => !x.lapsed);
      const d = decideAutoRestart(policyInput(found), SETTINGS_ON);
      // What every reader is shown: a finding that says "a restart helps" is one the path restarts for.
      const shown = found.filter((x) => x.restart === 'helps').map((x) => x.check);
      expect(d.action === 'restart' ? d.checks : [], c.name).toEqual(shown);
      expect(targetRestart(found).restart === 'helps', c.name).toBe(shown.length > 0);
      if (d.action === 'restart') restarted++;
    }
    expect(restarted).toBeGreaterThan(10);
  });
});
