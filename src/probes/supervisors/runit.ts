// runit (hermes-supervisors.md "runit"), Void's and Alpine's, or Debian's package: `runsvdir` starts one `runsv <name>`
// a service folder, and runsv runs the folder's `run` (which execs the gateway) and starts it again a second after it
// exits, for ever. What it says is `sv status <folder>`: `run: <svc>: (pid N) 9s`, `down: <svc>: 7200s, normally up`
// after `sv down`, `down: <svc>: 1s, normally up, want up` between two lives of a crash loop. runit keeps no count of
// deaths: the lives gatewatch saw come and go are its count. Its lever is `sv up|restart|down <folder>`.
import { ownText } from '../../i18n.js';
import * as ownWords from './runit-texts.js';
import path from 'node:path';
import type { ServiceEvidence } from '../../evidence.js';
import type { TargetConfig } from '../../config/schema.js';
import { fileExists, runCommand, trimDetail, type Host } from '../host.js';
import { readBootTimeMs } from '../process.js';
import { namedFolder, servingFolder, sourceFolder, takenOut, watchedFolder } from './folders.js';
import { loggedDeaths, loggerCurrent } from './output.js';
import {
  supervisingAncestor,
  type LeverWords,
  type ProcTraits,
  type SupervisorAdapter,
  type WordsContext,
  ranUnder,
} from './types.js';

export interface SvStatus {
  state: 'run' | 'down' | 'finish';
  pid?: number;
  seconds: number;
  normallyUp: boolean;
  wantUp?: boolean;
  wantDown?: boolean;
  line: string;
}

/** `sv status`'s first part (the service's; `; run: log: …` is its logger's). */
export function parseSv(out: string): SvStatus | undefined {
  const line = out.split('\n')[0]?.split('; ')[0]?.trim() ?? '';
  const m = /^(run|down|finish): [^:]+: (?:\(pid (\d+)\) )?(\d+)s(.*)$/.exec(line);
  if (!m) return undefined;
  const flags = m[4] ?? '';
  const state = m[1] as SvStatus['state'];
  return {
    state,
    ...(m[2] ? { pid: Number(m[2]) } : {}),
    seconds: Number(m[3]),
    // `normally up` is said of a down service with no `down` file, `normally down` of a running one with it.
    normallyUp: state === 'run' ? !/normally down/.test(flags) : /normally up/.test(flags),
    ...(/want up/.test(flags) ? { wantUp: true } : {}),
    ...(/want down/.test(flags) ? { wantDown: true } : {}),
    line,
  };
}

/** Where `sv` finds a service by its name alone: Debian's SVDIR, Void's, the classic one. */
const SV_DIRS = ['/etc/service', '/var/service', '/service'];

/** A young life (under this) at a look is a start just made; several in a row are a crash loop. */
const YOUNG_S = 10;
const LOOP_WINDOW_MS = 180_000;

// The lives gatewatch saw young, per service folder, for this gatewatch's life: runit keeps no count of them.
const seen = new Map<string, { at: number; pid?: number }[]>();

/** runsv starts a service again a second after it exits: a pause this long or shorter before a life is its restart. */
const RESPAWN_GAP_MS = 2_500;

/**
 * Counts a young life or a death in between (down, want up) once per pid, and the deaths in the window: each life seen
 * that is not the one running now. A pause seen between two lives and the life that followed it are one restart, not
 * two (a kill read as 3 deaths, a crash loop).
 */
function youngLives(
  dir: string,
  st: SvStatus,
  now: number,
): { count: number; firstAt?: number; lastAt?: number; ends: number[] } {
  // Down as the operator left it (`sv down`): the lives before were ended by them, not a loop's deaths. An operator's
  // stops and starts a few seconds apart, then a start that dies, were read as one crash loop since the first stop,
  // and the /restart before it as the loop's end.
  let list = st.state === 'down' && !st.wantUp ? [] : (seen.get(dir) ?? []).filter((s) => now - s.at <= LOOP_WINDOW_MS);
  const young = (st.state === 'run' && st.seconds < YOUNG_S) || (st.state !== 'run' && st.wantUp === true);
  const at = now - st.seconds * 1000;
  if (young && !list.some((s) => (st.pid !== undefined ? s.pid === st.pid : Math.abs(s.at - at) < 1_500))) {
    if (st.pid !== undefined) list = list.filter((s) => s.pid !== undefined || at - s.at > RESPAWN_GAP_MS || s.at > at);
    list.push({ at, ...(st.pid !== undefined ? { pid: st.pid } : {}) });
  }
  if (seen.size > 64) seen.clear();
  seen.set(dir, list);
  // The life running now has not died: two kills are the two lives before it, not three.
  const ended = list.filter((s) => st.state !== 'run' || s.pid !== st.pid).length;
  // When each ended: runsv starts the next life at once, so about when it began, or, down now, since it went down.
  const ends = list.slice(0, ended).map((_, i) => list[i + 1]?.at ?? at);
  return { count: ended, ends, ...(list.length ? { firstAt: list[0]!.at, lastAt: list.at(-1)!.at } : {}) };
}

/** How `sv` is told the service: its name where it sits in a standard folder, else the folder itself. */
function svName(dir: string): string {
  return SV_DIRS.includes(path.dirname(dir)) ? path.basename(dir) : dir;
}

const code = (cmd: string) => `\`${cmd}\``;

export const runit: SupervisorAdapter = {
  texts: { en: ownWords.en, 'zh-CN': ownWords.zhCN },
  box: async (host, places) =>
    (await import('./folder-box.js')).folderBox(host, [...places, ...host.runitDirs], 'runit'),
  // runsvdir's folder: its first argument that is not `-P`.
  async place(p) {
    if (path.basename(p.argv[0] ?? '') !== 'runsvdir') return undefined;
    const dir = p.argv.slice(1).find((a) => !a.startsWith('-'));
    return dir ? path.resolve((await p.cwd()) ?? '/', dir) : undefined;
  },
  keys: ({ name }) => (name ? { manager: 'runit', program: name } : undefined),
  where: ({ name }) => ({ key: ownText(ownWords.en, 'init.home.runit'), params: { name: name ?? '' } }),
  kind: 'runit',
  claims(p: ProcTraits) {
    const runsv = supervisingAncestor(p, (a) => a.comm === 'runsv');
    if (!runsv) return undefined;
    // As the operator knows it: runsvdir's folder (`-P /etc/service`) and runsv's service (`runsv hermes`), the link
    // `sv` is told; else runsv's own folder, where the link leads.
    const dir = p.ancestors[p.ancestors.indexOf(runsv) + 1];
    const scanned = dir?.comm === 'runsvdir' ? /^runsvdir(?: -P)? (\S+)/.exec(dir.cmdline)?.[1] : undefined;
    const svc = /^runsv (\S+)$/.exec(runsv.cmdline)?.[1];
    const name = scanned && svc ? path.join(scanned, svc) : runsv.cwd;
    return name ? { manager: 'runit', name } : undefined;
  },
  async traces(target: TargetConfig, host: Host) {
    const dir = await servingFolder(target, host, host.runitDirs, 'runsvdir');
    return dir ? { manager: 'runit', name: dir } : undefined;
  },
  async sender(parent, target, host) {
    const svc = parent.name === 'runsv' ? /^runsv (\S+)$/.exec(parent.cmdline.trim())?.[1] : undefined;
    if (!svc) return undefined;
    // Its folder, or where it was taken out (the operator's way to retire a service), its runner ending the gateway.
    const dir = await namedFolder(target, host, host.runitDirs, 'runsvdir', parent, svc);
    return dir ? { manager: 'runit', name: dir } : undefined;
  },
  async configured(target) {
    const p = target.service.program;
    return { manager: 'runit', ...(p ? { name: p.includes('/') ? p : path.join('/etc/service', p) } : {}) };
  },
  async probe(target, claim, host, o) {
    const dir = claim.name;
    const base: ServiceEvidence = { manager: 'runit', ...(dir ? { name: dir } : {}) };
    if (!dir) return { ...base, error: 'no runit service folder (service.program) for this gateway' };
    const r = await runCommand(['sv', 'status', dir], host);
    const st = r.exitCode === 0 ? parseSv(r.stdout) : undefined;
    const gone = st
      ? undefined
      : await takenOut(target, ranUnder(claim), dir, `${svName(dir)}: ${trimDetail(r.stdout || r.stderr, 200)}`);
    if (gone) {
      const folder = await sourceFolder(target, host, host.runitSources, dir);
      // A `down` file there: the runsv the link brings back leaves the gateway down (hermes-supervisors.md).
      const down = folder && (await fileExists(path.join(folder, 'down')));
      return { ...base, ...gone, ...(folder ? { folder } : {}), ...(down ? { folderDown: true as const } : {}) };
    }
    // `sv exit` (or runsv's own end): runsvdir starts a new runsv within its five-second scan, which starts the
    // service again unless it is down: on its way back, not a death.
    if (!st && /runsv not running/.test(r.stdout + r.stderr) && (await watchedFolder(dir, 'runsvdir')))
      return { ...base, active: false, restarting: true, state: trimDetail(r.stdout || r.stderr, 200) };
    if (!st) {
      const d = trimDetail(r.stdout || r.stderr, 200);
      return { ...base, error: `sv status: ${r.failure ?? 'no answer'}${d ? `: ${d}` : ''}`, deathsUnknown: true };
    }
    const now = o.now ?? Number.NaN;
    // A `down` file: runit leaves it down at boot. Down since about the boot, it is that, not someone's `sv down`.
    const boot = st.state === 'down' && !st.normallyUp ? await readBootTimeMs() : undefined;
    const sinceBoot = boot !== undefined && !Number.isNaN(now) && now - st.seconds * 1000 - boot < 120_000;
    const lives = Number.isNaN(now) ? { count: 0, ends: [] as number[] } : youngLives(dir, st, now);
    const since = now - st.seconds * 1000;
    const out = await loggerCurrent(dir, 'svlogd');
    // Between two lives, or in a young one: what its logger kept tells a loop gatewatch did not watch begin.
    const dying = (st.state !== 'run' && st.wantUp === true) || (st.state === 'run' && st.seconds < YOUNG_S);
    const logged = (lives.count >= 2 || dying) && out ? await loggedDeaths(out, now, LOOP_WINDOW_MS) : {};
    const counted = logged.deaths && logged.deaths.count > lives.count ? logged.deaths : undefined;
    const count = Math.max(lives.count, logged.deaths?.count ?? 0);
    const looping = count >= 2;
    const cause = looping ? logged.cause : undefined;
    return {
      ...base,
      state: st.line.replace(/^(\w+): [^:]+: /, '$1: '),
      active: st.state === 'run' && !st.wantDown,
      // runsv starts it again a second after it exits, until told `sv down`.
      restarting: (st.state !== 'run' && st.wantUp === true) || (st.state === 'run' && st.seconds < 2 && !st.wantDown),
      ...(st.pid ? { mainPid: st.pid } : {}),
      ...(st.state === 'run' ? { upFor: st.seconds } : {}),
      // Down and not wanted up, or still going down because `sv down` asked (`want down`): the operator's stop, dated
      // now while it goes down (the gateway may already be gone before runsv has said so).
      ...(((st.state === 'down' && !st.wantUp) || st.wantDown) && !(st.state === 'down' && sinceBoot)
        ? { stopped: { ...(Number.isNaN(since) ? {} : { at: st.wantDown ? now : since }), line: st.line } }
        : {}),
      ...(looping
        ? {
            deaths: {
              count,
              windowS: LOOP_WINDOW_MS / 1000,
              ...(counted
                ? { firstAt: counted.firstAt, lastAt: counted.lastAt }
                : {
                    ...(lives.firstAt !== undefined ? { firstAt: lives.firstAt } : {}),
                    ...(lives.lastAt !== undefined ? { lastAt: lives.lastAt } : {}),
                    // The lives it saw end, for the detectors to read against the log's stops: `sv restart` and
                    // `sv down` end a life as a crash does (death-tally.ts). runit says nothing of how one ended.
                    each: lives.ends.map((at) => ({ at })),
                  }),
            },
          }
        : {}),
      ...(cause && out ? { cause: { line: cause, source: out } } : {}),
      ...(out ? { output: out } : {}),
      respawn: { restarts: true },
      ...(!st.normallyUp ? { risks: ['down_at_boot' as const] } : {}),
    };
  },
  plan(verb, _target, svc, claim) {
    const dir = svc.name ?? claim.name;
    if (!dir) return { error: 'no runit service folder (service.program) for this gateway' };
    return { run: [{ argv: ['sv', verb === 'start' ? 'up' : verb === 'stop' ? 'down' : 'restart', dir] }] };
  },
  words({ target, service: s }: WordsContext): LeverWords {
    const name = s.name ? svName(s.name) : '<service>';
    const cmd = (verb: string) => code(`sv ${verb} ${name}`);
    return {
      restart_how: {
        key: 'finding.service.restart.supervisor',
        params: { target, supervisor: 'runit', cmd: cmd('restart') },
      },
      restart: cmd('restart'),
      // Taken out of runsvdir's folder: it starts again once its folder is linked back there.
      start:
        s.state === 'removed' && s.name
          ? s.folder
            ? s.folderDown
              ? {
                  key: ownText(ownWords.en, 'finding.service.start.runit_relink_down'),
                  params: { link: code(`ln -s ${s.folder} ${s.name}`), up: cmd('up') },
                }
              : code(`ln -s ${s.folder} ${s.name}`)
            : { key: ownText(ownWords.en, 'finding.service.start.runit_removed'), params: { link: s.name } }
          : cmd('up'),
      journal: s.output
        ? { key: ownText(ownWords.en, 'finding.service.journal.runit'), params: { file: s.output } }
        : { key: 'finding.service.journal.none' },
      supervisor: { key: ownText(ownWords.en, 'finding.service.status.runit'), params: { cmd: `sv status ${name}` } },
    };
  },
};
