// The Hermes platforms' own ways of going deaf, as the platform registry (src/platforms/index.ts) registers them when
// it loads: the detectors sit below the platforms and name none of them. The composition root loads the registry.
import type { Detector, Evidence } from '../evidence.js';
import type { Finding } from '../types.js';
import { liveEntries } from './platform-entries.js';
import { deafDetector, type HermesPlatform, type NotStarted, type PlatformCheck } from './platform-rule.js';

let table: { platforms: readonly HermesPlatform[]; deaf: Detector } | undefined;
const listeners: ((checks: readonly PlatformCheck[]) => void)[] = [];

/** Hands the detectors every platform's rules and checks, once; refuses a platform registered twice. */
export function registerPlatforms(platforms: readonly HermesPlatform[]): void {
  const all = [...(table?.platforms ?? []), ...platforms];
  const twice = all.filter((p, i) => all.findIndex((q) => q.platform === p.platform) !== i);
  if (twice.length) throw new Error(`platform ${twice.map((p) => p.platform).join(', ')} registered twice`);
  // The sets of what findings mean are built as the detectors load, before the platforms register.
  const meant = all.flatMap((p) => p.checks ?? []).filter((c) => c.meaning);
  if (meant.length) throw new Error(`a platform's check declares a meaning: ${meant.map((c) => c.check).join(', ')}`);
  table = { platforms: all, deaf: deafDetector(all) };
  for (const l of listeners) l(platformChecks());
}

/** Every registered platform's own checks, in the registry's order. */
const platformChecks = (): readonly PlatformCheck[] => (table?.platforms ?? []).flatMap((p) => p.checks ?? []);

/** The registered platforms' checks that say Hermes gave up on the platform (PlatformCheck.gaveUp). */
export const gaveUpChecks = (): ReadonlySet<string> =>
  new Set(platformChecks().flatMap((c) => (c.gaveUp ? [c.check] : [])));

/** Told the platforms' checks now and at every registration after (the detector table, which sits above). */
export function onPlatformChecks(listener: (checks: readonly PlatformCheck[]) => void): void {
  listeners.push(listener);
  listener(platformChecks());
}

/** The registered platforms; throws when none were, as a run without them would say nothing of any platform. */
export function registeredPlatforms(): readonly HermesPlatform[] {
  if (!table) throw new Error('no Hermes platform registered: load src/platforms/index.ts (the composition root does)');
  return table.platforms;
}

/** platform_deaf over every registered platform's rules. */
export const platformDeaf: Detector = {
  check: 'platform_deaf',
  detect: (ev, s) => (registeredPlatforms(), table!.deaf.detect(ev, s)),
};

/** The registered platforms' own forecasts, judged under the one `forecast` check (src/detectors/forecast.ts). */
export const platformForecast: Detector['detect'] = (ev, s) =>
  registeredPlatforms().flatMap((p) => (p.forecasts ?? []).flatMap((forecast) => forecast(ev, s)));

/** `platform_down` findings a platform's own ladder is still handling (see HermesPlatform.holdsDown): not causes yet. */
export function heldByPlatforms(ev: Evidence, found: Finding[]): Finding[] {
  const holders = registeredPlatforms().filter((p) => p.holdsDown);
  if (!holders.length || !found.some((f) => f.check === 'platform_down')) return found;
  const entries = new Map(liveEntries(ev).map((e) => [e.key, e]));
  return found.filter((f) => {
    if (f.check !== 'platform_down' || !f.platform) return true;
    const e = entries.get(f.platform);
    return !e || !holders.some((p) => p.platform === e.platform && p.holdsDown!(ev, e));
  });
}

/** Why the start-up left `platform` out, when its folder knows (HermesPlatform.notStarted). */
export function platformNotStarted(ev: Evidence, platform: string): NotStarted | undefined {
  return registeredPlatforms()
    .find((p) => p.platform === platform)
    ?.notStarted?.(ev);
}
