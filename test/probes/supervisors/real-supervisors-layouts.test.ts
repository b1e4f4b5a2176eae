// The layouts operators write, under the real supervisors (test/helpers/real-supervisors.ts): the home in runit's and
// s6's env folder, supervisord as Debian installs it, start scripts: a gateway down is found, a loop found by `check`.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gatewatch } from '../../helpers/cli-run.js';
import { available, supervised, type SupervisorKind } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';
import { ERROR, start, stopLive, stoppedNeverSeen } from '../../helpers/real-supervisors.js';

afterEach(stopLive);

// Each as operators write it: the home in runit's and s6's env folder, supervisord as Debian installs it.
const LAYOUTS: [SupervisorKind, Parameters<typeof supervised>[1], string][] = [
  ['runit', { runStyle: 'envdir' }, 'its home in an env folder (`chpst -e ./env`)'],
  ['s6', { runStyle: 'envdir' }, 'its home in an env folder (`s6-envdir ./env`)'],
  ['supervisord', { debian: true }, "Debian's own supervisord.conf, the program in conf.d"],
  // A start script names no home: Hermes' own last words (its parent at the stop) name the supervisor.
  ['runit', { runStyle: 'wrapper' }, 'its run execs a start script'],
  ['s6', { runStyle: 'wrapper' }, 'its run execs a start script'],
  ['supervisord', { wrapper: true }, 'its command is a start script'],
  ['pm2', { wrapper: true }, 'its app is a start script'],
];
describe.each(LAYOUTS)('%s, %o: %s', (kind, options) => {
  it.runIf(available[kind])(
    "a gateway never seen alive and down now: found by its traces, its stop the operator's",
    { timeout: 120_000 },
    () => stoppedNeverSeen(kind, options),
  );

  it.runIf(available[kind])(
    'a crash loop that began before gatewatch looked: `check` alone finds it and quotes the error',
    { timeout: 180_000 },
    async () => {
      const { s } = await start(kind, { ...options, supervisordOptions: ['startsecs=3', 'startretries=30'] });
      await s.breakStart(ERROR);
      await s.ctl('restart');
      const dir = path.dirname(s.home);
      const config = path.join(dir, 'config.json');
      // A new state folder at every look: nothing of an earlier look remembered, as a first `check` on a box.
      let n = 0;
      const found = await until(
        'check finds the loop',
        async () => {
          await writeFile(
            config,
            JSON.stringify({
              state_dir: path.join(dir, `state-${n++}`),
              targets: [{ name: 'hermes', hermes_home: s.home, platforms: ['feishu', 'qqbot'], reachability: false }],
              channels: { console: {} },
            }),
          );
          const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
          const findings = JSON.parse(r.stdout).findings as { check: string; restart: string; explanation: string }[];
          // pm2 gives up after 16 quick restarts: on a loaded box the first look may come after it has, and its
          // give-up is the loop's end, said with the same error.
          const loop = findings.find((f) => f.check === 'respawn_storm' || f.check === 'supervisor_gave_up');
          return r.code === 2 && loop ? loop : undefined;
        },
        { timeoutMs: 120_000, everyMs: 1_000 },
      );
      expect(found.restart).toBe('never');
      expect(found.explanation).toContain(ERROR);
    },
  );
});
