// The daemon (`run`, and `demo` with the demo config): one per state_dir, its channels, the control socket the other
// verbs talk to, and the HTTP endpoint and dead man's switch where the config asks for them.
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { App } from '../app.js';
import type { Channel } from '../types.js';
import { EX_TEMPFAIL, acquireDaemonLock, type LockResult } from '../control/lock.js';
import type { LockAside } from '../state/alerts.js';
import type { ControlServer } from '../control/server.js';
import type { HttpServer } from '../ops/http.js';
import type { Deadman } from '../ops/deadman.js';
import type { DemoHermes } from '../demo/faults.js';
import { EX_CONFIG } from '../cli-errors.js';
import { channelName, loadLocale, phrase, t } from '../i18n.js';
import { cliIo, exit } from '../cli-io.js';
import { configLoad, demoModule } from './config.js';
import { systemClock } from '../util/clock.js';
import { ownLoopback } from '../util/own-loopback.js';
import { isLoopbackListen } from '../config/schema.js';
import { gatewatchLine } from '../util/invocation.js';
import { DAEMON_RUNTIME_FLAGS } from '../deploy/daemon-flags.js';

const createLogger = async (level: string): Promise<Logger> => (await import('../util/logger.js')).createLogger(level);

export type DaemonOptions = {
  demo: 'auto' | 'playground' | false;
  forceConsole: boolean;
  demoHermes?: DemoHermes;
};
type HeldLock = Extract<LockResult, { ok: true }>;

/** What a running daemon holds besides its app, let go of in this order by its shutdown. */
interface Served {
  control?: ControlServer;
  http?: HttpServer;
  deadman?: Deadman;
}

/** The daemon: used by `run`, and by `demo` with the demo config. */
export async function runDaemon(config: Config, o: DaemonOptions): Promise<void> {
  // The service runs with a young generation of 1 MB and V8's small-footprint heuristics (DAEMON_NODE_FLAGS); every
  // daemon keeps its young generation from growing and favours memory, from here on (main.ts sets a check's flags the
  // same way, and the service's daemon's these before it loads, for its code cache).
  for (const flag of DAEMON_RUNTIME_FLAGS) setFlagsFromString(flag);
  // fetch() keeps an entry on node's resource timeline for each request, up to 250 of them, each with its URL: the Bot
  // API's carry the bot's token in their path (issue 62: most of what a daemon's heap grew over 200 /uptime pictures).
  // Nothing here reads them.
  performance.setResourceTimingBufferSize(0);
  await loadLocale(config.locale);
  const { lock, lockAside } = await takeDaemonLock(config, o);
  const served: Served = {};
  process.on('exit', () => {
    served.control?.removeSync();
    lock.release();
  });
  const noChat = !(await import('../channels/index.js')).hasChatChannel(config);
  const useConsole = o.forceConsole || !!config.channels.console || noChat;
  // At once, before channels connect and the first check runs (they take seconds): what runs, and how to reach it.
  cliIo().stdout.write(
    (await import('../ops/banner.js')).startBanner(config, { console: useConsole }).join('\n') + '\n',
  );
  // On a terminal the console chat is the interface: keep gatewatch's own JSON log to warnings there.
  const log = await createLogger(
    cliIo().env.GATEWATCH_LOG_LEVEL ?? (useConsole && cliIo().stderr.isTTY ? 'warn' : 'info'),
  );
  const [{ createApp }, { buildChannels }] = await Promise.all([import('../app.js'), import('../channels/index.js')]);
  const demo = o.demo ? await demoModule() : undefined;
  let stopping = false;
  /** The playground's demo gateway being started: a stop waits for it, and then stops what it started. */
  let demoStart: Promise<void> | undefined;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await served.control?.close().catch(() => undefined);
    await served.http?.close().catch(() => undefined);
    await served.deadman?.stop().catch(() => undefined);
    await app.stop().catch(() => undefined);
    if (demo) {
      await demoStart?.catch(() => undefined);
      // The playground's gateway goes with it: said, as `demo stop` says it.
      const r = await demo.stopDemo(config.targets[0]!.hermes_home).catch(() => undefined);
      if (r?.ok && r.wasRunning)
        cliIo().stdout.write(
          `${t(config.locale, r.killed ? 'cli.demo.killed' : 'cli.demo.stopped', { pid: r.pid! })}\n`,
        );
    } else await sayDemoLeftRunning(config);
    // On the console: the watch has ended, what it watched has not (a Ctrl-C said nothing).
    if (useConsole && !demo && code === 0)
      cliIo().stdout.write(
        `${t(config.locale, 'cli.run.stopped', {
          targets: config.targets.map((x) => x.name).join(t(config.locale, 'list.comma')),
        })}\n`,
      );
    exit(code);
  };
  // prom-client and the HTTP server only when http.listen asks for them.
  const ops = config.http.listen
    ? await Promise.all([import('../ops/metrics.js'), import('../ops/http.js')])
    : undefined;
  const metrics = ops?.[0].createMetrics();
  const app = await createApp(config, {
    log,
    onFatal: () => void shutdown(1),
    lockAside,
    ...metrics?.hooks,
    ...(o.demo ? { playground: true } : {}),
  });
  metrics?.bind(app);
  // Stopped as soon as there is something to stop: a daemon told to stop during its start-up (a test's end, Ctrl-C on
  // `npm start`) exited at once, and left the playground's demo gateway, and a restart command its first look had
  // begun, running behind it.
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  if (demo) {
    let fresh = false;
    await (demoStart = startDemoGateway(config, o, demo).then((s) => void (fresh = s.ok && !s.alreadyRunning)));
    // A new playground starts its gateway anew: what the last one left open ended with that one's stop (its Ctrl-C
    // stopped the gateway), closed so, not "back" at the first look (issue 80 item 4: "QQ is back: Hermes reconnected
    // it" for a ban the last session played).
    if (fresh) await app.judge(config.targets[0]!.name, [], { down: true, stopped: true });
  } else {
    const { reviveDemoTargets } = await import('./revive-demo.js');
    for (const line of await reviveDemoTargets(config.targets, config.locale)) cliIo().stdout.write(`${line}\n`);
  }
  const stdinIsTty = !!cliIo().stdin.isTTY;
  const channels = await buildChannels(config, app.core.clock, {
    console: useConsole
      ? { output: cliIo().stdout, onEnd: () => (o.forceConsole || stdinIsTty ? void shutdown(0) : undefined) }
      : false,
  });
  if (!(await addChannels(app, channels, config, log))) await shutdown(EX_CONFIG);
  const sayChannels = await channelSayer(app, config);
  sayChannels([]);
  // Told to stop meanwhile: the stop under way ends the process.
  if (stopping) return;
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
    // Open to every user of this host: said once where the operator looks at start, the intake off (src/ops/http.ts).
    if (!config.http.token && !(isLoopbackListen(config.http.listen) && ownLoopback())) {
      cliIo().stderr.write(`gatewatch: ${t(config.locale, 'http.open_local', { listen: config.http.listen })}\n`);
      log.warn(
        { listen: config.http.listen },
        'http endpoint without http.token: open to every local user, intake off',
      );
    }
  }
  if (config.deadman) {
    const [{ startDeadman }, { healthOf }] = await Promise.all([
      import('../ops/deadman.js'),
      import('../ops/health.js'),
    ]);
    served.deadman = startDeadman({
      url: config.deadman.url,
      everyMs: config.deadman.every,
      timeoutMs: config.deadman.timeout,
      health: () => healthOf(app),
      log,
      clock: app.core.clock,
    });
  }
  if (config.alerts.on_start) void sayWatching(app, config, () => stopping);
  log.info({ targets: config.targets.map((t) => t.name), channels: channels.map((c) => c.name) }, 'gatewatch running');
}

/** Checked this often for the first looks to be done, and given up on (said with what is not looked at yet) after: */
const FIRST_LOOK_EVERY_MS = 250;
const FIRST_LOOK_WITHIN_MS = 60_000;

/** `alerts.on_start`: once every target's first look is done (or a minute has gone), what gatewatch watches. */
async function sayWatching(app: App, config: Config, stopping: () => boolean): Promise<void> {
  const [{ watchingNotice }, { lookPort }] = await Promise.all([
    import('../../commands/watching.js'),
    import('../operations.js'),
  ]);
  const look = lookPort(app.core);
  const until = app.core.now() + FIRST_LOOK_WITHIN_MS;
  while (!config.targets.every((x) => look.lastLook(x.name)) && app.core.now() < until && !stopping())
    await app.core.clock.sleep(FIRST_LOOK_EVERY_MS);
  if (!stopping()) await app.raise(watchingNotice(look, config.locale)).catch(() => undefined);
}

/**
 * One daemon per state_dir, taken before anything is started (a second demo must not start or stop the first one's):
 * a daemon already running is said with how to talk to it, and this one exits (75).
 */
/** `run` quitting on a config that watches a demo gateway (init on the demo's home): it keeps running, and is said so. */
async function sayDemoLeftRunning(config: Config): Promise<void> {
  const { demoTargetsLeftRunning } = await import('./revive-demo.js');
  const lines = await demoTargetsLeftRunning(config.targets, config.locale).catch(() => []);
  for (const line of lines) cliIo().stdout.write(`${line}\n`);
}

async function takeDaemonLock(config: Config, o: DaemonOptions): Promise<{ lock: HeldLock; lockAside?: LockAside }> {
  const lock = await acquireDaemonLock(config.state_dir, systemClock);
  if (!lock.ok) {
    const l = config.locale;
    cliIo().stderr.write(
      `gatewatch: ${t(l, 'cli.daemon.running', { pid: lock.holder.pid, dir: config.state_dir })}\n` +
        `${t(l, 'cli.daemon.talk', { commands: gatewatchLine(`status | logs | check | restart${o.demo ? ' | demo fail crash' : ''}`), pid: lock.holder.pid })}\n`,
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
): Promise<{ ok: boolean; alreadyRunning?: boolean }> {
  const home = config.targets[0]!.hermes_home;
  const started = await demo.startDemo(home, {
    qqCycleMs: demo.PLAYGROUND_QQ_CYCLE_MS,
    hermes: o.demoHermes,
    untilState: true,
  });
  const l = config.locale;
  // Watched all the same (its first check says what it finds), but the newcomer hears why it is not running.
  const notStarted = started.ok
    ? []
    : [t(l, 'banner.demo.not_started', { why: started.why ? phrase(l, started.why) : (started.error ?? '?') })];
  cliIo().stdout.write(
    [
      t(l, o.demo === 'auto' ? 'banner.demo.auto' : 'banner.demo.playground', { home }),
      ...notStarted,
      t(l, 'banner.demo.try', {
        faults: demo.DEMO_FAULTS.map((f) => f.name).join(t(l, 'list.comma')),
        cmd: gatewatchLine('demo fail crash'),
      }),
      '',
      '',
    ].join('\n'),
  );
  return started;
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
          .map((c) => channelName(config.locale, c.name))
          .join(t(config.locale, 'list.comma')),
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
  const { channelBanner } = await import('../ops/banner.js');
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
  const { startControlServer, NoControlSocket } = await import('../control/server.js');
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
