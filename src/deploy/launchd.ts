// Renders the launchd property list that runs gatewatch as a LaunchAgent (per user) or LaunchDaemon (system). Pure:
// paths in, XML out.
import { CliError } from '../util/cli-error.js';
import { t } from '../i18n.js';
import type { Locale } from '../types.js';
import { DAEMON_NODE_FLAGS, type Scope, type ServiceSpec } from './systemd.js';

export const LAUNCHD_LABEL = 'ai.gatewatch';

type PlistValue = string | number | boolean | PlistValue[] | { [k: string]: PlistValue };

/** XML text with the five special characters escaped; characters XML 1.0 cannot carry at all are refused. */
export function xmlEscape(s: string): string {
  if (/[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/.test(s))
    throw new CliError(`cannot put a control character in a plist: ${JSON.stringify(s)}`, 64);
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function value(v: PlistValue, indent: string): string {
  if (typeof v === 'boolean') return `${indent}<${v}/>`;
  if (typeof v === 'number') return `${indent}<integer>${Math.trunc(v)}</integer>`;
  if (typeof v === 'string') return `${indent}<string>${xmlEscape(v)}</string>`;
  const inner = indent + '  ';
  if (Array.isArray(v)) return [`${indent}<array>`, ...v.map((x) => value(x, inner)), `${indent}</array>`].join('\n');
  return [
    `${indent}<dict>`,
    ...Object.entries(v).flatMap(([k, x]) => [`${inner}<key>${xmlEscape(k)}</key>`, value(x, inner)]),
    `${indent}</dict>`,
  ].join('\n');
}

function launchdLogPath(scope: Scope, home: string): string {
  return scope === 'system' ? '/Library/Logs/gatewatch.log' : `${home}/Library/Logs/gatewatch.log`;
}

export function renderLaunchdPlist(spec: ServiceSpec & { home: string }): string {
  const log = launchdLogPath(spec.scope, spec.home);
  const dict: Record<string, PlistValue> = {
    Label: LAUNCHD_LABEL,
    ProgramArguments: [spec.node, ...DAEMON_NODE_FLAGS, spec.entry, 'run', '--config', spec.config],
    ...(spec.scope === 'system' && spec.user ? { UserName: spec.user } : {}),
    WorkingDirectory: spec.home,
    RunAtLoad: true,
    // Restart whenever it exits; launchd throttles a crash loop to one start per 10 s.
    KeepAlive: true,
    ThrottleInterval: 10,
    // launchd has no env file, but gatewatch reads its own (<config dir>/env, or the config's env_file) at load.
    EnvironmentVariables: { PATH: '/usr/local/bin:/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin' },
    StandardOutPath: log,
    StandardErrorPath: log,
  };
  const body = value(dict, '');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<!-- Written by `gatewatch install`. Remove with `gatewatch uninstall`. -->',
    '<plist version="1.0">',
    body,
    '</plist>',
    '',
  ].join('\n');
}

export function launchdPlistPath(scope: Scope, home: string): string {
  return scope === 'system'
    ? `/Library/LaunchDaemons/${LAUNCHD_LABEL}.plist`
    : `${home}/Library/LaunchAgents/${LAUNCHD_LABEL}.plist`;
}

function domain(scope: Scope): string {
  return scope === 'system' ? 'system' : 'gui/$(id -u)';
}

/** The commands to type, each with a shell comment in the reader's words. */
export function launchdEnableCommands(scope: Scope, home: string, locale: Locale = 'en'): string[] {
  const sudo = scope === 'system' ? 'sudo ' : '';
  return [
    `${sudo}launchctl bootstrap ${domain(scope)} ${launchdPlistPath(scope, home)}`,
    `tail -f ${launchdLogPath(scope, home)}    # ${t(locale, 'install.comment.launchd_log', { records: `log show --last 1h --predicate 'eventMessage CONTAINS "${LAUNCHD_LABEL}"'` })}`,
  ];
}

export function launchdStopCommands(scope: Scope): string[] {
  return [`${scope === 'system' ? 'sudo ' : ''}launchctl bootout ${domain(scope)}/${LAUNCHD_LABEL}`];
}
