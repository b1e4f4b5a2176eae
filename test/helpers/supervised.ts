// The demo gateway under a real supervisor, each in a temporary folder of its own, nothing of the host's touched: pm2
// (the dev dependency, its PM2_HOME here), supervisord (its own configuration, socket and logs here) and runit (a
// runsvdir on a service folder here), from Debian's packages (`supervisor`, `runit`). The gateway is started as an
// operator starts Hermes under each: `pm2 start "<gateway> gateway run" --name hermes`, a `[program:hermes]`, a
// service folder whose `run` execs it. Everything a supervisor started is stopped in `stop()`, and on the test
// process's exit whatever happens.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { demoScriptPath } from '../../src/demo/index.js';
import { TEST_DIR } from './paths.js';
import { tempDir, writeExecutable } from './probe-procs.js';
import { until } from './until.js';

const run = promisify(execFile);

export type SupervisorKind = 'pm2' | 'supervisord' | 'runit' | 's6';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
// GATEWATCH_TEST_PM2: another pm2 (an operator's older 5.x) in place of the dev dependency's.
export const PM2 = process.env.GATEWATCH_TEST_PM2 ?? path.join(TEST_DIR, '..', 'node_modules', '.bin', 'pm2');
/** Each supervisor's tools, or why a test of it skips. */
export const available: Record<SupervisorKind, boolean> = {
  pm2: existsSync(PM2),
  supervisord: has('supervisord') && has('supervisorctl'),
  runit: has('runsvdir') && has('sv') && has('runsv'),
  s6: has('s6-svscan') && has('s6-svc') && has('s6-svstat'),
};

export interface Supervised {
  kind: SupervisorKind;
  /** The Hermes home the gateway serves. */
  home: string;
  /** The program as its supervisor names it: the pm2 app, the supervisord program, the runit service folder. */
  program: string;
  /** Variables the supervisor's own CLI needs (PM2_HOME), for the test's and gatewatch's commands alike. */
  env: NodeJS.ProcessEnv;
  /** A directory for PATH that holds the supervisor's CLI (pm2's is not on the host's PATH). */
  bin?: string;
  /** Where its configuration is found, as the host's own folders would hold it: supervisord's file, runit's folder. */
  traces: { supervisorConfs?: string[]; runitDirs?: string[]; s6Dirs?: string[] };
  /** The supervisor's own command for a verb (`pm2 stop hermes`, `supervisorctl stop hermes`, `sv down <dir>`). */
  ctl(
    verb: 'start' | 'stop' | 'restart' | 'status' | 'kill',
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  /** The gateway dies as it starts, with this error, until `heal()`. */
  breakStart(error: string): Promise<void>;
  heal(): Promise<void>;
  /** The gateway's next start waits where Python imports it, its pid file not claimed, until `release()`. */
  holdStart(): Promise<void>;
  release(): Promise<void>;
  /**
   * runit: the host going down (stage 3: every service told down, runsvdir hung up and gone), and its boot after
   * (a new runsvdir on the same folder, as stage 2 starts it), each resolved once done.
   */
  halt?(): Promise<void>;
  boot?(): Promise<void>;
  stop(): Promise<void>;
  /** The same, at once and synchronously: for the test process's exit. */
  stopNow(): void;
}

const GATEWAY = (o: StartOptions = {}) => [
  process.execPath,
  o.script ?? demoScriptPath('gateway'),
  'gateway',
  'run',
  ...(o.hermes ? ['--hermes', o.hermes] : []),
];

/**
 * What an init or systemd gives a scanner or a supervisord: PATH and nothing else, no HOME. The run's mark is kept: a
 * gateway a test leaves running is then the run's to end (test/helpers/run-tmp.ts).
 */
const bareEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  ...(process.env.GATEWATCH_TEST_RUN_TMP ? { GATEWATCH_TEST_RUN_TMP: process.env.GATEWATCH_TEST_RUN_TMP } : {}),
});

const started: Supervised[] = [];
process.once('exit', () => {
  for (const s of started) s.stopNow();
});

async function exec(argv: string[], env: NodeJS.ProcessEnv) {
  try {
    const r = await run(argv[0]!, argv.slice(1), { env, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : 1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

async function homeIn(dir: string, o: StartOptions = {}): Promise<string> {
  const home = o.home ?? path.join(dir, 'hermes');
  await mkdir(path.join(home, 'logs'), { recursive: true, mode: 0o700 });
  return home;
}

const breaking = (home: string) => ({
  breakStart: (error: string) => writeFile(path.join(home, '.demo-start-error'), `${error}\n`),
  heal: () => rm(path.join(home, '.demo-start-error'), { force: true }),
  holdStart: () => writeFile(path.join(home, '.demo-start-hold'), ''),
  release: () => rm(path.join(home, '.demo-start-hold'), { force: true }),
});

/** `pm2 start "<gateway> gateway run --home H" --name hermes`, in a PM2_HOME of its own. */
async function underPm2(dir: string, o: StartOptions): Promise<Supervised> {
  const home = await homeIn(dir, o);
  const env = { ...process.env, PM2_HOME: path.join(dir, 'pm2'), HERMES_HOME: home };
  const cmd = [...GATEWAY(o), '--home', home].join(' ');
  const opts = o.pm2Options ?? [];
  // pm2's own CLI has no --min-uptime: the keys only an ecosystem file sets come in one, as operators write it.
  const ecosystem = path.join(dir, 'ecosystem.config.json');
  if (o.pm2Ecosystem) {
    const [script, ...args] = [...GATEWAY(o), '--home', home];
    await writeFile(
      ecosystem,
      JSON.stringify({ apps: [{ name: 'hermes', script, args, env: { HERMES_HOME: home }, ...o.pm2Ecosystem }] }),
    );
  }
  // An operator's start script (`pm2 start start-hermes.sh --name hermes`): pm2 runs it with bash, which execs it.
  if (o.wrapper) await writeExecutable(path.join(dir, 'start-hermes.sh'), wrapper(home, o));
  const r = await exec(
    o.pm2Ecosystem
      ? [PM2, 'start', ecosystem]
      : o.wrapper
        ? [PM2, 'start', path.join(dir, 'start-hermes.sh'), '--name', 'hermes', ...opts]
        : [PM2, 'start', cmd, '--name', 'hermes', ...opts],
    env,
  );
  if (r.code !== 0) throw new Error(`pm2 start: ${r.stderr || r.stdout}`);
  // As the operator who follows pm2's own advice does: the list saved for `pm2 resurrect`.
  if (!o.unsaved) await exec([PM2, 'save'], env);
  const s: Supervised = {
    kind: 'pm2',
    home,
    program: 'hermes',
    env: { PM2_HOME: env.PM2_HOME },
    bin: path.dirname(PM2),
    traces: {},
    ctl: (verb) =>
      exec([PM2, verb === 'status' ? 'jlist' : verb, ...(verb === 'status' || verb === 'kill' ? [] : ['hermes'])], env),
    ...breaking(home),
    stop: async () => {
      await exec([PM2, 'kill'], env);
    },
    stopNow: () => void spawnSync(PM2, ['kill'], { env, stdio: 'ignore', timeout: 20_000 }),
  };
  return s;
}

/** supervisord with a `[program:hermes]`, its socket, pid file and logs in `dir`. */
async function underSupervisord(dir: string, o: StartOptions): Promise<Supervised> {
  const home = await homeIn(dir, o);
  const sock = path.join(dir, 'supervisor.sock');
  const conf = path.join(dir, ...(o.panel ? ['panel'] : []), 'supervisord.conf');
  await mkdir(path.join(dir, 'childlogs'), { recursive: true });
  if (o.wrapper) await writeExecutable(path.join(dir, 'start-hermes.sh'), wrapper(home, o));
  const program = [
    '[program:hermes]',
    o.wrapper
      ? `command=${path.join(dir, 'start-hermes.sh')}`
      : `command=${[...GATEWAY(o), ...(o.user ? [] : ['--home', home])].join(' ')}`,
    // `user=dev`: supervisord changes the user only, its own environment the child's (no HOME under systemd).
    ...(o.user ? [`user=${o.user}`] : o.wrapper ? [] : [`environment=HERMES_HOME="${home}"`]),
    'autorestart=true',
    ...(o.supervisordOptions ?? ['startsecs=3', 'startretries=3']),
    '',
  ];
  if (o.panel) {
    await mkdir(path.join(dir, 'panel', 'profile'), { recursive: true });
    await writeFile(path.join(dir, 'panel', 'profile', 'hermes.ini'), program.join('\n'));
  }
  if (o.debian) {
    await mkdir(path.join(dir, 'conf.d'), { recursive: true });
    // As an operator adds a program: its own file in conf.d, its value's comment where a neighbour's has one.
    await writeFile(
      path.join(dir, 'conf.d', 'hermes.conf'),
      [
        '; Hermes gateway',
        ...program.map((l) => (l.startsWith('autorestart') ? `${l}    ; come back after a crash` : l)),
      ].join('\n'),
    );
    await writeFile(conf, debianConf(dir, sock));
  } else
    await writeFile(
      conf,
      [
        '[unix_http_server]',
        `file=${sock}`,
        'chmod=0700',
        '[supervisord]',
        `logfile=${path.join(dir, 'supervisord.log')}`,
        `pidfile=${path.join(dir, 'supervisord.pid')}`,
        `childlogdir=${path.join(dir, 'childlogs')}`,
        'user=root',
        '[rpcinterface:supervisor]',
        'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
        '[supervisorctl]',
        `serverurl=unix://${sock}`,
        ...(o.panel ? ['[include]', 'files = profile/*.ini', ''] : program),
      ].join('\n'),
    );
  const r = await exec(['supervisord', '-c', conf], o.user ? bareEnv() : process.env);
  if (r.code !== 0) throw new Error(`supervisord: ${r.stderr || r.stdout}`);
  const ctl = ['supervisorctl', '-c', conf];
  return {
    kind: 'supervisord',
    home,
    program: 'hermes',
    env: {},
    traces: o.panel ? {} : { supervisorConfs: [conf] },
    ctl: (verb) => exec([...ctl, verb, 'hermes'], process.env),
    ...breaking(home),
    stop: async () => {
      await exec([...ctl, 'shutdown'], process.env);
      const pid = Number(readFileSyncSafe(path.join(dir, 'supervisord.pid')));
      if (pid > 0)
        await until('supervisord gone', () => !existsSync(`/proc/${pid}`), { timeoutMs: 30_000 }).catch(
          () => undefined,
        );
    },
    stopNow: () => void spawnSync('supervisorctl', ['-c', conf, 'shutdown'], { stdio: 'ignore', timeout: 20_000 }),
  };
}

/** Debian 12's /etc/supervisor/supervisord.conf (package supervisor 4.2.5), its paths moved into `dir`. */
function debianConf(dir: string, sock: string): string {
  return `; supervisor config file

[unix_http_server]
file=${sock}   ; (the path to the socket file)
chmod=0700                       ; sockef file mode (default 0700)

[supervisord]
logfile=${dir}/supervisord.log ; (main log file;default $CWD/supervisord.log)
pidfile=${dir}/supervisord.pid ; (supervisord pidfile;default supervisord.pid)
childlogdir=${dir}/childlogs            ; ('AUTO' child log dir, default $TEMP)

; the below section must remain in the config file for RPC
; (supervisorctl/web interface) to work, additional interfaces may be
; added by defining them in separate rpcinterface: sections
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://${sock} ; use a unix:// URL  for a unix socket

; The [include] section can just contain the "files" setting.  This
; setting can list multiple files (separated by whitespace or
; newlines).  It can also contain wildcards.  The filenames are
; interpreted as relative to this file.  Included files *cannot*
; include files themselves.

[include]
files = ${dir}/conf.d/*.conf
`;
}

function readFileSyncSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

/**
 * A service folder's `run` as operators write it (hermes-supervisors.md "runit run files as people write them"): the
 * home exported in the script, or in an env folder the runit or s6 tool reads (`chpst -e ./env`, `s6-envdir ./env`).
 */
async function runFile(svc: string, home: string, style: RunStyle, envTool: string, o: StartOptions): Promise<void> {
  const gateway = GATEWAY(o).join(' ');
  if (o.user) {
    // `chpst -u dev` (s6: `s6-setuidgid dev`) runs it as that user, its ~/.hermes the home (hermes-supervisors.md): no
    // home named anywhere.
    const as = envTool === 's6-envdir' ? 's6-setuidgid' : 'chpst -u';
    await writeExecutable(path.join(svc, 'run'), `#!/bin/sh\nexec 2>&1\nexec ${as} ${o.user} ${gateway}\n`);
    return;
  }
  if (style === 'wrapper') {
    await writeExecutable(path.join(svc, 'run'), '#!/bin/sh\nexec 2>&1\nexec ./start-hermes\n');
    await writeExecutable(path.join(svc, 'start-hermes'), wrapper(home, o));
    return;
  }
  if (style === 'envdir') {
    await mkdir(path.join(svc, 'env'), { recursive: true });
    await writeFile(path.join(svc, 'env', 'HERMES_HOME'), `${home}\n`);
  }
  await writeExecutable(
    path.join(svc, 'run'),
    style === 'envdir'
      ? `#!/bin/sh\nexec 2>&1\nexec ${envTool} ./env ${gateway}\n`
      : `#!/bin/sh\nexec 2>&1\nexport HERMES_HOME=${home}\nexec ${gateway} --home ${home}\n`,
  );
}

/** An operator's own start script: it sets the home and execs the gateway, which names no home of its own. */
const wrapper = (home: string, o: StartOptions) =>
  `#!/bin/sh\nexport HERMES_HOME=${home}\nexec ${GATEWAY(o).join(' ')}\n`;

/** runsvdir on a folder of one service, `hermes`, whose run execs the gateway and whose log/run is svlogd's (or none). */
async function underRunit(dir: string, o: StartOptions): Promise<Supervised> {
  const home = await homeIn(dir, o);
  const svc = path.join(dir, 'sv', o.service ?? 'hermes');
  const services = path.join(dir, 'service');
  await mkdir(services, { recursive: true });
  await runFile(svc, home, o.runStyle ?? 'export', 'chpst -e', o);
  if (!o.noLog) {
    await mkdir(path.join(dir, 'svlog'), { recursive: true });
    await writeExecutable(path.join(svc, 'log', 'run'), `#!/bin/sh\nexec svlogd -tt ${path.join(dir, 'svlog')}\n`);
  }
  const link = path.join(services, o.service ?? 'hermes');
  await run('ln', ['-s', svc, link]);
  // As an init starts it (Void's stage 2): PATH and nothing else, no HOME.
  const bare = o.user ? { env: bareEnv() } : {};
  let runsvdir = spawn('runsvdir', ['-P', services, `log: ${'.'.repeat(40)}`], {
    stdio: 'ignore',
    detached: true,
    ...bare,
  });
  runsvdir.unref();
  const hangUp = () => {
    try {
      process.kill(runsvdir.pid!, 'SIGHUP');
    } catch {
      /* gone */
    }
  };
  const supervising = () =>
    until(
      'runsv supervises hermes',
      async () => (await exec(['sv', 'status', link], process.env)).stdout.startsWith('run:'),
      { timeoutMs: 30_000 },
    );
  await supervising();
  return {
    kind: 'runit',
    home,
    program: link,
    env: {},
    traces: { runitDirs: [services] },
    ctl: (verb) => exec(['sv', verb === 'start' ? 'up' : verb === 'stop' ? 'down' : verb, link], process.env),
    ...breaking(home),
    halt: async () => {
      await exec(['sv', 'force-stop', link, path.join(link, 'log')], process.env);
      const gone = new Promise((r) => runsvdir.once('exit', r));
      hangUp();
      await gone;
    },
    boot: async () => {
      runsvdir = spawn('runsvdir', ['-P', services, `log: ${'.'.repeat(40)}`], {
        stdio: 'ignore',
        detached: true,
        ...bare,
      });
      runsvdir.unref();
      await supervising();
    },
    stop: async () => {
      await exec(['sv', 'force-stop', link, path.join(link, 'log')], process.env);
      // runsvdir's HUP: it sends TERM to every runsv and exits.
      hangUp();
    },
    stopNow: () => {
      spawnSync('sv', ['force-stop', link, path.join(link, 'log')], { stdio: 'ignore', timeout: 20_000 });
      hangUp();
    },
  };
}

/** s6-svscan on a scan folder of one service, `hermes`, whose run execs the gateway (s6 on a host). */
async function underS6(dir: string, o: StartOptions): Promise<Supervised> {
  const home = await homeIn(dir, o);
  const scan = path.join(dir, 'scan');
  const svc = path.join(scan, o.service ?? 'hermes');
  await runFile(svc, home, o.runStyle ?? 'export', 's6-envdir', o);
  // Its output kept by s6-log, each line stamped (`T`), as an s6 service's log/run does.
  await writeExecutable(path.join(svc, 'log', 'run'), `#!/bin/sh\nexec s6-log T ${path.join(dir, 's6log')}\n`);
  const bare = o.user ? { env: bareEnv() } : {};
  const svscan = spawn('s6-svscan', [scan], { stdio: 'ignore', detached: true, ...bare });
  svscan.unref();
  await until(
    's6 supervises hermes',
    async () => (await exec(['s6-svstat', svc], process.env)).stdout.startsWith('up'),
    {
      timeoutMs: 30_000,
    },
  );
  const down = () => spawnSync('s6-svscanctl', ['-t', scan], { stdio: 'ignore', timeout: 20_000 });
  return {
    kind: 's6',
    home,
    program: svc,
    env: {},
    traces: { s6Dirs: [scan] },
    ctl: (verb) =>
      exec(
        ['s6-svc', verb === 'start' ? '-u' : verb === 'stop' ? '-d' : verb === 'restart' ? '-r' : '-a', svc],
        process.env,
      ),
    ...breaking(home),
    stop: async () => void down(),
    stopNow: () => void down(),
  };
}

export interface StartOptions {
  /**
   * runit's and s6's service folder name (default `hermes`): a test that reads a supervisor by its service's name alone
   * runs beside others of the suite whose services are all `hermes`.
   */
  service?: string;
  /** pm2's options for the app (`--restart-delay 3000`). */
  pm2Options?: string[];
  /** pm2 without `pm2 save`: nothing for `pm2 resurrect`. */
  unsaved?: boolean;
  /** The Hermes home it serves: another supervisor's, for two claiming one home (default: a new one). */
  home?: string;
  /** Started from an ecosystem file with these keys of the app (`min_uptime`, `max_restarts`). */
  pm2Ecosystem?: Record<string, unknown>;
  /** The program's keys in supervisord's configuration (`startsecs=3`). */
  supervisordOptions?: string[];
  /**
   * supervisord as a hosting panel's process guard runs it: its own file in the panel's folder, the program in a file
   * that one includes (`[include] files = profile/*.ini`), and no trace given to gatewatch: found as it runs.
   */
  panel?: boolean;
  /** runit, s6: no folder given to gatewatch; its scanner's own (runsvdir's, s6-svscan's) is found as it runs. */
  untraced?: boolean;
  /**
   * runit, s6, supervisord: the gateway runs as this user (`chpst -u`, `s6-setuidgid` in `run`, `user=` in the program)
   * and no home is named (its ~/.hermes, `home` here), under a scanner or supervisord with no HOME, as an init or
   * systemd starts them.
   */
  user?: string;
  /** The demo gateway's script, where not the build's own (a copy that `user` can read). */
  script?: string;
  /** runit: no `log/` folder, as many services are written (the gateway's output goes to runsvdir's, unread). */
  noLog?: boolean;
  /** runit, s6: how `run` sets the home (default `export`). */
  runStyle?: RunStyle;
  /**
   * supervisord as Debian and Ubuntu install it: their own supervisord.conf (its comments, inline ones too, and
   * `[include] files = …/conf.d/*.conf`), the program in `conf.d/hermes.conf`; gatewatch is given the root file only.
   */
  debian?: boolean;
  /** supervisord, pm2: the program is an operator's start script that sets the home and execs the gateway. */
  wrapper?: boolean;
  /** The demo gateway as this Hermes (`--hermes v0.20`: its lifecycle sentinel, the next life's report of a death). */
  hermes?: 'v0.20';
}

/** How a runit or s6 `run` starts the gateway: the home exported, in an env folder, or set by a start script. */
export type RunStyle = 'export' | 'envdir' | 'wrapper';

/** The demo gateway under `kind`, in a temporary folder; waits until the supervisor says it runs. */
export async function supervised(kind: SupervisorKind, o: StartOptions = {}): Promise<Supervised> {
  const dir = await tempDir(`gw-${kind}-`);
  const s =
    kind === 'pm2'
      ? await underPm2(dir, o)
      : kind === 'supervisord'
        ? await underSupervisord(dir, o)
        : kind === 'runit'
          ? await underRunit(dir, o)
          : await underS6(dir, o);
  if (o.untraced) s.traces = {};
  started.push(s);
  const stop = s.stop;
  s.stop = async () => {
    const i = started.indexOf(s);
    if (i >= 0) started.splice(i, 1);
    await stop();
  };
  return s;
}

/** A gatewatch config beside the supervised home, watching it as `hermes` with `manager: auto` (the console only). */
export async function watchConfig(s: Pick<Supervised, 'home'>): Promise<string> {
  const dir = path.dirname(s.home);
  const config = path.join(dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      state_dir: path.join(dir, 'state'),
      targets: [{ name: 'hermes', hermes_home: s.home, reachability: false }],
      channels: { console: {} },
    }),
  );
  return config;
}
