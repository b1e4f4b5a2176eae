// Which Hermes is this? Judged from what the home shows (the control socket's identify, the state file's code_version,
// the files present), never from configuration the user has to get right (hermes-gateway-current.md §1).
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { GatewayStateFile, HermesVersion, IdentifyInfo } from '../evidence.js';

/** Files whose presence proves a v0.19+ home. */
const CURRENT_FILES = [
  'gateway.sock',
  'gateway.sock.path',
  'gateway_migration.json',
  'gateway-starts.log',
  'fleet_restart_pending',
] as const;

export interface VersionInputs {
  identify?: IdentifyInfo;
  state?: GatewayStateFile | null;
  /** Which of CURRENT_FILES exist in the home. */
  files?: string[];
}

/** `0.21.3`, `v0.22.1`, `0.21.3+abc` → [0, 21, 3]. */
function parseVersion(v: string | null | undefined): [number, number, number] | undefined {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function versionAtLeast(v: string | undefined, min: [number, number, number]): boolean {
  const p = parseVersion(v);
  if (!p) return false;
  for (let i = 0; i < 3; i++) if (p[i] !== min[i]) return p[i]! > min[i]!;
  return true;
}

/** Fields only a v0.19+ writer puts in gateway_state.json. */
function hasCurrentFields(s: GatewayStateFile): boolean {
  return (
    s.hermes_home !== undefined ||
    s.code_version !== undefined ||
    s.code_sha !== undefined ||
    s.session_store !== undefined ||
    s.served_profiles !== undefined ||
    Object.values(s.platforms).some((p) => p.writer_pid !== undefined)
  );
}

export function judgeVersion(i: VersionInputs): HermesVersion {
  const files = i.files ?? [];
  const fromIdentify = i.identify?.code_version ?? undefined;
  const fromState = i.state?.code_version ?? undefined;
  const version = fromIdentify ?? fromState;
  const sha = i.identify?.code_sha ?? i.state?.code_sha ?? undefined;
  const source: HermesVersion['source'] = fromIdentify
    ? 'identify'
    : fromState
      ? 'state_file'
      : files.length
        ? 'files'
        : 'none';
  let generation: HermesVersion['generation'] = 'unknown';
  if (i.identify || files.length || (i.state && hasCurrentFields(i.state))) generation = 'current';
  else if (i.state) generation = 'legacy';
  if (version) generation = versionAtLeast(version, [0, 19, 0]) ? 'current' : 'legacy';
  return {
    ...(version ? { version } : {}),
    ...(sha ? { sha } : {}),
    source,
    generation,
    // The 60-s housekeeping re-stamp is in the later (probably v0.22) sources only: v0.21.3 has the TTL but no tick.
    restampsUpdatedAt: versionAtLeast(version, [0, 22, 0]),
  };
}

/** Which of CURRENT_FILES exist in the home. */
export async function currentFilesIn(home: string): Promise<string[]> {
  const found = await Promise.all(
    CURRENT_FILES.map(async (f): Promise<string | undefined> => {
      try {
        await access(path.join(home, f));
        return f;
      } catch {
        return undefined;
      }
    }),
  );
  return found.filter((f): f is string => f !== undefined);
}
