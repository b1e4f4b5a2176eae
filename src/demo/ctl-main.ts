// The demo's supervisor as a command line (`node ctl.js …`, ctl.ts): its verbs over supervisor.ts, worded in the
// terminal's language.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from '../util/duration.js';
import { phrase, t, wordOf, type Phrase } from '../i18n.js';
import { localeFromEnv } from '../util/locale-env.js';
import type { Locale } from '../types.js';
import { DEMO_FAULTS, isDemoFault, isDemoHermes, type DemoHermes } from './faults.js';
import { faultHelp } from './fault-help.js';
import { runUpdater } from './updater.js';
import {
  demoStatus,
  type DemoStartOptions,
  healDemo,
  healWords,
  injectFault,
  isDemoGateway,
  restartDemo,
  startDemo,
  stopDemo,
} from './supervisor.js';
/** Run as a person would (`node ctl.js …` in a terminal) or by gatewatch as a supervisor: in the terminal's language. */
export async function ctlMain(
  argv: string[],
  out: (line: string) => void = (l) => process.stdout.write(l + '\n'),
  l: Locale = localeFromEnv(process.env),
): Promise<number> {
  const USAGE = t(l, 'demo.ctl.usage');
  const failed = (r: { error?: string; why?: Phrase }) =>
    out(t(l, 'demo.ctl.failed', { error: r.why ? phrase(l, r.why) : (r.error ?? '?') }));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        home: { type: 'string' },
        'qq-cycle': { type: 'string' },
        'qq-app-id': { type: 'string' },
        hermes: { type: 'string' },
        // `update` (the updater's own process): how long the gateway stays down, and the stuck variant.
        window: { type: 'string' },
        stuck: { type: 'boolean' },
        'leave-stopped': { type: 'boolean' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    out(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [cmd, arg] = positionals;
  if (cmd === 'faults') {
    for (const f of DEMO_FAULTS) out(`${f.name.padEnd(20)} ${faultHelp(l, f.name)}`);
    return 0;
  }
  const home = values.home ?? process.env.HERMES_HOME;
  if (!cmd || !home) {
    out(USAGE);
    return 2;
  }
  if (values.hermes !== undefined && !isDemoHermes(values.hermes)) {
    out(`${t(l, 'demo.ctl.bad_hermes_flag', { value: values.hermes })}\n${USAGE}`);
    return 2;
  }
  const startOpts: DemoStartOptions = {
    qqCycle: values['qq-cycle'],
    qqAppId: values['qq-app-id'],
    hermes: values.hermes as DemoHermes | undefined,
  };
  switch (cmd) {
    case 'start':
    case 'restart': {
      const r = cmd === 'start' ? await startDemo(home, startOpts) : await restartDemo(home, startOpts);
      if (!r.ok) failed(r);
      else out(t(l, r.alreadyRunning ? 'demo.ctl.already_running' : 'demo.ctl.started', { pid: r.pid ?? '?' }));
      return r.ok ? 0 : 1;
    }
    case 'stop': {
      const r = await stopDemo(home);
      if (!r.ok) failed(r);
      else if (r.wasRunning) out(t(l, r.killed ? 'demo.ctl.killed' : 'demo.ctl.stopped', { pid: r.pid ?? '?' }));
      else out(t(l, 'demo.ctl.not_running', { reason: wordOf(l, 'process.reason', r.reason ?? '?') }));
      return r.ok ? 0 : 1;
    }
    case 'status': {
      const s = await demoStatus(home);
      out(
        s.alive
          ? t(l, 'demo.ctl.active', { pid: s.pid ?? '?' })
          : t(l, 'demo.ctl.inactive', { reason: wordOf(l, 'process.reason', s.reason ?? '?') }),
      );
      return s.alive ? 0 : 1;
    }
    case 'heal': {
      const r = await healDemo(home);
      const words = healWords(l, r.done);
      for (const [i, d] of r.done.entries())
        out(words.steps[i] + (d === 'restarted' || d === 'started' ? ` (pid ${r.pid})` : ''));
      if (!r.ok) failed(r);
      return r.ok ? 0 : 1;
    }
    case 'update': {
      const windowMs = values.window === undefined ? 60_000 : parseDuration(values.window);
      if (windowMs === null) {
        out(`${t(l, 'demo.ctl.bad_window', { value: values.window ?? '' })}\n${USAGE}`);
        return 2;
      }
      return runUpdater(path.resolve(home), {
        windowMs,
        stuck: values.stuck,
        leaveStopped: values['leave-stopped'],
        isOurs: (pid) => isDemoGateway(pid, home),
        stopGateway: () => stopDemo(home),
        startGateway: () => startDemo(home),
      });
    }
    case 'fail': {
      if (!isDemoFault(arg)) {
        out(
          `${t(l, 'cli.demo.unknown_fault', { fault: arg ?? '', faults: DEMO_FAULTS.map((f) => f.name).join(t(l, 'list.comma')) })}\n${USAGE}`,
        );
        return 2;
      }
      const r = await injectFault(home, arg);
      if (!r.ok) failed(r);
      else if (r.switched) out(t(l, 'demo.ctl.switched', { fault: arg, hermes: r.switched }));
      else
        out(
          r.when === 'next-start'
            ? t(l, 'demo.ctl.next_start', { fault: arg })
            : t(l, 'demo.ctl.injected', { fault: arg, pid: r.pid ?? '?' }),
        );
      return r.ok ? 0 : 1;
    }
    default:
      out(`${t(l, 'demo.ctl.unknown_command', { command: cmd })}\n${USAGE}`);
      return 2;
  }
}
