// A config.yaml Hermes could not parse and silently replaced (hermes-gateway-current.md §10.2, #89157): it warns once,
// falls back to .env and gateway.json, and starts normally without whatever only the YAML said, its platforms
// included (`Gateway running with N platform(s)`, N smaller than configured). The warning names the file and the
// YAML error with its line and column; a restart loads the same file, so the fix is the file.
import type { Detector, Evidence } from '../evidence.js';
import type { Finding } from '../types.js';
import { platformEntryLive } from '../probes/state-file.js';
import { currentRun, finding, type FindingSpec, isRunner, processAlive, STARTUP_END } from './common.js';
import { fallbackWarning, IGNORED } from './config-fallback.js';
import { liveWriter, startedThisRun, startupOver, withProfile } from './platform-entries.js';
import { platformParam, platformsParam } from '../i18n.js';

/** PyYAML's marks in its error: `in "<file>", line L, column C`; the last is where it failed. */
const MARK = /line (\d+), column (\d+)/g;
/** The runner's connect line, a served profile's naming it: `✓ discord connected (profile: coder)` (§2.6). */
const CONNECTED = /^✓ (\w+) connected(?: \(profile: ([\w-]+)\))?/;

/**
 * The platforms the fallback lost (issue 50 item 4): those the target lists (or the state file names), those an
 * earlier life's entry keeps, and those the life before this one connected (a served profile's entries are cleared at
 * every start of its root, §3), which this start, once over, did not start. A platform it started and that failed is
 * its own failure (`.env` set it up): not the file's.
 */
function lostPlatforms(ev: Evidence): string[] {
  if (!startupOver(ev)) return [];
  const own = ev.hermes?.serving?.role === 'served' ? ev.hermes.serving.profile : undefined;
  const before = ev.log.previous.flatMap((r) => {
    const m = isRunner(r) ? CONNECTED.exec(r.message) : null;
    return m && m[2] === own ? [m[1]!] : [];
  });
  const earlier = Object.entries(ev.state?.platforms ?? {}).flatMap(([key, st]) =>
    !key.includes(':') && st.state !== 'disabled' && platformEntryLive(st, liveWriter(ev)) === false ? [key] : [],
  );
  return [...new Set([...ev.expectedPlatforms, ...earlier, ...before])].filter((p) => !startedThisRun(ev, p));
}

const configIgnored: Detector = {
  check: 'config_ignored',
  // A config.yaml Hermes could not parse is why its start left platforms out (§10.2): a restart loads the same file.
  // Only the count it explains goes: a start that hangs, or a platform .env set up that failed to connect, is still
  // said (and restarted) as before.
  meaning: { explains: [{ check: 'startup_incomplete', key: 'finding.startup_incomplete.count' }] },
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const run = currentRun(ev).records;
    const warning = fallbackWarning(ev);
    if (!warning) return [];
    const [, file, first] = IGNORED.exec(warning.message)!;
    const error = [first!, ...(warning.extra ?? [])];
    const marks = [...error.join('\n').matchAll(MARK)];
    const mark = marks.at(-1);
    const end = run.find((r) => isRunner(r) && STARTUP_END.test(r.message));
    const connected = new Set(
      run.flatMap((r) => (isRunner(r) ? (/^✓ (\w+) connected/.exec(r.message)?.[1] ?? []) : [])),
    );
    const count = end ? Number(/^Gateway running with (\d+)/.exec(end.message)?.[1] ?? 0) : connected.size;
    const lost = lostPlatforms(ev);
    const missing = lost.length
      ? {
          key: 'finding.config_ignored.missing' as const,
          params: {
            count: String(count),
            expected: String(count + lost.length),
            platforms: platformsParam(lost),
          },
        }
      : '';
    const spec = (platform?: string): FindingSpec => ({
      check: 'config_ignored',
      text: mark ? 'config_ignored' : 'config_ignored.unmarked',
      // Not critical: a restart cannot fix it, and it must not hold the restarts other causes of this gateway need.
      // Each platform it lost is its own finding, which holds that platform's restarts (its platform_down's).
      severity: 'warning',
      restart: 'never',
      ...(platform ? { platform } : {}),
      params: {
        file: file!,
        line: mark?.[1] ?? '?',
        column: mark?.[2] ?? '?',
        error: error.map((l) => l.trim()).join(' '),
        missing,
        lost: platform ? { key: 'finding.config_ignored.lost', params: { name: platformParam(platform) } } : '',
      },
      since: warning.ts,
      evidence: [warning.line, ...(warning.extra ?? []).slice(0, 6).map((l) => l.trim()), ...(end ? [end.line] : [])],
    });
    return (lost.length ? lost : [undefined]).map((p) => withProfileOf(ev, finding(ev, s, spec(p)), p));
  },
};

/** A served profile's lost platform is that profile's. */
function withProfileOf(ev: Evidence, f: Finding, platform: string | undefined): Finding {
  const profile = ev.hermes?.serving?.role === 'served' ? ev.hermes.serving.profile : undefined;
  return platform ? withProfile(f, profile) : f;
}

export const configIgnoredDetectors: Detector[] = [configIgnored];
