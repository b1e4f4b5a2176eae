// `gatewatch install` / `uninstall`: picks the service manager, renders the unit or plist for this gatewatch, writes
// or removes it, and says the exact commands to run next. It never enables or stops the service itself: that needs
// the user's session bus or sudo, and the user should see it happen.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { writeFileAtomic } from '../state/atomic.js';
import { CliError } from '../util/cli-error.js';
import { defaultEnvFile } from '../config/env-file.js';
import { t } from '../i18n.js';
import type { Locale } from '../types.js';
import {
  renderSystemdUnit,
  systemdAfterRemoveCommands,
  systemdEnableCommands,
  systemdStopCommands,
  systemdUnitPath,
  SYSTEMD_UNIT_NAME,
  type Scope,
} from './systemd.js';
import {
  LAUNCHD_LABEL,
  launchdEnableCommands,
  launchdPlistPath,
  launchdStopCommands,
  renderLaunchdPlist,
} from './launchd.js';
import { runEnv } from '../util/run-env.js';

export type Manager = 'systemd' | 'launchd';

export interface InstallRequest {
  manager: Manager;
  scope: Scope;
  /** Absolute config path. */
  config: string;
  node: string;
  entry: string;
  home: string;
  /** System scope: the account to run as. */
  user?: string;
  env?: NodeJS.ProcessEnv;
  /** The reader's: the notes are worded in it. */
  locale?: Locale;
}

export interface InstallPlan {
  manager: Manager;
  scope: Scope;
  path: string;
  content: string;
  envFile: string;
  /** Commands to enable and start it, in order. */
  enable: string[];
  notes: string[];
}

export function defaultManager(platform: NodeJS.Platform = process.platform): Manager | undefined {
  if (platform === 'darwin') return 'launchd';
  if (platform === 'linux') return 'systemd';
  return undefined;
}

export function planInstall(r: InstallRequest): InstallPlan {
  for (const [k, v] of [
    ['config', r.config],
    ['node', r.node],
    ['entry', r.entry],
  ] as const) {
    if (!path.isAbsolute(v)) throw new CliError(`${k} must be an absolute path, got ${JSON.stringify(v)}`, 64);
  }
  // Secrets live next to the config (the loader's default env file): KEY=value lines, mode 0600.
  const envFile = defaultEnvFile(r.config);
  const spec = { node: r.node, entry: r.entry, config: r.config, envFile, scope: r.scope, user: r.user };
  if (r.manager === 'systemd') {
    return {
      manager: 'systemd',
      scope: r.scope,
      path: systemdUnitPath(r.scope, r.home, r.env),
      content: renderSystemdUnit(spec),
      envFile,
      enable: systemdEnableCommands(r.scope, r.locale),
      notes: [t(r.locale ?? 'en', 'install.notes.systemd', { var: '${VAR}', path: envFile })],
    };
  }
  return {
    manager: 'launchd',
    scope: r.scope,
    path: launchdPlistPath(r.scope, r.home),
    content: renderLaunchdPlist({ ...spec, home: r.home }),
    envFile,
    enable: launchdEnableCommands(r.scope, r.home, r.locale),
    // gatewatch reads its env file itself when it loads the config: launchd needs no EnvironmentVariables for it.
    notes: [t(r.locale ?? 'en', 'install.notes.launchd', { var: '${VAR}', path: envFile })],
  };
}

export interface WriteResult {
  status: 'created' | 'updated' | 'unchanged';
  /** The env file was created (empty, 0600). */
  envFileCreated: boolean;
}

export async function writeInstall(plan: InstallPlan): Promise<WriteResult> {
  let status: WriteResult['status'] = 'created';
  if (existsSync(plan.path)) status = readFileSync(plan.path, 'utf8') === plan.content ? 'unchanged' : 'updated';
  if (status !== 'unchanged') await writeFileAtomic(plan.path, plan.content, { mode: 0o644 });
  let envFileCreated = false;
  // A place for secrets, readable by the owner only; a system install leaves the user's folder alone (sudo = root).
  if (plan.scope === 'user' && !existsSync(plan.envFile)) {
    mkdirSync(path.dirname(plan.envFile), { recursive: true });
    writeFileSync(
      plan.envFile,
      '# Secrets for ${VAR} in config.yaml, one KEY=value a line. Read by every gatewatch command.\n',
      { mode: 0o600, flag: 'wx' },
    );
    envFileCreated = true;
  }
  return { status, envFileCreated };
}

export interface UninstallPlan {
  manager: Manager;
  scope: Scope;
  path: string;
  stop: string[];
  after: string[];
}

export function planUninstall(
  manager: Manager,
  scope: Scope,
  home: string,
  env: NodeJS.ProcessEnv = runEnv(),
): UninstallPlan {
  if (manager === 'systemd')
    return {
      manager,
      scope,
      path: systemdUnitPath(scope, home, env),
      stop: systemdStopCommands(scope),
      after: systemdAfterRemoveCommands(scope),
    };
  return { manager, scope, path: launchdPlistPath(scope, home), stop: launchdStopCommands(scope), after: [] };
}

/**
 * Whether the service manager still has gatewatch enabled or running: true, false, or undefined when it cannot be
 * asked (no systemctl, no session bus). Argument arrays only; a 5 s bound so a hung manager cannot hang the CLI.
 */
export async function stillLoaded(plan: UninstallPlan): Promise<boolean | undefined> {
  const opts = { reject: false, timeout: 5000, stdin: 'ignore' as const };
  try {
    if (plan.manager === 'systemd') {
      const scope = plan.scope === 'user' ? ['--user'] : [];
      const enabled = await execa('systemctl', [...scope, 'is-enabled', SYSTEMD_UNIT_NAME], opts);
      const active = await execa('systemctl', [...scope, 'is-active', SYSTEMD_UNIT_NAME], opts);
      const said = `${enabled.stdout} ${active.stdout}`.trim();
      if (enabled.failed && active.failed && !/\b(disabled|inactive|failed|not-found|unknown)\b/.test(said))
        return undefined;
      return (
        /^(enabled|enabled-runtime|linked|linked-runtime|alias)$/.test(String(enabled.stdout).trim()) ||
        /^(active|activating|reloading|deactivating)$/.test(String(active.stdout).trim())
      );
    }
    const domain = plan.scope === 'system' ? 'system' : `gui/${os.userInfo().uid}`;
    const r = await execa('launchctl', ['print', `${domain}/${LAUNCHD_LABEL}`], opts);
    if (r.exitCode === 0) return true;
    if ((r as { code?: string }).code === 'ENOENT') return undefined;
    return false;
  } catch {
    return undefined;
  }
}

export function removeInstalled(plan: UninstallPlan): boolean {
  if (!existsSync(plan.path)) return false;
  rmSync(plan.path);
  return true;
}
