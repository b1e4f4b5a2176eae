// A multiplexing root's state file holds its served profiles' entries too (`coder:discord`). When that profile is
// watched as a target of its own, it reports them (naming the profile): the root's target must not raise the same
// failure a second time.
import path from 'node:path';
import type { TargetConfig } from '../config/schema.js';
import type { Evidence } from '../evidence.js';
import type { Finding } from '../types.js';
import { profileOf } from '../probes/discover.js';

/** Profiles under this root that are watched as targets of their own. */
function watchedProfiles(rootHome: string, targets: Pick<TargetConfig, 'hermes_home'>[]): Set<string> {
  const root = path.resolve(rootHome);
  const out = new Set<string>();
  for (const t of targets) {
    const p = profileOf(path.resolve(t.hermes_home));
    if (p.profile !== 'default' && p.root === root) out.add(p.profile);
  }
  return out;
}

/** Pure: the root's findings without those about a served profile that its own target reports. */
export function withoutServedDuplicates(
  findings: Finding[],
  ev: Pick<Evidence, 'hermes'>,
  home: string,
  targets: Pick<TargetConfig, 'hermes_home'>[],
): Finding[] {
  if (ev.hermes?.serving && ev.hermes.serving.role !== 'root') return findings;
  const watched = watchedProfiles(home, targets);
  if (!watched.size) return findings;
  const profileOfFinding = (f: Finding) =>
    f.profile ?? (f.platform?.includes(':') ? f.platform.slice(0, f.platform.indexOf(':')) : undefined);
  return findings.filter((f) => {
    const p = profileOfFinding(f);
    return !(p && watched.has(p));
  });
}
