// `gatewatch install` and `uninstall`: the systemd unit or launchd agent that runs this gatewatch.
import { existsSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { Manager } from '../deploy/install.js';
import type { Scope } from '../deploy/systemd.js';
import { withConfigErrors } from '../cli-errors.js';
import { t } from '../i18n.js';
import { cliIo, exit } from '../cli-io.js';
import { homeDir } from '../util/run-env.js';
import { gatewatchLine } from '../util/invocation.js';
import { configLoad } from './config.js';
import { cliLocale, tx } from './locale.js';

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
      : (await import('../deploy/install.js')).defaultManager();
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

export function addService(program: Command): void {
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
            import('../deploy/install.js'),
          ]);
          const config = findConfigPath(o.config) ?? path.join(homeDir(), '.config', 'gatewatch', 'config.yaml');
          const plan = planInstall({
            manager,
            scope,
            config,
            // This very gatewatch, by absolute path: the service must not depend on PATH or on a shell profile.
            node: process.execPath,
            // The executable, dist/src/cli.js (this module is in a bundle beside it once built).
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
          const validate = gatewatchLine(`validate --config ${config}`);
          if (!existsSync(config))
            out.push(
              t(l, 'install.no_config', {
                config,
                init: gatewatchLine(`init${o.config ? ` --config ${config}` : ''}`),
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
        const { planUninstall, removeInstalled, stillLoaded } = await import('../deploy/install.js');
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
