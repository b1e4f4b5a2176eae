// Loops no start can end, because what is wrong is the deployment's own settings: Hermes' image refuses a container
// pinned to a user, cannot run its s6 on a read-only root unless told, nor behind another PID 1 (hermes-deployments.md
// §1.1, §1.6; hermes-agent docker/stage2-hook.sh). Each is told by the line the container prints at every start; the
// fix is a setting of the container, applied by recreating it where its runtime keeps its settings. Pure.
import type { Evidence } from '../evidence.js';
import type { FindingParam } from '../types.js';
import { age } from './finding.js';

/** Each setting the image refuses, by the line it says so with (its own words, the same in every locale). */
const SETTINGS = [
  // `[stage2] ERROR: container started with --user 1000 (an arbitrary, non-hermes UID).`
  { id: 'user_pinned', line: /\bcontainer started with --user (\d+)\b/ },
  // `s6-svlisten: fatal: unable to s6_svstatus_read: Permission denied`, and s6's own state written on `/`.
  { id: 'read_only_root', line: /\bs6_svstatus_read: Permission denied|^s6[\w-]*: fatal: .*: Read-only file system$/ },
  // `s6-overlay-suexec: fatal: can only run as pid 1`
  { id: 'not_pid1', line: /\bcan only run as pid 1\b/ },
] as const;

export type SettingId = (typeof SETTINGS)[number]['id'];

/** The setting the container's output names as why it cannot start, where the gateway runs in a container. */
export function settingOf(ev: Pick<Evidence, 'service'>): { id: SettingId; uid?: string } | undefined {
  const s = ev.service;
  const line = s.cause?.line;
  // Only container adapters read a container: a host's gateway has no such settings.
  if (!line || !s.container) return undefined;
  for (const { id, line: re } of SETTINGS) {
    const m = re.exec(line);
    if (m) return id === 'user_pinned' ? { id, uid: m[1]! } : { id };
  }
  return undefined;
}

/** What its runtime did about it: restarted it so many times, gave up, or let it lie. */
export type Tries =
  | { kind: 'loop'; count: number; windowS: number }
  | { kind: 'gave_up'; lives?: number; at?: number }
  | { kind: 'down'; code?: number };

/** The finding's text id and parameters for a container that cannot start as it is set up. */
export function settingWords(
  ev: Pick<Evidence, 'service' | 'now'>,
  setting: { id: SettingId; uid?: string },
  tries: Tries,
  runtime: FindingParam,
): { text: `deployment_setting.${SettingId}`; params: Record<string, FindingParam> } {
  const s = ev.service;
  const triesParam: FindingParam =
    tries.kind === 'loop'
      ? {
          key: 'finding.deployment_setting.tries.loop',
          params: { runtime, count: tries.count, window: age(tries.windowS * 1000) },
        }
      : tries.kind === 'gave_up'
        ? {
            key: 'finding.deployment_setting.tries.gave_up',
            params: {
              runtime,
              count: Math.max(0, (tries.lives ?? 1) - 1),
              ago: tries.at !== undefined ? age(Math.max(0, ev.now - tries.at)) : '?',
            },
          }
        : { key: 'finding.deployment_setting.tries.down', params: { code: String(tries.code ?? '-') } };
  return {
    text: `deployment_setting.${setting.id}`,
    params: {
      container: s.container?.name ?? s.name ?? '-',
      uid: setting.uid ?? '-',
      line: s.cause?.line ?? '-',
      source: s.cause?.source ?? '-',
      tries: triesParam,
    },
  };
}
