// pm2 (hermes-supervisors.md "pm2"): `pm2 start "hermes gateway run" --name hermes` runs the gateway as a child of
// pm2's God daemon, its environment pm2's whole pm2_env (`pm_id`, `name`, `PM2_HOME`…). What pm2 says of it is read
// from its own files, without its CLI (which starts a daemon where none runs): pm2.log's lines for the app (online,
// `Stopping app:`, `exited with code`, the give-up "had too many unstable restarts … "errored""), the pid file it keeps
// while the app runs, dump.pm2 (`pm2 save`), the God daemon's pid. Its lever is pm2's own command.
import { ownText } from '../../i18n.js';
import * as ownWords from './pm2-texts.js';
import path from 'node:path';
import type { ServiceEvidence, SupervisorRisk } from '../../evidence.js';
import type { TargetConfig } from '../../config/schema.js';
import { readdir, stat } from '../../util/file-calls.js';
import { KiB, MiB, readCapped, readProcText, readTail } from '../../util/read-capped.js';
import { fileExists, which, type Host } from '../host.js';
import { parseEnviron } from '../process.js';
import { parseProcStat } from '../proc-stat.js';
import { pm2Call } from './pm2-rpc.js';
import { causeOfFile, localMs } from './output.js';
import {
  supervisingAncestor,
  type BoxFinds,
  type Claim,
  type LeverWords,
  type Plan,
  type ProcTraits,
  type SupervisorAdapter,
  type WordsContext,
} from './types.js';

/**
 * The God daemon's title: `PM2 v5.4.3: God Daemon (/home/u/.pm2)`, cut short where its original command line was
 * shorter (a long PM2_HOME loses its end): its home is read only from a whole title.
 */
const GOD = /^PM2 v[\d.]+: God\b/;
const GOD_HOME = /^PM2 v[\d.]+: God Daemon \((.+)\)\s*$/;

export function pm2HomeOfTitle(cmdline: string): string | undefined {
  return GOD_HOME.exec(cmdline)?.[1];
}

export interface Pm2Event {
  at: number;
  kind:
    | 'starting'
    | 'online'
    | 'stopping'
    | 'exited'
    | 'killed'
    | 'restart_in'
    | 'errored'
    | 'daemon_up'
    | 'daemon_down';
  code?: number;
  line: string;
}

/** `2026-11-28T12:45:07: PM2 log: …`, local time. */
const LINE = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d): PM2 (?:log|error): (.*)$/;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The app's events in pm2.log's lines (and the daemon's own start and stop), oldest first. */
export function pm2Events(lines: readonly string[], name: string): Pm2Event[] {
  const app = `App \\[${esc(name)}:\\d+\\]`;
  const rules: [RegExp, Pm2Event['kind']][] = [
    [new RegExp(`^${app} starting in -\\w+ mode-`), 'starting'],
    [new RegExp(`^${app} online$`), 'online'],
    [new RegExp(`^Stopping app:${esc(name)} id:\\d+`), 'stopping'],
    [new RegExp(`^${app} exited with code \\[(-?\\d+)\\]`), 'exited'],
    [new RegExp(`^${app} will restart in \\d+ms`), 'restart_in'],
    [/^--- New PM2 Daemon started/, 'daemon_up'],
    [/^PM2 successfully stopped/, 'daemon_down'],
  ];
  const out: Pm2Event[] = [];
  for (const raw of lines) {
    const m = LINE.exec(raw);
    if (!m) continue;
    const at = localMs(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    const msg = m[7]!;
    // The give-up names the script (`Script /usr/bin/bash had too many …`), not the app: it is the app's when it comes
    // right after the app's own exit.
    if (/had too many unstable restarts \(\d+\)\. Stopped\. "errored"/.test(msg)) {
      if (out.at(-1)?.kind === 'exited') out.push({ at, kind: 'errored', line: msg });
      continue;
    }
    for (const [re, kind] of rules) {
      const hit = re.exec(msg);
      if (!hit) continue;
      out.push({ at, kind, line: msg, ...(kind === 'exited' ? { code: Number(hit[1]) } : {}) });
      break;
    }
  }
  return out;
}

/** How long after a crash exit pm2 is taken to be starting it again (it does so at once, or after `will restart in`). */
const RESPAWN_MS = 5_000;
const LOOP_WINDOW_MS = 120_000;

/** pm2's word for the app now, and what its events say of who stopped it, a give-up and its recent deaths. */
export function pm2State(
  events: readonly Pm2Event[],
  o: { now: number; daemon: boolean; running: boolean },
): Pick<ServiceEvidence, 'state' | 'active' | 'restarting' | 'stopped' | 'gaveUp' | 'deaths' | 'upFor'> {
  const last = events.at(-1);
  // Crash exits: an exit that no `Stopping app:` just before it asked for. A stop asked for and pm2's give-up each end
  // a count: the life started after either is a new one (given up still, the deaths before it are its story).
  let ended = -1;
  if (last?.kind !== 'errored')
    events.forEach((e, i) => {
      if (e.kind === 'errored' || e.kind === 'stopping') ended = i;
    });
  const crashes = events.filter((e, i) => i > ended && e.kind === 'exited' && events[i - 1]?.kind !== 'stopping');
  const recent = crashes.filter((e) => o.now - e.at <= LOOP_WINDOW_MS);
  const deaths = recent.length
    ? {
        deaths: {
          count: recent.length,
          windowS: LOOP_WINDOW_MS / 1000,
          last: recent.at(-1)!.line,
          firstAt: recent[0]!.at,
          lastAt: recent.at(-1)!.at,
        },
      }
    : {};
  const stop = [...events].reverse().find((e) => e.kind === 'stopping');
  const sinceStop = stop ? events.slice(events.lastIndexOf(stop) + 1) : [];
  const stoppedSince = stop && !sinceStop.some((e) => e.kind === 'starting' || e.kind === 'online');
  if (!o.daemon) {
    // `pm2 kill` stops its apps, then the daemon removes its pid file and logs its last line: a look between the two
    // meets the apps' stop alone, the operator's all the same. A daemon gone with its app running was nobody's stop.
    const last = events.at(-1);
    const by = last?.kind === 'daemon_down' ? last : stoppedSince ? stop : undefined;
    return {
      state: 'pm2 not running',
      active: false,
      ...(by ? { stopped: { at: by.at, line: by.line } } : {}),
      ...deaths,
    };
  }
  // How long this life has run, from pm2's own `online` (to the second): a life it started a moment ago may not have
  // claimed the gateway's pid file yet (Python importing), and is no death.
  const up = last?.kind === 'online' && o.now >= last.at ? { upFor: Math.floor((o.now - last.at) / 1000) } : {};
  if (o.running || last?.kind === 'online') return { state: 'online', active: true, ...up, ...deaths };
  if (stoppedSince)
    return {
      state: sinceStop.some((e) => e.kind === 'exited' || e.kind === 'killed') ? 'stopped' : 'stopping',
      active: false,
      stopped: { at: stop.at, line: stop.line },
      ...deaths,
    };
  if (last?.kind === 'errored') {
    const lives = Number(/\((\d+)\)/.exec(last.line)?.[1] ?? NaN);
    return {
      state: 'errored',
      active: false,
      gaveUp: { at: last.at, line: last.line, ...(Number.isFinite(lives) ? { lives: lives + 1 } : {}) },
      ...deaths,
    };
  }
  if (last?.kind === 'starting') return { state: 'launching', active: false, restarting: true, ...deaths };
  if (last?.kind === 'restart_in') return { state: 'waiting restart', active: false, restarting: true, ...deaths };
  // After a crash pm2 starts it again at once, or after its restart_delay (`waiting restart`): one in a loop of them is
  // waited on whatever its delay; a lone exit pm2 has not followed with a start is a death it leaves alone.
  if (last?.kind === 'exited')
    return o.now - last.at < RESPAWN_MS || recent.length >= 2
      ? { state: 'waiting restart', active: false, restarting: true, ...deaths }
      : { state: 'stopped', active: false, ...deaths };
  return { state: 'unknown', active: false, ...deaths };
}

async function godAlive(home: string): Promise<{ pid: number; env?: Record<string, string> } | undefined> {
  const pid = Number((await readCapped(path.join(home, 'pm2.pid'), 64).catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  // A daemon killed but not reaped yet is a zombie that still bears its name: not running.
  const st = parseProcStat(await readProcText(`/proc/${pid}/stat`, 4 * KiB).catch(() => ''));
  if (!st || st.state === 'Z' || st.state === 'X' || !st.comm.startsWith('PM2')) return undefined;
  const env = await readProcText(`/proc/${pid}/environ`, 64 * KiB).then(parseEnviron, () => undefined);
  return { pid, ...(env ? { env } : {}) };
}

interface DumpApp {
  name?: string;
  autorestart?: boolean;
  max_restarts?: number;
  min_uptime?: number | string;
  pm_err_log_path?: string;
  pm_exec_path?: string;
  args?: string[] | string;
  HERMES_HOME?: string;
  HOME?: string;
  env?: { HERMES_HOME?: string; HOME?: string };
  pm_cwd?: string;
}

async function readDump(home: string): Promise<DumpApp[] | undefined> {
  try {
    const apps = JSON.parse(await readCapped(path.join(home, 'dump.pm2'), 4 * MiB)) as unknown;
    return Array.isArray(apps) ? (apps as DumpApp[]) : undefined;
  } catch {
    return undefined;
  }
}

/** The apps of a running God daemon: what `pm2 jlist` prints, asked of the daemon itself (pm2-rpc.ts says why). */
async function listed(home: string, host: Host): Promise<{ apps?: DumpApp[]; error?: string }> {
  const god = await godAlive(home);
  if (!god) return {};
  try {
    const owner = (await stat(`/proc/${god.pid}`)).uid;
    const apps = await pm2Call(home, 'getMonitorData', [{}], { timeoutMs: host.timeoutMs, owner });
    if (!Array.isArray(apps)) return { error: "pm2's daemon did not answer: not a list of apps" };
    return {
      apps: (apps as { name?: string; pm2_env?: DumpApp }[]).map((a) => ({
        ...a.pm2_env,
        name: a.name ?? a.pm2_env?.name,
      })),
    };
  } catch (e) {
    return { error: `pm2's daemon did not answer: ${(e as Error).message}` };
  }
}

/** A unit or plist `pm2 startup` wrote for this pm2 home (`Environment=PM2_HOME=…`), so pm2 resurrects at boot. */
async function startsAtBoot(home: string, host: Host): Promise<boolean> {
  const dirs = host.platform === 'darwin' ? [path.join(host.homedir, 'Library', 'LaunchAgents')] : [host.systemUnitDir];
  for (const dir of dirs) {
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => /^pm2[-.]/.test(f));
    for (const f of files)
      if ((await readCapped(path.join(dir, f), 64 * KiB).catch(() => '')).includes(home)) return true;
  }
  return false;
}

const isGatewayApp = (a: DumpApp) =>
  /\bgateway\b[\s,]+run\b|gateway\.js gateway run/.test([a.pm_exec_path ?? '', ...[a.args ?? []].flat()].join(' '));

/** A pm2 app that runs a gateway, and the Hermes home it serves. */
export interface Pm2Gateway {
  name: string;
  home: string;
}

/** The Hermes home an app serves: its HERMES_HOME, else `~/.hermes` of its own HOME (of pm2's user when not kept). */
function appHome(a: DumpApp, userHome: string): string {
  const declared = a.HERMES_HOME ?? a.env?.HERMES_HOME;
  return path.resolve(declared ?? path.join(a.HOME ?? a.env?.HOME ?? userHome, '.hermes'));
}

/**
 * Every gateway app of a pm2 home (for `init`): the running daemon's list (what `pm2 jlist` prints), else the list
 * `pm2 save` left (dump.pm2). `error`: what could not be read (the daemon's socket refused, a dump that is not JSON).
 */
export async function pm2Gateways(home: string, host: Host): Promise<{ apps: Pm2Gateway[]; error?: string }> {
  const of = (apps: DumpApp[]) =>
    apps.filter((a) => isGatewayApp(a) && a.name).map((a) => ({ name: a.name!, home: appHome(a, host.homedir) }));
  const live = await listed(home, host);
  if (live.apps) return { apps: of(live.apps) };
  const error = live.error;
  const file = path.join(home, 'dump.pm2');
  const said = error ? { error } : {};
  let text: string;
  try {
    text = await readCapped(file, 4 * MiB);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { apps: [], ...said };
    return { apps: [], error: error ?? `${file}: ${code === 'EACCES' ? 'permission denied' : (code ?? String(e))}` };
  }
  try {
    const apps = JSON.parse(text) as unknown;
    if (!Array.isArray(apps)) throw new Error('not a list of apps');
    return { apps: of(apps as DumpApp[]), ...said };
  } catch (e) {
    return { apps: [], error: error ?? `${file}: ${(e as Error).message}` };
  }
}

/** The PM2 homes to look in for a home's gateway that is down: the configured, the environment's, the user's own. */
function homesToSearch(target: TargetConfig, host: Host): string[] {
  return [
    ...new Set(
      [target.service.pm2_home, host.env.PM2_HOME, path.join(host.homedir, '.pm2')].filter((h): h is string => !!h),
    ),
  ];
}

/**
 * The app of these pm2 homes that runs this Hermes home: the running daemon's list, else `pm2 save`'s dump. `named`:
 * the daemon ran this gateway (Hermes said so), so where no app's script names the home (a start script), the one app
 * named for Hermes.
 */
async function appIn(homes: readonly string[], target: TargetConfig, host: Host, named = false) {
  const serves = (a: DumpApp) =>
    isGatewayApp(a) &&
    path.resolve(a.HERMES_HOME ?? a.env?.HERMES_HOME ?? path.join(host.homedir, '.hermes')) ===
      path.resolve(target.hermes_home);
  for (const home of homes) {
    // The running daemon's list, else the list `pm2 save` left (what `pm2 resurrect` starts at boot).
    const live = (await listed(home, host)).apps;
    const dump = live?.find(serves) ? undefined : await readDump(home);
    const forHermes = named ? (live ?? dump ?? []).filter((a) => !isGatewayApp(a) && /hermes/i.test(a.name ?? '')) : [];
    const app = live?.find(serves) ?? dump?.find(serves) ?? (forHermes.length === 1 ? forHermes[0] : undefined);
    if (app?.name) return { manager: 'pm2' as const, name: app.name, via: home };
  }
  return undefined;
}

function homeOf(claim: Claim, target: TargetConfig, host: Host): string {
  return claim.via ?? target.service.pm2_home ?? host.env.PM2_HOME ?? path.join(host.homedir, '.pm2');
}

/**
 * pm2's command as its home's owner runs it. Root's pm2 on another user's home would start its God daemon as root
 * there (`pm2 resurrect`): the apps would run as root, and that user's own pm2 would then be refused the files root
 * left in it. Only root can act as another user; anyone else runs it as it is.
 */
export async function asOwner(home: string, host: Host, argv: string[]): Promise<string[]> {
  if (host.platform !== 'linux' || host.uid !== 0) return argv;
  const st = await stat(home).catch(() => undefined);
  if (!st || st.uid === 0) return argv;
  // The user's own groups where the system knows the user; none where it does not (a uid without a passwd line).
  const passwd = await readCapped('/etc/passwd', MiB).catch(() => '');
  const known = passwd.split('\n').some((l) => l.split(':')[2] === String(st.uid));
  return ['setpriv', `--reuid=${st.uid}`, `--regid=${st.gid}`, known ? '--init-groups' : '--clear-groups', ...argv];
}

/** pm2 itself, for the lever: on gatewatch's PATH, or on the PATH pm2's daemon was started with. */
async function pm2Bin(home: string, host: Host): Promise<string> {
  const own = await which('pm2', host);
  if (own) return own;
  const god = await godAlive(home);
  return (god?.env?.PATH ? await which('pm2', { ...host, env: { PATH: god.env.PATH } }) : undefined) ?? 'pm2';
}

const code = (cmd: string) => `\`${cmd}\``;

/** The apps of every pm2 home: the live daemons', the environment's, the user's ~/.pm2. */
async function pm2Box(host: Host, places: readonly string[]): Promise<BoxFinds> {
  const homes = [
    ...new Set(
      [...places, ...(host.env.PM2_HOME ? [host.env.PM2_HOME] : []), path.join(host.homedir, '.pm2')].map((p) =>
        path.resolve(p),
      ),
    ),
  ];
  const found = await Promise.all(homes.map(async (home) => ({ home, ...(await pm2Gateways(home, host)) })));
  return {
    gateways: found.flatMap(({ home, apps }) =>
      apps.map((a) => ({
        home: a.home,
        label: a.name,
        service: { manager: 'pm2' as const, program: a.name, pm2_home: home },
      })),
    ),
    unread: found.flatMap(({ home, error }) => (error ? [{ what: `PM2_HOME=${home}`, why: error }] : [])),
  };
}

export const pm2: SupervisorAdapter = {
  texts: { en: ownWords.en, 'zh-CN': ownWords.zhCN },
  box: pm2Box,
  async place(p) {
    if (!GOD.test(p.argv[0] ?? '')) return undefined;
    return pm2HomeOfTitle(p.argv.join(' ')) ?? (await p.env())?.PM2_HOME;
  },
  keys: ({ name, via }) => ({ manager: 'pm2', ...(name ? { program: name } : {}), ...(via ? { pm2_home: via } : {}) }),
  where: ({ name, via }) => ({
    key: ownText(ownWords.en, 'init.home.pm2'),
    params: { name: name ?? '', home: via ?? '~/.pm2' },
  }),
  kind: 'pm2',
  claims(p: ProcTraits) {
    const god = supervisingAncestor(p, (a) => GOD.test(a.comm) && GOD.test(a.cmdline));
    if (!god) return undefined;
    return {
      manager: 'pm2',
      ...(p.env.name ? { name: p.env.name } : {}),
      via: p.env.PM2_HOME ?? pm2HomeOfTitle(god.cmdline),
    };
  },
  async traces(target, host) {
    return appIn(homesToSearch(target, host), target, host);
  },
  async sender(parent, target, host) {
    // The God daemon's title names its home: `PM2 v5.4.3: God Daemon (/home/ops/.pm2)`.
    if (!GOD.test(parent.name) && !GOD.test(parent.cmdline)) return undefined;
    // The title is cut to the length of the daemon's first argv: a long home leaves no `)`; the daemon, where it still
    // runs, says its home in its environment.
    const comm = await readProcText(`/proc/${parent.pid}/comm`, 64).catch(() => '');
    const god = comm.startsWith('PM2')
      ? await readProcText(`/proc/${parent.pid}/environ`, 64 * KiB).then(parseEnviron, () => undefined)
      : undefined;
    const home = pm2HomeOfTitle(parent.cmdline) ?? god?.PM2_HOME;
    return home ? appIn([home], target, host, true) : undefined;
  },
  async configured(target, host) {
    return {
      manager: 'pm2',
      ...(target.service.program ? { name: target.service.program } : {}),
      via: target.service.pm2_home ?? host.env.PM2_HOME ?? path.join(host.homedir, '.pm2'),
    };
  },
  async probe(target, claim, host, o) {
    const home = homeOf(claim, target, host);
    const name = claim.name ?? target.service.program;
    const base: ServiceEvidence = { manager: 'pm2', ...(name ? { name } : {}), via: home };
    if (!name) return { ...base, error: 'no pm2 app name (service.program) for this gateway' };
    const god = await godAlive(home);
    const log = await readTail(path.join(home, 'pm2.log'), 64 * KiB).catch(() => undefined);
    const events = pm2Events(log?.lines ?? [], name);
    const running = !!o.traits && (o.traits.env.name === name || !o.traits.env.name);
    const st = pm2State(events, { now: o.now ?? Number.NaN, daemon: !!god, running });
    const dump = (await readDump(home))?.find((a) => a.name === name);
    const errLog =
      o.traits?.env.pm_err_log_path ?? dump?.pm_err_log_path ?? path.join(home, 'logs', `${name}-error.log`);
    const failing = st.gaveUp || (st.deaths?.count ?? 0) >= 2 || (st.state === 'stopped' && !st.stopped);
    const cause = failing ? await causeOfFile(errLog) : undefined;
    const restarts = Number(o.traits?.env.restart_time);
    const risks: SupervisorRisk[] = [];
    if (god && !dump) risks.push('pm2_unsaved');
    // Only where systemd boots the host, whose unit `pm2 startup` writes (containers and WSL have none to write).
    if (god && (await fileExists(host.systemdBooted)) && !(await startsAtBoot(home, host)))
      risks.push('pm2_no_startup');
    if (dump?.autorestart === false) risks.push('no_autorestart');
    return {
      ...base,
      ...st,
      ...(Number.isInteger(restarts) ? { nRestarts: restarts } : {}),
      ...(cause ? { cause: { line: cause, source: errLog } } : {}),
      output: errLog,
      respawn: {
        restarts: dump?.autorestart !== false,
        ...(dump?.max_restarts !== undefined ? { limit: `max_restarts ${dump.max_restarts}` } : {}),
      },
      ...(risks.length ? { risks } : {}),
    };
  },
  async plan(verb, target, svc, claim, host): Promise<Plan> {
    const name = svc.name ?? claim.name ?? target.service.program;
    if (!name) return { error: 'no pm2 app name (service.program) for this gateway' };
    const home = svc.via ?? homeOf(claim, target, host);
    const bin = await pm2Bin(home, host);
    // pm2's daemon gone (a reboot with no `pm2 startup`): its saved list brings the app back.
    if (verb !== 'stop' && svc.state === 'pm2 not running' && (await fileExists(path.join(home, 'dump.pm2'))))
      return { run: [{ argv: await asOwner(home, host, [bin, 'resurrect']), env: { PM2_HOME: home } }] };
    return { run: [{ argv: await asOwner(home, host, [bin, verb, name]), env: { PM2_HOME: home } }] };
  },
  words({ target, service: s }: WordsContext): LeverWords {
    const name = s.name ?? '<app>';
    const pre = s.via && s.via !== '~/.pm2' && !/\/\.pm2\/?$/.test(s.via) ? `PM2_HOME=${s.via} ` : '';
    const cmd = (verb: string) => code(`${pre}pm2 ${verb} ${name}`);
    return {
      restart_how: {
        key: 'finding.service.restart.supervisor',
        params: { target, supervisor: 'pm2', cmd: cmd('restart') },
      },
      restart: cmd('restart'),
      start: s.state === 'pm2 not running' ? code(`${pre}pm2 resurrect`) : cmd('start'),
      journal: {
        key: ownText(ownWords.en, 'finding.service.journal.pm2'),
        params: { file: s.output ?? `~/.pm2/logs/${name}-error.log`, cmd: `${pre}pm2 logs ${name} --lines 50` },
      },
      supervisor: {
        key: ownText(ownWords.en, 'finding.service.status.pm2'),
        params: { cmd: `${pre}pm2 describe ${name}` },
      },
      autorestart: `${code(`${pre}pm2 restart ${name} --autorestart`)}, then ${code(`${pre}pm2 save`)}`,
    };
  },
};
