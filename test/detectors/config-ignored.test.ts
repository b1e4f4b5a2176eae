// A config.yaml Hermes could not parse and silently replaced (hermes-gateway-current.md §10.2, #89157): WARNING
// gateway.config `Failed to process config.yaml — falling back to .env / gateway.json values. Check <path>/config.yaml
// for syntax errors. Error: <yaml error with line and column>`, then a normal start without the platforms only the
// YAML defined. The fixture carries the reference's line (the YAML error is PyYAML's own, with its marks).
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { wordFinding } from '../../src/i18n.js';
import { buildEvidence, fixtureText, iso, SETTINGS, stateFile } from '../helpers/evidence.js';
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
    expect(f.map(findingId)).toEqual(['config_ignored']);
    const [c] = f;
    expect(c!.restart).toBe('never');
    expect(c!.severity).toBe('warning');
    expect(c!.title).toBe('Hermes runs without its config.yaml: /home/ops/.hermes/config.yaml, line 14, column 5');
    expect(c!.explanation).toContain('1 of 2 platforms');
    expect(c!.explanation).toContain('feishu');
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
