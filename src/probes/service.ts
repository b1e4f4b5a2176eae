// Which supervisor runs the gateway, and what it says about it. Hermes installs a systemd user (or --system) unit on
// Linux and a LaunchAgent on macOS; names carry the profile suffix (hermes_cli/gateway.py get_service_name).
import path from 'node:path';
import type { ManagerKind, PidRecord, ServiceEvidence } from '../evidence.js';
import type { TargetConfig } from '../config/schema.js';
import { fileExists, hostOf, runCommand, trimDetail, which, type Host, type HostOptions } from './host.js';
import { looksContainerHome, probeContainer, type Runtime } from './container.js';
import { unmanagedOrigin } from './unmanaged.js';

export type Scope = 'user' | 'system';

export interface ResolvedManager {
  manager: ManagerKind;
  /** systemd unit (with `.service`) or launchd label. */
  name?: string;
  /** systemd only. */
  scope?: Scope;
  /** The unit file or plist that was found. */
  path?: string;
  /** docker/podman, as `init` found it: the container and the slot, or why the runtime could not tell. */
  container?: { name?: string; slot?: string; error?: string };
}

const suffix = (t: TargetConfig) => (t.profile ? `-${t.profile}` : '');

export function defaultUnit(target: TargetConfig): string {
  return `hermes-gateway${suffix(target)}.service`;
}

export function defaultLabel(target: TargetConfig): string {
  return `ai.hermes.gateway${suffix(target)}`;
}

/** The configured or default unit, always with a unit type so the unit file can be found. */
export function unitName(target: TargetConfig): string {
  const u = target.service.unit ?? defaultUnit(target);
  return /\.(service|scope|target|socket|timer)$/.test(u) ? u : `${u}.service`;
}

export function labelName(target: TargetConfig): string {
  return target.service.label ?? defaultLabel(target);
}

export function unitPath(unit: string, scope: Scope, host: Host): string {
  return scope === 'user'
    ? path.join(host.homedir, '.config', 'systemd', 'user', unit)
    : path.join(host.systemUnitDir, unit);
}

export function plistPath(label: string, host: Host): string {
  return path.join(host.homedir, 'Library', 'LaunchAgents', `${label}.plist`);
}

/** `--user` for user units; nothing for system units. */
export function scopeArgs(scope: Scope | undefined): string[] {
  return scope === 'system' ? [] : ['--user'];
}

function hasCommands(target: TargetConfig): boolean {
  const s = target.service;
  return Boolean(s.is_active || s.restart || s.start || s.stop);
}

export async function resolveManager(target: TargetConfig, opts: HostOptions = {}): Promise<ResolvedManager> {
  const host = hostOf(opts);
  const cfg = target.service;
  switch (cfg.manager) {
    case 'none':
      return { manager: 'none' };
    case 'command':
      return { manager: 'command' };
    case 'docker':
    case 'podman':
      return { manager: cfg.manager, ...(cfg.container ? { name: cfg.container } : {}) };
    case 'systemd': {
      const unit = unitName(target);
      const p = unitPath(unit, cfg.scope, host);
      return { manager: 'systemd', name: unit, scope: cfg.scope, ...((await fileExists(p)) ? { path: p } : {}) };
    }
    case 'launchd': {
      const label = labelName(target);
      const p = plistPath(label, host);
      return { manager: 'launchd', name: label, ...((await fileExists(p)) ? { path: p } : {}) };
    }
  }
  // auto: commands the operator wrote down win over what we would guess.
  if (hasCommands(target)) return { manager: 'command' };
  if (host.platform === 'linux' && (await which('systemctl', host))) {
    const unit = unitName(target);
    const order: Scope[] = cfg.scope === 'system' ? ['system', 'user'] : ['user', 'system'];
    for (const scope of order) {
      const p = unitPath(unit, scope, host);
      if (await fileExists(p)) return { manager: 'systemd', name: unit, scope, path: p };
    }
  }
  if (host.platform === 'darwin') {
    const label = labelName(target);
    const p = plistPath(label, host);
    if (await fileExists(p)) return { manager: 'launchd', name: label, path: p };
  }
  // Hermes' Docker image: its files say so (a home at /opt/data, the boot reconciler's log). Podman where only it is here.
  if (host.platform === 'linux' && (await looksContainerHome(target)))
    return { manager: !(await which('docker', host)) && (await which('podman', host)) ? 'podman' : 'docker' };
  return { manager: 'none' };
}

/** `systemctl show` output: one `Key=Value` per line. */
function parseSystemctlShow(text: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) props[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return props;
}

const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

function systemdEvidence(unit: string, props: Record<string, string>): ServiceEvidence {
  const ev: ServiceEvidence = { manager: 'systemd', name: unit };
  const active = props.ActiveState;
  const sub = props.SubState;
  if (props.LoadState === 'not-found')
    return { ...ev, active: false, state: 'not-found', error: `unit ${unit} not found` };
  if (active) {
    ev.state = sub ? `${active}/${sub}` : active;
    if (active === 'active' || active === 'reloading') ev.active = true;
    else if (['inactive', 'failed', 'activating', 'deactivating', 'maintenance'].includes(active)) ev.active = false;
    ev.restarting =
      ['activating', 'reloading', 'deactivating'].includes(active) || Boolean(sub?.startsWith('auto-restart'));
  }
  const mainPid = num(props.MainPID);
  if (mainPid) ev.mainPid = mainPid;
  const n = num(props.NRestarts);
  if (n !== undefined) ev.nRestarts = n;
  const status = num(props.ExecMainStatus);
  if (status !== undefined) ev.exitStatus = status;
  return ev;
}

/** Top-level `key = value` pairs of `launchctl print gui/<uid>/<label>` (nested `{ … }` blocks are skipped). */
function parseLaunchctlPrint(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let depth = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line === '}') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    const m = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (m && depth === 1 && !m[2]!.endsWith('{')) out[m[1]!] = m[2]!;
    if (line.endsWith('{')) depth++;
  }
  return out;
}

function launchdEvidence(label: string, props: Record<string, string>): ServiceEvidence {
  const ev: ServiceEvidence = { manager: 'launchd', name: label };
  const state = props.state;
  if (state) {
    ev.state = state;
    ev.active = state === 'running';
    ev.restarting = state === 'spawn scheduled';
  }
  const pid = num(props.pid);
  if (pid) ev.mainPid = pid;
  const runs = num(props.runs);
  if (runs !== undefined && runs > 0) ev.nRestarts = runs - 1;
  const code = /^-?\d+$/.test(props['last exit code'] ?? '') ? Number(props['last exit code']) : undefined;
  if (code !== undefined) ev.exitStatus = code;
  return ev;
}

// launchctl exits 113 for "Could not find service … in domain".
const LAUNCHD_NOT_FOUND = 113;

/** `pidRecord`: gateway.pid as the look read it already (null: none), for a gateway nothing supervises. */
export async function probeService(
  target: TargetConfig,
  opts: HostOptions & { pidRecord?: PidRecord | null } = {},
): Promise<ServiceEvidence> {
  const host = hostOf(opts);
  const m = await resolveManager(target, opts);
  switch (m.manager) {
    case 'none': {
      const origin = await unmanagedOrigin(target, opts.pidRecord);
      return { manager: 'none', ...(origin ? { origin } : {}) };
    }
    case 'systemd': {
      const unit = m.name!;
      const r = await runCommand(
        [
          'systemctl',
          ...scopeArgs(m.scope),
          'show',
          '-p',
          'LoadState,ActiveState,SubState,MainPID,NRestarts,ExecMainStatus',
          unit,
        ],
        host,
      );
      if (r.exitCode !== 0)
        return { manager: 'systemd', name: unit, error: `systemctl show: ${r.failure}${detailOf(r)}` };
      return {
        ...systemdEvidence(unit, parseSystemctlShow(r.stdout)),
        ...(m.scope === 'system' ? { scope: 'system' as const } : {}),
      };
    }
    case 'launchd': {
      const label = m.name!;
      const r = await runCommand(['launchctl', 'print', `gui/${host.uid}/${label}`], host);
      if (r.exitCode === LAUNCHD_NOT_FOUND)
        return { manager: 'launchd', name: label, active: false, state: 'not loaded' };
      if (r.exitCode !== 0)
        return { manager: 'launchd', name: label, error: `launchctl print: ${r.failure}${detailOf(r)}` };
      return launchdEvidence(label, parseLaunchctlPrint(r.stdout));
    }
    case 'docker':
    case 'podman':
      return probeContainer(m.manager as Runtime, target, host);
    case 'command': {
      const detached = target.service.detach ? { detached: true } : {};
      const argv = target.service.is_active;
      if (!argv) return { manager: 'command', ...detached, error: 'no service.is_active command configured' };
      const r = await runCommand(argv, host);
      if (r.exitCode === undefined) return { manager: 'command', ...detached, error: `is_active: ${r.failure}` };
      return {
        manager: 'command',
        ...detached,
        active: r.exitCode === 0,
        state: r.exitCode === 0 ? 'active' : `inactive (exit ${r.exitCode})`,
      };
    }
  }
}

function detailOf(r: { stdout: string; stderr: string }): string {
  const d = trimDetail(r.stderr || r.stdout, 200);
  return d ? `: ${d}` : '';
}
