// gatewatch CLI: the daemon, a cron-friendly one-shot check, and the chat commands run locally. Loaded by src/main.ts
// (the executable), which sends a plain `check` to its own bundle instead.
import { existsSync, realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { GATEWATCH_VERSION } from './util/version.js';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import type { App } from './app.js';
import type { Channel, Locale, Reply } from './types.js';
import { EX_TEMPFAIL, acquireDaemonLock, type LockResult } from './control/lock.js';
import type { LockAside } from './state/alerts.js';
import type { ControlServer } from './control/server.js';
import { askDaemon } from './control/client.js';
import { exitCodeFor } from './control/protocol.js';
import type { Manager } from './deploy/install.js';
import type { InitOptions } from './init/index.js';
import type { Scope } from './deploy/systemd.js';
import type { HttpServer } from './ops/http.js';
import type { Deadman } from './ops/deadman.js';
import { EX_CONFIG, failAndExit, withConfigErrors } from './cli-errors.js';
import type { Loaded } from './cli-check.js';
import { localeFromEnv } from './util/locale-env.js';
import { parseDuration } from './util/duration.js';
import { commandLine } from './util/command-line.js';
import { phrase, t, wordOf, type TextKey } from './i18n.js';
import { localizeCommander } from './cli-help.js';
import { cliIo, exit } from './cli-io.js';
import { homeDir } from './util/run-env.js';
import { isWindowName } from './history/model.js';

// Start-up time is most of what a one-shot command costs: each command loads only the modules it uses (the config and
// the probes for status; the chat channels, pino and prom-client only where they are needed).
const configLoad = () => import('./config/load.js');
/** The loader bound to the channel plugins (their schemas). */
const channelConfig = () => import('./channels/config.js');
const checkModule = () => import('./cli-check.js');
const demoModule = () => import('./demo/index.js');
const createLogger = async (level: string): Promise<Logger> => (await import('./util/logger.js')).createLogger(level);
/** One-shot commands log at warn and mostly write nothing: pino loads with the first line written. */
const oneShotLogger = async (): Promise<Logger> =>
  (await import('./util/logger.js')).createLazyLogger(cliIo().env.GATEWATCH_LOG_LEVEL ?? 'warn');

// The CLI's words before any config is read: the terminal's language.
const cliLocale = () => localeFromEnv(cliIo().env);
/** A text without parameters (a description, a heading). */
const tx = (key: TextKey) => (t as (l: Locale, k: TextKey) => string)(cliLocale(), key);

async function loadConfig(
  file: string | undefined,
  opts: { allowDemo: boolean; homesMayBeMissing?: boolean },
): Promise<Loaded> {
  return (await checkModule()).loadConfig(file, {
    homesMayBeMissing: opts.homesMayBeMissing,
    // No config and no Hermes here: watch the demo gateway so a newcomer sees the whole loop.
    demo: async (config) => {
      const home = config.targets[0]!.hermes_home;
      if (
        !opts.allowDemo ||
        existsSync(path.join(home, 'gateway.pid')) ||
        existsSync(path.join(home, 'logs', 'gateway.log'))
      )
        return undefined;
      return demoConfig(config.state_dir);
    },
  });
}

/** The demo gateway reconnects QQ every 20 s and shows a fault within seconds: scale the windows to match. */
async function demoConfig(stateDir: string): Promise<Config> {
  const [{ configSchema, resolveConfig }, { demoHome, demoTargetConfig, demoWatchSettings }] = await Promise.all([
    channelConfig(),
    demoModule(),
  ]);
  const raw = configSchema.parse({
    ...demoWatchSettings(),
    state_dir: stateDir,
    // No config file: the language of the terminal.
    locale: cliLocale(),
    targets: [demoTargetConfig(demoHome(stateDir))],
    channels: { console: {} },
  });
  return resolveConfig(raw, undefined);
}

async function oneShotApp(config: Config, log: Logger): Promise<App> {
  return (await import('./app.js')).createApp(config, {
    log,
    readOnly: true,
    notice: (text) => cliIo().stderr.write(`gatewatch: ${text}\n`),
  });
}

const renderText = async () => (await import('./delivery/render-text.js')).renderText;

/**
 * --json is read by scripts on this host, which run commands through the CLI: a button's `command` is the CLI's
 * (`gatewatch restart demo --yes`, not chat's `/restart demo confirm`), and its `ref` the command by what it does, for
 * a script that builds its own argument array. A button without a ref (an older daemon's) stays as it came.
 */
const cliButtons = (r: Reply): Reply =>
  r.buttons ? { ...r, buttons: r.buttons.map((b) => (b.ref ? { ...b, command: commandLine(b.ref, 'cli') } : b)) } : r;

/** How a chat command's answer is printed: `json` (its --json), `png` a file for its picture (--png). */
interface PrintOptions {
  json: boolean;
  png?: string;
}

/** --png: the answer's picture into the file, or a one-line error and exit 73 (EX_CANTCREAT). */
async function writePicture(file: string, replies: readonly Reply[]): Promise<void> {
  const chart = replies.find((r) => r.chart)?.chart;
  if (!chart) return;
  try {
    const { chartPng } = await import('./delivery/chart-png.js');
    await writeFile(file, await chartPng(chart));
  } catch (err) {
    cliIo().stderr.write(`gatewatch: ${t(cliLocale(), 'cli.png_failed', { file, error: (err as Error).message })}\n`);
    exit(73);
  }
}

/** --json prints the replies, or an answer's own figures where it has them (Reply.data: that command's JSON contract). */
async function printer({ json, png }: PrintOptions) {
  const replies: Reply[] = [];
  const render = json ? undefined : await renderText();
  return {
    replies,
    respond: async (r: Reply) => {
      replies.push(r);
      if (render) cliIo().stdout.write(render(r, { buttons: false }) + '\n\n');
    },
    flush: async () => {
      if (png !== undefined) await writePicture(png, replies);
      if (!json) return;
      const own = replies.find((r) => r.data !== undefined);
      cliIo().stdout.write(JSON.stringify(own ? own.data : replies.map(cliButtons), null, 2) + '\n');
    },
  };
}

type DaemonOptions = { demo: 'auto' | 'playground' | false; forceConsole: boolean; demoHermes?: 'legacy' | 'current' };
type HeldLock = Extract<LockResult, { ok: true }>;

/** What a running daemon holds besides its app, let go of in this order by its shutdown. */
interface Served {
  control?: ControlServer;
  http?: HttpServer;
  deadman?: Deadman;
}

/** The daemon: used by `run`, and by `demo` with the demo config. */
async function runDaemon(config: Config, o: DaemonOptions): Promise<void> {
  const { lock, lockAside } = await takeDaemonLock(config, o);
  const served: Served = {};
  process.on('exit', () => {
    served.control?.removeSync();
    lock.release();
  });
  const noChat = !(await import('./channels/index.js')).hasChatChannel(config);
  const useConsole = o.forceConsole || !!config.channels.console || noChat;
  // At once, before channels connect and the first check runs (they take seconds): what runs, and how to reach it.
  cliIo().stdout.write(
    (await import('./ops/banner.js')).startBanner(config, { console: useConsole }).join('\n') + '\n',
  );
  // On a terminal the console chat is the interface: keep gatewatch's own JSON log to warnings there.
  const log = await createLogger(
    cliIo().env.GATEWATCH_LOG_LEVEL ?? (useConsole && cliIo().stderr.isTTY ? 'warn' : 'info'),
  );
  const [{ createApp }, { buildChannels }] = await Promise.all([import('./app.js'), import('./channels/index.js')]);
  const demo = o.demo ? await demoModule() : undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await served.control?.close().catch(() => undefined);
    await served.http?.close().catch(() => undefined);
    await served.deadman?.stop().catch(() => undefined);
    await app.stop().catch(() => undefined);
    if (demo) await demo.stopDemo(config.targets[0]!.hermes_home).catch(() => undefined);
    exit(code);
  };
  // prom-client and the HTTP server only when http.listen asks for them.
  const ops = config.http.listen ? await Promise.all([import('./ops/metrics.js'), import('./ops/http.js')]) : undefined;
  const metrics = ops?.[0].createMetrics();
  const app = await createApp(config, { log, onFatal: () => void shutdown(1), lockAside, ...metrics?.hooks });
  metrics?.bind(app);
  if (demo) await startDemoGateway(config, o, demo);
  const stdinIsTty = !!cliIo().stdin.isTTY;
  const channels = await buildChannels(config, {
    console: useConsole ? { onEnd: () => (o.forceConsole || stdinIsTty ? void shutdown(0) : undefined) } : false,
  });
  if (!(await addChannels(app, channels, config, log))) await shutdown(EX_CONFIG);
  const sayChannels = await channelSayer(app, config);
  sayChannels([]);
  await app.start();
  // The first round of credential checks ends when the slowest service answers or times out: said then, not waited for.
  void app.firstCredentialRound?.then(() => !stopping && sayChannels(app.credentials.unreachable()));
  served.control = await serveControl(app, config, lock, log);
  if (ops && metrics) {
    try {
      served.http = await ops[1].startHttpServer(app, {
        listen: config.http.listen,
        token: config.http.token,
        metrics,
      });
    } catch (err) {
      cliIo().stderr.write(
        `gatewatch: ${t(config.locale, 'cli.daemon.no_http', { listen: config.http.listen, error: (err as Error).message })}\n`,
      );
      await shutdown(1);
    }
    if (!config.http.token && !/^(127\.|\[::1\]:|localhost:)/.test(config.http.listen))
      log.warn({ listen: config.http.listen }, 'http endpoint on a non-loopback address without http.token');
  }
  if (config.deadman) {
    const [{ startDeadman }, { healthOf }] = await Promise.all([import('./ops/deadman.js'), import('./ops/health.js')]);
    served.deadman = startDeadman({
      url: config.deadman.url,
      everyMs: config.deadman.every,
      timeoutMs: config.deadman.timeout,
      health: () => healthOf(app),
      log,
    });
  }
  log.info({ targets: config.targets.map((t) => t.name), channels: channels.map((c) => c.name) }, 'gatewatch running');
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
}

/**
 * One daemon per state_dir, taken before anything is started (a second demo must not start or stop the first one's):
 * a daemon already running is said with how to talk to it, and this one exits (75).
 */
async function takeDaemonLock(config: Config, o: DaemonOptions): Promise<{ lock: HeldLock; lockAside?: LockAside }> {
  const lock = await acquireDaemonLock(config.state_dir);
  if (!lock.ok) {
    const l = config.locale;
    cliIo().stderr.write(
      `gatewatch: ${t(l, 'cli.daemon.running', { pid: lock.holder.pid, dir: config.state_dir })}\n` +
        `${t(l, 'cli.daemon.talk', { commands: `gatewatch status | logs | check | restart${o.demo ? ' | demo fail crash' : ''}`, pid: lock.holder.pid })}\n`,
    );
    exit(EX_TEMPFAIL);
  }
  // A full or read-only state_dir does not stop the watchdog (that would be a crash loop under systemd, and silence):
  // the lock went to the fallback directory, or stays in memory; the state_dir alert says so on every channel.
  const lockAside: LockAside | undefined =
    lock.where === 'fallback'
      ? { where: 'fallback', dir: path.dirname(lock.file) }
      : lock.where === 'memory'
        ? { where: 'memory', why: lock.why ?? '' }
        : undefined;
  if (lock.where !== 'state_dir') {
    const aside = { dir: config.state_dir, why: lock.why ?? '', fallback: path.dirname(lock.file) };
    cliIo().stderr.write(
      `gatewatch: ${t(config.locale, lock.planted ? 'cli.daemon.lock_planted' : lock.where === 'fallback' ? 'cli.daemon.lock_fallback' : 'cli.daemon.lock_memory', aside)}\n`,
    );
  }
  return { lock, lockAside };
}

/** The demo's own gateway, started beside the daemon that watches it, and what the newcomer can try. */
async function startDemoGateway(
  config: Config,
  o: DaemonOptions,
  demo: Awaited<ReturnType<typeof demoModule>>,
): Promise<void> {
  const home = config.targets[0]!.hermes_home;
  const started = await demo.startDemo(home, { qqCycleMs: 20_000, hermes: o.demoHermes });
  const l = config.locale;
  // Watched all the same (its first check says what it finds), but the newcomer hears why it is not running.
  const notStarted = started.ok
    ? []
    : [t(l, 'banner.demo.not_started', { why: started.why ? phrase(l, started.why) : (started.error ?? '?') })];
  cliIo().stdout.write(
    [
      t(l, o.demo === 'auto' ? 'banner.demo.auto' : 'banner.demo.playground', { home }),
      ...notStarted,
      t(l, 'banner.demo.try', { faults: demo.DEMO_FAULTS.map((f) => f.name).join(t(l, 'list.comma')) }),
      '',
      '',
    ].join('\n'),
  );
}

/**
 * Every configured channel started, side by side: a service that is slow to answer its start-up check (up to 10 s)
 * holds up no other channel. One bad channel among working ones does not stop gatewatch: it runs with the others,
 * which hear which channel cannot deliver and why (app.channelTrouble). Only when no channel at all can deliver is
 * that a config error (78; false is returned): the console counts when it is in use (configured, `--console`, or the
 * only channel there is).
 */
async function addChannels(app: App, channels: Channel[], config: Config, log: Logger): Promise<boolean> {
  const { ConfigError, configErrorText } = await configLoad();
  const starts = await Promise.allSettled(channels.map((ch) => app.addChannel(ch)));
  const failed: { name: string; err: Error }[] = [];
  starts.forEach((r, i) => {
    if (r.status === 'fulfilled') return;
    const name = channels[i]!.name;
    failed.push({ name, err: r.reason as Error });
    log.error({ channel: name, err: (r.reason as Error).message }, 'channel failed to start');
  });
  const allFailed = failed.length > 0 && failed.length === channels.length;
  // The one channel there is, refused by its config: said as any config error is (withConfigErrors, exit 78).
  if (allFailed && failed.length === 1 && failed[0]!.err instanceof ConfigError) throw failed[0]!.err;
  for (const f of failed)
    cliIo().stderr.write(
      `gatewatch: ${t(config.locale, 'cli.daemon.channel_failed', { channel: f.name, error: f.err instanceof ConfigError ? configErrorText(f.err, config.locale) : f.err.message })}\n`,
    );
  if (allFailed) {
    cliIo().stderr.write(`gatewatch: ${t(config.locale, 'cli.daemon.no_channel')}\n`);
    return false;
  }
  if (failed.length)
    cliIo().stderr.write(
      `gatewatch: ${t(config.locale, 'cli.daemon.running_with', {
        channels: channels
          .filter((c) => !failed.some((f) => f.name === c.name))
          .map((c) => c.name)
          .join(', '),
      })}\n`,
    );
  return true;
}

/**
 * The banner goes on: which channel cannot deliver, why and the fix, said where the operator is looking at start.
 * Each channel once, however often it is called.
 */
async function channelSayer(
  app: App,
  config: Config,
): Promise<(unreachable: ReturnType<App['credentials']['unreachable']>) => void> {
  const { channelBanner } = await import('./ops/banner.js');
  const saidDown = new Set<string>();
  return (unreachable) => {
    const down = app.channelTrouble.list().filter((d) => !saidDown.has(d.channel));
    for (const d of down) saidDown.add(d.channel);
    const lines = channelBanner({ down, unreachable, locale: config.locale });
    if (lines.length) cliIo().stdout.write(lines.join('\n') + '\n');
  };
}

/**
 * The control socket never stops the watchdog: a path it cannot trust sends it to a private one, or to none; the
 * lock tells the CLI which (so that the CLI neither misses this daemon nor acts behind its back), and the terminal
 * and the log hear it once.
 */
async function serveControl(app: App, config: Config, lock: HeldLock, log: Logger): Promise<ControlServer | undefined> {
  const { startControlServer, NoControlSocket } = await import('./control/server.js');
  let control: ControlServer | undefined;
  try {
    control = await startControlServer(app, config.state_dir);
    if (control.aside) {
      const { refused, why } = control.aside;
      await lock.advertise({ socket: control.path, refused, why });
      cliIo().stdout.write(
        t(config.locale, 'banner.control_aside', { socket: control.path, refused, why: phrase(config.locale, why) }) +
          '\n',
      );
      log.warn(
        { socket: control.path, refused, why: phrase('en', why) },
        'serving the control socket in a private directory: the usual path cannot be trusted or used',
      );
    }
  } catch (err) {
    if (!(err instanceof NoControlSocket)) throw err;
    await lock.advertise({ refused: err.refused, why: err.why });
    cliIo().stdout.write(
      t(config.locale, 'banner.control_none', { refused: err.refused, why: phrase(config.locale, err.why) }) + '\n',
    );
    log.error(
      { refused: err.refused, why: phrase('en', err.why), tried: err.tried },
      'serving no control socket: watching and alerting go on, the CLI cannot reach this daemon',
    );
  }
  log.info({ socket: control?.path }, 'control socket listening');
  return control;
}

function addRun(program: Command): void {
  program
    .command('run')
    .description(tx('cli.desc.run'))
    .option('-c, --config <file>', tx('cli.opt.config'))
    .option('--console', tx('cli.opt.console'))
    .action(
      withConfigErrors(async (o: { config?: string; console?: boolean }) => {
        const { config, demo } = await loadConfig(o.config, { allowDemo: true });
        await runDaemon(config, { demo: demo ? 'auto' : false, forceConsole: !!o.console });
      }),
    );
}

function addCheck(program: Command): void {
  program
    .command('check')
    .description(tx('cli.desc.check'))
    .option('-c, --config <file>', tx('cli.opt.config'))
    .option('--json', tx('cli.opt.json_findings'))
    .action(withConfigErrors(async (o: { config?: string; json?: boolean }) => (await checkModule()).checkCommand(o)));
}

type Structured = { command: string; args: Record<string, unknown> };
/** What a CLI command line becomes: a structured request, the chat words of an old form, or a usage error. */
type Built = { args: Record<string, unknown> } | { words: string[] } | { usage: string };

/**
 * A chat command from the CLI, parsed once here into the command's arguments: answered by the daemon of this
 * state_dir when one runs (its live view, its restart, its audit), else run here once. Exit code: 0, 1
 * refused/failed/critical, 2 unknown target, 64 a usage error (see exitCodeFor).
 */
function chatCommand(
  program: Command,
  name: string,
  description: string,
  usage: string,
  build: (words: string[], o: Record<string, unknown>) => Built,
  extra?: (c: Command) => Command,
) {
  let cmd = program
    .command(name)
    .description(description)
    .option('-c, --config <file>', tx('cli.opt.config'))
    .option('--json', tx('cli.opt.json_reply'));
  if (extra) cmd = extra(cmd);
  cmd.argument('[args...]').action(
    withConfigErrors(async (words: string[], o: Record<string, unknown>) => {
      const built = build(words, o);
      if ('usage' in built)
        usageError(`${built.usage}\n${t(cliLocale(), 'cli.usage.line', { usage: `gatewatch ${name} ${usage}` })}`);
      const { config } = await loadConfig(o.config as string | undefined, {
        allowDemo: false,
        homesMayBeMissing: name === 'doctor',
      });
      // Forms scripts used before the CLI had flags (`logs 30 4009`) are read as chat reads them.
      const req = 'words' in built ? { text: [name, ...built.words].join(' ') } : { command: name, args: built.args };
      const print = { json: !!o.json, ...(typeof o.png === 'string' ? { png: o.png } : {}) };
      await runChatCommand(config, req, print, name === 'doctor' ? askCredentials(config) : undefined);
    }),
  );
}

/**
 * `gatewatch doctor` with no daemon: each configured channel's service is asked whether it takes the credentials, as
 * the daemon asks at start and every hour. Built, never started: nothing is sent and no chat is read.
 */
const askCredentials = (config: Config) => async (app: App) => {
  const { buildChannels } = await import('./channels/index.js');
  await app.credentials.round(await buildChannels(config));
  return async () => undefined;
};

/** A CLI usage error: one line on stderr, exit 64 (EX_USAGE). */
function usageError(message: string): never {
  cliIo().stderr.write(`gatewatch: ${message}\n`);
  exit(64);
}

/**
 * Answered by the daemon of this state_dir when one runs (its live view, its channels; audited as `cli`), else by a
 * one-shot app here, which `prepare` may give channels first (and take down after). Exits with the command's code.
 */
async function runChatCommand(
  config: Config,
  req: Structured | { text: string },
  print: PrintOptions,
  prepare?: (app: App) => Promise<() => Promise<unknown>>,
): Promise<never> {
  const out = await printer(print);
  const remote = await askDaemon(config.state_dir, { ...req, json: print.json }, out.respond);
  if (remote) {
    await out.flush();
    // How this daemon is reached, and why not where it usually is: status is where a person looks for that.
    if (remote.aside && ('command' in req ? req.command : req.text.split(/\s+/)[0]) === 'status') {
      const { socket, refused, why } = remote.aside;
      cliIo().stderr.write(
        `gatewatch: ${t(config.locale, 'cli.daemon.answers_aside', { pid: remote.pid ?? '?', socket, refused, why: phrase(config.locale, why) })}\n`,
      );
    }
    if (remote.error) cliIo().stderr.write(`gatewatch: ${remote.error}\n`);
    exit(remote.exit);
  }
  const app = await oneShotApp(config, await oneShotLogger());
  const done = prepare ? await prepare(app) : undefined;
  const from = { channel: 'cli', senderId: 'local' };
  if ('command' in req) await app.handleRequest(from, req, out.respond);
  else await app.handle({ ...from, text: `/${req.text}` }, out.respond);
  await done?.();
  await out.flush();
  exit(exitCodeFor(out.replies));
}

/** A count given on the command line: a whole number of at least 1, else a usage error. */
function count(v: unknown, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < 1)
    usageError(t(cliLocale(), 'cli.usage.count', { what, value: String(v) }));
  return Number(v);
}

const targetOnly = (words: string[]): Built =>
  words.length > 1 ? { words } : { args: words[0] ? { target: words[0] } : {} };

/** The chat commands, run from the terminal. */
function addChatCommands(program: Command): void {
  chatCommand(program, 'status', tx('cli.desc.status'), '[target]', targetOnly);
  chatCommand(
    program,
    'logs',
    tx('cli.desc.logs'),
    '[target] [-n lines] [--grep pattern] [--bodies]',
    (words, o) => {
      const lines = count(o.lines, '-n/--lines');
      const grep = o.grep as string | undefined;
      const bodies = o.bodies === true ? { bodies: true } : {};
      // `logs 20` is 20 lines, `logs demo` the demo's log; more words are the chat form (`logs 30 4009`).
      if (words.length > 1 && lines === undefined && grep === undefined)
        return { words: o.bodies === true ? [...words, '--bodies'] : words };
      if (words.length > 1) return { usage: t(cliLocale(), 'cli.usage.logs_target', { words: words.join(' ') }) };
      const word = words[0];
      const n = word !== undefined && /^\d+$/.test(word) ? count(word, tx('cli.usage.what.lines')) : undefined;
      if (n !== undefined && lines !== undefined) return { usage: tx('cli.usage.lines_twice') };
      return {
        args: {
          lines: lines ?? n ?? 30,
          ...(grep !== undefined ? { grep } : {}),
          ...(word !== undefined && n === undefined ? { target: word } : {}),
          ...bodies,
        },
      };
    },
    (c) =>
      c
        .addOption(new Option('-n, --lines <n>', tx('cli.opt.lines')))
        .option('--grep <re>', tx('cli.opt.grep'))
        .option('--bodies', tx('cli.opt.bodies')),
  );
  chatCommand(
    program,
    'restart',
    tx('cli.desc.restart'),
    '[target] [--yes] [--interrupt]',
    (words, o) => {
      const rest = words.filter((w) => w.toLowerCase() !== 'confirm' && w.toLowerCase() !== 'interrupt');
      if (rest.length > 1) return { usage: t(cliLocale(), 'cli.usage.one_target', { words: rest.join(' ') }) };
      const said = (w: string) => words.some((x) => x.toLowerCase() === w);
      return {
        args: {
          confirm: !!o.yes || said('confirm'),
          interrupt: !!o.interrupt || said('interrupt'),
          ...(rest[0] ? { target: rest[0] } : {}),
        },
      };
    },
    (c) => c.option('-y, --yes', tx('cli.opt.yes_restart')).option('--interrupt', tx('cli.opt.interrupt_restart')),
  );
  chatCommand(
    program,
    'fix',
    tx('cli.desc.fix'),
    '[target] [n] [--yes] [--interrupt]',
    (words, o) => {
      const n = words.filter((w) => /^\d+$/.test(w));
      const rest = words.filter(
        (w) => w.toLowerCase() !== 'confirm' && w.toLowerCase() !== 'interrupt' && !/^\d+$/.test(w),
      );
      if (rest.length > 1 || n.length > 1)
        return { usage: t(cliLocale(), 'cli.usage.fix_one', { words: words.join(' ') }) };
      const said = (w: string) => words.some((x) => x.toLowerCase() === w);
      return {
        args: {
          confirm: !!o.yes || said('confirm'),
          interrupt: !!o.interrupt || said('interrupt'),
          ...(n[0] ? { n: count(n[0], tx('cli.usage.what.fix')) } : {}),
          ...(rest[0] ? { target: rest[0] } : {}),
        },
      };
    },
    (c) => c.option('-y, --yes', tx('cli.opt.yes_fix')).option('--interrupt', tx('cli.opt.interrupt_restart')),
  );
  chatCommand(program, 'doctor', tx('cli.desc.doctor'), '[target]', targetOnly);
  chatCommand(program, 'ack', tx('cli.desc.ack'), '[target]', targetOnly);
  // `mute --for 30m` (or `mute 30m`, the form before --for) silences every target; `mute TARGET --for 30m` (or
  // `mute TARGET 30m`) one. The daemon checks the target's name (an unknown one is a usage error there too).
  chatCommand(
    program,
    'mute',
    tx('cli.desc.mute'),
    '[target] --for <duration>',
    (words, o) => {
      const forGiven = o.for !== undefined;
      if (words.length > (forGiven ? 1 : 2))
        return {
          usage: t(cliLocale(), 'cli.usage.mute_one', {
            words: [...words, ...(forGiven ? [String(o.for)] : [])].join(' '),
          }),
        };
      const duration = forGiven ? String(o.for) : words.at(-1);
      const target = forGiven ? words[0] : words.length === 2 ? words[0] : undefined;
      if (duration === undefined) return { usage: tx('cli.usage.mute_missing') };
      const ms = parseDuration(duration);
      if (!ms || ms > 7 * 24 * 3_600_000) return { usage: t(cliLocale(), 'cli.usage.mute_bad', { value: duration }) };
      return { args: { duration, ...(target !== undefined ? { target } : {}) } };
    },
    (c) => c.option('--for <duration>', tx('cli.opt.for')),
  );
  chatCommand(program, 'unmute', tx('cli.desc.unmute'), '[target]', (words) =>
    words.length > 1
      ? { usage: t(cliLocale(), 'cli.usage.one_target', { words: words.join(' ') }) }
      : { args: words[0] ? { target: words[0] } : {} },
  );
  chatCommand(
    program,
    'history',
    tx('cli.desc.history'),
    '[n]',
    (words, o) =>
      words.length > 1
        ? { usage: tx('cli.usage.one_count') }
        : {
            args: {
              ...(words[0] ? { n: count(words[0], tx('cli.usage.what.events')) } : {}),
              ...(o.all ? { all: true } : {}),
            },
          },
    (c) => c.option('-a, --all', tx('cli.opt.all')),
  );
  chatCommand(
    program,
    'uptime',
    tx('cli.desc.uptime'),
    '[target] [--window 24h|7d|30d] [--json] [--png file]',
    (words, o) => {
      if (words.length > 1) return { usage: t(cliLocale(), 'cli.usage.one_target', { words: words.join(' ') }) };
      const window = o.window as string | undefined;
      if (window !== undefined && !isWindowName(window))
        return { usage: t(cliLocale(), 'cli.usage.window', { value: window }) };
      return { args: { ...(words[0] ? { target: words[0] } : {}), ...(window ? { window } : {}) } };
    },
    (c) => c.option('-w, --window <window>', tx('cli.opt.window')).option('--png <file>', tx('cli.opt.png')),
  );
}

function addTest(program: Command): void {
  program
    .command('test')
    .description(tx('cli.desc.test'))
    .argument('[channel...]', tx('cli.arg.channel'))
    .option('-c, --config <file>', tx('cli.opt.config'))
    .option('--json', tx('cli.opt.json_reply'))
    .action(
      withConfigErrors(async (names: string[], o: { config?: string; json?: boolean }) => {
        if (names.length > 1) {
          cliIo().stderr.write(`gatewatch: ${t(cliLocale(), 'cli.test.usage', { count: names.length })}\n`);
          exit(2);
        }
        const channel = names[0];
        const { config } = await loadConfig(o.config, { allowDemo: false });
        // The running daemon sends through its own channels (one QQ session, one Telegram poller).
        await runChatCommand(
          config,
          { command: 'test', args: channel ? { channel } : {} },
          { json: !!o.json },
          async (app) => {
            const [{ buildChannels }, { ConfigError }, { redact }, { standInChannel }] = await Promise.all([
              import('./channels/index.js'),
              configLoad(),
              import('./util/redact.js'),
              import('./delivery/channel-down.js'),
            ]);
            // No daemon: build the configured channels here, just to send. The console is this terminal; it gets the answer.
            const channels = (await buildChannels(config)).filter((c) => c.name !== 'console');
            for (const ch of channels) {
              // Chat that arrives meanwhile is left for the daemon: this process only sends.
              const ctx = { ...app.context(ch), handle: async () => undefined, sendOnly: true };
              try {
                await ch.start(ctx);
                app.attachChannel(ch);
              } catch (err) {
                // A config error stops the test, but not credentials the service refused (they carry a fix): that channel
                // is reported failed and the others are still tested.
                if (err instanceof ConfigError && !('fix' in err)) throw err;
                // Reported failed with why (already redacted) instead of left out; not permanent: it is only this test.
                app.attachChannel(
                  standInChannel({
                    name: ch.name,
                    detail: `channel did not start: ${redact((err as Error).message)}`,
                    summary: (l = config.locale) => t(l, 'channel.health.not_started'),
                  }),
                );
              }
            }
            return () => Promise.allSettled(channels.map((c) => c.stop()));
          },
        );
      }),
    );
}

function addValidate(program: Command): void {
  program
    .command('validate')
    .description(tx('cli.desc.validate'))
    .option('-c, --config <file>', tx('cli.opt.config'))
    .action(
      withConfigErrors(async (o: { config?: string }) => {
        const [
          { ConfigError, findConfigPath },
          { collectConfigFile },
          { validateConfig, formatProblem, loaderProblem },
        ] = await Promise.all([configLoad(), channelConfig(), import('./channels/validate.js')]);
        const file = findConfigPath(o.config);
        if (!file)
          throw new ConfigError(path.join(homeDir(), '.config', 'gatewatch', 'config.yaml'), undefined, '', {
            key: 'config.error.no_file',
          });
        if (!existsSync(file)) throw new ConfigError(file, undefined, '', { key: 'config.error.not_found' });
        // Every problem in one run: the loader's (each unset variable, each bad key), then what only validate checks.
        const loaded = collectConfigFile(file);
        const v = loaded.config ? validateConfig(loaded.config, loaded.notifierIndex) : { problems: [], summary: [] };
        // The config's locale once it is read; the terminal's when it could not be.
        const l = loaded.config?.locale ?? cliLocale();
        // A key the loader reported (an unset variable keeps its ${NAME}) is not reported again as a placeholder.
        const fromLoader = loaded.problems.map((e) => loaderProblem(e, l));
        const reported = new Set(fromLoader.map((p) => p.key));
        const problems = [...fromLoader, ...v.problems.filter((p) => !reported.has(p.key))].sort(
          (a, b) => (a.line ?? 0) - (b.line ?? 0),
        );
        const errors = problems.filter((p) => p.level === 'error');
        cliIo().stdout.write([t(l, 'validate.config', { file }), ...v.summary, ''].join('\n'));
        for (const p of problems) cliIo().stderr.write(formatProblem(file, p, l) + '\n');
        cliIo().stdout.write(
          (errors.length
            ? t(l, 'validate.errors', { count: errors.length })
            : problems.length
              ? t(l, 'validate.ok.warnings', { count: problems.length })
              : t(l, 'validate.ok')) + '\n',
        );
        exit(errors.length ? EX_CONFIG : 0);
      }),
    );
}

function addInit(program: Command): void {
  program
    .command('init')
    .description(tx('cli.desc.init'))
    .option('-y, --yes', tx('cli.opt.yes_init'))
    .option('--hermes-home <dir>', tx('cli.opt.hermes_home'))
    .option('--channel <name>', tx('cli.opt.channel'))
    .option('--operator-id <id>', tx('cli.opt.operator_id'))
    .option('--app-id <id>', tx('cli.opt.app_id'))
    .option('--force', tx('cli.opt.force'))
    .option('-c, --config <file>', tx('cli.opt.config_init'))
    .addOption(new Option('--locale <locale>', tx('cli.opt.locale')).choices(['en', 'zh-CN']))
    .action(
      withConfigErrors(async (o: InitOptions) => {
        const [{ runInit }, { stdinAsker }] = await Promise.all([import('./init/index.js'), import('./init/ask.js')]);
        const asker = stdinAsker(cliIo().stdin, cliIo().stdout);
        try {
          await runInit(o, {
            asker,
            env: cliIo().env,
            cwd: cliIo().cwd,
            say: (...lines) => cliIo().stdout.write(lines.map((l) => l + '\n').join('')),
          });
        } finally {
          asker.close();
        }
      }),
    );
}

async function serviceChoice(o: {
  systemd?: boolean;
  launchd?: boolean;
  user?: boolean;
  system?: boolean;
}): Promise<{ manager: Manager; scope: Scope }> {
  const manager = o.systemd
    ? 'systemd'
    : o.launchd
      ? 'launchd'
      : (await import('./deploy/install.js')).defaultManager();
  if (!manager) {
    cliIo().stderr.write(`gatewatch: ${t(cliLocale(), 'install.no_manager', { platform: process.platform })}\n`);
    exit(2);
  }
  return { manager, scope: o.system ? 'system' : 'user' };
}

function serviceOptions(c: Command): Command {
  return c
    .addOption(new Option('--systemd', tx('cli.opt.systemd')).conflicts('launchd'))
    .addOption(new Option('--launchd', tx('cli.opt.launchd')).conflicts('systemd'))
    .addOption(new Option('--user', tx('cli.opt.user')).conflicts('system'))
    .addOption(new Option('--system', tx('cli.opt.system')).conflicts('user'));
}

function addService(program: Command): void {
  serviceOptions(program.command('install'))
    .description(tx('cli.desc.install'))
    .option('-c, --config <file>', tx('cli.opt.config_install'))
    .option('--print', tx('cli.opt.print'))
    .action(
      withConfigErrors(
        async (o: {
          systemd?: boolean;
          launchd?: boolean;
          user?: boolean;
          system?: boolean;
          config?: string;
          print?: boolean;
        }) => {
          const { manager, scope } = await serviceChoice(o);
          const [{ findConfigPath }, { planInstall, writeInstall }] = await Promise.all([
            configLoad(),
            import('./deploy/install.js'),
          ]);
          const config = findConfigPath(o.config) ?? path.join(homeDir(), '.config', 'gatewatch', 'config.yaml');
          const plan = planInstall({
            manager,
            scope,
            config,
            // This very gatewatch, by absolute path: the service must not depend on PATH or on a shell profile.
            node: process.execPath,
            // The executable, dist/src/cli.js (this module is a chunk beside it once bundled).
            entry: realpathSync(fileURLToPath(new URL('./cli.js', import.meta.url))),
            home: homeDir(),
            user: scope === 'system' ? (cliIo().env.SUDO_USER ?? os.userInfo().username) : undefined,
            locale: cliLocale(),
          });
          if (o.print) {
            cliIo().stdout.write(plan.content);
            return;
          }
          const r = await writeInstall(plan);
          const l = cliLocale();
          const out = [
            t(
              l,
              r.status === 'unchanged'
                ? 'install.unchanged'
                : r.status === 'updated'
                  ? 'install.updated'
                  : 'install.wrote',
              { path: plan.path },
            ),
          ];
          const validate = `gatewatch validate --config ${config}`;
          if (!existsSync(config))
            out.push(
              t(l, 'install.no_config', {
                config,
                init: `gatewatch init${o.config ? ` --config ${config}` : ''}`,
                validate,
              }),
            );
          else out.push(t(l, 'install.check_first', { validate }));
          if (r.envFileCreated) out.push(t(l, 'install.env_created', { path: plan.envFile }));
          out.push(
            ...plan.notes,
            '',
            t(l, r.status === 'updated' ? 'install.then_reload' : 'install.then_enable'),
            ...plan.enable.map((c) => `  ${c}`),
          );
          if (r.status === 'updated')
            out.push(
              `  ${manager === 'systemd' ? `${scope === 'user' ? 'systemctl --user' : 'sudo systemctl'} restart gatewatch.service` : t(l, 'install.launchd_reload')}`,
            );
          cliIo().stdout.write(out.join('\n') + '\n');
        },
      ),
    );

  serviceOptions(program.command('uninstall'))
    .description(tx('cli.desc.uninstall'))
    .action(
      withConfigErrors(async (o: { systemd?: boolean; launchd?: boolean; user?: boolean; system?: boolean }) => {
        const { manager, scope } = await serviceChoice(o);
        const { planUninstall, removeInstalled, stillLoaded } = await import('./deploy/install.js');
        const plan = planUninstall(manager, scope, homeDir());
        if (!existsSync(plan.path)) {
          cliIo().stdout.write(`${t(cliLocale(), 'uninstall.nothing', { path: plan.path })}\n`);
          return;
        }
        const loaded = await stillLoaded(plan);
        if (loaded) {
          // Removing the file under a running or enabled service leaves it running with nothing to stop it by name.
          cliIo().stderr.write(
            `gatewatch: ${t(cliLocale(), 'uninstall.still_loaded')}\n${plan.stop.map((c) => `  ${c}`).join('\n')}\n`,
          );
          exit(1);
        }
        removeInstalled(plan);
        const out = [t(cliLocale(), 'uninstall.removed', { path: plan.path })];
        if (loaded === undefined)
          out.push(
            t(cliLocale(), 'uninstall.unknown', {
              manager: manager === 'systemd' ? 'systemctl' : 'launchctl',
              stop: plan.stop.join(' ; '),
            }),
          );
        if (plan.after.length) out.push(t(cliLocale(), 'uninstall.then'), ...plan.after.map((c) => `  ${c}`));
        cliIo().stdout.write(out.join('\n') + '\n');
      }),
    );
}

function addDemo(program: Command): void {
  const demo = program.command('demo').description(tx('cli.desc.demo'));
  demo
    .command('run', { isDefault: true })
    .description(tx('cli.desc.demo_run'))
    .addOption(new Option('--hermes <which>', tx('cli.opt.hermes')).choices(['legacy', 'current']))
    .action(
      withConfigErrors(async (o: { hermes?: 'legacy' | 'current' }) => {
        await runDaemon(await demoConfig((await channelConfig()).defaultConfig().state_dir), {
          demo: 'playground',
          forceConsole: true,
          demoHermes: o.hermes,
        });
      }),
    );
  demo
    .command('fail <fault>')
    .description(tx('cli.desc.demo_fail'))
    .action(
      withConfigErrors(async (fault: string) => {
        const [{ DEMO_FAULTS, demoHome, injectFault }, { defaultConfig }] = await Promise.all([
          demoModule(),
          channelConfig(),
        ]);
        const config = defaultConfig();
        const l = config.locale;
        if (!DEMO_FAULTS.some((f) => f.name === fault)) {
          cliIo().stderr.write(
            `${t(l, 'cli.demo.unknown_fault', { fault, faults: DEMO_FAULTS.map((f) => f.name).join(t(l, 'list.comma')) })}\n`,
          );
          exit(2);
        }
        const r = await injectFault(demoHome(config.state_dir), fault);
        const start = 'npm start';
        if (!r.ok) {
          const why =
            r.notRunning !== undefined
              ? t(l, 'cli.demo.not_running', { reason: wordOf(l, 'process.reason', r.notRunning), start })
              : t(l, 'cli.demo.inject_failed', {
                  error: r.why ? phrase(l, r.why) : (r.error ?? t(l, 'cli.demo.inject_failed.default')),
                  start,
                });
          cliIo().stderr.write(`gatewatch: ${why}\n`);
          exit(1);
        }
        const said = r.switched
          ? t(l, 'cli.demo.injected.switched', { fault, hermes: r.switched })
          : r.when === 'next-start'
            ? t(l, 'cli.demo.injected.next_start', { fault })
            : t(l, 'cli.demo.injected', { fault });
        cliIo().stdout.write(`${said}\n`);
      }),
    );
  demo
    .command('heal')
    .description(tx('cli.desc.demo_heal'))
    .action(
      withConfigErrors(async () => {
        const [{ healDemo, demoHome, healWords }, { defaultConfig }] = await Promise.all([
          demoModule(),
          channelConfig(),
        ]);
        const config = defaultConfig();
        const r = await healDemo(demoHome(config.state_dir));
        const words = healWords(config.locale, r.done);
        for (const l of words.steps) cliIo().stdout.write(l + '\n');
        if (!r.ok) {
          cliIo().stderr.write(
            `gatewatch: ${r.why ? phrase(config.locale, r.why) : (r.error ?? t(config.locale, 'cli.demo.heal_failed.default'))}\n`,
          );
          exit(1);
        }
        cliIo().stdout.write(words.result + '\n');
      }),
    );
  demo
    .command('stop')
    .description(tx('cli.desc.demo_stop'))
    .action(
      withConfigErrors(async () => {
        const [{ demoHome, stopDemo }, { defaultConfig }] = await Promise.all([demoModule(), channelConfig()]);
        await stopDemo(demoHome(defaultConfig().state_dir));
      }),
    );
}

/** Every command, built afresh for each run: its words are in the language of that run's terminal. */
function buildProgram(): Command {
  const program = new Command();
  localizeCommander(program, cliLocale());
  program
    .name('gatewatch')
    .description(tx('cli.desc.program'))
    .version(GATEWATCH_VERSION, '-V, --version', tx('cli.help.version'));
  for (const add of [addRun, addCheck, addChatCommands, addTest, addValidate, addInit, addService, addDemo])
    add(program);
  return program;
}

/**
 * One run of the command line `argv` (as process.argv: node, the script, then the arguments), with the I/O of
 * cliIo(). Resolves when the command is done; a command that ends with a code exits (see exit in cli-io.ts).
 */
export async function runCli(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv).catch(failAndExit);
}
