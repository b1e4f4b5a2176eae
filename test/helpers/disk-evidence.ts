// The disk findings' evidence (test/detectors/disk-full.test.ts, disk-readonly.test.ts): a live current-Hermes gateway
// on Telegram judged at a time, with the disk as a look read it and the places Hermes writes on their filesystems.
import type { DiskTrend, Evidence, WritePlace } from '../../src/evidence.js';
import type { Finding } from '../../src/types.js';
import { runDetectors } from '../../src/detectors/index.js';
import { WRITE_PLACES } from '../../src/probes/disk.js';
import { parseLogText } from '../../src/probes/log-parse.js';
import { buildEvidence, iso, SETTINGS, stateFile } from './evidence.js';

const V = { version: '0.20.6', source: 'state_file', generation: 'current', restampsUpdatedAt: false } as const;

/**
 * Every place Hermes writes, on one filesystem (`fs`: its mount, type and source) with `common` (read-only or not, its
 * inodes, its free bytes); `over` per place (a place on a filesystem of its own).
 */
export function placesOn(
  fs: Pick<WritePlace, 'mount' | 'fsType' | 'source'>,
  common: Omit<WritePlace, 'name'>,
  over: Record<string, Partial<WritePlace>> = {},
): WritePlace[] {
  return WRITE_PLACES.map((name) => ({ name, ...fs, ...common, ...over[name] }));
}

/**
 * What the detectors find at `now` (local time) in gateway.log `text` of a gateway whose Telegram connected at
 * `connectedAt`, with `disk` as read and `agent` (agent.log's lines) when given.
 */
export function diskFindings(
  text: string,
  now: string,
  o: { connectedAt: string; disk?: DiskTrend; agent?: string },
): Finding[] {
  const overrides: Partial<Evidence> = {
    hermes: {
      version: V,
      serving: { role: 'root', profile: 'default' },
      ...(o.agent ? { agentOnly: parseLogText(o.agent) } : {}),
    },
    ...(o.disk ? { disk: o.disk } : {}),
  };
  const state = stateFile('running', { telegram: 'connected' }, { platformsUpdatedAt: iso(o.connectedAt) });
  return runDetectors(buildEvidence({ text, state, now, overrides }), SETTINGS);
}
