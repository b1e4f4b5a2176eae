// supervisord (hermes-supervisors.md "supervisord"), and the process guards of the hosting panels built on it: a
// `[program:hermes]` whose child carries SUPERVISOR_PROCESS_NAME and SUPERVISOR_SERVER_URL. What it says is
// supervisorctl's own answer (`status`: RUNNING, STARTING, BACKOFF, STOPPED, EXITED, FATAL), its main log (`maintail`:
// `exited: hermes (exit status 1; not expected)`, `gave up: hermes entered FATAL state …`) and the child's stderr
// (`tail … stderr`): the cause of a give-up. Its lever is supervisorctl's start, restart and stop.
import { ownText } from '../../i18n.js';
import * as ownWords from './supervisord-texts.js';
import path from 'node:path';
import type { ServiceEvidence, SupervisorRisk } from '../../evidence.js';
import { runCommand, trimDetail, type Host } from '../host.js';
import { lastShutdownContext } from '../shutdown-context.js';
import { causeLine, localMs } from './output.js';
import { programKeys, programOfSender, programServing, serverOfSender } from './supervisord-conf.js';
import {
  supervisingAncestor,
  type Claim,
  type LeverWords,
  type ProcTraits,
  type SupervisorAdapter,
  type WordsContext,
  ranUnder,
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

/**
 * When it was stopped: supervisorctl's `STOPPED Nov 28 07:30 PM` says only the minute, so its main log's own
 * `stopped:` line in that minute dates it to the millisecond; without one, the minute's start.
 */
export function stopTime(desc: string, events: readonly MainEvent[], now: number): number | undefined {
  const minute = stoppedAt(desc, now);
  if (minute === undefined) return undefined;
  const logged = events.filter((e) => e.kind === 'stopped' && e.at >= minute && e.at < minute + 60_000).at(-1);
  return logged?.at ?? minute;
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

/**
 * The program supervisord stopped last that it no longer has: its section taken out of its files and `supervisorctl
 * update` run (its way to remove a program, which stops it first), named by its main log's last `stopped:` line.
 */
async function removedProgram(cmdline: string, host: Host): Promise<Omit<Claim, 'from'> | undefined> {
  const via = await serverOfSender(cmdline, host);
  const main = await runCommand(ctl(via, 'maintail', '-8000'), host);
  if (main.exitCode !== 0) return undefined;
  const name = [...main.stdout.matchAll(/ stopped: (\S+) \(/g)].at(-1)?.[1];
  if (!name) return undefined;
  // 4: no such process.
  if ((await runCommand(ctl(via, 'status', name), host)).exitCode !== 4) return undefined;
  return { manager: 'supervisord', name, ...(via ? { via } : {}) };
}

/**
 * The program's deaths of the last two minutes, as supervisord logged them (a stop it was asked for is no death). Its
 * give-up and a stop it was asked for each end a count: the life started after either is a new one, whose deaths are
 * its own. Given up still (`FATAL`), the deaths before the give-up are its story.
 */
function deathsOf(events: readonly MainEvent[], now: number, word: string): ServiceEvidence['deaths'] | undefined {
  // By the log's order, not its times: the last exit before a give-up is often logged in the same millisecond.
  let ended = -1;
  if (word !== 'FATAL')
    events.forEach((e, i) => {
      if (e.kind === 'gave_up' || e.kind === 'stopped') ended = i;
    });
  const recent = events.filter((e, i) => i > ended && e.kind === 'exited' && now - e.at <= LOOP_WINDOW_MS);
  const last = recent.at(-1);
  return last
    ? { count: recent.length, windowS: LOOP_WINDOW_MS / 1000, last: last.line, firstAt: recent[0]!.at, lastAt: last.at }
    : undefined;
}

/** `pid 13427, uptime 0:00:02` or `…, uptime 3 days, 4:05:06`: seconds. */
export function uptimeS(desc: string): number {
  const m = /uptime (?:(\d+) days?, )?(\d+):(\d\d):(\d\d)/.exec(desc);
  return m ? Number(m[1] ?? 0) * 86_400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) : 0;
}

const code = (cmd: string) => `\`${cmd}\``;

/** A supervisord's configuration file (`-c F`, `--configuration=F`), relative to its working folder. */
function confOf(argv: readonly string[], cwd: string | undefined): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v =
      a === '-c' || a === '--configuration'
        ? argv[i + 1]
        : a.startsWith('--configuration=')
          ? a.slice(16)
          : /^-c./.test(a)
            ? a.slice(2)
            : undefined;
    if (v) return path.resolve(cwd ?? '/', v);
  }
  return undefined;
}

export const supervisord: SupervisorAdapter = {
  texts: { en: ownWords.en, 'zh-CN': ownWords.zhCN },
  box: async (host, places) => (await import('./supervisord-box.js')).supervisordBox(host, places),
  async place(p) {
    if (!p.argv.slice(0, 2).some((a) => path.basename(a) === 'supervisord')) return undefined;
    return confOf(p.argv, await p.cwd());
  },
  keys: ({ name, via }) => ({
    manager: 'supervisord',
    ...(name ? { program: name } : {}),
    ...(via ? { supervisor_url: via } : {}),
  }),
  where: ({ name }) => ({ key: ownText(ownWords.en, 'init.home.supervisord'), params: { name: name ?? '' } }),
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
    return programServing(target, host);
  },
  async sender(parent, target, host) {
    if (parent.name !== 'supervisord' && !/^\S*python\S* \S*supervisord\b/.test(parent.cmdline)) return undefined;
    return (await programOfSender(parent.cmdline, target, host)) ?? removedProgram(parent.cmdline, host);
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
    // It ran under it (ranUnder), and it is no longer a program of its supervisord: removed, the operator's stop, so
    // dated.
    if (r.exitCode === 4 && ranUnder(claim)) {
      const at = (await lastShutdownContext(target.log_file))?.at;
      const line = trimDetail(r.stdout || r.stderr, 200);
      return { ...base, active: false, state: 'removed', stopped: { ...(at !== undefined ? { at } : {}), line } };
    }
    const m = STATUS.exec(r.stdout.split('\n')[0] ?? '');
    // 0: RUNNING; 3: not running; 4: no such program. Anything else is supervisorctl failing to ask.
    if (!m || (r.exitCode !== 0 && r.exitCode !== 3)) {
      const d = trimDetail(r.stdout || r.stderr, 200);
      return {
        ...base,
        error: `supervisorctl status: ${r.failure ?? 'no answer'}${d ? `: ${d}` : ''}`,
        deathsUnknown: true,
      };
    }
    const asked = m[2]!;
    const desc = m[3]!.trim();
    // A life older than the window has seen no death in it: supervisord's main log is asked only otherwise.
    const settled = asked === 'RUNNING' && uptimeS(desc) > LOOP_WINDOW_MS / 1000;
    const main = settled ? undefined : await runCommand(ctl(via, 'maintail', '-16000'), host);
    const events = main?.exitCode === 0 ? mainEvents(main.stdout.split('\n'), name) : [];
    // The main log is read after the status: a give-up it ends with came after the STARTING or BACKOFF the status said
    // (supervisord gives up from BACKOFF, a life of STARTING away), and is what holds now. Read as the status said, it
    // ended the loop's count unseen.
    const late = (asked === 'BACKOFF' || asked === 'STARTING') && events.at(-1)?.kind === 'gave_up';
    const word = late ? 'FATAL' : asked;
    const now = o.now ?? Number.NaN;
    const deaths = deathsOf(events, now, word);
    const gaveUp = word === 'FATAL' ? events.filter((e) => e.kind === 'gave_up').at(-1) : undefined;
    const failing = word === 'FATAL' || word === 'BACKOFF' || word === 'EXITED' || (deaths?.count ?? 0) >= 2;
    const tail = failing ? await runCommand(ctl(via, 'tail', '-8000', name, 'stderr'), host) : undefined;
    const cause = tail?.exitCode === 0 ? causeLine(tail.stdout.split('\n')) : undefined;
    // `STOPPED Not started`: this supervisord never started it (its `autostart=false` at its start, a boot): nobody
    // stopped it, and it stays down until someone starts it.
    const notStarted = word === 'STOPPED' && /^Not started$/i.test(desc);
    const stopAt = word === 'STOPPED' && !Number.isNaN(now) ? stopTime(desc, events, now) : undefined;
    const conf = word === 'RUNNING' || notStarted ? await programKeys(host, name, via) : undefined;
    const noRestart = conf?.get('autorestart')?.toLowerCase() === 'false';
    const noAutostart = conf?.get('autostart')?.toLowerCase() === 'false';
    const risks: SupervisorRisk[] = [
      ...(noRestart ? (['no_autorestart'] as const) : []),
      ...(noAutostart ? (['no_autostart'] as const) : []),
    ];
    return {
      ...base,
      state: desc ? `${word} ${desc}` : word,
      active: word === 'RUNNING',
      ...(word === 'RUNNING' ? { upFor: uptimeS(desc) } : {}),
      // STARTING and BACKOFF: supervisord is starting it (again) by itself.
      restarting: word === 'STARTING' || word === 'BACKOFF' || word === 'STOPPING',
      // STOPPING only follows a stop it was asked for: the gateway may be gone before supervisord says STOPPED.
      ...((word === 'STOPPED' && !notStarted) || word === 'STOPPING'
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
      ...(main && main.exitCode !== 0 ? { deathsUnknown: true as const } : {}),
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
      // Removed from its files: it runs again once its section is back and supervisord has read them.
      start:
        s.state === 'removed'
          ? {
              key: ownText(ownWords.en, 'finding.service.start.supervisord_removed'),
              params: { section: `[program:${name}]`, cmd: `${base} update` },
            }
          : cmd('start'),
      journal: {
        key: ownText(ownWords.en, 'finding.service.journal.supervisord'),
        params: { cmd: `${base} tail ${name} stderr` },
      },
      supervisor: {
        key: ownText(ownWords.en, 'finding.service.status.supervisord'),
        params: { cmd: `${base} status ${name}` },
      },
      autorestart: `${code(`autorestart=true`)} in its ${code(`[program:${name}]`)}, then ${code(`${base} update`)}`,
    };
  },
};
