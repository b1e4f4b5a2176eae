// `gatewatch demo`: the demo gateway playground (run, fail <fault>, heal, stop).
import { Option, type Command } from 'commander';
import { withConfigErrors } from '../cli-errors.js';
import { phrase, t, wordOf } from '../i18n.js';
import { cliIo, exit } from '../cli-io.js';
import { CliError } from '../util/cli-error.js';
import { runDaemon } from './daemon.js';
import { channelConfig, demoConfig, demoModule } from './config.js';
import { tx } from './locale.js';
import { gatewatchLine } from '../util/invocation.js';
import type { DemoHermes } from '../demo/faults.js';
import type { Locale, Reply } from '../types.js';
import { systemClock } from '../util/clock.js';
import { lockHolder } from '../control/lock.js';

export function addDemo(program: Command): void {
  const demo = program
    .command('demo')
    .description(tx('cli.desc.demo'))
    // `run` is the default: its option is the playground's (`gatewatch demo --hermes current`), said here too.
    .addHelpText('after', `\n${tx('cli.help.demo_after')}`);
  demo
    .command('run', { isDefault: true })
    .description(tx('cli.desc.demo_run'))
    .addOption(new Option('--hermes <which>', tx('cli.opt.hermes')).choices(['legacy', 'current', 'v0.20']))
    .action(
      withConfigErrors(async (o: { hermes?: DemoHermes }) => {
        await runDaemon(await demoConfig((await channelConfig()).defaultConfig().state_dir), {
          demo: 'playground',
          forceConsole: true,
          demoHermes: o.hermes,
        });
      }),
    );
  demo
    .command('fail [fault]')
    .description(tx('cli.desc.demo_fail'))
    .action(
      withConfigErrors(async (fault: string | undefined) => {
        const [{ DEMO_FAULTS, demoFaultHelp, demoHome, injectFault }, { defaultConfig }] = await Promise.all([
          demoModule(),
          channelConfig(),
        ]);
        const config = defaultConfig();
        const l = config.locale;
        // Without a fault: what there is to play, one line each.
        if (fault === undefined) {
          cliIo().stdout.write(`${t(l, 'cli.demo.faults')}\n${demoFaultHelp(l)}\n`);
          return;
        }
        // Said as every CLI error is, one `gatewatch:` line; its exit 2 is an earlier issue's contract (scripts read it).
        if (!DEMO_FAULTS.some((f) => f.name === fault))
          throw new CliError(
            t(l, 'cli.demo.unknown_fault', { fault, faults: DEMO_FAULTS.map((f) => f.name).join(t(l, 'list.comma')) }),
            2,
          );
        const r = await injectFault(demoHome(config.state_dir), fault);
        const start = gatewatchLine('demo');
        if (!r.ok) {
          // A daemon watching the demo (the playground's `npm start`): starting another is not the way; its heal is.
          const watcher = r.notRunning !== undefined ? await lockHolder(config.state_dir) : undefined;
          const why =
            r.notRunning !== undefined
              ? watcher
                ? t(l, 'cli.demo.not_running_watched', {
                    reason: wordOf(l, 'process.reason', r.notRunning),
                    pid: watcher.pid,
                    heal: gatewatchLine('demo heal'),
                  })
                : t(l, 'cli.demo.not_running', { reason: wordOf(l, 'process.reason', r.notRunning), start })
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
        // The playground's daemon heals it through its own restart: said as the heal in its recovery, kept in its
        // history. Behind its back the restart read as the gateway started again outside, or Hermes' own reconnect.
        if (await healedByDaemon(config.state_dir, config.locale)) return;
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
        const config = defaultConfig();
        const l = config.locale;
        const r = await stopDemo(demoHome(config.state_dir));
        if (!r.ok) {
          cliIo().stderr.write(
            `gatewatch: ${r.why ? phrase(l, r.why) : (r.error ?? t(l, 'cli.demo.stop_failed.default'))}\n`,
          );
          exit(1);
        }
        cliIo().stdout.write(
          `${
            !r.wasRunning
              ? t(l, 'cli.demo.stop_not_running', { reason: r.reason ? wordOf(l, 'process.reason', r.reason) : '?' })
              : t(l, r.killed ? 'cli.demo.killed' : 'cli.demo.stopped', { pid: r.pid ?? '?' })
          }\n`,
        );
      }),
    );
}

/**
 * `demo heal` through the daemon of this state_dir when one watches the demo (its /demo heal, audited as `cli`); false
 * when none runs, none answers, or it watches no demo, for the heal to be done here.
 */
async function healedByDaemon(stateDir: string, locale: Locale): Promise<boolean> {
  const [{ askDaemon }, { printer }, { exitCodeFor }] = await Promise.all([
    import('../control/client.js'),
    import('./print.js'),
    import('../control/protocol.js'),
  ]);
  const replies: Reply[] = [];
  const answer = await askDaemon(
    stateDir,
    { command: 'demo', args: { verb: 'heal' }, json: false },
    (r) => void replies.push(r),
    { clock: systemClock, waitMs: 2_000 },
  ).catch(() => undefined);
  if (!answer || replies.some((r) => r.title === t(locale, 'demo.none'))) return false;
  const out = await printer({ json: false });
  for (const r of replies) await out.respond(r);
  if (answer.error) cliIo().stderr.write(`gatewatch: ${answer.error}\n`);
  exit(answer.exit ?? exitCodeFor(replies));
  return true;
}
