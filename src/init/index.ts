// `gatewatch init`: the first ten minutes in one command. It finds the Hermes homes a gateway serves, asks for (or is
// given) one channel to reach the operator, writes the config where gatewatch looks for it by default and the env
// file its secrets are read from (mode 600), and says what it wrote and the command to run next. It never touches a
// file that exists without --force, so running it twice is safe.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultEnvFile } from '../config/env-file.js';
import { issueText } from '../config/schema-text.js';
import { registry } from '../channels/plugins.js';
import type { AnyChannelPlugin } from '../channel-kit/plugin.js';
import { defaultManager } from '../deploy/install.js';
import { platformName, t, wordParam } from '../i18n.js';
import { writeFileAtomic } from '../state/atomic.js';
import type { Locale } from '../types.js';
import { CliError } from '../util/cli-error.js';
import { expandHome } from '../util/paths.js';
import { gatewatchCommand } from '../util/invocation.js';
import type { Asker } from './ask.js';
import { findHermes, type FoundHome } from './find.js';
import { describeHome, renderConfig, renderEnvFile, type ChannelChoice, type InitPlan } from './render.js';

export interface InitOptions {
  /** No questions: what is not given takes its default (the console channel). */
  yes?: boolean;
  hermesHome?: string;
  channel?: string;
  operatorId?: string;
  appId?: string;
  force?: boolean;
  /** Where to write the config (default: where gatewatch looks for it). */
  config?: string;
  locale?: Locale;
}

export interface InitIO {
  asker: Asker;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Lines for the person running it (what was found, what was written). */
  say(...lines: string[]): void;
  /** What the probes wait on (a state file read again after a torn write). */
  clock: Clock;
  /** Where the probes look on this host (a test's folders and tools); this host's own when not given. */
  host?: HostOptions;
}

import { localeFromEnv } from '../util/locale-env.js';
import { homeDir } from '../util/run-env.js';
import type { Clock } from '../util/clock.js';
import type { HostOptions } from '../probes/host.js';

export { localeFromEnv };

/** The config file init writes: --config, else $GATEWATCH_CONFIG, else the user's (what findConfigPath reads last). */
export function initConfigPath(o: { config?: string }, env: NodeJS.ProcessEnv, cwd: string): string {
  const named = o.config || env.GATEWATCH_CONFIG;
  return named ? path.resolve(cwd, expandHome(named)) : path.join(homeDir(), '.config', 'gatewatch', 'config.yaml');
}

export async function runInit(o: InitOptions, io: InitIO): Promise<void> {
  const locale = o.locale ?? localeFromEnv(io.env);
  const configFile = initConfigPath(o, io.env, io.cwd);
  // Each command it names, as it is typed here (`npx gatewatch …` from a clone).
  const gw = gatewatchCommand(io.env);
  const envFile = defaultEnvFile(configFile);
  if (!o.force)
    for (const f of [configFile, envFile])
      if (existsSync(f)) throw new CliError(t(locale, 'init.exists', { file: f, cmd: `${gw} init --force` }), 1);

  // Nothing to ask (--yes): a bad flag is said before the search, which may take seconds on a busy host.
  const chosen = o.yes ? await chooseChannel(o, io, locale, envFile) : undefined;
  const dir = path.resolve(io.cwd, expandHome(o.hermesHome || io.env.HERMES_HOME || '~/.hermes'));
  // A home named on the command line is the one to watch; else every gateway on this host is looked for too.
  const found = await findHermes(dir, io.clock, { everywhere: !o.hermesHome, ...(io.host ? { host: io.host } : {}) });
  const homes = [...found.homes, ...found.elsewhere];
  const unread = found.unread.map(
    (u) => `  ${t(locale, 'init.unread', { what: u.what, why: wordParam(locale, u.why) })}`,
  );
  if (!homes.length) {
    if (unread.length) io.say(...unread);
    throw new CliError(t(locale, 'init.none', { dir, demo: `${gw} demo` }), 1);
  }
  // Other users' gateways are said and written commented out: with none of this user's, there is nothing to watch
  // (asked, its operator may take one).
  if (o.yes && homes.every((h) => h.otherUser))
    throw new CliError(
      t(locale, 'init.only_others', {
        list: homes.map((h) => `${h.home} (${h.otherUser})`).join(t(locale, 'list.comma')),
      }),
      1,
    );
  const width = Math.max(...homes.map((h) => h.name.length));
  const line = (h: FoundHome) =>
    `  ${h.name.padEnd(width)}  ${describeHome(locale, h)}${h.otherUser ? t(locale, 'list.semicolon') + t(locale, 'init.home.other_user', { user: h.otherUser }) : ''}`;
  if (found.homes.length) io.say(t(locale, 'init.found', { root: found.root }), ...found.homes.map(line));
  for (const name of found.leftOut) io.say(`  ${t(locale, 'init.home.left_out', { name })}`);
  if (found.elsewhere.length) io.say(t(locale, 'init.elsewhere'), ...found.elsewhere.map(line));
  for (const m of found.missing) io.say(`  ${t(locale, 'init.elsewhere.missing', m)}`);
  io.say(...unread, '');

  const { channel, secret } = chosen ?? (await chooseChannel(o, io, locale, envFile));
  // Asked after the channel: answers piped in the order earlier versions asked still answer the same questions, and
  // the ones left take the defaults, which are what --yes writes.
  const taken = o.yes ? homes : await chooseHomes(homes, io, locale);
  if (taken.every((h) => h.otherUser !== undefined && !h.chosen)) throw new CliError(t(locale, 'init.none_chosen'), 1);
  const plan: InitPlan = {
    locale,
    configFile,
    envFile,
    homes: taken,
    channel,
    operatorName: loginName(io.env),
    gatewatch: gw,
  };
  mkdirSync(path.dirname(configFile), { recursive: true, mode: 0o700 });
  await writeFileAtomic(configFile, renderConfig(plan), { mode: 0o644 });
  // --force keeps the other secrets an existing env file holds; a new one is readable by its owner only.
  const existing = existsSync(envFile) ? readFileSync(envFile, 'utf8') : undefined;
  await writeFileAtomic(envFile, renderEnvFile(plan, secret, existing), { mode: 0o600 });

  io.say(t(locale, 'init.wrote', { file: configFile }));
  io.say(t(locale, 'init.wrote_env', { file: envFile }));
  const local = path.join(io.cwd, 'config.yaml');
  if (local !== configFile && existsSync(local) && !o.config && !io.env.GATEWATCH_CONFIG)
    io.say(t(locale, 'init.shadowed', { file: configFile }));
  if (!channel.type)
    io.say(
      t(locale, 'init.console'),
      t(locale, 'init.phone', { file: configFile, cmd: `${gw} init --force --channel telegram` }),
    );
  else
    io.say(
      // The channel as a person names it (Telegram, QQ); the operator by the id they gave, not its config key.
      t(locale, 'init.channel', {
        channel: platformName(locale, channel.type === 'qq' ? 'qqbot' : channel.type),
        operator: channel.operatorId ?? '',
      }),
    );
  if (channel.secretEnv && !secret) io.say(t(locale, 'init.fill_secret', { file: envFile, name: channel.secretEnv }));
  io.say('', t(locale, 'init.next', { command: o.config ? `${gw} run --config ${configFile}` : `${gw} run` }));
  const manager = defaultManager();
  if (manager) io.say(t(locale, 'init.service', { manager, cmd: `${gw} install` }));
}

/**
 * Each gateway found, asked: watch it, and may gatewatch restart it. This user's default to yes, another user's to no
 * (taken, it is written with `restart: false` unless its operator says otherwise).
 */
async function chooseHomes(homes: FoundHome[], io: InitIO, locale: Locale): Promise<FoundHome[]> {
  const yes = (answer: string, fallback: boolean) =>
    answer === ''
      ? fallback
      : /^(y|yes|是|好|要|可以)/i.test(answer)
        ? true
        : /^(n|no|否|不)/i.test(answer)
          ? false
          : fallback;
  const out: FoundHome[] = [];
  for (const h of homes) {
    const other = h.otherUser !== undefined;
    const params = { name: h.name, what: describeHome(locale, h), user: h.otherUser ?? '' };
    const watch = yes(await io.asker.ask(t(locale, other ? 'init.ask.watch.other' : 'init.ask.watch', params)), !other);
    if (!watch) {
      // Another user's stays written commented out, as --yes writes it; this user's is left out.
      if (other) out.push(h);
      else io.say(`  ${t(locale, 'init.home.not_chosen', { name: h.name })}`);
      continue;
    }
    const restart = yes(
      await io.asker.ask(t(locale, other ? 'init.ask.restart.other' : 'init.ask.restart', params)),
      !other,
    );
    out.push({ ...h, chosen: { restart } });
  }
  return out;
}

/**
 * The login name of the user init runs as; a uid the password file does not name (a container's, `docker run -u`)
 * has none, and os.userInfo() throws there: then $USER, else `uid N`.
 */
function loginName(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER || env.LOGNAME || `uid ${process.getuid?.() ?? '?'}`;
  }
}

/** The channel to reach the operator: given, asked, or the console. */
async function chooseChannel(
  o: InitOptions,
  io: InitIO,
  locale: Locale,
  envFile: string,
): Promise<{ channel: ChannelChoice; secret?: string }> {
  const chats = registry.chats().filter((p) => p.setup && p.operatorKey);
  const choices = ['console', ...chats.map((p) => p.type)];
  const name =
    o.channel ??
    (o.yes
      ? 'console'
      : (await io.asker.ask(t(locale, 'init.ask.channel', { choices: choices.join(', '), default: 'console' }))) ||
        'console');
  if (!choices.includes(name))
    throw new CliError(t(locale, 'init.bad_channel', { name, choices: choices.join(', ') }), 64);
  const plugin = chats.find((p) => p.type === name);
  if (!plugin) return { channel: {} };
  const setup = plugin.setup!;
  const doc = `docs/${plugin.type}-channel.md`;
  const secretKey = plugin.secretKeys?.[0];
  const ask = async (given: string | undefined, question: string, secret = false) =>
    given ?? (o.yes ? undefined : (await io.asker.ask(question, { secret })) || undefined);
  const appId = setup.appId
    ? await ask(o.appId, t(locale, 'init.ask.app_id', { channel: plugin.type, doc }))
    : undefined;
  const operatorId = await ask(o.operatorId, t(locale, 'init.ask.operator_id', { key: plugin.operatorKey!, doc }));
  const missing = [...(setup.appId && !appId ? ['--app-id ID'] : []), ...(!operatorId ? ['--operator-id ID'] : [])];
  if (missing.length)
    throw new CliError(t(locale, 'init.needs', { channel: plugin.type, flags: missing.join(', ') }), 64);
  // A secret already in the environment is taken from there: it never has to be typed or passed on a command line.
  const secret =
    io.env[setup.secretEnv] ||
    (secretKey
      ? await ask(
          undefined,
          t(locale, 'init.ask.secret', { channel: plugin.type, key: secretKey, file: envFile }),
          true,
        )
      : undefined);
  const channel: ChannelChoice = {
    type: plugin.type,
    operatorKey: plugin.operatorKey,
    operatorId,
    appId,
    secretKey,
    secretEnv: setup.secretEnv,
    alertTo: setup.alertTo?.(operatorId!),
  };
  checkChannel(plugin, channel, secret, locale);
  return { channel, secret };
}

/** What was typed, checked as the config will be: a bad app id or token is said now, not at the first `run`. */
function checkChannel(plugin: AnyChannelPlugin, c: ChannelChoice, secret: string | undefined, locale: Locale): void {
  if (plugin.numericOperatorId && !/^-?\d+$/.test(c.operatorId!))
    throw new CliError(
      t(locale, 'init.bad_value', { what: plugin.operatorKey!, why: t(locale, 'init.expected_number') }),
      64,
    );
  const settings = {
    ...(c.appId !== undefined ? { app_id: c.appId } : {}),
    ...(c.secretKey ? { [c.secretKey]: secret ?? '' } : {}),
    ...(c.alertTo ? { alert_to: [c.alertTo] } : {}),
  };
  const parsed = plugin.schema.safeParse(settings, { reportInput: true });
  // The secret is checked only when it was given (an empty one is filled in later).
  const issue = parsed.success ? undefined : parsed.error.issues.find((i) => secret || i.path[0] !== c.secretKey);
  if (issue)
    throw new CliError(t(locale, 'init.bad_value', { what: issue.path.join('.'), why: issueText(issue, locale) }), 64);
}
