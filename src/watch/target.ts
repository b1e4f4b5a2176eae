// One watched gateway: follows its log live, polls its process cheaply, and gathers the full Evidence on demand.
import type { Logger } from 'pino';
import type { Config, TargetConfig } from '../config/schema.js';
import type { Evidence, GatewayProcess, ServiceEvidence } from '../evidence.js';
import { createLogTail, type LogPosition } from '../probes/log-tail.js';
import { readLogHistory, tailStart } from '../probes/log-history.js';
import { createRunTracker, type RunTracker } from '../probes/run-tracker.js';
import { everyTrafficLine } from '../probes/log-traffic.js';
import { readSlowToolCalls } from '../probes/agent-log.js';
import { findGatewayProcesses, isAlive, probeProcess, procStartTicks } from '../probes/process.js';
import { readGatewayState } from '../probes/state-file.js';
import { probeService } from '../probes/service.js';
import { gatherDoctorEvidence } from '../probes/doctor.js';
import { gatherCurrentHermes } from '../probes/hermes-current.js';
import { createMemorySampler } from './memory-trend.js';
import { createDiskSampler } from './disk-trend.js';
import { createLogFilesSampler } from './log-files.js';
import { createHealthSampler } from './hermes-health.js';
import { createFloodMeter } from '../probes/log-flood.js';
import { mergeServedLog, namedProfile } from '../probes/profile-log.js';
import { parseLogLine } from '../probes/log-parse.js';
import { bridgeLogStamp } from '../probes/bridge-log.js';
import { runGroups } from '../detectors/common.js';
import path from 'node:path';
import { limiter } from '../util/limit.js';
import { every, monotonicMs, type Clock } from '../util/clock.js';

// A first history read may hold up to its byte budget (8 MB) in memory: 50 profiles starting together read a few at
// a time, not all at once.
const historySlots = limiter(4);
const SCAN_REUSE_MS = 10_000;
const SERVICE_REUSE_MS = 60_000;
/** A full gather reuses a running service answer this young for the same live process (see `serviced`). */
export const SERVICE_FRESH_MS = 2_000;
const GLANCE_REUSE_MS = 10_000;

export interface TargetWatch {
  target: TargetConfig;
  /** `quick`: a log burst's evaluation, which may reuse a recent process scan that still matches the pid file. */
  gather(opts?: { doctor?: boolean; quick?: boolean }): Promise<Evidence>;
  service(): Promise<ServiceEvidence>;
  /**
   * The last gather's evidence with the log brought up to date, while that gather is under GLANCE_REUSE_MS old and
   * nothing outside the log has asked for a fresh look since; undefined otherwise (gather instead). For a log burst on
   * a healthy gateway: the process, state file, service and Hermes files are not probed again for every burst.
   */
  glance(): Promise<Evidence | undefined>;
  /**
   * Follow the log live and poll the process; `onChange` says when a fresh evaluation is worth running: `log` (new
   * lines), `traffic` (new lines, all of them ordinary message traffic), `process up`, `process gone`.
   */
  start(onChange: (why: string) => void): Promise<void>;
  stop(): Promise<void>;
  position(): LogPosition | undefined;
}

export interface TargetWatchOptions {
  config: Pick<Config, 'liveness_interval' | 'detect'>;
  target: TargetConfig;
  log: Logger;
  position?: LogPosition;
  onPosition?: (p: LogPosition) => void;
  /** Reads the time and times the liveness poll and the log tails' polls. */
  clock: Clock;
  /** Milliseconds from a clock that never jumps: how old a reused scan or service answer is. */
  monotonic?: () => number;
  /**
   * Whether a look may run `hermes --version` when nothing else names the version (the daemon, at most hourly). A
   * one-shot check keeps no answer from one run to the next, and must not start a Python process every time.
   */
  askHermesCli?: boolean;
}

export function createTargetWatch(o: TargetWatchOptions): TargetWatch {
  const { target, config } = o;
  const { clock } = o;
  const now = clock.now;
  const elapsed = o.monotonic ?? monotonicMs;
  let tail: ReturnType<typeof createLogTail> | undefined;
  let poll: (() => void) | undefined;
  // What the cheap poll saw last: whether the pid file's process exists (not whether it is this home's gateway, which
  // the poll cannot tell), so a live non-gateway process in gateway.pid does not read as a change on every poll.
  let known: { pid?: number; startTime?: number; present?: boolean } = {};
  // The last time the poll or a gather saw the gateway's process alive: a death lies between it and the first sight
  // of it gone, however long ago the gateway last wrote a line (a quiet gateway may write none for an hour).
  let sight: { pid: number; startTime?: number; at: number } | undefined;
  // The first sight of that process gone (the poll's, or a gather's): the death lies between the two, a poll apart.
  let gone: { pid: number; at: number } | undefined;
  const sawGone = (pid: number, at: number) => {
    if (sight?.pid === pid && gone?.pid !== pid) gone = { pid, at };
  };

  let listener: ((why: string) => void) | undefined;
  // log_flood: the growth rate from the bytes the tailer reads anyway.
  const flood = createFloodMeter({ file: target.log_file, startedAt: now() });
  let started = false;
  // The last full gather (without doctor's findings), for glance; dropped when news outside the log comes.
  // Without its log: a glance reads the log afresh, and the gather's view would keep up to 10 s of records the tail
  // has since let go (500 at 50 lines/s).
  let lastGather: { at: number; ev: Omit<Evidence, 'log' | 'logGrowth'> } | undefined;
  const memory = createMemorySampler();
  const disk = createDiskSampler();
  const logFiles = createLogFilesSampler();
  const health = createHealthSampler();

  /** The log as the tracker holds it now, and its growth rate at `t`: what a gather and a glance read alike. */
  const logNow = (tr: RunTracker, t: number): Pick<Evidence, 'log' | 'logGrowth'> => {
    const log = tr.view();
    // The tailer's own failure (the log became a FIFO, lost its permissions) is news the history read cannot give.
    const tailError = tail!.error();
    if (tailError) log.error = tailError;
    const growth = flood.snapshot(t);
    return growth ? { log, logGrowth: growth } : { log };
  };

  // A profile the root multiplexes: the runner's lines about it are in the root's gateway.log (§2.6). Followed from
  // the first evaluation that finds the profile served; a line naming it is news for it.
  let rootStarted = false;
  const startRoot = (t: ReturnType<typeof createLogTail>) => {
    if (rootStarted) return;
    rootStarted = true;
    t.start();
  };
  let rootLog: Promise<{ tr: ReturnType<typeof createRunTracker>; tail: ReturnType<typeof createLogTail> }> | undefined;
  const followRoot = (file: string, profile: string) =>
    (rootLog ??= (async () => {
      const history = await readLogHistory(file);
      const tr = createRunTracker(history);
      const rootTail = createLogTail({
        file,
        clock,
        ...tailStart(history),
        onLines: (lines) => {
          tr.pushLines(lines);
          if (
            lines.some((l) => {
              const r = parseLogLine(l);
              return !!r && namedProfile(r) === profile;
            })
          )
            listener?.('log');
        },
        onError: (err) => o.log.debug({ err: String(err), target: target.name, file }, 'root log tail error'),
      });
      if (started) startRoot(rootTail);
      return { tr, tail: rootTail };
    })());

  // The history read ends where tailing must begin, or lines written in between are lost. A saved position from an
  // earlier run is only a fallback: the history already covers the current run.
  let ready: Promise<ReturnType<typeof createRunTracker>> | undefined;
  const ensureTracker = () =>
    (ready ??= (async () => {
      const history = await historySlots(() => readLogHistory(target.log_file));
      // The detectors' groups kept as records come and go: a view hands them over without a pass over the whole run.
      const tr = createRunTracker(history, undefined, runGroups);
      tail = createLogTail({
        file: target.log_file,
        clock,
        ...tailStart(history, o.position),
        // Pieces of whole lines: the tracker, the flood meter and the traffic test each cut out only the lines they need.
        pieces: true,
        onLines: (pieces, pos, bytes) => {
          tr.pushText(pieces);
          flood.pushText(pieces, now(), bytes);
          if (pieces.length) listener?.(everyTrafficLine(pieces) ? 'traffic' : 'log');
          o.onPosition?.(pos);
        },
        onError: (err) => o.log.debug({ err: String(err), target: target.name }, 'log tail error'),
      });
      return tr;
    })());

  // The host's process scan is most of an evaluation's cost (every /proc entry), and a busy log asks for two
  // evaluations a second. A log burst may reuse a scan up to SCAN_REUSE_MS old while the pid file's process is the
  // one it found alive; a process change, the schedule, doctor and commands always scan afresh.
  let lastScan: { at: number; list: GatewayProcess[] } | undefined;
  const scanned = async (
    quick: boolean,
    procP: ReturnType<typeof probeProcess>,
  ): Promise<{ list: GatewayProcess[]; error?: string }> => {
    if (quick && lastScan && elapsed() - lastScan.at < SCAN_REUSE_MS) {
      const { list } = lastScan;
      const [proc, alive] = await Promise.all([
        procP,
        Promise.all(list.map((p) => isAlive(p.pid))).catch(() => [false]),
      ]);
      if (alive.every(Boolean) && (proc.alive ? list.some((p) => p.pid === proc.pid) : list.length === 0))
        return { list };
    }
    const at = elapsed();
    try {
      const list = await findGatewayProcesses(target);
      lastScan = { at, list };
      return { list };
    } catch (err) {
      // No table (ps timed out on a starved host): said as such, never as a table without a gateway.
      lastScan = undefined;
      return { list: [], error: (err as Error).message };
    }
  };

  // The service manager is asked by spawning systemctl / launchctl / the user's command: once per log burst that was
  // two processes a second on a busy gateway (issue 21). A burst may reuse an answer up to SERVICE_REUSE_MS old while
  // the gateway's process is the one it was given for. The schedule, doctor and commands ask afresh, except that a
  // running answer under SERVICE_FRESH_MS old stands for the same live process: a restart's verification, a one-second
  // schedule and commands typed in a row would otherwise spawn the manager several times a second to hear it again.
  let lastService: { at: number; pid: number | undefined; alive: boolean; ev: ServiceEvidence } | undefined;
  const serviced = async (quick: boolean, procP: ReturnType<typeof probeProcess>): Promise<ServiceEvidence> => {
    const proc = await procP;
    const l = lastService;
    const same = l && !l.ev.error && l.pid === proc.pid && l.alive === proc.alive;
    const age = l ? elapsed() - l.at : Infinity;
    if (
      same &&
      (quick
        ? age < SERVICE_REUSE_MS
        : age < SERVICE_FRESH_MS && proc.alive && l.ev.active === true && !l.ev.restarting)
    )
      return l.ev;
    const at = elapsed();
    const ev = await probeService(target);
    lastService = { at, pid: proc.pid, alive: proc.alive, ev };
    return ev;
  };

  const watch: TargetWatch = {
    target,
    service: () => probeService(target),
    async gather(opts = {}) {
      const at = elapsed();
      const tr = await ensureTracker();
      // Live tailing may not run (one-shot CLI) or may lag a poll: catch up before judging.
      await tail!.readNow().catch(() => undefined);
      let looked = now();
      // Taken when the process probe has answered: a sight of it gone is dated after the look, never before it.
      let probed = looked;
      const procP = probeProcess(target).then((p) => ((probed = now()), p));
      const [firstProc, firstScan, service, st, slowTools] = await Promise.all([
        procP,
        scanned(opts.quick === true, procP),
        serviced(opts.quick === true, procP),
        readGatewayState(target.state_file, { clock }),
        readSlowToolCalls(target.agent_log_file, { minSeconds: config.detect.slow_tool / 1000 }).then(
          (calls) => ({ calls, error: undefined as string | undefined }),
          (err: Error) => ({ calls: [], error: err.message }),
        ),
      ]);
      // No gateway process seen: the log is read after the processes were looked at (on a starved host, seconds after),
      // and a gateway started meanwhile runs seconds before it writes gateway.pid or a line. Judged on the log's last
      // life, it read as dead ("stopped by SIGTERM", the state file still `running`) and was restarted. So a death is
      // what a second look says, taken after the log is read: one that sees no process then saw no new life's lines.
      let proc = firstProc;
      let scan = firstScan;
      // The first look's answer: a pid it found gone was gone then. The second look below only confirms it, and on a
      // loaded box answers after this gather's `now`, which dated the death from the last sight alive, before the kill.
      const goneBy = probed;
      const dead = !proc.alive && scan.list.length === 0;
      if (dead) await tail!.readNow().catch(() => undefined);
      const t = now();
      const log = logNow(tr, t);
      if (dead) {
        looked = now();
        const again = probeProcess(target).then((p) => ((probed = now()), p));
        [proc, scan] = await Promise.all([again, scanned(false, again)]);
      }
      const present = proc.alive || proc.reason === 'not a gateway' || proc.reason === 'other home';
      const pid = proc.pid ?? proc.pidFile?.pid;
      // A pid file without start_time: remember when the process seen now started, so a reused pid is another process.
      const startTime =
        proc.pidFile?.start_time ?? (pid !== undefined && present ? await procStartTicks(pid) : undefined);
      known = { pid, startTime, present };
      if (proc.alive && pid !== undefined) {
        sight = { pid, startTime, at: looked };
        if (gone?.pid === pid) gone = undefined;
      } else if (pid !== undefined && sight?.pid === pid) {
        sawGone(pid, goneBy);
        proc.lastSeenAlive = sight.at;
        if (gone?.pid === pid) proc.goneSeenAt = Math.max(gone.at, sight.at);
      }
      const expected = target.platforms ?? Object.keys(st.state?.platforms ?? {});
      const ev: Evidence = {
        target: target.name,
        now: t,
        expectedPlatforms: expected,
        process: proc,
        processes: scan.list,
        ...(scan.error ? { processesError: scan.error } : {}),
        service,
        state: st.state,
        stateError: st.error,
        slowTools: slowTools.calls,
        ...log,
      };
      if (slowTools.error) ev.slowToolsError = slowTools.error;
      // Current Hermes (v0.19+): profile serving, control socket, update window, version (issue 9).
      Object.assign(ev, await gatherCurrentHermes(target, ev, clock, { askCli: o.askHermesCli === true }));
      // The gateway's memory over time (§9.20): its own process's, a served profile's root's.
      if (ev.process.alive && ev.process.pid !== undefined) {
        const trend = await memory.sample(ev.process.pid, t, ev.hermes?.lifecycle?.heartbeat);
        if (trend) ev.memory = trend;
        // Only where the operator enabled Hermes' API server (§9.23): the platform `api_server` connected in the state.
        if (ev.state?.platforms?.api_server?.state === 'connected' && ev.hermes) {
          const h = await health.sample(target.hermes_home, ev.process.pid, t);
          if (h) ev.hermes.health = h;
        }
      }
      // The disk under the home fills whether or not the gateway runs (§10.2): one statfs a minute at most.
      const space = await disk.sample(target.hermes_home, t);
      if (space) ev.disk = space;
      // A log storm in a file the tailer does not follow (§10.2): one stat a file a minute at most.
      const files = await logFiles.sample(target.hermes_home, t);
      if (files.length) ev.logFiles = files;
      const sv = ev.hermes?.serving;
      if (sv?.role === 'served' && sv.rootHome) {
        const root = await followRoot(path.join(sv.rootHome, 'logs', 'gateway.log'), sv.profile);
        await root.tail.readNow().catch(() => undefined);
        ev.log = mergeServedLog(ev.log, root.tr.view(), sv.profile);
      }
      if (sv?.role === 'served') lastGather = undefined;
      else {
        const { log: _log, logGrowth: _growth, ...rest } = ev;
        lastGather = { at, ev: rest };
      }
      if (opts.doctor) ev.doctor = await gatherDoctorEvidence(target, service);
      return ev;
    },
    async glance() {
      const last = lastGather;
      if (!last || !ready || elapsed() - last.at >= GLANCE_REUSE_MS) return undefined;
      const tr = await ready;
      await tail!.readNow().catch(() => undefined);
      const t = now();
      return { ...last.ev, now: t, ...logNow(tr, t) };
    },
    async start(onChange) {
      await ensureTracker();
      listener = onChange;
      started = true;
      await tail!.start();
      if (rootLog !== undefined) startRoot((await rootLog).tail);
      // Taken before the first evaluation reads the file: a write after this is news.
      let bridge = await bridgeLogStamp(target.hermes_home);
      // The gateway writes nothing when SIGKILLed: a cheap liveness poll notices within seconds.
      poll = every(clock, config.liveness_interval, async () => {
        // WhatsApp's bridge writes its login QR codes (each good for ~20 s) and its `connected` to bridge.log, which
        // the log tail does not follow: a write there is judged within a poll too.
        const stamp = await bridgeLogStamp(target.hermes_home);
        // The bridge log is read by a gather, not by the tailer: a glance would judge the old one.
        if (stamp !== bridge && stamp) {
          lastGather = undefined;
          listener?.('log');
        }
        bridge = stamp;
        if (!known.pid) return;
        const looked = now();
        const present = await isAlive(known.pid, known.startTime).catch(() => known.present);
        // Present is only "the pid's process exists": a sight of the gateway when it is the one a gather saw alive.
        const seen = sight && sight.pid === known.pid && sight.startTime === known.startTime;
        if (present && seen) sight!.at = Math.max(sight!.at, looked);
        // Dated when the look has answered: the death lies before it, and after the last sight alive.
        if (!present && seen) sawGone(known.pid, now());
        if (present !== known.present) {
          known.present = present;
          lastGather = undefined;
          onChange(present ? 'process up' : 'process gone');
        }
      });
    },
    async stop() {
      poll?.();
      await tail?.stop();
      if (rootLog !== undefined) await (await rootLog).tail.stop();
    },
    position: () => tail?.position(),
  };
  return watch;
}
