// s6 on a host (Alpine, Void, Artix, or `s6-svscan` run by hand): one `s6-supervise <name>` a service folder, which
// runs the folder's `run` and starts it again after it exits, unless told `s6-svc -d`. Hermes' Docker image runs its
// gateways under s6 too: that is the container adapter's, reached through the container (../container.ts). What it
// says is `s6-svstat <folder>` (`up (pid N) S seconds`, `down (exitcode N) S seconds, normally up, want up`) and its
// death tally `s6-svdt <folder>`; its lever is `s6-svc -u|-d|-r <folder>`.
import { ownText } from '../../i18n.js';
import * as ownWords from './s6-texts.js';
import path from 'node:path';
import type { ServiceEvidence } from '../../evidence.js';
import { parseSvstat } from '../container-slot.js';
import { onWallClock, parseTally } from '../death-tally.js';
import { runCommand, trimDetail, type Host } from '../host.js';
import { readBootTimeMs } from '../process.js';
import { monotonicMs } from '../../util/clock.js';
import { namedFolder, servingFolder, takenOut } from './folders.js';
import { causeOfFile, loggerCurrent } from './output.js';
import {
  supervisingAncestor,
  type LeverWords,
  type ProcTraits,
  type SupervisorAdapter,
  type WordsContext,
  ranUnder,
} from './types.js';

const LOOP_WINDOW_S = 120;
/** s6's own default size of the tally (a service folder's `max-death-tally` changes it): a bound on what goes along. */
const TALLY_KEPT = 100;
/** Down since within this of the host's boot: its `down` file kept it down, nobody stopped it. */
const BOOT_MS = 120_000;

/**
 * The deaths of `s6-svdt`'s tally within the window before the last, timed on s6's own clock: the last was
 * `sinceLastS` ago. All of them go along (`each`): the tally keeps the operator's stops too, which the detectors read
 * against the log (death-tally.ts).
 */
export function talliedDeaths(tally: string, sinceLastS: number, now: number): ServiceEvidence['deaths'] | undefined {
  const lastAt = now - sinceLastS * 1000;
  const each = onWallClock(parseTally(tally).slice(-TALLY_KEPT), lastAt);
  const recent = each.filter((d) => d.at >= now - LOOP_WINDOW_S * 1000);
  if (!recent.length) return undefined;
  return {
    count: recent.length,
    windowS: LOOP_WINDOW_S,
    last: recent.at(-1)!.how,
    firstAt: recent[0]!.at,
    lastAt,
    each,
  };
}

const code = (cmd: string) => `\`${cmd}\``;

export const s6: SupervisorAdapter = {
  texts: { en: ownWords.en, 'zh-CN': ownWords.zhCN },
  // A stopped gateway's service folder, in each live s6-svscan's scan folder and s6's own places.
  box: async (host, places) => (await import('./folder-box.js')).folderBox(host, [...places, ...host.s6Dirs], 's6'),
  // s6-svscan's scan folder: its last argument where it names one (after options such as `-t 5000`), else its cwd.
  async place(p) {
    if (path.basename(p.argv[0] ?? '') !== 's6-svscan') return undefined;
    const [before, last] = [p.argv.at(-2), p.argv.at(-1)];
    const named = p.argv.length > 1 && !last!.startsWith('-') && !/^-[cCLtdX]$/.test(before ?? '') ? last : undefined;
    const cwd = (await p.cwd()) ?? '/';
    return named ? path.resolve(cwd, named) : cwd;
  },
  keys: ({ name }) => (name ? { manager: 's6', program: name } : undefined),
  where: ({ name }) => ({ key: ownText(ownWords.en, 'init.home.s6'), params: { name: name ?? '' } }),
  kind: 's6',
  claims(p: ProcTraits) {
    const sup = supervisingAncestor(p, (a) => a.comm === 's6-supervise');
    return sup?.cwd ? { manager: 's6', name: sup.cwd } : undefined;
  },
  async traces(target, host: Host) {
    const dir = await servingFolder(target, host, host.s6Dirs, 's6-svscan');
    return dir ? { manager: 's6', name: dir } : undefined;
  },
  async sender(parent, target, host) {
    const svc = parent.name === 's6-supervise' ? /^s6-supervise (\S+)$/.exec(parent.cmdline.trim())?.[1] : undefined;
    if (!svc) return undefined;
    // Its folder, or where it was taken out (the operator's way to retire a service), its runner ending the gateway.
    const dir = await namedFolder(target, host, host.s6Dirs, 's6-svscan', parent, svc);
    return dir ? { manager: 's6', name: dir } : undefined;
  },
  async configured(target) {
    return { manager: 's6', ...(target.service.program ? { name: target.service.program } : {}) };
  },
  async probe(target, claim, host, o) {
    const dir = claim.name;
    const base: ServiceEvidence = { manager: 's6', ...(dir ? { name: dir } : {}) };
    if (!dir) return { ...base, error: 'no s6 service folder (service.program) for this gateway' };
    const asked = monotonicMs();
    const r = await runCommand(['s6-svstat', dir], host);
    // Its seconds are as of its answer, which a busy host delays: the deaths it dates, read against the log, are too.
    const answeredAt = o.now === undefined ? undefined : o.now + (monotonicMs() - asked);
    const st = r.exitCode === 0 ? parseSvstat(r.stdout.split('\n')[0] ?? '') : undefined;
    const gone = st
      ? undefined
      : await takenOut(target, ranUnder(claim), dir, `${dir}: ${trimDetail(r.stderr || r.stdout, 200)}`);
    if (gone) return { ...base, ...gone };
    if (!st) {
      const d = trimDetail(r.stderr || r.stdout, 200);
      return { ...base, error: `s6-svstat: ${r.failure ?? 'no answer'}${d ? `: ${d}` : ''}`, deathsUnknown: true };
    }
    const young = st.up ? st.seconds < LOOP_WINDOW_S : st.wantUp;
    const tally = young && o.now !== undefined ? await runCommand(['s6-svdt', dir], host) : undefined;
    const deaths =
      tally?.exitCode === 0 ? talliedDeaths(tally.stdout, st.seconds + (st.up ? 1 : 0), answeredAt!) : undefined;
    const since = answeredAt === undefined ? undefined : answeredAt - st.seconds * 1000;
    // Told down by hand (`s6-svc -d`), or down by its `down` file: the operator's, unless down since about the boot,
    // which is that file's doing (runit's the same).
    const boot = !st.up && !st.normallyUp ? await readBootTimeMs() : undefined;
    const sinceBoot = boot !== undefined && since !== undefined && since - boot < BOOT_MS;
    const stopped = !st.wantUp && !sinceBoot;
    const out = await loggerCurrent(dir, 's6-log');
    const cause = deaths && deaths.count >= 2 && out ? await causeOfFile(out) : undefined;
    return {
      ...base,
      state: st.line,
      active: st.up && st.wantUp,
      restarting: !st.up && st.wantUp,
      ...(st.pid ? { mainPid: st.pid } : {}),
      ...(st.up ? { upFor: st.seconds } : {}),
      ...(st.exitCode !== undefined ? { exitStatus: st.exitCode } : {}),
      ...(stopped ? { stopped: { ...(since !== undefined ? { at: since } : {}), line: st.line } } : {}),
      ...(deaths && deaths.count >= 2 ? { deaths } : {}),
      // Young, and its tally did not answer: this look cannot say whether a loop goes on.
      ...(tally && tally.exitCode !== 0 ? { deathsUnknown: true as const } : {}),
      ...(cause && out ? { cause: { line: cause, source: out } } : {}),
      ...(out ? { output: out } : {}),
      respawn: { restarts: true },
      ...(!st.normallyUp ? { risks: ['down_at_boot' as const] } : {}),
    };
  },
  plan(verb, _target, svc, claim) {
    const dir = svc.name ?? claim.name;
    if (!dir) return { error: 'no s6 service folder (service.program) for this gateway' };
    // `-r` only signals a service that is up: one told down (`s6-svc -d`) is brought up (`-u`), as runit's `sv restart`
    // does by itself.
    const up = verb === 'start' || (verb === 'restart' && svc.active === false);
    return { run: [{ argv: ['s6-svc', up ? '-u' : verb === 'stop' ? '-d' : '-r', dir] }] };
  },
  words({ target, service: s }: WordsContext): LeverWords {
    const dir = s.name ?? '<service>';
    return {
      restart_how: {
        key: 'finding.service.restart.supervisor',
        params: { target, supervisor: 's6', cmd: code(`s6-svc -r ${dir}`) },
      },
      restart: code(`s6-svc -r ${dir}`),
      // Taken out of the scan folder: it runs again once its folder is back there and s6-svscan rescans.
      start:
        s.state === 'removed'
          ? {
              key: ownText(ownWords.en, 'finding.service.start.s6_removed'),
              params: { dir, cmd: `s6-svscanctl -a ${path.dirname(dir)}` },
            }
          : code(`s6-svc -u ${dir}`),
      journal: s.output
        ? { key: ownText(ownWords.en, 'finding.service.journal.s6'), params: { file: s.output } }
        : { key: 'finding.service.journal.none' },
      supervisor: { key: ownText(ownWords.en, 'finding.service.status.s6'), params: { cmd: `s6-svstat ${dir}` } },
    };
  },
};
