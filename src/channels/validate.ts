// `gatewatch validate`: everything that can be known about a config without contacting anything — it parses (the
// same loader as `run`), the Hermes homes and their files are readable, the channel secrets are filled in, the state
// directory is writable. Problems name file, line and key like a ConfigError; the summary fits one screen.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { lineOfKey, type ConfigError } from '../config/load.js';
import { settingAt } from '../config/secrets.js';
import type { Config } from '../config/schema.js';
import { registry } from './plugins.js';
import { t } from '../i18n.js';
import type { Locale } from '../types.js';

export interface Problem {
  level: 'error' | 'warning';
  /** When not the config file itself. */
  file?: string;
  key: string;
  line?: number;
  message: string;
}

export interface Validation {
  problems: Problem[];
  summary: string[];
}

type Access = 'ok' | 'missing' | 'unreadable' | 'not-a-directory' | 'not-a-file';

function access(p: string, kind: 'dir' | 'file'): Access {
  try {
    const st = statSync(p);
    if (kind === 'dir' && !st.isDirectory()) return 'not-a-directory';
    if (kind === 'file' && !st.isFile()) return 'not-a-file';
    accessSync(p, kind === 'dir' ? constants.R_OK | constants.X_OK : constants.R_OK);
    return 'ok';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
}

/** A secret that is empty or still a placeholder ($VAR the loader does not expand, ${lower-case}, …). */
function unsetSecret(v: string | undefined): string | undefined {
  if (v === undefined || v.trim() === '') return 'is empty';
  if (/\$\{[^}]*\}|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v.trim())) return `is still a placeholder (${v.trim().slice(0, 40)}); write \${NAME} with NAME set in the environment`;
  return undefined;
}

/** The nearest existing directory at or above p is writable (state_dir is created on first run). */
function writableDir(p: string): { ok: boolean; exists: boolean; why?: string } {
  let dir = p;
  for (;;) {
    try {
      const st = statSync(dir);
      if (!st.isDirectory()) return { ok: false, exists: dir === p, why: `${dir} is not a directory` };
      accessSync(dir, constants.W_OK | constants.X_OK);
      return { ok: true, exists: dir === p };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') return { ok: false, exists: dir === p, why: `${dir} is not writable (${code})` };
      const up = path.dirname(dir);
      if (up === dir) return { ok: false, exists: false, why: `no existing parent of ${p}` };
      dir = up;
    }
  }
}

/** `notifierIndex`: a notifier's index in the file, when the loader left a broken one out (see collectConfigFile). */
export function validateConfig(config: Config, notifierIndex: (i: number) => number = (i) => i): Validation {
  const problems: Problem[] = [];
  const file = config.source;
  const at = (keyPath: (string | number)[]) => (file ? lineOfKey(file, keyPath) : undefined);
  const key = (keyPath: (string | number)[]) => keyPath.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  const add = (level: Problem['level'], keyPath: (string | number)[], message: string) => problems.push({ level, key: key(keyPath), line: at(keyPath), message });
  const summary: string[] = [];
  const l = config.locale;

  summary.push(t(l, 'validate.targets', { count: config.targets.length }));
  for (const [i, tg] of config.targets.entries()) {
    const home = access(tg.hermes_home, 'dir');
    const parts: string[] = [];
    if (home !== 'ok') {
      add('error', ['targets', i, 'hermes_home'], home === 'missing' ? `the directory ${tg.hermes_home} does not exist (expected the Hermes home the gateway runs with, e.g. ~/.hermes)` : `${tg.hermes_home} is ${home.replace(/-/g, ' ')}`);
      parts.push(t(l, 'validate.home_missing'));
    } else {
      const files: [string, string, boolean][] = [
        ['log_file', tg.log_file, true],
        ['state_file', tg.state_file, false],
        ['pid_file', tg.pid_file, false],
        ['agent_log_file', tg.agent_log_file, false],
      ];
      for (const [k, p, expected] of files) {
        const a = access(p, 'file');
        const short = k.replace(/_file$/, '');
        if (a === 'ok') parts.push(t(l, 'validate.file.ok', { file: short }));
        else if (a === 'missing') {
          // The pid and state files exist only while the gateway runs; a missing log means it never ran here.
          if (expected) add('warning', ['targets', i, k], `${p} does not exist yet (has the gateway run with this home?)`);
          parts.push(t(l, 'validate.file.absent', { file: short }));
        } else {
          add('error', ['targets', i, k], `${p} is ${a.replace(/-/g, ' ')} (gatewatch runs as ${process.env.USER ?? 'this user'}; run it as the gateway's user)`);
          parts.push(t(l, 'validate.file.unreadable', { file: short }));
        }
      }
    }
    summary.push(t(l, 'validate.target', { name: tg.name, home: tg.hermes_home, parts: parts.join(', '), manager: tg.service.manager, platforms: tg.platforms ? t(l, 'validate.target.platforms', { list: tg.platforms.join(', ') }) : '' }));
  }

  const ch = config.channels;
  const names: string[] = [];
  if (ch.console) names.push('console');
  // Every channel's plugin names its secret settings (a webhook URL often is one; dotted for nested ones) and how it
  // reads in one line. A chat channel's app id must be filled in too.
  let n = 0;
  for (const c of config.channelList) {
    const plugin = c.kind === 'chat' ? registry.chat(c.type) : registry.notifier(c.type);
    const about = plugin?.describe?.(c.settings as never);
    names.push(c.kind === 'chat' ? `${c.type}${about ? ` (${about})` : ''}` : `${c.type}${c.name !== c.type ? ` ${c.name}` : ''}${about ? ` (${about})` : ''}`);
    const at: (string | number)[] = c.kind === 'chat' ? ['channels', c.type] : ['channels', 'notifiers', notifierIndex(n++)];
    const id = c.kind === 'chat' && 'app_id' in c.settings ? ['app_id'] : [];
    const needed = new Set(plugin?.neededSecrets?.(c.settings as never) ?? []);
    for (const k of [...id, ...(plugin?.secretKeys ?? [])]) {
      const v = settingAt(c.settings, k);
      const why =
        typeof v === 'string'
          ? (unsetSecret(v) ?? (/%24%7B/i.test(v) ? 'is still a placeholder' : undefined))
          : v === undefined && needed.has(k)
            ? `is missing: ${c.type} needs it here (write \${NAME} with NAME in the env file)`
            : undefined;
      if (why) add('error', [...at, ...k.split('.')], why);
    }
  }
  summary.push(t(l, 'validate.channels', { list: names.length ? names.join('; ') : t(l, 'validate.channels.none') }));

  const admins = config.operators.filter((o) => o.role === 'admin').length;
  summary.push(t(l, 'validate.operators', { count: config.operators.length, admins }));
  // Each configured chat channel's plugin names the operator field that identifies its users.
  const chats = registry.chats().filter((p) => p.operatorKey && ch[p.type]);
  if (chats.length && config.operators.length === 0) add('warning', ['operators'], 'no operators: nobody can command the bot from chat (alerts are still sent)');
  for (const [i, o] of config.operators.entries()) {
    const reachable = chats.some((p) => o[p.operatorKey!] !== undefined);
    if (chats.length && !reachable) add('warning', ['operators', i], `${o.name} has no id on a configured chat channel (${chats.map((p) => p.operatorKey).join(' / ')})`);
  }

  summary.push(t(l, 'validate.schedule', { schedule: config.schedule, every: Math.round(config.liveness_interval / 1000) }));
  const sd = writableDir(config.state_dir);
  if (!sd.ok) add('error', ['state_dir'], sd.why ?? `${config.state_dir} is not writable`);
  summary.push(t(l, 'validate.state_dir', { dir: config.state_dir, state: t(l, sd.ok ? (sd.exists ? 'validate.state.writable' : 'validate.state.created') : 'validate.state.not_writable') }));
  return { problems, summary };
}

export function formatProblem(file: string | undefined, p: Problem, locale: Locale = 'en'): string {
  return `${t(locale, p.level === 'error' ? 'validate.level.error' : 'validate.level.warning')}: ${p.file ?? file ?? 'config'}${p.line ? `:${p.line}` : ''}: ${p.key ? `key "${p.key}": ` : ''}${p.message}`;
}

/** A problem the loader found (an unset variable, a bad key), as validate lists it. */
export function loaderProblem(e: ConfigError): Problem {
  return { level: 'error', key: e.key, line: e.line, message: e.expected, file: e.file };
}
