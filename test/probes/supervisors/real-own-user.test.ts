// A gateway its supervisor runs as its own user, as operators write it (hermes-supervisors.md: runit's `chpst -u dev`
// runs it as that user, its ~/.hermes the home; s6's `s6-setuidgid dev` likewise; supervisord's `user=dev` changes the
// user and nothing of the environment): no home is named, and the scanner an init starts, the supervisord systemd
// starts, has no HOME, so Hermes' `~` is the user's home in the password file. gatewatch, run as root with its own
// HOME, took it for a gateway of /root/.hermes: /status said its process was down ("other home") beside the
// supervisor's running pid.
import { realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHermes } from '../../../src/init/find.js';
import { systemClock } from '../../../src/util/clock.js';
import { gatewatch } from '../../helpers/cli-run.js';
import { makeTarget, tempDir } from '../../helpers/probe-procs.js';
import { available, supervised, type Supervised } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';
import { canMakeUsers, ownUser, type OwnUser } from '../../helpers/own-user.js';
import { WORDS } from '../../helpers/real-supervisors.js';
import { probeProcess } from '../../../src/probes/process.js';
import { probeService } from '../../../src/probes/service.js';

const KINDS = [
  ['runit', 'chpst -u', { service: 'hermes-own-user' }],
  ['s6', 's6-setuidgid', { service: 'hermes-own-user' }],
  ['supervisord', 'user=', {}],
] as const;

describe.each(KINDS)('a gateway %s runs with `%s`, no home named and no HOME', (kind, _how, options) => {
  let s: Supervised | undefined;
  let made: OwnUser | undefined;
  let home = '';
  let dir = '';

  beforeAll(async () => {
    if (!canMakeUsers || !available[kind]) return;
    made = await ownUser();
    ({ dir } = made);
    home = made.options.home!;
    s = await supervised(kind, { ...options, ...made.options });
  }, 120_000);

  afterAll(async () => {
    await s?.stop();
    await made?.remove();
  });

  it.runIf(canMakeUsers && available[kind])(
    "`status` and `check` as root see it running as this home's gateway",
    {
      timeout: 120_000,
    },
    async () => {
      const config = path.join(dir, 'config.json');
      await writeFile(
        config,
        JSON.stringify({
          state_dir: path.join(dir, 'state'),
          targets: [{ name: 'dev', hermes_home: home, platforms: ['feishu', 'qqbot'], reachability: false }],
          channels: { console: {} },
        }),
      );
      // Taken for a gateway of /root/.hermes, its process read "DOWN (other home)" beside the supervisor's pid.
      const status = await until(
        'status says the gateway runs, the one its supervisor runs',
        async () => {
          const out = (await gatewatch(['status', '--config', config], { spawn: true })).stdout;
          const pid = /process\s+running pid (\d+)/.exec(out)?.[1];
          return pid && new RegExp(`^\\s*service\\s.*\\bpid ${pid}\\b`, 'm').test(out) ? out : undefined;
        },
        { timeoutMs: 90_000, everyMs: 1_000 },
      );
      expect(status).toMatch(new RegExp(`service\\s+${kind}`));
      expect(status).not.toMatch(/other home|not running/);
      const healthy = await until(
        'check says the gateway is well',
        async () => {
          const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
          return r.code === 0 ? (JSON.parse(r.stdout) as { findings: unknown[] }) : undefined;
        },
        { timeoutMs: 90_000, everyMs: 1_000 },
      );
      expect(healthy.findings).toEqual([]);
    },
  );

  it.runIf(canMakeUsers && available[kind])(
    '`init` as root finds it at its user’s ~/.hermes, with what runs it',
    {
      timeout: 120_000,
    },
    async () => {
      const looker = await tempDir('gw-own-user-looker-');
      // Root's own Hermes, stopped, with nothing found to restart it: init gives it the program a box names its home.
      await mkdir(path.join(looker, '.hermes', 'logs'), { recursive: true });
      await writeFile(path.join(looker, '.hermes', 'gateway_state.json'), JSON.stringify({ gateway_state: 'stopped' }));
      const host = { homedir: looker, supervisorConfs: [], runitDirs: [], s6Dirs: [] };
      const { found, root } = await until(
        'init finds it',
        async () => {
          const all = await findHermes(path.join(looker, '.hermes'), systemClock, { everywhere: true, host });
          const found = all.elsewhere.find((h) => h.home === realpathSync(home));
          return found && { found, root: all.homes };
        },
        { timeoutMs: 60_000 },
      );
      expect(found.keys).toMatchObject({ manager: kind, program: s!.program });
      // Not the home of whoever runs init: its program's `user=` read as that, the root adopted it (its keys, its lever).
      expect(root.map((h) => h.keys?.program)).not.toContain(s!.program);
    },
  );

  it.runIf(canMakeUsers && available[kind])(
    'stopped through it: still its program, the stop the operator’s, and `check` quiet',
    { timeout: 120_000 },
    async () => {
      const target = makeTarget(home);
      expect((await s!.ctl('stop')).code).toBe(0);
      await until('stopped', async () => !(await probeProcess(target)).alive, { timeoutMs: 60_000 });
      // Down, the program's file is what names it: supervisord's `user=` served the home of whoever looked.
      const down = await until('the supervisor says it stopped it', async () => {
        const ev = await probeService(target);
        return ev.stopped ? ev : undefined;
      });
      expect(down).toMatchObject({ manager: kind, name: s!.program, active: false });
      expect(down.stopped?.line).toMatch(WORDS[kind].stopped);
      const r = await gatewatch(['check', '--json', '--config', path.join(dir, 'config.json')], { spawn: true });
      expect({ code: r.code, findings: JSON.parse(r.stdout).findings }).toEqual({ code: 0, findings: [] });
    },
  );
});
