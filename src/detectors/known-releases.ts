// The Hermes releases the reference ties to a failure, and the one place a finding asks whether this home runs one and
// what the way out is (issue 44 item 4). The version is the one the home shows (identify, the state file, the
// checkout, `hermes --version`: src/probes/hermes-version.ts), and releases are compared there (releaseIn), nowhere
// else: a build past a release (`+N.g<sha>`) and a fork's (`-cn.5`) count as that release.
import type { Evidence } from '../evidence.js';
import type { FindingParam } from '../types.js';
import { parseHermesVersion, releaseIn } from '../probes/hermes-version.js';
import { line } from './finding.js';

export const KNOWN_RELEASES = {
  /** §9.20, #81625: ~150 MB → 54–64 GB every ~2 h 05 min; a rollback to 0.19.1 fixed it. */
  memory_leak: { from: '0.20.0', to: '0.20.0' },
  /**
   * §9.3, #113618: every fresh process stalls on getUpdates; PR #114221 (v0.21.4) fixed it. It was merged after the
   * tag (§0: a checkout still labelled 0.21.3 holds fixes merged after it), so a build past the tag may have the fix.
   */
  telegram_stall: { from: '0.21.3', to: '0.21.3', fixedPastTag: true },
  /** §10.2, #78881: Discord's receive path stalls after the v0.20.0 update, and a restart does not recover it there. */
  discord_stall: { from: '0.20.0', to: '0.20.1' },
} as const satisfies Record<string, { from: string; to: string; fixedPastTag?: boolean }>;

export type KnownRelease = keyof typeof KNOWN_RELEASES;

/** The version this home shows, as written; undefined when nothing said one. */
export const runningVersion = (ev: Evidence): string | undefined => ev.hermes?.version.version;

/** Whether this home runs the release: undefined when its version is not known (or names no release). */
export function runsRelease(ev: Evidence, id: KnownRelease): boolean | undefined {
  const r: { from: string; to: string; fixedPastTag?: boolean } = KNOWN_RELEASES[id];
  const v = runningVersion(ev);
  const inside = releaseIn(v, r.from, r.to);
  // A build past the last affected tag of a release fixed after its tag: it may or may not hold the fix.
  if (inside && r.fixedPastTag && (parseHermesVersion(v)?.build?.commits ?? 0) > 0 && releaseIn(v, r.to, r.to))
    return undefined;
  return inside;
}

/** The running version as a finding's parameter: as the home wrote it, or "an unknown version" in the reader's words. */
export function versionParam(ev: Evidence): FindingParam {
  const v = runningVersion(ev);
  return v ? line(v) : { key: 'release.version.unknown' };
}

/**
 * The way out of the release, naming the version that runs (`release.<id>`: only when it is that release); a version
 * that cannot be placed against it (a date, a build past a fixed tag) named with the same way out for whoever runs it
 * (`release.<id>.maybe`); when no source said which version runs, that way out alone (`release.<id>.unknown`).
 */
export function wayOut(ev: Evidence, id: KnownRelease): FindingParam {
  const v = runningVersion(ev);
  if (!v) return { key: `release.${id}.unknown` };
  return { key: runsRelease(ev, id) ? `release.${id}` : `release.${id}.maybe`, params: { version: line(v) } };
}
