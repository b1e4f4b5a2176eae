// Renders the systemd unit that runs gatewatch as a service. Pure: paths in, unit text out, so it can be tested by
// parsing and by `systemd-analyze verify` without touching the machine.

import { CliError } from '../util/cli-error.js';
import { t } from '../i18n.js';
import type { Locale } from '../types.js';
import { runEnv } from '../util/run-env.js';
import { DAEMON_NODE_FLAGS } from './daemon-flags.js';

export { DAEMON_NODE_FLAGS };
export type Scope = 'user' | 'system';

export interface ServiceSpec {
  /** Absolute path of the node binary (process.execPath). */
  node: string;
  /** Absolute path of gatewatch's dist/src/cli.js. */
  entry: string;
  /** Absolute path of the config file. */
  config: string;
  /** Absolute path of the env file with secrets (${VAR} in the config). */
  envFile: string;
  scope: Scope;
  /** System scope: the account gatewatch runs as (the one that owns the Hermes home). */
  user?: string;
}

export const SYSTEMD_UNIT_NAME = 'gatewatch.service';

/**
 * glibc malloc settings of the daemon in the service (Environment=). `MALLOC_MMAP_THRESHOLD_` fixes the size from which
 * malloc maps a block of its own at its start value, 128 KiB: by default the first such block freed raises it, and an
 * /uptime picture's PNG (~130 KB) and its copies for the upload then came from the main heap, whose top stays mapped
 * behind what is still in use below it: the daemon's main heap grew 1-2 MB over its first 40 pictures. Two arenas for
 * its threads (libuv's pool, V8's workers) instead of eight per core: ~0.5 MB less, which grew with them. glibc reads
 * them as the process starts, so they cannot be set from inside; other C libraries ignore them (issue 62 item 3).
 */
export const DAEMON_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
};

/**
 * One ExecStart= word. systemd expands `%` specifiers and `$VAR` even in quoted words, so both are doubled; a word
 * with anything beyond a plain path character is double-quoted with C-style escapes.
 */
export function systemdWord(s: string): string {
  if (/[\0-\x1f\x7f]/.test(s))
    throw new CliError(`cannot put a control character in a systemd unit: ${JSON.stringify(s)}`, 64);
  const e = s.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_@+=:,./-]+$/.test(s)) return e;
  return `"${e.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A path as the whole value of a setting like EnvironmentFile=: only specifiers need escaping. */
function systemdPath(s: string): string {
  if (/[\0-\x1f\x7f]/.test(s))
    throw new CliError(`cannot put a control character in a systemd unit: ${JSON.stringify(s)}`, 64);
  return s.replace(/%/g, '%%');
}

export function renderSystemdUnit(spec: ServiceSpec): string {
  const exec = [spec.node, ...DAEMON_NODE_FLAGS, spec.entry, 'run', '--config', spec.config].map(systemdWord).join(' ');
  const lines = [
    '# Written by `gatewatch install`. Remove with `gatewatch uninstall`.',
    '[Unit]',
    'Description=gatewatch - watchdog for the Hermes gateway',
    // The system manager's network-online.target: a user manager has no such unit, so ordering on it there does
    // nothing (issue 20 item 8). gatewatch does not need it either: its channels retry until the network is there.
    ...(spec.scope === 'system' ? ['After=network-online.target', 'Wants=network-online.target'] : []),
    // A watchdog must come back after a long outage: never give up restarting.
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=simple',
    ...(spec.scope === 'system' && spec.user ? [`User=${spec.user}`, 'WorkingDirectory=~'] : []),
    `ExecStart=${exec}`,
    `Environment=${Object.entries(DAEMON_MALLOC_ENV)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
    // Secrets for ${VAR} in the config; the leading "-" lets the service start without the file.
    `EnvironmentFile=-${systemdPath(spec.envFile)}`,
    'Restart=always',
    'RestartSec=10',
    // gatewatch logs JSON to stderr: into the journal (journalctl -u gatewatch).
    'StandardOutput=journal',
    'StandardError=journal',
    'SyslogIdentifier=gatewatch',
    '',
    '[Install]',
    `WantedBy=${spec.scope === 'system' ? 'multi-user.target' : 'default.target'}`,
    '',
  ];
  return lines.join('\n');
}

export function systemdUnitPath(scope: Scope, home: string, env: NodeJS.ProcessEnv = runEnv()): string {
  if (scope === 'system') return `/etc/systemd/system/${SYSTEMD_UNIT_NAME}`;
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : `${home}/.config`;
  return `${xdg}/systemd/user/${SYSTEMD_UNIT_NAME}`;
}

function systemctl(scope: Scope): string {
  return scope === 'user' ? 'systemctl --user' : 'sudo systemctl';
}

/** The commands to type, each with a shell comment in the reader's words. */
export function systemdEnableCommands(scope: Scope, locale: Locale = 'en'): string[] {
  const c = systemctl(scope);
  return [
    `${c} daemon-reload && ${c} enable --now ${SYSTEMD_UNIT_NAME}`,
    ...(scope === 'user' ? [`loginctl enable-linger "$USER"    # ${t(locale, 'install.comment.linger')}`] : []),
    `${scope === 'user' ? 'journalctl --user' : 'journalctl'} -u gatewatch -f    # ${t(locale, 'install.comment.log')}`,
  ];
}

export function systemdStopCommands(scope: Scope): string[] {
  return [`${systemctl(scope)} disable --now ${SYSTEMD_UNIT_NAME}`];
}

export function systemdAfterRemoveCommands(scope: Scope): string[] {
  return [`${systemctl(scope)} daemon-reload`];
}
