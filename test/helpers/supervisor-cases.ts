// Detector cases for a gateway under pm2, supervisord or runit: the supervisor's own words (pm2.log's lines, the
// answers of `supervisorctl status` and `sv status`, as the real tools print them: hermes-supervisors.md) read by the
// adapters' own parsers into the evidence, beside Hermes' log as that stop or death leaves it.
import { expect } from 'vitest';
import type { ServiceEvidence } from '../../src/evidence.js';
import { pm2Events, pm2State } from '../../src/probes/supervisors/pm2.js';
import { parseSv } from '../../src/probes/supervisors/runit.js';
import { policyGaveUp, policyWords } from '../../src/probes/container-policy.js';
import type { ContainerFacts } from '../../src/evidence.js';
import { wordFinding } from '../../src/i18n.js';
import { buildEvidence, CMDLINE, PID, stateFile } from './evidence.js';
import type { Case } from './detector-cases.js';

/** The `now` of a case on `log` (60 s after its last line), for the supervisor's lines to be dated against it. */
const nowOf = (log: string) => buildEvidence({ log, alive: false }).now;

const pad = (n: number) => String(n).padStart(2, '0');
/** pm2.log's own stamp: local time, to the second, no zone. */
function pm2Stamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** pm2.log lines `s` seconds before `now`, each `[secondsAgo, message]`. */
const pm2Log = (now: number, lines: [number, string][]) =>
  lines.map(([ago, msg]) => `${pm2Stamp(now - ago * 1000)}: PM2 log: ${msg}`);

function underPm2(now: number, lines: [number, string][], o: { running?: boolean; cause?: string } = {}) {
  const st = pm2State(pm2Events(pm2Log(now, lines), 'hermes'), { now, daemon: true, running: o.running === true });
  const service: ServiceEvidence = {
    manager: 'pm2',
    name: 'hermes',
    via: '/home/ops/.pm2',
    ...st,
    output: '/home/ops/.pm2/logs/hermes-error.log',
    ...(o.cause ? { cause: { line: o.cause, source: '/home/ops/.pm2/logs/hermes-error.log' } } : {}),
  };
  return { service };
}

/** The real pm2's lines of a gateway that dies at every start, `n` times, the last `lastAgo` seconds ago. */
function crashes(n: number, lastAgo: number): [number, string][] {
  return Array.from({ length: n }, (_, i): [number, string][] => {
    const at = lastAgo + (n - 1 - i) * 2;
    return [
      [at + 1, 'App [hermes:0] starting in -fork mode-'],
      [at + 1, 'App [hermes:0] online'],
      [at, 'App [hermes:0] exited with code [1] via signal [SIGINT]'],
    ];
  }).flat();
}

const ERR = "ModuleNotFoundError: No module named 'lark_oapi'";

const K = nowOf('killed.log');
const T = nowOf('sigterm.log');
const H = buildEvidence({ log: 'healthy.log' }).now;

/**
 * A container whose program is the gateway (`gateway run --no-supervise`), as `docker inspect` describes it, and the
 * service the container probe makes of it: its restart policy's words and, past on-failure:N, its give-up.
 */
function programContainer(facts: Partial<ContainerFacts>, cause?: string): { service: ServiceEvidence } {
  const c: ContainerFacts = { id: 'f00d', name: 'hermes', status: 'running', running: true, program: true, ...facts };
  const gaveUp = policyGaveUp(c);
  return {
    service: {
      manager: 'docker',
      name: 'hermes',
      container: c,
      supervised: false,
      active: c.running,
      state: c.status,
      output: 'docker logs hermes',
      ...policyWords(c),
      ...(gaveUp ? { gaveUp } : {}),
      ...(cause ? { cause: { line: cause, source: 'docker logs hermes' } } : {}),
    },
  };
}

/** A gateway runit ran, stopped by its operator 13 h ago: `service` says what runit, and the config, say of it now. */
const stoppedLongAgo = (service: Pick<ServiceEvidence, 'state' | 'watchOnly' | 'folder'>): Case['ev'] => ({
  log: 'sigterm.log',
  alive: false,
  state: stateFile('running', {}),
  now: 13 * 3_600_000,
  overrides: {
    service: {
      manager: 'runit',
      name: '/etc/service/hermes',
      active: false,
      ...service,
      stopped: { at: nowOf('sigterm.log') - 60_000, line: service.state! },
    },
  },
});

export const SUPERVISOR_CASES: Case[] = [
  {
    name: 'supervisor_gave_up: pm2 errored after too many unstable restarts, its error log says why',
    ev: {
      log: 'killed.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: underPm2(
        K,
        [
          ...crashes(15, 31),
          [30, 'App [hermes:0] exited with code [1] via signal [SIGINT]'],
          [30, 'Script /usr/bin/bash had too many unstable restarts (16). Stopped. "errored"'],
        ],
        { cause: ERR },
      ),
    },
    expect: ['supervisor_gave_up'],
    check: ([f]) => {
      expect(f!.severity).toBe('critical');
      expect(f!.restart).toBe('never');
      expect(f!.title).toBe('pm2 gave up on the gateway: it is down and nothing starts it');
      // pm2's own count: 16 restarts, 17 lives.
      expect(f!.explanation).toContain('restarted the gateway 16 times');
      expect(f!.explanation).toContain(`"${ERR}"`);
      expect(f!.action).toContain('`pm2 start hermes`');
      expect(f!.remedies).toEqual([{ kind: 'start' }]);
      expect(f!.evidence.join('\n')).toContain('pm2: Script /usr/bin/bash had too many unstable restarts (16)');
    },
  },
  {
    name: 'near miss supervisor_gave_up: pm2 errored an hour ago and the operator started it since',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: underPm2(
        H,
        [
          [3600, 'App [hermes:0] exited with code [1] via signal [SIGINT]'],
          [3600, 'Script /usr/bin/bash had too many unstable restarts (16). Stopped. "errored"'],
          [3000, 'App [hermes:0] starting in -fork mode-'],
          [3000, 'App [hermes:0] online'],
        ],
        { running: true },
      ),
    },
    expect: [],
  },
  {
    name: 'respawn_storm#supervisor: pm2 restarts a gateway that dies at every start (Hermes writes nothing)',
    ev: {
      log: 'killed.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: underPm2(K, crashes(6, 1), { cause: ERR }),
    },
    expect: ['respawn_storm'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.title).toMatch(/^Gateway is crash-looping: pm2 restarted it 6 times in 2m/);
      expect(f!.explanation).toContain(ERR);
    },
  },
  {
    name: 'near miss respawn_storm: pm2 restarted it once after a crash and it stays up',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: underPm2(
        H,
        [...crashes(1, 60), [58, 'App [hermes:0] starting in -fork mode-'], [58, 'App [hermes:0] online']],
        {
          running: true,
        },
      ),
    },
    expect: [],
  },
  {
    // Under a loaded box the supervisor's last death may be dated long before the look while its next life has just
    // begun (supervisord's STARTING): a life seconds old has outlived nothing. Main said "the gateway is back" here,
    // seconds before supervisord gave up.
    name: 'respawn_storm#supervisor: a life seconds old after the last death the supervisor logged is still the loop',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', {}),
      overrides: {
        ...underPm2(H, crashes(4, 40), { running: true, cause: ERR }),
        process: {
          pidFile: { pid: PID, kind: 'hermes-gateway', start_time: 8843121 },
          alive: true,
          pid: PID,
          cmdline: CMDLINE,
          startedAt: H - 2_000,
        },
      },
    },
    expect: ['respawn_storm'],
  },
  {
    // pm2 stops with SIGINT: Hermes takes it for the planned stop it is (its own line says so).
    name: 'near miss gateway_stopped, state_stale_running: `pm2 stop hermes` half an hour ago',
    ev: {
      log: 'planned-stop.log',
      alive: false,
      state: stateFile('stopped', {}),
      now: 30 * 60_000,
      overrides: underPm2(nowOf('planned-stop.log') + 29 * 60_000, [
        [1800, 'Stopping app:hermes id:0'],
        [1800, 'App [hermes:0] exited with code [0] via signal [SIGINT]'],
        [1800, 'pid=4242 msg=process killed'],
      ]),
    },
    expect: [],
  },
  {
    // supervisord stops with SIGTERM: Hermes' files say an unplanned signal and `running`; supervisord says STOPPED.
    name: 'near miss state_stale_running, process_down: `supervisorctl stop hermes` (SIGTERM) a minute ago',
    ev: {
      log: 'sigterm.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: {
        service: {
          manager: 'supervisord',
          name: 'hermes',
          state: 'STOPPED   Nov 28 03:05 PM',
          active: false,
          stopped: { at: T - 60_000, line: 'STOPPED Nov 28 03:05 PM' },
        },
      },
    },
    expect: [],
  },
  {
    name: "gateway_stopped#operator: `sv down` 13 h ago, the reminder names runit's own start",
    ev: {
      log: 'sigterm.log',
      alive: false,
      state: stateFile('running', {}),
      now: 13 * 3_600_000,
      overrides: (() => {
        const st = parseSv('down: /etc/service/hermes: 46800s, normally up; run: log: (pid 812) 90000s')!;
        return {
          service: {
            manager: 'runit' as const,
            name: '/etc/service/hermes',
            state: st.line,
            active: false,
            stopped: { at: nowOf('sigterm.log') - 60_000, line: st.line },
          },
        };
      })(),
    },
    expect: ['gateway_stopped'],
    check: ([f]) => {
      expect(f!.severity).toBe('warning');
      expect(f!.restart).toBe('never');
      expect(f!.action).toContain('`sv up hermes`');
      // gatewatch has the lever here: its restart is the first way back.
      expect(wordFinding('en', { ...f!, target: 'hermes' }, 'cli').action).toContain('gatewatch restart hermes`');
      expect(f!.evidence.join('\n')).toContain('runit: down: /etc/service/hermes: 46800s, normally up');
    },
  },
  {
    // The way back the reminder names is one that works: runit no longer has the service, so `sv restart` (which
    // gatewatch's restart runs) fails; only linking its folder (kept in /etc/sv) back starts it.
    name: 'gateway_stopped#operator: the service taken out 13 h ago: the reminder names putting it back, not a restart',
    ev: stoppedLongAgo({ state: 'removed', folder: '/etc/sv/hermes' }),
    expect: ['gateway_stopped'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      for (const locale of ['en', 'zh-CN'] as const) {
        const { action } = wordFinding(locale, { ...f!, target: 'hermes' }, 'cli');
        expect(action).toContain('`ln -s /etc/sv/hermes /etc/service/hermes`');
        expect(action).not.toContain('gatewatch restart');
        expect(action).not.toContain('sv restart');
      }
    },
  },
  {
    // A target the config says gatewatch only watches (`restart: false`): its restart refuses, so it is not offered.
    name: 'gateway_stopped#operator: a watch-only target 13 h after `sv down`: the reminder names runit start alone',
    ev: stoppedLongAgo({ state: 'down: /etc/service/hermes: 46800s, normally up', watchOnly: true }),
    expect: ['gateway_stopped'],
    check: ([f]) => {
      for (const locale of ['en', 'zh-CN'] as const) {
        const { action } = wordFinding(locale, { ...f!, target: 'hermes' }, 'cli');
        expect(action).toContain('`sv up hermes`');
        expect(action).not.toContain('gatewatch restart');
      }
    },
  },
  {
    name: 'supervisor_risk#no_linger: a user unit while all is well, lingering off: said once, no restart, not reminded',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: {
        service: {
          manager: 'systemd',
          name: 'hermes-gateway.service',
          active: true,
          state: 'active/running',
          user: { name: 'ops', lingers: false },
          risks: ['no_linger'],
        },
      },
    },
    expect: ['supervisor_risk'],
    check: ([f]) => {
      expect(f!.severity).toBe('warning');
      expect(f!.once).toBe(true);
      expect(f!.cause).toBe('no_linger');
      expect(f!.title).toBe('The gateway stops when ops logs out');
      expect(f!.action).toContain('`sudo loginctl enable-linger ops`');
    },
  },
  {
    name: 'supervisor_risk#pm2_unsaved, pm2_no_startup: pm2 runs it with nothing saved and no start at boot',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: {
        service: {
          ...underPm2(H, [[600, 'App [hermes:0] online']], { running: true }).service,
          risks: ['pm2_unsaved', 'pm2_no_startup'],
        },
      },
    },
    expect: ['supervisor_risk', 'supervisor_risk'],
    check: (found) => {
      expect(found.map((f) => f.cause).sort()).toEqual(['pm2_no_startup', 'pm2_unsaved']);
      expect(found.map((f) => f.action).join('\n')).toContain('`pm2 save`');
    },
  },
  {
    // Still true while it is down: kept, so that its incident neither closes at a death nor opens again after it.
    name: 'supervisor_risk beside a death: the risk stays beside the death it did not cause',
    ev: {
      log: 'killed.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: {
        service: {
          manager: 'systemd',
          name: 'hermes-gateway.service',
          active: false,
          state: 'failed/failed',
          user: { name: 'ops', lingers: false },
          risks: ['no_linger'],
        },
      },
    },
    expect: ['state_stale_running', 'supervisor_risk'],
  },
  {
    name: 'near miss supervisor_risk: a user unit whose user lingers, Restart=on-failure',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: {
        service: {
          manager: 'systemd',
          name: 'hermes-gateway.service',
          active: true,
          state: 'active/running',
          user: { name: 'ops', lingers: true },
          respawn: { restarts: true, setting: 'Restart=on-failure' },
        },
      },
    },
    expect: [],
  },
  {
    // systemd 252's own words for a user manager that is gone (hermes-supervisors.md); Hermes' files say a planned stop.
    name: 'gateway_stopped#logout: the user unit stopped when its user logged out, lingering off',
    ev: {
      log: 'planned-stop.log',
      alive: false,
      state: stateFile('stopped', {}),
      now: 10 * 60_000,
      overrides: {
        service: {
          manager: 'systemd',
          name: 'hermes-gateway.service',
          user: { name: 'ops', lingers: false, managerDown: true },
          risks: ['no_linger'],
          error: 'systemctl show: exit code 1: Failed to connect to bus: No medium found',
        },
      },
    },
    expect: ['gateway_stopped'],
    check: ([f]) => {
      expect(f!.severity).toBe('critical');
      expect(f!.restart).toBe('never');
      expect(f!.title).toBe('The gateway stopped when ops logged out');
      expect(f!.action).toContain('`sudo loginctl enable-linger ops`');
    },
  },
  {
    // The risk is still said: lingering is off all the same.
    name: "near miss gateway_stopped: the same planned stop while ops's manager runs (the operator's `systemctl --user stop`)",
    ev: {
      log: 'planned-stop.log',
      alive: false,
      state: stateFile('stopped', {}),
      now: 10 * 60_000,
      overrides: {
        service: {
          manager: 'systemd',
          name: 'hermes-gateway.service',
          active: false,
          state: 'inactive/dead',
          user: { name: 'ops', lingers: false },
          risks: ['no_linger'],
        },
      },
    },
    expect: ['supervisor_risk'],
  },
  {
    // `sv restart`: the SIGTERMed life's lines, and runsv already runs the next one, which has not claimed its pid file.
    name: "near miss state_stale_running: runit's own restart, its new life 3 s old, the pid file still the last life's",
    ev: {
      log: 'sigterm.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: {
        service: {
          manager: 'runit',
          name: '/etc/service/hermes',
          state: 'run: (pid 9191) 3s',
          active: true,
          mainPid: 9191,
          upFor: 3,
        },
      },
    },
    expect: [],
  },
  {
    name: 'state_stale_running: runit runs a life for two minutes that is no gateway: the death is one',
    ev: {
      log: 'sigterm.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: {
        service: {
          manager: 'runit',
          name: '/etc/service/hermes',
          state: 'run: (pid 9191) 120s',
          active: true,
          mainPid: 9191,
          upFor: 120,
        },
      },
    },
    expect: ['state_stale_running'],
    check: ([f]) => expect(f!.action).toContain('`sv restart hermes`'),
  },
  {
    // The same SIGTERM with no stop asked of the supervisor (someone's kill): a death, with the supervisor's lever.
    name: 'state_stale_running: a SIGTERM nobody asked supervisord for; the alert names supervisorctl',
    ev: {
      log: 'sigterm.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: {
        service: { manager: 'supervisord', name: 'hermes', state: 'EXITED    Nov 28 03:05 PM', active: false },
      },
    },
    expect: ['state_stale_running'],
    check: ([f]) => {
      expect(f!.action).toContain('supervisorctl restart hermes');
    },
  },
  {
    // Umbrel's `restart: on-failure` with a limit: Docker restarted it three times, each life died at start, and stopped.
    name: 'supervisor_gave_up: Docker restarted a container whose program is the gateway 3 times (on-failure:3), no more',
    ev: {
      log: 'killed.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: programContainer(
        {
          status: 'exited',
          running: false,
          exitCode: 1,
          finishedAt: K - 20_000,
          restartCount: 3,
          restartPolicy: { name: 'on-failure', max: 3 },
        },
        ERR,
      ),
    },
    expect: ['supervisor_gave_up'],
    check: ([f]) => {
      expect(f!.title).toBe('Docker gave up on the gateway: it is down and nothing starts it');
      // Docker's RestartCount, as `docker inspect` says it.
      expect(f!.explanation).toContain('restarted the gateway 3 times');
      expect(f!.explanation).toContain(`from \`docker logs hermes\`: "${ERR}"`);
      expect(f!.action).toContain('`docker start hermes`');
      expect(f!.remedies).toEqual([{ kind: 'start' }]);
      expect(f!.evidence.join('\n')).toContain('exited (1) after 3 restarts: --restart on-failure:3');
    },
  },
  {
    name: 'supervisor_risk#no_autorestart: the gateway is the container’s program and its policy is `--restart no`',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: programContainer({ restartPolicy: { name: 'no', max: 0 } }),
    },
    expect: ['supervisor_risk'],
    check: ([f]) => {
      expect(f!.cause).toBe('no_autorestart');
      expect(f!.once).toBe(true);
      expect(f!.title).toBe('Docker would not restart the gateway if it died');
      expect(f!.explanation).toContain('--restart no');
      // The container by its name: a command to paste, no placeholder left in it.
      expect(f!.action).toContain('`docker update --restart unless-stopped hermes`');
    },
  },
  {
    // Podman 4's `podman update` has no `--restart` (5.1 has), and its podman-restart.service starts only `always`.
    name: 'supervisor_risk#no_autorestart: the gateway is a Podman container’s program, `--restart no`',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: (() => {
        const { service } = programContainer({ restartPolicy: { name: 'no', max: 0 } });
        return { service: { ...service, manager: 'podman' as const, output: 'podman logs hermes' } };
      })(),
    },
    expect: ['supervisor_risk'],
    check: ([f]) => {
      expect(f!.title).toBe('Podman would not restart the gateway if it died');
      expect(f!.action).toContain(
        '`podman update --restart always hermes` (Podman 5.1 and later; before it, create the container again with `--restart always`)',
      );
      expect(f!.action).not.toContain('unless-stopped');
    },
  },
  {
    // Podman keeps no daemon: its restart policy does not bring the container back after a reboot by itself.
    name: 'supervisor_risk#podman_no_boot: Hermes’ image under Podman, `--restart always`, no podman-restart.service',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: {
        service: {
          manager: 'podman',
          name: 'hermes',
          active: true,
          state: 'up (pid 412) 3600 seconds',
          container: {
            id: 'f00d',
            name: 'hermes',
            status: 'running',
            running: true,
            restartPolicy: { name: 'always', max: 0 },
          },
          risks: ['podman_no_boot'],
        },
      },
    },
    expect: ['supervisor_risk'],
    check: ([f]) => {
      expect(f!.once).toBe(true);
      expect(f!.title).toBe('Podman would not start the container hermes at boot');
      expect(f!.action).toContain('`sudo systemctl enable podman-restart.service`');
    },
  },
  {
    // In Hermes' image s6 restarts the gateway inside a container that outlives it: the container's policy says nothing.
    name: 'near miss supervisor_risk: `--restart no` on Hermes’ image with s6 inside',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: {
        service: {
          manager: 'docker',
          name: 'hermes',
          ...policyWords({
            id: 'f00d',
            name: 'hermes',
            status: 'running',
            running: true,
            restartPolicy: { name: 'no', max: 0 },
          }),
        },
      },
    },
    expect: [],
  },
  {
    name: 'near miss supervisor_gave_up: on-failure:3 after 3 restarts, the last life ended 0 (a clean stop)',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: programContainer({
        status: 'exited',
        running: false,
        exitCode: 0,
        restartCount: 3,
        restartPolicy: { name: 'on-failure', max: 3 },
      }),
    },
    expect: [],
    check: () => {
      expect(
        policyGaveUp({
          id: 'f00d',
          name: 'hermes',
          status: 'exited',
          running: false,
          exitCode: 0,
          restartCount: 3,
          program: true,
          restartPolicy: { name: 'on-failure', max: 3 },
        }),
      ).toBeUndefined();
    },
  },
];
