// A registry command run from the terminal: answered by the daemon of this state_dir when one runs (its live view, its
// restart, its audit, where it is recorded with actor `cli`), else by a one-shot app here. Exit code: 0, 1
// refused/failed/critical, 2 unknown target, 64 a usage error (see exitCodeFor).
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { App } from '../app.js';
import type { CliVerb } from '../../commands/types.js';
import { askDaemon } from '../control/client.js';
import { exitCodeFor } from '../control/protocol.js';
import { phrase, t } from '../i18n.js';
import { cliIo, exit } from '../cli-io.js';
import { configLoad } from './config.js';
import { printer, type PrintOptions } from './print.js';
import { systemClock } from '../util/clock.js';

/** What the CLI asks: the command and its arguments, or (a form older scripts use) its chat words. */
export type CliAsk = { command: string; args: Record<string, unknown> } | { text: string };

/** One-shot commands log at warn and mostly write nothing: pino loads with the first line written. */
const oneShotLogger = async (): Promise<Logger> =>
  (await import('../util/logger.js')).createLazyLogger(cliIo().env.GATEWATCH_LOG_LEVEL ?? 'warn');

async function oneShotApp(config: Config, log: Logger, playground: boolean): Promise<App> {
  return (await import('../app.js')).createApp(config, {
    log,
    readOnly: true,
    // The demo a daemon left (its config): its restarts are the playground's, as that daemon marked them.
    ...(playground ? { playground: true } : {}),
    notice: (text) => cliIo().stderr.write(`gatewatch: ${text}\n`),
  });
}

/**
 * Answered by the daemon of this state_dir when one runs (its live view, its channels; audited as `cli`), else by a
 * one-shot app here, which the verb's `alone` may give channels first (and take down after). Exits with the command's
 * code.
 */
export async function runChatCommand(
  config: Config,
  req: CliAsk,
  print: PrintOptions,
  alone?: CliVerb['alone'],
  o: { demoLeft?: boolean } = {},
): Promise<never> {
  const out = await printer(print);
  const remote = await askDaemon(config.state_dir, { ...req, json: print.json }, out.respond, { clock: systemClock });
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
  // No daemon: the demo it watched is stopped with it, said before what it saw.
  const note = o.demoLeft
    ? await (await import('./demo-config.js')).demoStoppedNote(config.state_dir, config.locale)
    : undefined;
  if (note) cliIo().stderr.write(`gatewatch: ${note}\n`);
  const app = await oneShotApp(config, await oneShotLogger(), !!o.demoLeft);
  const done = alone ? await PREPARE[alone](app, config) : undefined;
  const from = { channel: 'cli', senderId: 'local' };
  if ('command' in req) await app.handleRequest(from, req, out.respond);
  else await app.handle({ ...from, text: `/${req.text}` }, out.respond);
  await done?.();
  // The logs it read are closed now, not by the garbage collector: the command may run inside a longer process.
  for (const w of app.watches.values()) await w.stop();
  await out.flush();
  exit(exitCodeFor(out.replies));
}

/** What a run without a daemon sets up first, and how it is taken down after. */
const PREPARE: Record<NonNullable<CliVerb['alone']>, (app: App, config: Config) => Promise<() => Promise<unknown>>> = {
  /**
   * `gatewatch doctor` with no daemon: each configured channel's service is asked whether it takes the credentials, as
   * the daemon asks at start and every hour. Built, never started: nothing is sent and no chat is read.
   */
  credentials: async (app, config) => {
    const { buildChannels } = await import('../channels/index.js');
    await app.credentials.round(await buildChannels(config, app.core.clock));
    return async () => undefined;
  },
  /** `gatewatch test` with no daemon: the configured channels, started here only to send. */
  channels: async (app, config) => {
    const [{ buildChannels }, { ConfigError }, { redact }, { standInChannel }] = await Promise.all([
      import('../channels/index.js'),
      configLoad(),
      import('../util/redact.js'),
      import('../delivery/channel-down.js'),
    ]);
    // No daemon: build the configured channels here, just to send. The console is this terminal; it gets the answer.
    const channels = (await buildChannels(config, app.core.clock)).filter((c) => c.name !== 'console');
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
};
