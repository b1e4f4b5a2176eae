// Photon, iMessage through a node sidecar (hermes-gateway-current.md §10.1): skipped under launchd because node is not
// on its PATH (#52155), and replies logged as sent after a rate limit that never arrive (#52794). The fixtures carry
// the reference's strings; it names no logger for the sidecar's `SpectrumCloudError` nor for `[Photon] Sending
// response`, so they are given the adapter's (the detector reads the message, in gateway.log or agent.log).
import { describe, expect, it } from 'vitest';
import type { Evidence, ServiceEvidence } from '../../../src/evidence.js';
import type { Finding } from '../../../src/types.js';
import { runDetectors } from '../../../src/detectors/index.js';
import { wordFinding } from '../../../src/i18n.js';
import { parseLogText } from '../../../src/probes/log-parse.js';
import { buildEvidence, fixtureText, iso, SETTINGS, stateFile } from '../../helpers/evidence.js';
import { findingId } from '../../helpers/platform-cases.js';

const V = { version: '0.20.6', source: 'state_file', generation: 'current', restampsUpdatedAt: false } as const;
const LAUNCHD: ServiceEvidence = { manager: 'launchd', name: 'ai.hermes.gateway', active: true, state: 'running' };

function found(
  text: string,
  now: string,
  o: {
    platforms: Record<string, string>;
    expected?: string[];
    service?: ServiceEvidence;
    agent?: string;
    settings?: typeof SETTINGS;
  },
): Finding[] {
  const overrides: Partial<Evidence> = {
    hermes: {
      version: V,
      serving: { role: 'root', profile: 'default' },
      ...(o.agent ? { agentOnly: parseLogText(o.agent) } : {}),
    },
    ...(o.expected ? { expectedPlatforms: o.expected } : {}),
    ...(o.service ? { service: o.service } : {}),
  };
  const ev = buildEvidence({
    text,
    state: stateFile('running', o.platforms, { platformsUpdatedAt: iso('2026-09-21 09:00:03') }),
    now,
    overrides,
  });
  return runDetectors(ev, o.settings ?? SETTINGS);
}

const RATE = fixtureText('hermes-current/photon-rate-limited.log');
const SKIPPED = fixtureText('hermes-current/photon-launchd-skipped.log');

describe('Photon (§10.1)', () => {
  it('#52794: rate-limited, reconnected, and replies "sent" since: said (check on a phone), not restarted', () => {
    const f = found(RATE, '2026-09-21 09:45:00', { platforms: { photon: 'connected' } });
    expect(f.map(findingId)).toEqual(['platform_deaf.photon_replies:photon']);
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.restart).toBe('wait');
    expect(f[0]!.explanation).toContain('"[Photon] Sending response" 2 times');
    expect(f[0]!.evidence[0]).toContain('SpectrumCloudError: Rate limited by ip_per_minute (max 300 per 60s)');
    expect(wordFinding('zh-CN', f[0]!).title).toContain('Photon');
  });

  it('the rate limit read from agent.log (the sidecar line reached only that file)', () => {
    const gatewayOnly = RATE.split('\n')
      .filter((l) => !l.includes('SpectrumCloudError'))
      .join('\n');
    const agent =
      '2026-09-21 09:31:10,000 ERROR hermes_plugins.photon_platform.adapter: SpectrumCloudError: Rate limited by ip_per_minute (max 300 per 60s)\n';
    const f = found(gatewayOnly, '2026-09-21 09:45:00', { platforms: { photon: 'connected' }, agent });
    expect(f.map(findingId)).toEqual(['platform_deaf.photon_replies:photon']);
  });

  it('look-alikes: replies before the rate limit only; no reply since; the sends long over; a reconnect with no rate limit', () => {
    expect(found(RATE, '2026-09-21 09:35:00', { platforms: { photon: 'connected' } })).toEqual([]);
    expect(found(RATE, '2026-09-21 10:30:00', { platforms: { photon: 'connected' } })).toEqual([]);
    const noLimit = RATE.split('\n')
      .filter((l) => !l.includes('SpectrumCloudError'))
      .join('\n');
    expect(found(noLimit, '2026-09-21 09:45:00', { platforms: { photon: 'connected' } })).toEqual([]);
  });

  it('#52155: under launchd the start connected 1 of 2 and said nothing of Photon: node is not on the PATH, never restarted', () => {
    const f = found(SKIPPED, '2026-09-21 09:05:00', {
      platforms: { telegram: 'connected' },
      expected: ['telegram', 'photon'],
      service: LAUNCHD,
    });
    expect(f.map(findingId)).toEqual(['startup_incomplete.photon_path:photon']);
    expect(f[0]!.restart).toBe('never');
    expect(f[0]!.explanation).toContain('1 of 2 platforms');
    expect(f[0]!.action).toContain('/opt/homebrew/bin');
    expect(wordFinding('zh-CN', f[0]!).action).toContain('/opt/homebrew/bin');
  });

  it('look-alike: the same start under systemd is the generic count (a restart may bring it)', () => {
    const f = found(SKIPPED, '2026-09-21 09:05:00', {
      platforms: { telegram: 'connected' },
      expected: ['telegram', 'photon'],
    });
    expect(f.map(findingId)).toEqual(['startup_incomplete.count:photon']);
    expect(f[0]!.restart).toBe('helps');
  });

  it('#52155: the inbound stream dead after the first message logs nothing: only detect.expect_inbound says it', () => {
    // The first message and its reply, then nothing for 2 h while the sidecar runs on: the same log as a quiet bot.
    const quiet = RATE.split('\n').slice(0, 7).join('\n');
    expect(found(quiet, '2026-09-21 11:30:00', { platforms: { photon: 'connected' } })).toEqual([]);
    const f = found(quiet, '2026-09-21 11:30:00', {
      platforms: { photon: 'connected' },
      settings: { ...SETTINGS, expectInboundMs: { photon: 60 * 60_000 } },
    });
    expect(f.map(findingId)).toEqual(['platform_silent:photon']);
    expect(f[0]!.restart).toBe('wait');
  });
});
