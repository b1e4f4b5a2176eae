// `gatewatch run` on a config whose target is the demo gateway's home (`gatewatch init --hermes-home <the demo's>`
// writes one): the demo stops its gateway as it quits (`npm start`, `gatewatch demo`), a planned stop that the run
// would take for its operator's and leave alone, saying nothing. That stop was the demo's own, not a person's: the run
// starts the gateway again, as a service manager would at boot, and says so in one line, or in one line why not.
import path from 'node:path';
import { isDemoHome } from '../demo/home.js';
import { phrase, t } from '../i18n.js';
import type { Locale } from '../types.js';
import { gatewatchLine } from '../util/invocation.js';
import { channelConfig, demoModule } from './config.js';

export async function reviveDemoTargets(
  targets: readonly { name: string; hermes_home: string }[],
  locale: Locale,
): Promise<string[]> {
  const homes = targets.filter((x) => isDemoHome(x.hermes_home));
  if (!homes.length) return [];
  const { demoStatus, startDemo } = await demoModule();
  const lines: string[] = [];
  for (const x of homes) {
    if ((await demoStatus(x.hermes_home)).alive) continue;
    const r = await startDemo(x.hermes_home).catch((e: Error) => ({ ok: false, error: e.message }) as const);
    lines.push(
      r.ok
        ? t(locale, 'banner.demo.revived', { target: x.name, pid: r.pid ?? '?' })
        : t(locale, 'banner.demo.not_revived', {
            target: x.name,
            why: 'why' in r && r.why ? phrase(locale, r.why) : (r.error ?? '?'),
          }),
    );
  }
  return lines;
}

/**
 * As `run` quits: the demo gateways it watched keep running, as a gateway under its service does when the watchdog
 * stops; said in one line each, with how to stop it (`gatewatch demo stop` for the demo's own home).
 */
export async function demoTargetsLeftRunning(
  targets: readonly { name: string; hermes_home: string }[],
  locale: Locale,
): Promise<string[]> {
  const homes = targets.filter((x) => isDemoHome(x.hermes_home));
  if (!homes.length) return [];
  const [{ demoHome, demoStatus }, { defaultConfig }] = await Promise.all([demoModule(), channelConfig()]);
  const own = demoHome(defaultConfig().state_dir);
  const lines: string[] = [];
  for (const x of homes) {
    const s = await demoStatus(x.hermes_home);
    if (!s.alive) continue;
    const stop = path.resolve(x.hermes_home) === own ? gatewatchLine('demo stop') : undefined;
    lines.push(
      stop
        ? t(locale, 'banner.demo.left_running', { target: x.name, pid: s.pid ?? '?', cmd: stop })
        : t(locale, 'banner.demo.left_running_elsewhere', { target: x.name, pid: s.pid ?? '?' }),
    );
  }
  return lines;
}
