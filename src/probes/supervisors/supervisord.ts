// supervisord (hermes-supervisors.md "supervisord"), and the process guards of the hosting panels built on it: a
// `[program:hermes]` whose child carries SUPERVISOR_PROCESS_NAME and SUPERVISOR_SERVER_URL. What it says is
// supervisorctl's own answer (`status`: RUNNING, STARTING, BACKOFF, STOPPED, EXITED, FATAL), its main log (`maintail`:
// `exited: hermes (exit status 1; not expected)`, `gave up: hermes entered FATAL state …`) and the child's stderr
// (`tail … stderr`): the cause of a give-up. Its lever is supervisorctl's start, restart and stop.
import path from 'node:path';
import type { ServiceEvidence, SupervisorRisk } from '../../evidence.js';
import { readdir, readlink } from '../../util/file-calls.js';
import { KiB, readCapped, readProcText } from '../../util/read-capped.js';
import { scanProcs } from '../proc-scan.js';
import { monotonicMs } from '../../util/clock.js';
import { runCommand, trimDetail, type Host } from '../host.js';
import { gatewayHome, isGatewayRunArgv } from '../process.js';
import { expand, keyValuePairs, parseIni } from './ini.js';
import { causeLine, localMs } from './output.js';
import { shellWords } from './run-file.js';
import {
  supervisingAncestor,
  type Claim,
  type LeverWords,
  type ProcTraits,
  type SupervisorAdapter,
  type WordsContext,
} from './types.js';

/** `hermes                           RUNNING   pid 13427, uptime 0:00:02` */
const STATUS = /^(\S+)\s+(RUNNING|STARTING|BACKOFF|STOPPING|STOPPED|EXITED|FATAL|UNKNOWN)\b\s*(.*)$/;
/** `2026-11-28 12:46:08,641 WARN exited: hermes (exit status 1; not expected)`, local time. */
const MAIN = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) \w+ (.*)$/;
const LOOP_WINDOW_MS = 120_000;
const STOPPED_AT = /^(\w{3}) (\d\d) (\d\d):(\d\d) (AM|PM)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `STOPPED   Nov 28 03:05 PM`: when, in the year that puts it last before now. */
export function stoppedAt(desc: string, now: number): number | undefined {
  const m = STOPPED_AT.exec(desc.trim());
  if (!m) return undefined;
  const mo = MONTHS.indexOf(m[1]!);
  const h = (Number(m[3]) % 12) + (m[5] === 'PM' ? 12 : 0);
  const year = new Date(now).getFullYear();
  const at = localMs(year, mo + 1, Number(m[2]), h, Number(m[4]), 0);
  return at > now + 60_000 ? localMs(year - 1, mo + 1, Number(m[2]), h, Number(m[4]), 0) : at;
}

export interface MainEvent {
  at: number;
  kind: 'spawned' | 'running' | 'exited' | 'stopped' | 'gave_up';
  line: string;
}

/** The program's events in supervisord's main log, oldest first. */
export function mainEvents(lines: readonly string[], name: string): MainEvent[] {
  const bare = name.includes(':') ? name.split(':')[1]! : name;
  const rules: [RegExp, MainEvent['kind']][] = [
    [new RegExp(`^spawned: '${bare}' with pid`), 'spawned'],
    [new RegExp(`^success: ${bare} entered RUNNING state`), 'running'],
    [new RegExp(`^exited: ${bare} \\(`), 'exited'],
    [new RegExp(`^stopped: ${bare} \\(`), 'stopped'],
    [new RegExp(`^gave up: ${bare} entered FATAL state`), 'gave_up'],
  ];
  const out: MainEvent[] = [];
  for (const raw of lines) {
    const m = MAIN.exec(raw);
    if (!m) continue;
    const kind = rules.find(([re]) => re.test(m[8]!))?.[1];
    if (kind)
      out.push({ at: localMs(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!), kind, line: m[8]!.trim() });
  }
  return out;
}

/** supervisorctl aimed at this supervisord: its server URL when known, else its own default configuration. */
const ctl = (via: string | undefined, ...args: string[]) => ['supervisorctl', ...(via ? ['-s', via] : []), ...args];

/** The program's deaths of the last two minutes, as supervisord logged them (a stop it was asked for is no death). */
function deathsOf(events: readonly MainEvent[], now: number): ServiceEvidence['deaths'] | undefined {
  const recent = events.filter((e) => e.kind === 'exited' && now - e.at <= LOOP_WINDOW_MS);
  const last = recent.at(-1);
  return last
    ? { count: recent.length, windowS: LOOP_WINDOW_MS / 1000, last: last.line, firstAt: recent[0]!.at, lastAt: last.at }
    : undefined;
}

/**
 * `[program:x]` sections whose command runs the gateway, each with the home it serves (its environment's HERMES_HOME,
 * else `~/.hermes` of its environment's HOME or of `userHome`). `here`: the file's folder, for `%(here)s`.
 */
export function gatewayPrograms(text: string, userHome: string, here = '/'): { name: string; home: string }[] {
  const out: { name: string; home: string }[] = [];
  for (const [sec, keys] of parseIni(text)) {
    const name = /^program:(.+)$/.exec(sec)?.[1]?.trim();
    if (!name) continue;
    const argv = shellWords(expand(keys.get('command') ?? '', here));
    if (!isGatewayRunArgv(argv)) continue;
    const env = keyValuePairs(expand(keys.get('environment') ?? '', here));
    const home = gatewayHome(argv, { ...env, HOME: env.HOME || userHome }, userHome);
    if (home) out.push({ name, home: path.resolve(home) });
  }
  return out;
}

/** `[program:x]` sections whose command runs `gateway run` for this home: x. */
export function programsFor(text: string, home: string, userHome: string, here = '/'): string[] {
  return gatewayPrograms(text, userHome, here)
    .filter((p) => p.home === path.resolve(home))
    .map((p) => p.name);
}

/**
 * The configuration, a group a root file with what its `[include] files=` names (as supervisord reads it): the host's
 * usual places, every `.conf`/`.ini` of their folders (Debian's conf.d, RHEL's supervisord.d), and the file each
 * running supervisord was started with (a hosting panel keeps its own in its own folder).
 */
async function confGroups(host: Host, fresh = false): Promise<ConfFile[][]> {
  const roots: string[] = [];
  for (const p of [...host.supervisorConfs, ...(await runningConfs(fresh))]) {
    const list = await readdir(p).catch(() => undefined);
    if (list) roots.push(...list.filter((f) => /\.(conf|ini)$/.test(f)).map((f) => path.join(p, f)));
    else roots.push(p);
  }
  return Promise.all([...new Set(roots)].map(withIncludes));
}

interface ConfFile {
  file: string;
  text: string;
}

/** A file's text and those of the files it includes, theirs too, a few levels deep, each once. */
async function withIncludes(root: string): Promise<ConfFile[]> {
  const texts = new Map<string, string>();
  for (let depth = 0, todo = [root]; depth < 3 && todo.length; depth++) {
    const read = await Promise.all(todo.map((f) => readCapped(f, 256 * KiB).catch(() => '')));
    todo.forEach((f, i) => texts.set(f, read[i]!));
    const next = (await Promise.all(todo.map((f, i) => includedFiles(f, read[i]!)))).flat();
    todo = [...new Set(next)].filter((f) => !texts.has(f));
  }
  return [...texts].map(([file, text]) => ({ file, text }));
}

async function confTexts(host: Host): Promise<string[]> {
  return (await confGroups(host)).flat().map((c) => c.text);
}

const urlOf = (c: ConfFile) => serverUrlOf(c.text, path.dirname(c.file));

/** The running supervisords' files, read once a minute at most: a RUNNING gateway's every look reads its program. */
const RUNNING_TTL_MS = 60_000;
let running: { at: number; files: Promise<string[]> } | undefined;

function runningConfs(fresh: boolean): Promise<string[]> {
  const now = monotonicMs();
  if (fresh || !running || now - running.at > RUNNING_TTL_MS) running = { at: now, files: scanRunningConfs() };
  return running.files;
}

/** supervisord's `-c FILE` (or `--configuration`) of each running supervisord, read from /proc. */
async function scanRunningConfs(): Promise<string[]> {
  const scan = await scanProcs(async (pid) => {
    const comm = await readProcText(`/proc/${pid}/comm`, 64).catch(() => '');
    if (!comm.startsWith('supervisord')) return null;
    const argv = (await readProcText(`/proc/${pid}/cmdline`, 4 * KiB).catch(() => '')).split('\0');
    const i = argv.findIndex((a) => a === '-c' || a === '--configuration');
    const inline = argv.find((a) => a.startsWith('--configuration='))?.slice('--configuration='.length);
    const file = inline ?? (i >= 0 ? argv[i + 1] : undefined);
    if (!file) return null;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '/');
    return path.resolve(cwd, file);
  }, 2_000);
  return scan.ok ? [...new Set(scan.procs.values())] : [];
}

/** The files `[include] files = a/*.ini b.conf` names, relative to the including file; `*` and `?` in a file's name. */
export async function includedFiles(file: string, text: string): Promise<string[]> {
  const here = path.dirname(file);
  const value = parseIni(text).get('include')?.get('files');
  if (!value) return [];
  const out: string[] = [];
  for (const pattern of expand(value, here).trim().split(/\s+/)) {
    const full = path.resolve(here, pattern);
    const dir = path.dirname(full);
    const base = path.basename(full);
    if (!/[*?]/.test(base)) {
      out.push(full);
      continue;
    }
    const glob = base
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    const re = new RegExp(`^${glob}$`);
    const list = await readdir(dir).catch(() => [] as string[]);
    out.push(...list.filter((f) => re.test(f)).map((f) => path.join(dir, f)));
  }
  return out;
}

/** The `[program:<name>]` section's keys, of whichever file has it. */
function programConf(texts: readonly string[], name: string): Map<string, string> | undefined {
  const bare = name.includes(':') ? name.split(':')[1]! : name;
  for (const t of texts) {
    const keys = t.includes(bare) ? parseIni(t).get(`program:${bare}`) : undefined;
    if (keys) return keys;
  }
  return undefined;
}

/** `pid 13427, uptime 0:00:02` or `…, uptime 3 days, 4:05:06`: seconds. */
export function uptimeS(desc: string): number {
  const m = /uptime (?:(\d+) days?, )?(\d+):(\d\d):(\d\d)/.exec(desc);
  return m ? Number(m[1] ?? 0) * 86_400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) : 0;
}

/** `[supervisorctl] serverurl=…`, else `unix://` and `[unix_http_server] file=…`. */
export function serverUrlOf(text: string, here = '/'): string | undefined {
  const ini = parseIni(text);
  const url = ini.get('supervisorctl')?.get('serverurl');
  if (url) return expand(url, here);
  const file = ini.get('unix_http_server')?.get('file');
  return file ? `unix://${path.resolve(here, expand(file, here))}` : undefined;
}

const code = (cmd: string) => `\`${cmd}\``;

export const supervisord: SupervisorAdapter = {
  kind: 'supervisord',
  claims(p: ProcTraits) {
    const parent = supervisingAncestor(
      p,
      (a) => a.comm === 'supervisord' || /^\S*python\S* \S*supervisord\b/.test(a.cmdline),
    );
    if (!parent) return undefined;
    const named = p.env.SUPERVISOR_PROCESS_NAME;
    const group = p.env.SUPERVISOR_GROUP_NAME;
    const name = named && group && group !== named ? `${group}:${named}` : named;
    return {
      manager: 'supervisord',
      ...(name ? { name } : {}),
      ...(p.env.SUPERVISOR_SERVER_URL ? { via: p.env.SUPERVISOR_SERVER_URL } : {}),
    };
  },
  async traces(target, host) {
    // Asked only while the gateway is down and unclaimed: the running supervisords as they are now.
    const groups = await confGroups(host, true);
    // The server a program belongs to: its own configuration's `serverurl`, else the socket it serves; a file read on
    // its own (conf.d's) belongs to the host's.
    const anyUrl = groups.flat().map(urlOf).find(Boolean);
    for (const group of groups) {
      const name = group
        .map((c) => programsFor(c.text, target.hermes_home, host.homedir, path.dirname(c.file))[0])
        .find(Boolean);
      const url = group.map(urlOf).find(Boolean) ?? anyUrl;
      if (name) return { manager: 'supervisord', name, ...(url ? { via: url } : {}) };
    }
    return undefined;
  },
  async configured(target) {
    return {
      manager: 'supervisord',
      ...(target.service.program ? { name: target.service.program } : {}),
      ...(target.service.supervisor_url ? { via: target.service.supervisor_url } : {}),
    };
  },
  async probe(target, claim: Claim, host, o) {
    const name = claim.name ?? target.service.program;
    const via = claim.via ?? target.service.supervisor_url;
    const base: ServiceEvidence = { manager: 'supervisord', ...(name ? { name } : {}), ...(via ? { via } : {}) };
    if (!name) return { ...base, error: 'no supervisord program name (service.program) for this gateway' };
    const r = await runCommand(ctl(via, 'status', name), host);
    const m = STATUS.exec(r.stdout.split('\n')[0] ?? '');
    // 0: RUNNING; 3: not running; 4: no such program. Anything else is supervisorctl failing to ask.
    if (!m || (r.exitCode !== 0 && r.exitCode !== 3)) {
      const d = trimDetail(r.stdout || r.stderr, 200);
      return { ...base, error: `supervisorctl status: ${r.failure ?? 'no answer'}${d ? `: ${d}` : ''}` };
    }
    const word = m[2]!;
    const desc = m[3]!.trim();
    // A life older than the window has seen no death in it: supervisord's main log is asked only otherwise.
    const settled = word === 'RUNNING' && uptimeS(desc) > LOOP_WINDOW_MS / 1000;
    const main = settled ? undefined : await runCommand(ctl(via, 'maintail', '-16000'), host);
    const events = main?.exitCode === 0 ? mainEvents(main.stdout.split('\n'), name) : [];
    const now = o.now ?? Number.NaN;
    const deaths = deathsOf(events, now);
    const gaveUp = word === 'FATAL' ? events.filter((e) => e.kind === 'gave_up').at(-1) : undefined;
    const failing = word === 'FATAL' || word === 'BACKOFF' || word === 'EXITED' || (deaths?.count ?? 0) >= 2;
    const tail = failing ? await runCommand(ctl(via, 'tail', '-8000', name, 'stderr'), host) : undefined;
    const cause = tail?.exitCode === 0 ? causeLine(tail.stdout.split('\n')) : undefined;
    const stopAt = word === 'STOPPED' && !Number.isNaN(now) ? stoppedAt(desc, now) : undefined;
    const conf = word === 'RUNNING' ? programConf(await confTexts(host), name) : undefined;
    const noRestart = conf?.get('autorestart')?.toLowerCase() === 'false';
    const risks: SupervisorRisk[] = noRestart ? ['no_autorestart'] : [];
    return {
      ...base,
      state: desc ? `${word} ${desc}` : word,
      active: word === 'RUNNING',
      ...(word === 'RUNNING' ? { upFor: uptimeS(desc) } : {}),
      // STARTING and BACKOFF: supervisord is starting it (again) by itself.
      restarting: word === 'STARTING' || word === 'BACKOFF' || word === 'STOPPING',
      // STOPPING only follows a stop it was asked for: the gateway may be gone before supervisord says STOPPED.
      ...(word === 'STOPPED' || word === 'STOPPING'
        ? {
            stopped: {
              ...(word === 'STOPPING' && !Number.isNaN(now) ? { at: now } : stopAt !== undefined ? { at: stopAt } : {}),
              line: `${word} ${desc}`.trim(),
            },
          }
        : {}),
      ...(word === 'FATAL'
        ? { gaveUp: { ...(gaveUp ? { at: gaveUp.at } : {}), line: gaveUp?.line ?? `FATAL ${desc}`.trim() } }
        : {}),
      ...(deaths ? { deaths } : {}),
      ...(cause ? { cause: { line: cause, source: `supervisorctl tail ${name} stderr` } } : {}),
      output: `supervisorctl tail ${name} stderr`,
      respawn: noRestart ? { restarts: false, setting: 'autorestart=false' } : { restarts: true },
      ...(risks.length ? { risks } : {}),
    };
  },
  plan(verb, target, svc, claim) {
    const name = svc.name ?? claim.name ?? target.service.program;
    if (!name) return { error: 'no supervisord program name (service.program) for this gateway' };
    return { run: [{ argv: ctl(svc.via ?? claim.via, verb, name) }] };
  },
  words({ target, service: s }: WordsContext): LeverWords {
    const name = s.name ?? '<program>';
    const base = s.via && s.via !== 'unix:///var/run/supervisor.sock' ? `supervisorctl -s ${s.via}` : 'supervisorctl';
    const cmd = (verb: string) => code(`${base} ${verb} ${name}`);
    return {
      restart_how: {
        key: 'finding.service.restart.supervisor',
        params: { target, supervisor: 'supervisord', cmd: cmd('restart') },
      },
      restart: cmd('restart'),
      start: cmd('start'),
      journal: { key: 'finding.service.journal.supervisord', params: { cmd: `${base} tail ${name} stderr` } },
      supervisor: { key: 'finding.service.status.supervisord', params: { cmd: `${base} status ${name}` } },
    };
  },
};
