// The demo's supervisor as a command, playing the part systemd plays for a real gateway:
//   node ctl.js start|stop|restart|status|heal|fail <fault>|faults --home DIR [--qq-cycle 20s] [--qq-app-id N]
//     [--hermes legacy|current|v0.20]
// and, for the `update` faults, the part `hermes update` plays (`ctl.js update`, updater.ts).
// Exit codes: 0 ok (status: running), 1 failure (status: not running), 2 usage.
// An entry only (the commands live in supervisor.ts): scripts/bundle.mjs makes it one file, which its launcher runs.
import { addCatalog, t } from '../i18n.js';
import { localeFromEnv } from '../util/locale-env.js';
import { ctlMain } from './ctl-main.js';

/** The script's start: its launcher (src/demo/launch.ts) calls it. */
export async function start(): Promise<void> {
  const l = localeFromEnv(process.env);
  // ctl's bundle leaves zh-CN out (scripts/bundle.mjs) and loads it from its own file for a Chinese terminal;
  // everywhere else it is loaded already.
  if (l === 'zh-CN') addCatalog(l, (await import('../text/zh-CN.js')).zhCN);
  ctlMain(process.argv.slice(2), undefined, l).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`${t(localeFromEnv(process.env), 'demo.ctl.crashed', { error: e.message })}\n`);
      process.exit(1);
    },
  );
}
