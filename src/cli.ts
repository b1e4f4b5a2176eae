#!/usr/bin/env node
// gatewatch CLI: the daemon, a cron-friendly one-shot check, and the chat commands run locally.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { Logger } from 'pino';
import { ConfigError, EX_CONFIG, defaultConfig, findConfigPath, loadConfigFile, resolveConfig } from './config/load.js';
import { configSchema, type Config } from './config/schema.js';
import { createApp, type App } from './app.js';
import { buildChannels } from './channels/index.js';
import { createLogger } from './util/logger.js';
import { renderText } from './delivery/render-text.js';
import type { Reply } from './types.js';
import { demoHome, demoTargetConfig, startDemo, stopDemo, injectFault, DEMO_FAULTS } from './demo/index.js';

const program = new Command();
program.name('gatewatch').description('Watchdog bot for the Hermes Agent gateway').version('0.1.0');

interface Loaded {
  config: Config;
  demo: boolean;
}

function loadConfig(file: string | undefined, opts: { allowDemo: boolean }): Loaded {
  const found = findConfigPath(file);
  if (found) {
    if (!existsSync(found)) throw new ConfigError(found, undefined, '', 'config file not found');
    return { config: loadConfigFile(found), demo: false };
  }
  const config = defaultConfig();
  const home = config.targets[0]!.hermes_home;
  if (!opts.allowDemo || existsSync(path.join(home, 'gateway.pid')) || existsSync(path.join(home, 'logs', 'gateway.log'))) return { config, demo: false };
  // No config and no Hermes here: watch the demo gateway so a newcomer sees the whole loop.
  return { config: demoConfig(config.state_dir), demo: true };
}

/** The demo gateway reconnects QQ every 20 s and shows a fault within seconds: scale the windows to match. */
function demoConfig(stateDir: string): Config {
  const raw = configSchema.parse({
    state_dir: stateDir,
    targets: [demoTargetConfig(demoHome(stateDir))],
    channels: { console: {} },
    detect: { disconnect_grace: '30s', storm: { disconnects: 5, within: '60s' }, zombie_after: '60s' },
    remediate: { cooldown: '20s', verify_timeout: '30s' },
    schedule: '*/10 * * * * *',
  });
  return resolveConfig(raw, undefined);
}

function withConfigErrors<A extends unknown[]>(fn: (...a: A) => Promise<void>) {
  return async (...a: A) => {
    try {
      await fn(...a);
    } catch (err) {
      if (err instanceof ConfigError) {
        process.stderr.write(`gatewatch: config error: ${err.message}\n`);
        process.exit(EX_CONFIG);
      }
      process.stderr.write(`gatewatch: ${(err as Error).stack ?? err}\n`);
      process.exit(1);
    }
  };
}

async function oneShotApp(file: string | undefined, log: Logger): Promise<App> {
  const { config } = loadConfig(file, { allowDemo: false });
  return createApp(config, { log, readOnly: true });
}

function printer(json: boolean) {
  const replies: Reply[] = [];
  return {
    replies,
    respond: async (r: Reply) => {
      replies.push(r);
      if (!json) process.stdout.write(renderText(r, { buttons: false }) + '\n\n');
    },
    flush: () => json && process.stdout.write(JSON.stringify(replies, null, 2) + '\n'),
  };
}

/** The daemon: used by `run`, and by `demo` with the demo config. */
async function runDaemon(config: Config, o: { demo: string | false; forceConsole: boolean }): Promise<void> {
  const noChat = !config.channels.qq && !config.channels.feishu;
  const useConsole = o.forceConsole || !!config.channels.console || noChat;
  // On a terminal the console chat is the interface: keep gatewatch's own JSON log to warnings there.
  const log = createLogger(process.env.GATEWATCH_LOG_LEVEL ?? (useConsole && process.stderr.isTTY ? 'warn' : 'info'));
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await app.stop().catch(() => undefined);
    if (o.demo) await stopDemo(config.targets[0]!.hermes_home).catch(() => undefined);
    process.exit(code);
  };
  const app = await createApp(config, { log, onFatal: () => void shutdown(1) });
  if (o.demo) {
    const home = config.targets[0]!.hermes_home;
    await startDemo(home, { qqCycleMs: 20_000 });
    process.stdout.write(
      [
        `${o.demo}: watching the DEMO gateway in ${home}.`,
        `Type /status, then break it:  /demo fail crash   (or from another terminal: npx gatewatch demo fail crash)`,
        `Faults: ${DEMO_FAULTS.map((f) => f.name).join(', ')}`,
        `gatewatch alerts here, restarts it, and /status shows the result. /help lists every command.`,
        '',
      ].join('\n') + '\n',
    );
  }
  const stdinIsTty = !!process.stdin.isTTY;
  const channels = await buildChannels(config, {
    console: useConsole ? { onEnd: () => (o.forceConsole || stdinIsTty ? void shutdown(0) : undefined) } : false,
  });
  for (const ch of channels) {
    try {
      await app.addChannel(ch);
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      log.fatal({ channel: ch.name, err: (err as Error).message }, 'channel failed to start');
      process.stderr.write(`gatewatch: channel ${ch.name} failed to start: ${(err as Error).message}\n`);
      await shutdown(EX_CONFIG);
    }
  }
  await app.start();
  log.info({ targets: config.targets.map((t) => t.name), channels: channels.map((c) => c.name) }, 'gatewatch running');
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
}

program
  .command('run')
  .description('run the daemon: channels, schedule, live log watch')
  .option('-c, --config <file>', 'config file')
  .option('--console', 'use the console channel (stdin/stdout) even when stdin is not a terminal')
  .action(
    withConfigErrors(async (o: { config?: string; console?: boolean }) => {
      const { config, demo } = loadConfig(o.config, { allowDemo: true });
      await runDaemon(config, { demo: demo && 'No config file and no Hermes gateway in ~/.hermes', forceConsole: !!o.console });
    }),
  );

program
  .command('check')
  .description('one-shot check: prints nothing and exits 0 when healthy; else the findings, exit 1 (warning) or 2 (critical)')
  .option('-c, --config <file>', 'config file')
  .option('--json', 'print findings as JSON')
  .action(
    withConfigErrors(async (o: { config?: string; json?: boolean }) => {
      const app = await oneShotApp(o.config, createLogger(process.env.GATEWATCH_LOG_LEVEL ?? 'warn'));
      const results = [];
      for (const t of app.config.targets) results.push(await app.evaluate(t.name, { act: false }));
      const findings = results.flatMap((r) => r.findings);
      const code = findings.some((f) => f.severity === 'critical') ? 2 : findings.some((f) => f.severity === 'warning') ? 1 : 0;
      if (o.json) process.stdout.write(JSON.stringify({ status: ['ok', 'warning', 'critical'][code], findings }, null, 2) + '\n');
      else if (findings.length) {
        const { findingsReply } = await import('../commands/check.js');
        for (const r of results) if (r.findings.length) process.stdout.write(renderText(findingsReply(r.target, r.findings, app.config.locale)) + '\n');
      }
      process.exit(code);
    }),
  );

function chatCommand(name: string, description: string, build: (args: string[], o: Record<string, unknown>) => string, extra?: (c: Command) => Command) {
  let cmd = program.command(name).description(description).option('-c, --config <file>', 'config file').option('--json', 'print the reply model as JSON');
  if (extra) cmd = extra(cmd);
  cmd.argument('[args...]').action(
    withConfigErrors(async (args: string[], o: Record<string, unknown>) => {
      const app = await oneShotApp(o.config as string | undefined, createLogger(process.env.GATEWATCH_LOG_LEVEL ?? 'warn'));
      const out = printer(!!o.json);
      await app.handle({ channel: 'cli', senderId: 'local', text: build(args, o) }, out.respond);
      out.flush();
      const bad = out.replies.some((r) => r.tone === 'critical');
      process.exit(bad ? 1 : 0);
    }),
  );
}

chatCommand('status', 'gateway process, platforms, incidents, last restart', (a) => `/status ${a.join(' ')}`);
chatCommand(
  'logs',
  'tail of gateway.log, secrets redacted',
  (a, o) => `/logs ${o.lines ?? 30} ${o.grep ?? ''} ${a.join(' ')}`,
  (c) => c.addOption(new Option('-n, --lines <n>', 'number of lines (max 200)')).option('--grep <re>', 'only lines matching this regular expression'),
);
chatCommand('restart', 'restart the gateway through its supervisor and verify it', (a, o) => `/restart ${a.join(' ')}${o.yes ? ' confirm' : ''}`, (c) => c.option('-y, --yes', 'restart even when it looks healthy'));
chatCommand('doctor', 'checks plus deployment lint', (a) => `/doctor ${a.join(' ')}`);

const demo = program.command('demo').description('the demo gateway playground');
demo
  .command('run', { isDefault: true })
  .description('start the demo gateway and watch it from the console')
  .action(
    withConfigErrors(async () => {
      await runDaemon(demoConfig(defaultConfig().state_dir), { demo: 'Demo playground', forceConsole: true });
    }),
  );
demo
  .command('fail <fault>')
  .description('inject a failure into the running demo gateway')
  .action(
    withConfigErrors(async (fault: string) => {
      if (!DEMO_FAULTS.some((f) => f.name === fault)) {
        process.stderr.write(`unknown fault "${fault}"; one of: ${DEMO_FAULTS.map((f) => f.name).join(', ')}\n`);
        process.exit(2);
      }
      const r = await injectFault(demoHome(defaultConfig().state_dir), fault);
      if (!r.ok) {
        process.stderr.write(`gatewatch: ${r.error ?? 'could not inject the fault'} (is the demo running? start it with: npm start)\n`);
        process.exit(1);
      }
      process.stdout.write(`injected ${fault}${r.when === 'next-start' ? ' (applies at the next start of the demo gateway)' : ''}\n`);
    }),
  );
demo
  .command('stop')
  .description('stop the demo gateway')
  .action(withConfigErrors(async () => void (await stopDemo(demoHome(defaultConfig().state_dir)))));

program.parseAsync(process.argv).catch((err) => {
  process.stderr.write(`gatewatch: ${(err as Error).message}\n`);
  process.exit(1);
});
