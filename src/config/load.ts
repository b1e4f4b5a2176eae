// Reads config.yaml, substitutes ${ENV}, validates, and resolves paths. Any problem becomes a ConfigError that names
// the file, the line and the key, so the CLI can print it and exit 78 (EX_CONFIG).
import { localeFromEnv } from '../util/locale-env.js';
import { errnoParam, type Phrase } from '../i18n.js';
import type { Locale } from '../types.js';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { configSchemaFor, type Config, type RawConfig, type TargetConfig } from './schema.js';
import { issueWhat } from './schema-text.js';
import { keysAt, likelyKey } from './schema-keys.js';
import type { AnyChannelSpec } from './channel-spec.js';
import { listChannels } from './channels.js';
import { expandHome } from '../util/paths.js';
import { sha256Hex } from '../util/sha256.js';
import { registerConfigSecrets } from './secrets.js';
import { EnvFileError, envFilePath, withEnvFile } from './env-file.js';
import { formatBytes, readCappedSync } from '../util/read-capped.js';
import { homeDir, runCwd, runEnv } from '../util/run-env.js';
import { ConfigError } from './config-error.js';
import { firstBadAlias, formatPath, keyRange, lineOfKey, MAX_CONFIG_BYTES, nodeRange } from './yaml-where.js';

export {
  ConfigError,
  configErrorLine,
  configErrorLocale,
  configErrorText,
  configErrorWhat,
} from './config-error.js';
export { lineOfKey } from './yaml-where.js';

/** YAML aliases a config may expand; a "billion laughs" document needs far more. */
const MAX_ALIAS_COUNT = 100;

/** `--config`, else $GATEWATCH_CONFIG, else ./config.yaml, else ~/.config/gatewatch/config.yaml; undefined if none exists. */
export function findConfigPath(explicit?: string, env = runEnv(), cwd = runCwd()): string | undefined {
  if (explicit) return path.resolve(cwd, expandHome(explicit));
  if (env.GATEWATCH_CONFIG) return path.resolve(cwd, expandHome(env.GATEWATCH_CONFIG));
  const local = path.join(cwd, 'config.yaml');
  if (existsSync(local)) return local;
  const user = path.join(homeDir(), '.config', 'gatewatch', 'config.yaml');
  if (existsSync(user)) return user;
  return undefined;
}

/** The loader for a set of channel plugins (the plugin layer binds it: src/channels/config.ts). */
export interface ConfigLoader {
  /** The config schema; each parse builds it for the channels the data names (see configSchemaFor). */
  configSchema: Pick<ReturnType<typeof configSchemaFor>, 'parse' | 'safeParse'>;
  /** A config file, with the secrets of its env file (see env-file.ts); the first problem is thrown. */
  loadConfigFile(file: string, env?: NodeJS.ProcessEnv): Config;
  /**
   * For validate: every problem of a config file at once (each a ConfigError naming line and key), and the config
   * when what is wrong still leaves one to check (a broken channel is left out, an unknown key ignored).
   */
  collectConfigFile(
    file: string,
    env?: NodeJS.ProcessEnv,
  ): { config?: Config; problems: ConfigError[]; notifierIndex?: (i: number) => number };
  parseConfig(text: string, file?: string, env?: NodeJS.ProcessEnv): Config;
  /** The config used with no file: console channel, watch ~/.hermes. */
  defaultConfig(): Config;
  resolveConfig(raw: RawConfig, source: string | undefined): Config;
}

/**
 * `discover`: fills in the targets of a config that names none (the Hermes homes found on this host). It reads the
 * world, so the plugin layer hands it in (src/channels/config.ts); the config layer reads only its own file.
 */
export function configLoader(
  specs: readonly AnyChannelSpec[],
  discover: (config: Config) => Config = (c) => c,
): ConfigLoader {
  const configSchema: ConfigLoader['configSchema'] = {
    parse: (data, params) => configSchemaFor(specs, data).parse(data, params),
    safeParse: (data, params) => configSchemaFor(specs, data).safeParse(data, params),
  };
  const resolve = (raw: RawConfig, source: string | undefined) => resolveConfig(raw, source, specs);
  return {
    configSchema,
    loadConfigFile: (file, env = runEnv()) =>
      parseConfig(readConfigText(file), file, env, specs, { envFile: true, discover })!,
    collectConfigFile: (file, env = runEnv()) => {
      const opts: ParseOptions = { envFile: true, problems: [], discover };
      const problems = opts.problems!;
      try {
        const config = parseConfig(readConfigText(file), file, env, specs, opts);
        return { config, problems, notifierIndex: opts.notifierIndex };
      } catch (err) {
        // What stops reading altogether: an unreadable file, broken YAML.
        if (err instanceof ConfigError) return { problems: [...problems, err] };
        throw err;
      }
    },
    parseConfig: (text, file, env) => parseConfig(text, file, env, specs, { discover })!,
    defaultConfig: () => discover({ ...resolve(configSchema.parse({}), undefined), locale: localeFromEnv(runEnv()) }),
    resolveConfig: resolve,
  };
}

function readConfigText(file: string): string {
  try {
    // Never a plain read: a FIFO would block start-up for good, /dev/zero would never end.
    return readCappedSync(file, MAX_CONFIG_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTREG')
      throw new ConfigError(file, undefined, '', {
        key: 'config.error.not_regular',
        params: { what: (err as Error).message.replace(`${file} is `, '') },
      });
    if (code === 'EFBIG')
      throw new ConfigError(file, undefined, '', {
        key: 'config.error.too_large',
        params: { size: formatBytes(MAX_CONFIG_BYTES) },
      });
    throw new ConfigError(file, undefined, '', {
      key: 'config.error.unreadable',
      params: { code: code ? errnoParam(code) : String(err) },
    });
  }
}

interface ParseOptions {
  /** Read the env file of the config (a file on disk; a config given as text has none). */
  envFile?: boolean;
  /** Collect every problem here and go on where it can; without it the first problem is thrown. */
  problems?: ConfigError[];
  /** Targets for a config without `targets` (see configLoader). */
  discover?: (config: Config) => Config;
  /** Set by the parse: a notifier's index in the file (a broken one left out shifts those after it). */
  notifierIndex?: (i: number) => number;
}

/** The yaml library's error codes whose meaning the catalogue words (`config.error.yaml.<code>`); others, generally. */
const YAML_CODES = new Set([
  'DUPLICATE_KEY',
  'BAD_INDENT',
  'TAB_AS_INDENT',
  'MISSING_CHAR',
  'BAD_DQ_ESCAPE',
  'BLOCK_AS_IMPLICIT_KEY',
  'MULTILINE_IMPLICIT_KEY',
  'UNEXPECTED_TOKEN',
  'MULTIPLE_DOCS',
  'BAD_SCALAR_START',
  'BLOCK_IN_FLOW',
  'BAD_ALIAS',
]);

/**
 * A YAML syntax error: the parser's own detail is English, so a reader of another language first gets, in their
 * words, what is wrong (by the parser's error code) and at which column; the detail follows as the parser wrote it.
 */
function yamlProblem(code: string, col: number, detail: string): Phrase {
  const key = (
    YAML_CODES.has(code) ? `config.error.yaml.${code.toLowerCase()}` : 'config.error.invalid_yaml'
  ) as 'config.error.invalid_yaml';
  return { key, params: { col, detail } };
}

/** undefined only when collecting problems and none of a config is left to resolve. */
function parseConfig(
  text: string,
  file = 'config.yaml',
  env: NodeJS.ProcessEnv = runEnv(),
  specs: readonly AnyChannelSpec[],
  opts: ParseOptions = {},
): Config | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  // The file's own locale, read before anything else can fail: a config that says `locale: zh-CN` is refused in Chinese.
  const own = fileLocale(doc);
  const report = (e: ConfigError) => {
    e.locale ??= own;
    if (!opts.problems) throw e;
    opts.problems.push(e);
  };
  try {
    return parseDocumentConfig(doc, lines, file, env, specs, opts, report);
  } catch (err) {
    if (err instanceof ConfigError) err.locale ??= own;
    throw err;
  }
}

/** The `locale` a config file names, if it is one gatewatch speaks. */
function fileLocale(doc: Document): Locale | undefined {
  let value: unknown;
  try {
    value = doc.get('locale');
  } catch {
    return undefined;
  }
  return value === 'en' || value === 'zh-CN' ? value : undefined;
}

/** parseConfig, once the document is read: its keys checked, the channels bound, the paths resolved. */
function parseDocumentConfig(
  doc: Document,
  lines: LineCounter,
  file: string,
  env: NodeJS.ProcessEnv,
  specs: readonly AnyChannelSpec[],
  opts: ParseOptions,
  report: (e: ConfigError) => void,
): Config | undefined {
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lines.linePos(offset).line);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new ConfigError(
      file,
      lineOf(e.pos[0]),
      '',
      yamlProblem(e.code, lines.linePos(e.pos[0]).col, e.message.split('\n')[0]!),
    );
  }
  const envFile = opts.envFile ? envWithFile(doc, file, env, lineOf, report) : undefined;
  const unset = new Set<string>();
  substituteEnv(doc, envFile?.env ?? env, file, lineOf, report, unset, envFile?.path);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (err) {
    // An alias to an anchor never defined, or an alias bomb: the yaml library throws instead of reporting.
    const alias = firstBadAlias(doc);
    const why: Phrase = /Excessive alias count/.test((err as Error).message)
      ? { key: 'config.error.alias_bomb', params: { max: MAX_ALIAS_COUNT } }
      : alias?.unresolved
        ? { key: 'config.error.alias_undefined', params: { alias: `*${alias.source}` } }
        : { key: 'config.error.invalid_yaml.other', params: { detail: (err as Error).message } };
    throw new ConfigError(file, lineOf(alias?.offset), '', why);
  }
  const checked = checkSchema(data, specs, doc, file, lineOf, report, unset);
  if (!checked) return undefined;
  const { raw, dropped } = checked;
  opts.notifierIndex = checked.notifierIndex;
  const seen = new Set<string>();
  let duplicateTarget = false;
  for (const [i, t] of raw.targets.entries()) {
    const key = ['targets', i, 'name'];
    if (seen.has(t.name)) {
      duplicateTarget = true;
      report(
        new ConfigError(file, lineOf(nodeRange(doc, key)), formatPath(key), {
          key: 'config.error.duplicate_target',
          params: { name: t.name },
        }),
      );
    }
    seen.add(t.name);
  }
  // Channel names are how routes, /test and the outbox tell channels apart: two with one name would share deliveries.
  const names = new Set(['console', ...specs.filter((p) => p.kind === 'chat').map((p) => p.type)]);
  for (const [i, n] of raw.channels.notifiers.entries()) {
    const name = String(n.name ?? n.type);
    const key = ['channels', 'notifiers', checked.notifierIndex(i), n.name ? 'name' : 'type'];
    if (names.has(name))
      report(
        new ConfigError(file, lineOf(nodeRange(doc, key)), formatPath(key), {
          key: 'config.error.duplicate_channel',
          params: { name },
        }),
      );
    names.add(name);
  }
  if (duplicateTarget) return undefined;
  const config = resolveConfig(raw, file, specs);
  // No `locale` in the file: the language of the terminal or service it runs from (LANG=zh_CN.UTF-8 reads Chinese).
  if ((data as Record<string, unknown>).locale === undefined) config.locale = localeFromEnv(env);
  const known = ['console', ...config.channelList.map((c) => c.name)];
  // A channel left out for its own problem is not also an unknown name where routes name it.
  for (const unknown of unknownChannels(raw.alerts, [...known, ...dropped], raw.report))
    report(
      new ConfigError(file, lineOf(nodeRange(doc, unknown.path)), formatPath(unknown.path), {
        key: 'config.error.unknown_channel',
        params: { name: unknown.name, known: known.join(', ') },
      }),
    );
  // No `targets` key: watch the root and the profiles found under ~/.hermes (issue 9).
  return (data as Record<string, unknown>).targets === undefined && opts.discover ? opts.discover(config) : config;
}

/** The environment with the config's env file under it; a problem with the file leaves the environment as it is. */
function envWithFile(
  doc: Document,
  file: string,
  env: NodeJS.ProcessEnv,
  lineOf: (o?: number) => number | undefined,
  report: (e: ConfigError) => void,
): { env: NodeJS.ProcessEnv; path: string } {
  const node = doc.get('env_file', true) as Node | undefined;
  const written = isScalar(node) && typeof node.value === 'string' && node.value.trim() ? node.value.trim() : undefined;
  const envPath = envFilePath(file, written);
  try {
    return { env: withEnvFile(envPath, env, written !== undefined), path: envPath };
  } catch (err) {
    if (!(err instanceof EnvFileError)) throw err;
    report(
      new ConfigError(
        file,
        written ? lineOf(keyRange(doc, ['env_file'])) : undefined,
        written ? 'env_file' : '',
        err.why,
      ),
    );
    return { env, path: envPath };
  }
}

/**
 * The config schema's verdict. Each issue is reported with its line and key (one already reported as an unset
 * variable is not reported again); when collecting, the parse goes on without what failed — a broken channel left
 * out, an unknown key ignored, a bad value back to its default — so one run shows every problem.
 */
function checkSchema(
  data: unknown,
  specs: readonly AnyChannelSpec[],
  doc: Document,
  file: string,
  lineOf: (o?: number) => number | undefined,
  report: (e: ConfigError) => void,
  reported: Set<string>,
): { raw: RawConfig; dropped: string[]; notifierIndex: (i: number) => number } | undefined {
  const schema = configSchemaFor(specs, data);
  const root = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const channels =
    root.channels && typeof root.channels === 'object' ? (root.channels as Record<string, unknown>) : undefined;
  const notifiers = Array.isArray(channels?.notifiers) ? (channels.notifiers as unknown[]) : undefined;
  const kept = notifiers ? notifiers.map((_, i) => i) : [];
  const dropped: string[] = [];
  const tried = new Set<string>();
  const view = () =>
    notifiers && kept.length !== notifiers.length
      ? { ...root, channels: { ...channels, notifiers: kept.map((i) => notifiers[i]) } }
      : root;
  // The issue's path in the file: a left-out notifier shifts the ones after it in the view.
  const inFile = (p: (string | number)[]) =>
    p[0] === 'channels' && p[1] === 'notifiers' && typeof p[2] === 'number' && notifiers
      ? ['channels', 'notifiers', kept[p[2]] ?? p[2], ...p.slice(3)]
      : p;
  for (let pass = 0; pass < 20; pass++) {
    // reportInput: zod's words name the type of value it got (see issueWhat; the value itself is not kept).
    const parsed = schema.safeParse(view(), { reportInput: true });
    if (parsed.success) return { raw: parsed.data, dropped, notifierIndex: (i) => kept[i] ?? i };
    let goOn = true;
    const dropNotifiers = new Set<number>();
    for (const issue of parsed.error.issues) {
      const keyPath = inFile(issue.path.map((p) => (typeof p === 'number' ? p : String(p))));
      // Unknown keys are reported on the parent; point at each key itself, and go on without it.
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) {
          const full = [...keyPath, k];
          const meant = likelyKey(k, keysAt(schema, keyPath));
          once(
            new ConfigError(
              file,
              lineOf(keyRange(doc, full)),
              formatPath(full),
              meant
                ? { key: 'config.error.unknown_key.meant', params: { key: meant } }
                : { key: 'config.error.unknown_key' },
            ),
          );
          const parent = at(root, keyPath);
          if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[k];
        }
        continue;
      }
      const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
      // The schema's own message is a catalogue text; zod's detail is worded by zod in each locale (schema-text.ts).
      const where = [file, lineOf(nodeRange(doc, keyPath)), formatPath(keyPath)] as const;
      once(
        missing
          ? new ConfigError(...where, { key: 'config.error.missing_key', params: { expected: String(issue.expected) } })
          : new ConfigError(...where, issueWhat(issue)),
      );
      // What is left out to check the rest: a broken channel as a whole, else the value (its default applies).
      if (keyPath[0] === 'channels' && keyPath[1] === 'notifiers' && typeof keyPath[2] === 'number')
        dropNotifiers.add(keyPath[2]);
      else if (keyPath[0] === 'channels' && typeof keyPath[1] === 'string' && keyPath[1] !== 'notifiers' && channels) {
        dropped.push(keyPath[1]);
        delete channels[keyPath[1]];
      } else {
        const parent = at(root, keyPath.slice(0, -1));
        const last = keyPath[keyPath.length - 1];
        const key = formatPath(keyPath);
        if (
          tried.has(key) ||
          typeof last !== 'string' ||
          !parent ||
          typeof parent !== 'object' ||
          Array.isArray(parent)
        )
          goOn = false;
        else delete (parent as Record<string, unknown>)[last];
        tried.add(key);
      }
    }
    for (const i of [...dropNotifiers].sort((a, b) => b - a)) {
      const n = notifiers?.[i] as Record<string, unknown> | undefined;
      dropped.push(String(n?.name ?? n?.type));
      kept.splice(kept.indexOf(i), 1);
    }
    if (!goOn) return undefined;
  }
  return undefined;

  function once(e: ConfigError): void {
    // A value already reported (an unset variable) or a consequence of what was left out is not reported again.
    if (reported.has(e.key)) return;
    reported.add(e.key);
    report(e);
  }
}

/** The value at a key path of plain data, if any. */
function at(data: unknown, keyPath: (string | number)[]): unknown {
  let v = data;
  for (const k of keyPath) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/**
 * A configured target whose hermes_home is not a directory (a typo like ~/.hermse) would read as "gateway not
 * running" forever: refuse it, naming the key and its line. A discovered target (no config file) is not checked here;
 * `doctor` reports it.
 */
export function assertHermesHomesExist(config: Config): void {
  if (!config.source) return;
  for (const [i, tg] of config.targets.entries()) {
    const home = tg.hermes_home;
    let why: Phrase | undefined;
    try {
      if (!statSync(home).isDirectory()) why = { key: 'config.error.home_not_dir', params: { home } };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      why =
        code === 'ENOENT'
          ? { key: 'validate.problem.home_missing', params: { home } }
          : { key: 'config.error.home_unreadable', params: { home, code: code ? errnoParam(code) : '?' } };
    }
    if (!why) continue;
    const e = new ConfigError(
      config.source,
      lineOfKey(config.source, ['targets', i, 'hermes_home']),
      `targets[${i}].hermes_home`,
      why,
    );
    e.locale = config.locale;
    throw e;
  }
}

/** Each channel name in alerts.routes / fallback / escalate and report.to that names no configured channel, with its key path. */
export function unknownChannels(
  a: RawConfig['alerts'],
  names: string[],
  report?: RawConfig['report'],
): { path: (string | number)[]; name: string }[] {
  const known = new Set(names);
  const out: { path: (string | number)[]; name: string }[] = [];
  const check = (list: string[], at: (string | number)[]) =>
    list.forEach((n, i) => known.has(n) || out.push({ path: [...at, i], name: n }));
  a.routes?.forEach((r, i) => check(r.channels, ['alerts', 'routes', i, 'channels']));
  for (const [from, to] of Object.entries(a.fallback ?? {})) {
    if (!known.has(from)) out.push({ path: ['alerts', 'fallback', from], name: from });
    check(to, ['alerts', 'fallback', from]);
  }
  if (a.escalate) check(a.escalate.channels, ['alerts', 'escalate', 'channels']);
  if (report?.to) check(report.to, ['report', 'to']);
  return out;
}

function resolveConfig(raw: RawConfig, source: string | undefined, specs: readonly AnyChannelSpec[]): Config {
  const names = new Set<string>();
  for (const [i, t] of raw.targets.entries()) {
    if (names.has(t.name))
      throw new ConfigError(source ?? 'config', undefined, `targets.${i}.name`, {
        key: 'config.error.duplicate_target',
        params: { name: t.name },
      });
    names.add(t.name);
  }
  registerConfigSecrets(raw, specs);
  return {
    ...raw,
    operators: raw.operators as Config['operators'],
    channelList: listChannels(raw.channels, specs),
    source,
    state_dir: path.resolve(runCwd(), expandHome(raw.state_dir)),
    targets: raw.targets.map(resolveTarget),
  };
}

function resolveTarget(t: RawConfig['targets'][number]): TargetConfig {
  const home = path.resolve(runCwd(), expandHome(t.hermes_home));
  const p = (v: string | undefined, dflt: string) => (v ? path.resolve(home, expandHome(v)) : path.join(home, dflt));
  return {
    name: t.name,
    hermes_home: home,
    log_file: p(t.log_file, 'logs/gateway.log'),
    agent_log_file: p(t.agent_log_file, 'logs/agent.log'),
    state_file: p(t.state_file, 'gateway_state.json'),
    pid_file: p(t.pid_file, 'gateway.pid'),
    platforms: t.platforms,
    service: t.service.pm2_home
      ? { ...t.service, pm2_home: path.resolve(runCwd(), expandHome(t.service.pm2_home)) }
      : t.service,
    profile: hermesProfileSuffix(home),
    ...(t.reachability !== undefined ? { reachability: t.reachability } : {}),
    ...(t.hermes_cli ? { hermes_cli: t.hermes_cli } : {}),
    ...(t.restart === false ? { restart: false } : {}),
  };
}

/**
 * Hermes' service-name suffix for a home: '' for ~/.hermes, the profile name for <root>/profiles/<name>,
 * otherwise the first 8 hex digits of sha256(home) (hermes_cli/gateway.py get_service_name).
 */
export function hermesProfileSuffix(home: string, homedir = homeDir()): string {
  const root = path.join(homedir, '.hermes');
  if (home === root) return '';
  const parent = path.dirname(home);
  const name = path.basename(home);
  if (parent === path.join(root, 'profiles') && /^[a-z0-9][a-z0-9_-]{0,63}$/.test(name)) return name;
  return sha256Hex(home).slice(0, 8);
}

/**
 * Replace `${VAR}` and `${VAR:-default}` in string scalars; a missing variable is a config error on that line. When
 * collecting, each one is reported and its key noted in `unset` (the value keeps its `${VAR}`).
 */
function substituteEnv(
  doc: Document,
  env: NodeJS.ProcessEnv,
  file: string,
  lineOf: (o?: number) => number | undefined,
  report: (e: ConfigError) => void,
  unset: Set<string>,
  envFile?: string,
): void {
  const walk = (node: unknown, keyPath: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) walk(pair.value, [...keyPath, isScalar(pair.key) ? String(pair.key.value) : '?']);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...keyPath, i]));
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
      node.value = node.value.replace(
        /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
        (_m, name: string, dflt: string | undefined) => {
          const v = env[name];
          if (v !== undefined && v !== '') return v;
          if (dflt !== undefined) return dflt;
          unset.add(formatPath(keyPath));
          report(
            new ConfigError(
              file,
              lineOf(node.range?.[0]),
              formatPath(keyPath),
              envFile
                ? { key: 'config.error.env_unset_file', params: { name, file: envFile } }
                : { key: 'config.error.env_unset', params: { name } },
            ),
          );
          return _m;
        },
      );
    }
  };
  walk(doc.contents, []);
}
