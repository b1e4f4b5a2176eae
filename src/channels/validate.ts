// `gatewatch validate`: everything that can be known about a config without contacting anything — it parses (the
// same loader as `run`), the Hermes homes and their files are readable, the channel secrets are filled in, the state
// directory is writable. Problems name file, line and key like a ConfigError; the summary fits one screen.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { configErrorWhat, lineOfKey, type ConfigError } from '../config/load.js';
import { isPlaceholder, settingAt } from '../config/secrets.js';
import type { Config } from '../config/schema.js';
import { registry } from './plugins.js';
import { channelName, phrase, platformNames, t, wordKey } from '../i18n.js';
import type { Locale } from '../types.js';
import { runEnv } from '../util/run-env.js';
import { ownLoopback } from '../util/own-loopback.js';
import { isLoopbackListen } from '../config/schema.js';
import { runtimeOf } from '../probes/supervisors/index.js';

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
function unsetSecret(v: string | undefined, l: Locale): string | undefined {
  if (v === undefined || v.trim() === '') return t(l, 'validate.problem.secret_empty');
  if (isPlaceholder(v))
    return t(l, 'validate.problem.secret_placeholder', { value: v.trim().slice(0, 40), form: '${NAME}' });
  return undefined;
}

/** The nearest existing directory at or above p is writable (state_dir is created on first run). */
function writableDir(p: string, l: Locale): { ok: boolean; exists: boolean; why?: string } {
  let dir = p;
  for (;;) {
    try {
      const st = statSync(dir);
      if (!st.isDirectory())
        return { ok: false, exists: dir === p, why: t(l, 'validate.problem.dir_not_dir', { dir }) };
      accessSync(dir, constants.W_OK | constants.X_OK);
      return { ok: true, exists: dir === p };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT')
        return {
          ok: false,
          exists: dir === p,
          why: t(l, 'validate.problem.dir_not_writable', { dir, code: code ?? '?' }),
        };
      const up = path.dirname(dir);
      if (up === dir) return { ok: false, exists: false, why: t(l, 'validate.problem.no_parent', { dir: p }) };
      dir = up;
    }
  }
}

/** Who the config says runs a gateway, as /status names it: `auto` is found when gatewatch starts. */
function managerWords(manager: string, l: Locale): string {
  const runtime = runtimeOf(manager);
  if (runtime) return runtime;
  return wordKey(l, manager === 'auto' ? 'validate.manager.auto' : `status.manager.${manager}`);
}

/** `notifierIndex`: a notifier's index in the file, when the loader left a broken one out (see collectConfigFile). */
export function validateConfig(config: Config, notifierIndex: (i: number) => number = (i) => i): Validation {
  const problems: Problem[] = [];
  const file = config.source;
  const at = (keyPath: (string | number)[]) => (file ? lineOfKey(file, keyPath) : undefined);
  const key = (keyPath: (string | number)[]) =>
    keyPath.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  const add = (level: Problem['level'], keyPath: (string | number)[], message: string) =>
    problems.push({ level, key: key(keyPath), line: at(keyPath), message });
  const summary: string[] = [];
  const l = config.locale;

  summary.push(t(l, 'validate.targets', { count: config.targets.length }));
  for (const [i, tg] of config.targets.entries()) {
    const home = access(tg.hermes_home, 'dir');
    const parts: string[] = [];
    if (home !== 'ok') {
      add(
        'error',
        ['targets', i, 'hermes_home'],
        home === 'missing'
          ? t(l, 'validate.problem.home_missing', { home: tg.hermes_home })
          : t(l, 'validate.problem.home_bad', { home: tg.hermes_home, what: t(l, `validate.access.${home}`) }),
      );
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
        // The file by its own name (gateway_state.json), not the config key's (state).
        const short = path.basename(p);
        if (a === 'ok') parts.push(t(l, 'validate.file.ok', { file: short }));
        else if (a === 'missing') {
          // The pid and state files exist only while the gateway runs; a missing log means it never ran here.
          if (expected) add('warning', ['targets', i, k], t(l, 'validate.problem.file_missing', { path: p }));
          parts.push(t(l, 'validate.file.absent', { file: short }));
        } else {
          add(
            'error',
            ['targets', i, k],
            t(l, 'validate.problem.file_bad', {
              path: p,
              what: t(l, `validate.access.${a}`),
              user: runEnv().USER ?? t(l, 'validate.this_user'),
            }),
          );
          parts.push(t(l, 'validate.file.unreadable', { file: short }));
        }
      }
    }
    summary.push(
      t(l, 'validate.target', {
        name: tg.name,
        home: tg.hermes_home,
        parts: parts.join(t(l, 'list.comma')),
        manager:
          managerWords(tg.service.manager, l) +
          (tg.restart === false ? t(l, 'list.semicolon') + t(l, 'service.watch_only.config') : ''),
        platforms: tg.platforms ? t(l, 'validate.target.platforms', { list: platformNames(l, tg.platforms) }) : '',
      }),
    );
  }

  const ch = config.channels;
  const names: string[] = [];
  if (ch.console) names.push(channelName(l, 'console'));
  // Every channel's plugin names its secret settings (a webhook URL often is one; dotted for nested ones) and how it
  // reads in one line. A chat channel's app id must be filled in too.
  let n = 0;
  for (const c of config.channelList) {
    const plugin = c.kind === 'chat' ? registry.chat(c.type) : registry.notifier(c.type);
    const operatorKey = c.kind === 'chat' ? plugin?.operatorKey : undefined;
    const reach = { operators: operatorKey ? config.operators.filter((o) => o[operatorKey] !== undefined).length : 0 };
    const described = plugin?.describe?.(c.settings as never, reach);
    const about = described ? phrase(l, described) : undefined;
    const named = c.kind === 'chat' || c.name === c.type ? c.type : `${c.type} ${c.name}`;
    names.push(about ? t(l, 'list.aside', { what: named, aside: about }) : named);
    const at: (string | number)[] =
      c.kind === 'chat' ? ['channels', c.type] : ['channels', 'notifiers', notifierIndex(n++)];
    const id = c.kind === 'chat' && 'app_id' in c.settings ? ['app_id'] : [];
    const needed = new Set(plugin?.neededSecrets?.(c.settings as never) ?? []);
    for (const k of [...id, ...(plugin?.secretKeys ?? [])]) {
      const v = settingAt(c.settings, k);
      const why =
        typeof v === 'string'
          ? (unsetSecret(v, l) ?? (/%24%7B/i.test(v) ? t(l, 'validate.problem.secret_encoded') : undefined))
          : v === undefined && needed.has(k)
            ? t(l, 'validate.problem.secret_missing', { type: c.type, form: '${NAME}' })
            : undefined;
      if (why) add('error', [...at, ...k.split('.')], why);
    }
  }
  summary.push(
    t(l, 'validate.channels', {
      list: names.length ? names.join(t(l, 'list.semicolon')) : t(l, 'validate.channels.none'),
    }),
  );

  const admins = config.operators.filter((o) => o.role === 'admin').length;
  summary.push(t(l, 'validate.operators', { count: config.operators.length, admins }));
  // Each configured chat channel's plugin names the operator field that identifies its users.
  const chats = registry.chats().filter((p) => p.operatorKey && ch[p.type]);
  if (chats.length && config.operators.length === 0)
    add('warning', ['operators'], t(l, 'validate.problem.no_operators'));
  for (const [i, o] of config.operators.entries()) {
    const reachable = chats.some((p) => o[p.operatorKey!] !== undefined);
    if (chats.length && !reachable)
      add(
        'warning',
        ['operators', i],
        t(l, 'validate.problem.operator_no_id', { name: o.name, keys: chats.map((p) => p.operatorKey).join(' / ') }),
      );
  }

  summary.push(
    t(l, 'validate.schedule', { schedule: config.schedule, every: Math.round(config.liveness_interval / 1000) }),
  );
  // A valid config all the same (the intake is off without a token, src/ops/http.ts), but one to know about; not in a
  // container of its own, whose loopback no other user of the host reaches.
  if (config.http.listen && !config.http.token && !(isLoopbackListen(config.http.listen) && ownLoopback()))
    add('warning', ['http', 'listen'], t(l, 'http.open_local', { listen: config.http.listen }));
  const sd = writableDir(config.state_dir, l);
  if (!sd.ok)
    add(
      'error',
      ['state_dir'],
      sd.why ?? t(l, 'validate.problem.dir_not_writable', { dir: config.state_dir, code: '?' }),
    );
  summary.push(
    t(l, 'validate.state_dir', {
      dir: config.state_dir,
      state: t(
        l,
        sd.ok ? (sd.exists ? 'validate.state.writable' : 'validate.state.created') : 'validate.state.not_writable',
      ),
    }),
  );
  return { problems, summary };
}

export function formatProblem(file: string | undefined, p: Problem, locale: Locale = 'en'): string {
  const where = `${p.file ?? file ?? 'config'}${p.line ? `:${p.line}` : ''}`;
  const what = p.key ? t(locale, 'config.error.key', { key: p.key, what: p.message }) : p.message;
  return t(locale, 'validate.problem', {
    level: t(locale, p.level === 'error' ? 'validate.level.error' : 'validate.level.warning'),
    where,
    what,
  });
}

/** A problem the loader found (an unset variable, a bad key), as validate lists it, in the reader's words. */
export function loaderProblem(e: ConfigError, locale: Locale = 'en'): Problem {
  return { level: 'error', key: e.key, line: e.line, message: configErrorWhat(e, locale), file: e.file };
}
