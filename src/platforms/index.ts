// Every Hermes platform gatewatch knows its own ways of going deaf: one line a platform. A platform's lines, words,
// rules and demo fault live in its folder; docs/architecture.md, "How to teach gatewatch a platform", adds one.
import type { Detector, Evidence } from '../evidence.js';
import type { Finding } from '../types.js';
import { liveEntries } from '../detectors/platform-entries.js';
import { deafDetector, type HermesPlatform } from './rule.js';
import { dingtalk } from './dingtalk/detect.js';
import { discord } from './discord/detect.js';
import { feishu } from './feishu/detect.js';
import { matrix } from './matrix/detect.js';
import { signal } from './signal/detect.js';
import { slack } from './slack/detect.js';
import { telegram } from './telegram/detect.js';
import { wecom } from './wecom/detect.js';
import { weixin } from './weixin/detect.js';
import { whatsapp } from './whatsapp/detect.js';

export const HERMES_PLATFORMS: readonly HermesPlatform[] = [
  weixin,
  matrix,
  wecom,
  slack,
  dingtalk,
  telegram,
  whatsapp,
  discord,
  signal,
  feishu,
];

{
  const seen = new Set<string>();
  for (const p of HERMES_PLATFORMS) {
    if (seen.has(p.platform)) throw new Error(`platform ${p.platform} registered twice`);
    seen.add(p.platform);
  }
}

export const platformDetectors: Detector[] = [deafDetector(HERMES_PLATFORMS)];

/** The platforms' own forecasts, judged under the one `forecast` check (src/detectors/forecast.ts). */
export const platformForecasts: readonly Detector['detect'][] = HERMES_PLATFORMS.flatMap((p) => p.forecasts ?? []);

/** `platform_down` findings a platform's own ladder is still handling (see HermesPlatform.holdsDown): not causes yet. */
export function heldByPlatforms(ev: Evidence, found: Finding[]): Finding[] {
  const holders = HERMES_PLATFORMS.filter((p) => p.holdsDown);
  if (!holders.length || !found.some((f) => f.check === 'platform_down')) return found;
  const entries = new Map(liveEntries(ev).map((e) => [e.key, e]));
  return found.filter((f) => {
    if (f.check !== 'platform_down' || !f.platform) return true;
    const e = entries.get(f.platform);
    return !e || !holders.some((p) => p.platform === e.platform && p.holdsDown!(ev, e));
  });
}
