// A config.yaml Hermes could not parse and silently replaced (hermes-gateway-current.md §10.2, #89157): WARNING
// gateway.config `Failed to process config.yaml — falling back to .env / gateway.json values. Check <path>/config.yaml
// for syntax errors. Error: <yaml error with line and column>`, then a normal start without the platforms only the
// YAML defined. The fixture carries the reference's line (the YAML error is PyYAML's own, with its marks).
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { wordFinding } from '../../src/i18n.js';
import { targetRestart } from '../../src/detectors/restart-advice.js';
import type { Evidence } from '../../src/evidence.js';
import { parseLogText, splitRuns } from '../../src/probes/log-parse.js';
import { mergeServedLog } from '../../src/probes/profile-log.js';
import { buildEvidence, fixtureText, iso, PID, SETTINGS, stateFile } from '../helpers/evidence.js';
import { findingId } from '../helpers/platform-cases.js';

const LOG = fixtureText('hermes-current/config-yaml-ignored.log');
const V = { version: '0.20.6', source: 'state_file', generation: 'current', restampsUpdatedAt: false } as const;

function found(text: string, platforms: Record<string, string>, now = '2026-09-21 09:05:00') {
  const ev = buildEvidence({
    text,
    state: stateFile('running', platforms, { platformsUpdatedAt: iso('2026-09-21 09:00:02') }),
    now,
    overrides: { hermes: { version: V, serving: { role: 'root', profile: 'default' } } },
  });
  return runDetectors(ev, SETTINGS);
}

describe('config_ignored (§10.2, #89157)', () => {
  it('names the file, the line and the column Hermes logged, and the platforms missing from the start; never restarts', () => {
    // feishu's entry is the last life's: only config.yaml defined it, and this start went without it.
    const f = found(LOG, { telegram: 'connected', feishu: 'connected' });
    expect(f.map(findingId)).toEqual(['config_ignored:feishu']);
    const [c] = f;
    expect(c!.restart).toBe('never');
    expect(c!.severity).toBe('warning');
    expect(c!.title).toBe(
      'Feishu is off: Hermes runs without its config.yaml: /home/ops/.hermes/config.yaml, line 14, column 5',
    );
    expect(c!.explanation).toContain('1 of 2 platforms');
    expect(c!.explanation).toContain('Feishu did not start');
    expect(c!.action).toContain('line 14, column 5 of /home/ops/.hermes/config.yaml');
    expect(c!.evidence[0]).toContain('WARNING gateway.config: Failed to process config.yaml');
    expect(c!.evidence).toContain('in "/home/ops/.hermes/config.yaml", line 14, column 5');
    const zh = wordFinding('zh-CN', c!);
    expect(zh.title).toContain('/home/ops/.hermes/config.yaml 第 14 行第 5 列');
  });

  it('is said on its own when no platform is missing (every YAML-only setting is gone all the same)', () => {
    const f = found(LOG, { telegram: 'connected' });
    expect(f.map(findingId)).toEqual(['config_ignored']);
    expect(f[0]!.explanation).not.toContain('platforms');
  });

  it("replaces startup_incomplete's restart for the same start: a restart loads the same file", () => {
    const f = found(LOG, { telegram: 'connected', feishu: 'connected', slack: 'connected' });
    expect(f.map((x) => x.check)).not.toContain('startup_incomplete');
    expect(f.filter((x) => x.restart === 'helps')).toEqual([]);
  });

  it('near miss: a later start that parsed the file (no warning in its run) says nothing', () => {
    const next = `${LOG}2026-09-21 09:10:00,100 INFO gateway.run: Starting Hermes Gateway...\n2026-09-21 09:10:01,100 INFO gateway.run: ✓ telegram connected\n2026-09-21 09:10:01,200 INFO gateway.run: ✓ feishu connected\n2026-09-21 09:10:01,300 INFO gateway.run: Gateway running with 2 platform(s)\n`;
    expect(found(next, { telegram: 'connected', feishu: 'connected' }, '2026-09-21 09:12:00')).toEqual([]);
  });
});

// Issue 50 item 4: the platforms the fallback lost are named, each its own finding with `platform` (check --json,
// /status, the alert), and a platform_down of one of them does not advise a restart: the fixed file does.
describe('config_ignored names the platforms the fallback lost (issue 50 item 4)', () => {
  const LIVE = { writer_pid: PID, writer_start_time: 8843121 };
  const EARLIER = { writer_pid: 40017, writer_start_time: 8700001 };

  it("the earlier life's discord entry, absent from this start: config_ignored:discord, and its platform_down waits for the file", () => {
    const ev = buildEvidence({
      text: LOG,
      state: stateFile('running', {
        telegram: { state: 'connected', updated_at: iso('2026-09-21 09:00:02'), ...LIVE },
        discord: { state: 'disconnected', updated_at: iso('2026-09-21 08:59:50'), ...EARLIER },
      }),
      now: '2026-09-21 09:05:00',
      overrides: { hermes: { version: V, serving: { role: 'root', profile: 'default' } } },
    });
    const f = runDetectors(ev, SETTINGS);
    expect(f.map(findingId).sort()).toEqual(['config_ignored:discord', 'platform_down:discord']);
    const c = f.find((x) => x.check === 'config_ignored')!;
    expect(c.title).toBe(
      'Discord is off: Hermes runs without its config.yaml: /home/ops/.hermes/config.yaml, line 14, column 5',
    );
    expect(c.explanation).toContain('Discord did not start');
    expect(wordFinding('zh-CN', c).title).toContain('Discord');
    const down = f.find((x) => x.check === 'platform_down')!;
    expect(down.restart).toBe('never');
    expect(down.heldBy).toMatchObject({ check: 'config_ignored', platform: 'discord' });
    expect(targetRestart(f).restart).toBe('never');
  });

  it("a served profile (§2.6): the root's earlier run connected its Discord, this start fell back and went without it", () => {
    const root = parseLogText(
      [
        '2026-09-20 09:00:00,100 INFO gateway.run: Starting Hermes Gateway...',
        '2026-09-20 09:00:02,100 INFO gateway.run: ✓ telegram connected',
        '2026-09-20 09:00:03,100 INFO gateway.run: ✓ discord connected (profile: coder)',
        '2026-09-20 09:00:03,200 INFO gateway.run: Gateway running with 1 platform(s)',
        '2026-09-21 09:00:00,100 INFO gateway.run: Starting Hermes Gateway...',
        '2026-09-21 09:00:02,100 INFO gateway.run: ✓ telegram connected',
        '2026-09-21 09:00:02,200 INFO gateway.run: Gateway running with 1 platform(s)',
      ].join('\n'),
    );
    const own = parseLogText(
      [
        '2026-09-21 09:00:00,412 WARNING gateway.config: Failed to process config.yaml — falling back to .env / gateway.json values. Check /home/ops/.hermes/profiles/coder/config.yaml for syntax errors. Error: mapping values are not allowed here',
        '  in "/home/ops/.hermes/profiles/coder/config.yaml", line 7, column 10',
      ].join('\n'),
    );
    const log = mergeServedLog(
      { file: '/home/ops/.hermes/profiles/coder/logs/gateway.log', ...splitRuns(own) },
      { file: '/home/ops/.hermes/logs/gateway.log', ...splitRuns(root) },
      'coder',
    );
    const base = buildEvidence({ text: '', state: stateFile('running', {}), now: '2026-09-21 09:05:00' });
    const ev = {
      ...base,
      target: 'coder',
      expectedPlatforms: [],
      log,
      hermes: { version: V, serving: { role: 'served', profile: 'coder', rootHome: '/home/ops/.hermes' } },
    } as Evidence;
    const f = runDetectors(ev, SETTINGS);
    expect(f.map(findingId)).toEqual(['config_ignored:discord']);
    expect(f[0]!.title).toBe(
      'Discord is off: Hermes runs without its config.yaml: /home/ops/.hermes/profiles/coder/config.yaml, line 7, column 10',
    );
  });

  it('look-alike: a platform .env sets up that this start tried and failed is its own failure, restarted as before', () => {
    const lines = LOG.trimEnd().split('\n');
    const tried = [
      ...lines.slice(0, -1),
      '2026-09-21 09:00:02,150 INFO gateway.run: Connecting to slack...',
      '2026-09-21 09:00:12,150 WARNING gateway.run: ✗ slack failed to connect',
      lines.at(-1)!,
    ].join('\n');
    const ev = buildEvidence({
      text: `${tried}\n`,
      state: stateFile('running', {
        telegram: { state: 'connected', updated_at: iso('2026-09-21 09:00:02'), ...LIVE },
        slack: {
          state: 'retrying',
          error_message: 'failed to connect',
          updated_at: iso('2026-09-21 09:00:12'),
          ...LIVE,
        },
      }),
      now: '2026-09-21 09:05:00',
      overrides: { hermes: { version: V, serving: { role: 'root', profile: 'default' } } },
    });
    const f = runDetectors(ev, SETTINGS);
    const c = f.find((x) => x.check === 'config_ignored')!;
    expect(c.platform).toBeUndefined();
    expect(c.explanation).not.toContain('Slack');
    expect(f.filter((x) => x.platform === 'slack').map((x) => x.restart)).toEqual(['helps']);
  });
});
