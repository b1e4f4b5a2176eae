// The evidence only a current Hermes (v0.19 – v0.22) offers, gathered after the classic probes: who serves this home
// (profiles and multiplexing), the control socket, the update window, the version. For a profile the root serves, the
// root's process, service and state entries ARE the profile's: they replace the profile's own (absent or stale) ones,
// so the classic detectors judge the process that actually runs its bots.
import path from 'node:path';
import type { TargetConfig } from '../config/schema.js';
import { hermesProfileSuffix } from '../config/load.js';
import type {
  Evidence,
  GatewayStateFile,
  HermesEvidence,
  HermesVersion,
  IdentifyInfo,
  LogRecord,
  ServingEvidence,
} from '../evidence.js';
import { readCron } from './cron.js';
import { probeControlSocket } from './control-socket.js';
import { probeServing } from './discover.js';
import { checkoutDirs, currentFilesIn, judgeVersion, readCheckoutVersion, readCliVersion } from './hermes-version.js';
import { probeService } from './service.js';
import { profilePlatforms } from './state-file.js';
import { probeUpdate } from './update-marker.js';
import { readBridgeLog } from './bridge-log.js';
import { bridgePortBlocked, findWhatsappBridges } from './whatsapp-bridges.js';
import { BIND_IN_USE, HTTP_400, logsDirOf, readBesideLogs } from './agent-tail.js';
import { portOwner } from './port-owner.js';
import { lookListing } from './logs-listing.js';
import type { OpenRegular } from '../util/look-files.js';
import type { LookFs } from '../util/look-fs.js';
import { readLogHours } from './log-hours.js';
import { hoursNeedles } from './hours-needles.js';
import { findTelegramPollers } from './telegram-pollers.js';
import { KiB, readCapped } from '../util/read-capped.js';
import { probeLifecycle } from './lifecycle.js';
import { readBlankEnv } from './blank-env.js';
import { probeSessionFiles } from './session-files.js';
import { readRefusedStarts } from './refused-starts.js';
import { readRecentLives, readResumableSessions, stuckChat } from './recent-lives.js';
import type { Clock } from '../util/clock.js';
import { fresh, type Shared } from '../util/shared.js';

/** `repr(time.time())` per line, one per start; garbage lines are skipped. */
export function parseStartsLog(text: string): number[] {
  return text
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isFinite(n) && n > 1e9)
    .map((n) => Math.round(n * 1000));
}

async function readStarts(home: string): Promise<number[] | undefined> {
  try {
    // Hermes keeps it to ~40 lines; a foreign huge file is not ours to read whole, nor a FIFO to block on.
    const text = await readCapped(path.join(home, 'gateway-starts.log'), 64 * KiB, { truncate: true });
    return parseStartsLog(text.slice(-16 * 1024));
  } catch {
    return undefined;
  }
}

/** A listener's failures to bind its port within the hour (the latest port's), and who holds it here (#98126). */
async function readPortInUse(records: readonly LogRecord[], now: number): Promise<HermesEvidence['portInUse']> {
  const binds = records.filter((r) => now - r.ts <= 3_600_000 && BIND_IN_USE.test(r.message));
  const last = binds.at(-1);
  if (!last) return undefined;
  const [, host, port] = BIND_IN_USE.exec(last.message)!;
  const lines = binds.filter((r) => BIND_IN_USE.exec(r.message)![2] === port);
  const owner = await portOwner(Number(port)).catch(() => undefined);
  return {
    host: host!,
    port: Number(port),
    lines,
    ...(owner?.pid !== undefined
      ? { owner: { pid: owner.pid, ...(owner.cmdline ? { cmdline: owner.cmdline } : {}) } }
      : {}),
  };
}

/** Records by time, a line two logs both hold once. */
function onceByLine(records: LogRecord[]): LogRecord[] {
  const seen = new Set<string>();
  return records.sort((a, b) => a.ts - b.ts).filter((r) => !seen.has(r.line) && !!seen.add(r.line));
}

export type CurrentHermesEvidence = Pick<Evidence, 'hermes'> &
  Partial<Pick<Evidence, 'process' | 'state' | 'stateError' | 'service' | 'expectedPlatforms'>>;

/** The root's state narrowed to one profile: its `<profile>:` entries re-keyed to bare platform names. */
function servedProfileState(root: GatewayStateFile, profile: string): GatewayStateFile {
  const launch = root.served_profiles?.[0] ?? 'default';
  return { ...root, platforms: profilePlatforms(root, profile, launch) };
}

const CONFLICT_EXHAUSTED =
  /^\[Telegram\] Telegram polling could not recover after \d+ retries|^Fatal telegram adapter error(?: for multiplexed profile (\S+))? \(telegram_polling_conflict\)/;
/** The first conflict of an episode (§8.9): a second poller makes these recur every few minutes. */
const CONFLICT_EPISODE = /^\[Telegram\] Telegram polling conflict \(1\/\d+\)/;
/** Looser than the detector's rule (3 in 30 min, clear of every reconnect), so the scan is there when it fires. */
const EPISODE_WINDOW_MS = 30 * 60_000;
const START_GRACE_MS = 90_000;

/**
 * The Hermes home whose Telegram token lost a polling conflict (the target's, or a multiplexed profile's under the
 * root), or keeps meeting one long after the start (a second poller that never lets Hermes give up), when the state
 * or the current run says so; else undefined: the process scan runs only then.
 */
export function telegramConflictHome(
  target: TargetConfig,
  state: GatewayStateFile | null | undefined,
  run: readonly { message: string; ts?: number }[] = [],
  now: number,
): string | undefined {
  for (const [key, st] of Object.entries(state?.platforms ?? {})) {
    if (
      st.error_code !== 'telegram_polling_conflict' ||
      st.state === 'connected' ||
      !/^(?:[\w.-]+:)?telegram$/.test(key)
    )
      continue;
    return key.includes(':') ? path.join(target.hermes_home, 'profiles', key.split(':')[0]!) : target.hermes_home;
  }
  for (let i = run.length - 1; i >= 0; i--) {
    const m = CONFLICT_EXHAUSTED.exec(run[i]!.message);
    if (m) return m[1] ? path.join(target.hermes_home, 'profiles', m[1]) : target.hermes_home;
  }
  const start = run[0]?.ts;
  const recent = run.filter(
    (r) =>
      r.ts !== undefined &&
      now - r.ts <= EPISODE_WINDOW_MS &&
      (start === undefined || r.ts - start > START_GRACE_MS) &&
      CONFLICT_EPISODE.test(r.message),
  );
  return recent.length >= 2 ? target.hermes_home : undefined;
}

/**
 * The version, from the first source that names one (§10: identify, the state file, the checkout, `hermes --version`):
 * the checkout only when the running gateway said none, `hermes --version` only when nothing else did, for a live
 * gateway of a current Hermes (the releases the reference ties to a failure are all v0.20+).
 */
async function readVersion(i: {
  identify: IdentifyInfo | undefined;
  state: GatewayStateFile | null;
  files: string[];
  home: string;
  cmdline: string | undefined;
  cliArgv: string[] | undefined;
  now: number;
  alive: boolean;
  askCli: boolean;
  once: Shared;
}): Promise<HermesVersion> {
  const running = judgeVersion(i);
  if (running.version) return running;
  // The checkout the gateway runs from is the same for every profile it serves.
  const checkout = await i.once(`checkout ${i.home} ${i.cmdline}`, () =>
    readCheckoutVersion(checkoutDirs(i.home, i.cmdline)).catch(() => undefined),
  );
  if (checkout) return judgeVersion({ ...i, checkout });
  if (!i.askCli || !i.alive || running.generation !== 'current') return running;
  const cli = await readCliVersion(i.cliArgv ?? ['hermes'], i.home, { now: i.now }).catch(() => undefined);
  return cli ? judgeVersion({ ...i, cli }) : running;
}

export async function gatherCurrentHermes(
  target: TargetConfig,
  ev: Pick<Evidence, 'process' | 'state' | 'now'> & Partial<Pick<Evidence, 'log'>>,
  clock: Clock,
  o: {
    askCli?: boolean;
    serving?: ServingEvidence;
    shared?: Shared;
    /** The look's shared opening of a log its readers read (src/util/look-files.ts). */
    open?: OpenRegular;
    /** The look's calls (src/util/look-fs.ts): a one-shot look's in its turn. */
    fs?: LookFs;
  } = {},
): Promise<CurrentHermesEvidence> {
  // What the gateway's own home holds is the same for every profile it serves: read once in a round of looks.
  const once = o.shared ?? fresh;
  const serving = o.serving ?? (await probeServing(target, { process: ev.process, state: ev.state }, { clock }));
  const served = serving.role === 'served' && serving.root ? serving.root : undefined;
  const processHome = served ? serving.rootHome! : target.hermes_home;
  const state = served ? (served.state ? servedProfileState(served.state, serving.profile) : null) : ev.state;
  const conflictHome = telegramConflictHome(target, state, ev.log?.run, ev.now);
  const gatewayPid = served ? served.process.pid : ev.process.pid;
  const gatewayDown = !(served ? served.process.alive : ev.process.alive);
  const logsDir = logsDirOf(target.hermes_home);
  // agent.log and gateway.log: each opened once for the look's readers of it (`o.open`).
  const look = { list: lookListing(once, o.fs), open: o.open };
  const agentOnlyP = readBesideLogs(target.agent_log_file, logsDir, ev.now, look).catch(() => []);
  // Starts that refused at once (§9.16): raw prints after the log's last record, looked for only while none is alive.
  const refusedP = gatewayDown && ev.log?.file ? readRefusedStarts(ev.log.file, o.open) : undefined;
  // Slow, steady failures (§9.4, §9.9): agent.log's few lines over hours; after the first look, only what is new.
  // Both logs (issue 54): a served profile's adapter lines may be in its gateway.log alone (an agent.log rotated away or
  // never written), and a line both have counts once.
  const hoursP = Promise.all(
    [target.agent_log_file, target.log_file].map((f) =>
      readLogHours(f, hoursNeedles(), { now: ev.now, open: o.open, fs: o.fs }).catch(() => []),
    ),
  ).then(([agent, gateway]) => onceByLine([...agent!, ...gateway!]));
  // WhatsApp is served by the process home only (shared ingress of the default profile under multiplex).
  const bridgeP = once(`bridge ${processHome}`, () => readBridgeLog(processHome).catch(() => undefined));
  // §9.15: only after a boot that marked in-flight sessions resumable (a clean start reads nothing more).
  const livesP = ev.log && !ev.log.error ? readRecentLives(ev.log.file, ev.log.run).catch(() => undefined) : undefined;
  // Its sessions as its gateway's user meets them (issue 77): a profile's are its own (§2.6).
  const sessionFilesP = probeSessionFiles(target.hermes_home, gatewayDown ? undefined : gatewayPid, o.fs).catch(
    () => undefined,
  );
  const [control, update, files, bridge, starts, agentOnly, pollers, lifecycle, bridges, cron, lives, hours, blank] =
    await Promise.all([
      // status only when the file on disk tells us nothing: the live process can.
      once(`control ${processHome} ${state === null}`, () =>
        probeControlSocket(processHome, { status: state === null, clock }),
      ),
      once(`update ${processHome}`, () => probeUpdate(processHome, ev.now)),
      once(`files ${processHome}`, () => currentFilesIn(processHome)),
      bridgeP,
      once(`starts ${processHome}`, () => readStarts(processHome)),
      agentOnlyP,
      // Who else holds the Telegram token: only when a conflict exhausted Hermes' retries (a /proc scan is not free).
      conflictHome
        ? findTelegramPollers(conflictHome, { own: gatewayPid ? [gatewayPid] : [] }).catch(() => undefined)
        : undefined,
      // The process's own lives (§8): the root's for a profile it serves. update.log also when turns fail with HTTP 400
      // (§8.7): the update before them is what a fix needs to know.
      agentOnlyP
        .then((lines) => {
          const updateLog = lines.some((r) => HTTP_400.test(r.message));
          return once(`lifecycle ${processHome} ${gatewayDown} ${updateLog}`, () =>
            probeLifecycle(processHome, { gatewayDown, updateLog, now: ev.now }),
          );
        })
        .catch(() => undefined),
      // Who holds the bridge port: only when the newest bridge could not bind it (a /proc scan is not free).
      bridgeP
        .then((b) =>
          b && !gatewayDown && bridgePortBlocked(b.tail) ? findWhatsappBridges(processHome, { gatewayPid }) : undefined,
        )
        .catch(() => undefined),
      // The ticker's store is per profile under multiplex (§9.21): this home's own.
      readCron(target.hermes_home, o.fs?.open).catch(() => undefined),
      livesP,
      hoursP,
      // The home's own settings (a served profile's are its own .env).
      readBlankEnv(target.hermes_home, o.fs?.open).catch(() => undefined),
    ]);
  // The routing index lives in the process home, one for every profile it serves (#66887).
  // Only once the lives show a stuck chat: the index is read for that chat alone.
  const stuck = lives && stuckChat(lives);
  const sessions = stuck ? await readResumableSessions(processHome, [stuck.chat]).catch(() => undefined) : undefined;
  const refused = await refusedP;
  const portInUse = await readPortInUse(agentOnly, ev.now);
  const version = await readVersion({
    identify: control.identify,
    state: state ?? control.status ?? null,
    files,
    home: processHome,
    cmdline: served ? served.process.cmdline : ev.process.cmdline,
    cliArgv: target.hermes_cli,
    now: ev.now,
    alive: !gatewayDown,
    askCli: o.askCli === true,
    once,
  });
  const hermes: HermesEvidence = {
    version,
    control,
    update,
    serving,
    ...(bridge ? { whatsappBridge: bridge } : {}),
    ...(bridges ? { whatsappBridges: bridges } : {}),
    ...(starts ? { starts } : {}),
    ...(refused ? { refusedStarts: refused } : {}),
    ...(agentOnly.length ? { agentOnly } : {}),
    ...(pollers ? { telegramPollers: pollers } : {}),
    ...(lifecycle && Object.keys(lifecycle).length ? { lifecycle } : {}),
    ...(cron ? { cron } : {}),
    ...(lives?.length ? { lives } : {}),
    ...(hours.length ? { hours } : {}),
    ...(sessions?.length ? { sessions } : {}),
    ...(blank ? { blankEnv: blank.keys, envFile: blank.file } : {}),
    ...(portInUse ? { portInUse } : {}),
  };
  const sessionFiles = await sessionFilesP;
  if (sessionFiles?.unusable.length) hermes.sessionFiles = sessionFiles;
  const out: CurrentHermesEvidence = { hermes };
  if (served) {
    out.process = served.process;
    out.state = state;
    out.stateError = undefined;
    // A served profile's own unit was uninstalled by the migration on purpose: the root's service runs its bots.
    if (target.service.manager === 'auto' && !target.service.unit && !target.service.label) {
      const root = serving.rootHome!;
      out.service = await probeService(
        { ...target, hermes_home: root, pid_file: path.join(root, 'gateway.pid'), profile: hermesProfileSuffix(root) },
        { now: ev.now },
      );
    }
  } else if (ev.state === null && control.status) {
    out.state = control.status;
  }
  // What this home's own gateway should connect: not a multiplexed profile's `p:x` entries (they belong to that
  // profile's target) and not what Hermes parked on purpose (`disabled`: shared ingress, relay off).
  const judged = out.state ?? ev.state;
  if (!target.platforms && judged) {
    out.expectedPlatforms = Object.entries(judged.platforms)
      .filter(([k, st]) => !k.includes(':') && st.state !== 'disabled')
      .map(([k]) => k);
  }
  return out;
}
