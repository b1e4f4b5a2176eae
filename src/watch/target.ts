// One watched gateway: follows its log live, polls its process cheaply, and gathers the full Evidence on demand.
import type { Logger } from 'pino';
import type { Config, TargetConfig } from '../config/schema.js';
import type { Evidence, ProcessEvidence, ServiceEvidence } from '../evidence.js';
import type { LogPosition } from '../probes/log-tail.js';
import { readSlowToolCalls } from '../probes/agent-log.js';
import { probeProcess, procStartTicks } from '../probes/process.js';
import type { OneLook } from './one-look.js';
import { sharedOnce, type Shared } from '../util/shared.js';
import { lookFiles, type LookFiles, type OpenRegular } from '../util/look-files.js';
import type { LookFs } from '../util/look-fs.js';
import { readGatewayState } from '../probes/state-file.js';
import { probeService } from '../probes/service.js';
import { gatherDoctorEvidence } from '../probes/doctor.js';
import { gatherCurrentHermes } from '../probes/hermes-current.js';
import { probeServing } from '../probes/discover.js';
import { mergeServedLog } from '../probes/profile-log.js';
import { retiredEntry } from '../detectors/platform-entries.js';
import { platformNotStarted } from '../detectors/hermes-platforms.js';
import { bridgeLogWrites } from '../probes/bridge-log.js';
import path from 'node:path';
import { monotonicMs, type Clock } from '../util/clock.js';
import { step } from '../util/steps.js';
import { createTargetLog } from './target-log.js';
import { createRootLog, type RootLog } from './target-root.js';
import { createScanReuse, createServiceReuse, servedAlive } from './target-reuse.js';
import { createLiveness, presence } from './target-liveness.js';
import { createLivenessPulse, type LivenessPulse } from './liveness-pulse.js';
import { createTargetSamples } from './target-samples.js';

export { SERVICE_FRESH_MS } from './target-reuse.js';
const GLANCE_REUSE_MS = 10_000;
/** How often a home without bridge.log is asked for one (on a liveness beat): the log tail's backstop's cadence. */
const BRIDGE_ABSENT_MS = 5_000;

export interface TargetWatch {
  target: TargetConfig;
  /**
   * `quick`: a log burst's evaluation, which may reuse a recent process scan that still matches the pid file; `steady`:
   * the schedule's, which may reuse the last scan while the pid record leads to the one gateway it found.
   */
  gather(opts?: { doctor?: boolean; quick?: boolean; steady?: boolean }): Promise<Evidence>;
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
  /**
   * The timer of the liveness polls and the log tails' safety-net polls, one for every target the daemon watches;
   * without, the watch has its own.
   */
  pulse?: LivenessPulse;
  /** Milliseconds from a clock that never jumps: how old a reused scan or service answer is. */
  monotonic?: () => number;
  /**
   * Whether a look may run `hermes --version` when nothing else names the version (the daemon, at most hourly). A
   * one-shot check keeps no answer from one run to the next, and must not start a Python process every time.
   */
  askHermesCli?: boolean;
  /** The one look at every target this look is part of (`gatewatch check`: src/watch/one-look.ts). */
  oneLook?: OneLook;
}

export function createTargetWatch(o: TargetWatchOptions): TargetWatch {
  const { target, config, clock } = o;
  const now = clock.now;
  const elapsed = o.monotonic ?? monotonicMs;
  let poll: (() => void) | undefined;
  let stopBridge: (() => void) | undefined;
  let listener: ((why: string) => void) | undefined;
  // Its beats wake the daemon anyway: the log tails' safety-net polls wait for one rather than wake it once more.
  const pulse = o.pulse ?? createLivenessPulse(clock, config.liveness_interval);
  const log = createTargetLog({
    target,
    log: o.log,
    clock,
    backstop: pulse,
    position: o.position,
    onPosition: o.onPosition,
    news: (why) => listener?.(why),
  });
  const root = createRootLog({
    target: target.name,
    log: o.log,
    clock,
    backstop: pulse,
    news: () => listener?.('log'),
  });
  const liveness = createLiveness();
  const scanned = createScanReuse(target, elapsed, o.oneLook?.table);
  // A one-shot look's table (a gateway in a container is looked for among its gateways first), and its calls.
  const fs = o.oneLook?.fs;
  const table = o.oneLook ? { table: o.oneLook.table, open: o.oneLook.fs.open } : {};
  const serviced = createServiceReuse(target, elapsed, now);
  const samples = createTargetSamples();
  // The last full gather (without doctor's findings), for glance; dropped when news outside the log comes.
  // Without its log: a glance reads the log afresh, and the gather's view would keep up to 10 s of records the tail
  // has since let go (500 at 50 lines/s).
  let lastGather: { at: number; ev: Omit<Evidence, 'log' | 'logGrowth'> } | undefined;

  async function look(
    opts: { doctor?: boolean; quick?: boolean; steady?: boolean },
    { open, anew }: LookFiles,
  ): Promise<Evidence> {
    const at = elapsed();
    // Read once for all this look's readers: the one look's (`gatewatch check`), else this gather's own.
    const shared = o.oneLook?.shared ?? sharedOnce();
    // A tail may lag or not run (one-shot CLI): catch up, unless the history read now is this look's reading of it.
    await step('log', async () => (await log.open(open)) || log.catchUp());
    let looked = now();
    // Taken when the process probe has answered: a sight of it gone is dated after the look, never before it.
    let probed = looked;
    const procP = step('pid-record', () => probeProcess(target, table)).then((p) => ((probed = now()), p));
    const [firstProc, { firstScan, service, st, slowTools, serving }] = await Promise.all([
      procP,
      firstLook({ target, clock, shared, open, fs, scanned, serviced, slowTool: config.detect.slow_tool }, opts, procP),
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
    const dead = !proc.alive && scan.list.length === 0 && !servedAlive(serving);
    if (dead) await log.catchUp();
    const t = now();
    const logNow = log.at(t);
    if (dead) {
      // A second look: the files too are read as they are now.
      await anew();
      looked = now();
      const again = probeProcess(target, table).then((p) => ((probed = now()), p));
      [proc, scan] = await Promise.all([again, scanned({ doctor: opts.doctor, again: true }, again)]);
    }
    const { pid, present } = presence(proc);
    // A pid file without start_time: remember when the process seen now started, so a reused pid is another process.
    const startTime =
      proc.pidFile?.start_time ?? (pid !== undefined && present ? await procStartTicks(pid) : undefined);
    liveness.gathered(proc, startTime, looked, goneBy, now());
    const ev = evidenceOf(target, t, { proc, scan, service, st, slowTools, logNow });
    // Current Hermes (v0.19+): profile serving, control socket, update window, version (issue 9).
    // Who serves the home as the first look found it; a second look judges that afresh.
    const given = { askCli: o.askHermesCli === true, shared, open, fs, ...(proc === firstProc ? { serving } : {}) };
    Object.assign(ev, await step('hermes', () => gatherCurrentHermes(target, ev, clock, given)));
    await step('samples', () => samples(target, ev, t, shared, fs));
    await withRootLog(ev, root, shared);
    const sv = ev.hermes?.serving;
    // A target that lists no platforms expects what the state file names; not what the operator removed (an earlier
    // life's entry the file keeps, issue 50 item 5), unless a start-up that skips it without a line explains it.
    if (!target.platforms)
      ev.expectedPlatforms = ev.expectedPlatforms.filter(
        (p) => !retiredEntry(ev, p, { anyList: true }) || platformNotStarted(ev, p) !== undefined,
      );
    if (sv?.role === 'served') lastGather = undefined;
    else {
      const { log: _log, logGrowth: _growth, ...rest } = ev;
      lastGather = { at, ev: rest };
    }
    if (opts.doctor) ev.doctor = await gatherDoctorEvidence(target, service);
    return ev;
  }

  const watch: TargetWatch = {
    target,
    service: () => probeService(target, { now: now() }),
    gather(opts = {}) {
      const files = lookFiles(fs?.open);
      return look(opts, files).finally(files.close);
    },
    async glance() {
      const last = lastGather;
      if (!last || !log.opened() || elapsed() - last.at >= GLANCE_REUSE_MS) return undefined;
      await log.open();
      await log.catchUp();
      const t = now();
      return { ...last.ev, now: t, ...log.at(t) };
    },
    async start(onChange) {
      await log.open();
      listener = onChange;
      await log.start();
      await root.start();
      const changed = (change: string | undefined) => {
        if (change) (lastGather = undefined), onChange(change);
      };
      const bridge = await watchBridgeLog(target.hermes_home, pulse, changed);
      stopBridge = bridge.stop;
      // A SIGKILL writes nothing: the gateway's lock wakes a look (lock-wake.ts), the pulse's looks and polls back it up.
      liveness.wake({ lockFile: path.join(target.hermes_home, 'gateway.lock'), clock, now, said: changed });
      poll = pulse.join({
        look: () => changed(liveness.vanished(now)),
        quiet: () => liveness.quiet(),
        async poll() {
          await bridge.poll();
          changed(await liveness.poll(now));
        },
      });
    },
    async stop() {
      poll?.();
      stopBridge?.();
      liveness.close();
      await log.stop();
      await root.stop();
    },
    position: () => log.position(),
  };
  return watch;
}

/** The evidence a look's readings make, before what current Hermes, the samples and the root's log add. */
function evidenceOf(
  target: TargetConfig,
  t: number,
  r: {
    proc: Evidence['process'];
    scan: { list: Evidence['processes']; error?: string };
    service: Evidence['service'];
    st: { state: Evidence['state']; error?: Evidence['stateError'] };
    slowTools: { calls: Evidence['slowTools']; error?: string };
    logNow: Pick<Evidence, 'log' | 'logGrowth'>;
  },
): Evidence {
  const ev: Evidence = {
    target: target.name,
    now: t,
    home: target.hermes_home,
    expectedPlatforms: target.platforms ?? Object.keys(r.st.state?.platforms ?? {}),
    process: r.proc,
    processes: r.scan.list,
    ...(r.scan.error ? { processesError: r.scan.error } : {}),
    service: r.service,
    state: r.st.state,
    stateError: r.st.error,
    slowTools: r.slowTools.calls,
    ...r.logNow,
  };
  if (r.slowTools.error) ev.slowToolsError = r.slowTools.error;
  return ev;
}

/**
 * WhatsApp's bridge writes its login QR codes (each good for ~20 s) and its `connected` to bridge.log, which the log
 * tail does not follow: a write there is judged within a poll, by a gather (a glance has the old one). A home with no
 * bridge.log is asked at the tail's backstop beats instead: a stat is a round trip through libuv's threads, which woke
 * the idle daemon twice more at every poll (issue 62), most homes having none. Its start is taken before the first
 * evaluation reads the file: a write after it is news.
 */
async function watchBridgeLog(
  home: string,
  pulse: LivenessPulse,
  changed: (change: string | undefined) => void,
): Promise<{ poll: () => Promise<void>; stop: () => void }> {
  const bridge = await bridgeLogWrites(home);
  const news = async () => {
    if (await bridge.written()) changed('log');
  };
  let stop: (() => void) | undefined;
  const askAbsent = () => {
    stop = pulse.timer(async () => {
      askAbsent();
      if (!bridge.there()) await news();
    }, BRIDGE_ABSENT_MS);
  };
  askAbsent();
  return {
    poll: async () => {
      if (bridge.there()) await news();
    },
    stop: () => stop?.(),
  };
}

/**
 * What a gather looks at beside the gateway's process (`procP`): the host's processes, the service, the state file,
 * agent.log's slow tool calls, and who serves the home. A profile its root serves has no gateway of its own by design:
 * the root's process is its (hermes-current.ts), and neither a scan for one of its own nor a second look is due
 * (twenty served profiles scanned the host twice each).
 */
async function firstLook(
  o: {
    target: TargetConfig;
    clock: Clock;
    shared: Shared;
    /** The look's opening of each file (src/util/look-files.ts). */
    open: OpenRegular;
    /** The look's calls on the file system (src/util/look-fs.ts): a one-shot look's, in its turn. */
    fs: LookFs | undefined;
    scanned: ReturnType<typeof createScanReuse>;
    serviced: ReturnType<typeof createServiceReuse>;
    /** detect.slow_tool, ms. */
    slowTool: number;
  },
  opts: { quick?: boolean; steady?: boolean; doctor?: boolean },
  procP: Promise<ProcessEvidence>,
) {
  const { target, clock, shared } = o;
  const stP = step('state-file', () => readGatewayState(target.state_file, { clock, open: o.fs?.open }));
  const servingP = Promise.all([procP, stP]).then(([p, s]) =>
    step('hermes', () => probeServing(target, { process: p, state: s.state }, { clock, shared })),
  );
  const [firstScan, service, st, slowTools, serving] = await Promise.all([
    o.scanned({ quick: opts.quick, steady: opts.steady, doctor: opts.doctor }, procP),
    o.serviced(opts.quick === true, procP),
    stP,
    step('agent-log', () =>
      readSlowToolCalls(target.agent_log_file, { minSeconds: o.slowTool / 1000, open: o.open }).then(
        (calls) => ({ calls, error: undefined as string | undefined }),
        (err: Error) => ({ calls: [], error: err.message }),
      ),
    ),
    servingP,
  ]);
  return { firstScan, service, st, slowTools, serving };
}

/**
 * A profile the root serves: the runner's lines about it are in the root's gateway.log (§2.6), merged into its own.
 * The root's view is the same for every profile it serves: read once in a round of looks.
 */
async function withRootLog(ev: Evidence, root: RootLog, shared: Shared): Promise<void> {
  const sv = ev.hermes?.serving;
  if (sv?.role !== 'served' || !sv.rootHome) return;
  const file = path.join(sv.rootHome, 'logs', 'gateway.log');
  const rootView = await step('log', () => shared(`root log ${file}`, () => root.view(file, sv.profile)));
  ev.log = mergeServedLog(ev.log, rootView, sv.profile);
}
