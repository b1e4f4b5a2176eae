// What Hermes writes of its own lives (v0.19+): the lifecycle sentinel, the heartbeat, the unclean-exit record, the
// planned-stop marker, `hermes update`'s runs and the starts it refused.

/** `state/gateway.lifecycle.json`. `phase` running = claimed at boot (a gone pid = an unclean death); exited = left by a known path. */
export interface LifecycleSentinel {
  phase: string;
  pid?: number;
  /** Epoch ms of the claim (`started_at`, else `start_time`). */
  startedAt?: number;
  startedAtText?: string;
  /** psutil process birth, epoch seconds: tells a reused pid from the owner. */
  createTime?: number;
  exitCode?: number;
  /** `graceful_shutdown`, `loop_liveness_watchdog`, `shutdown_watchdog`, `startup_liveness_watchdog`. */
  exitReason?: string;
  exitedAt?: number;
  /** This life follows an unclean death (the restart already happened). */
  priorUncleanExit: boolean;
  /** … and its last heartbeat showed critical memory. */
  priorSuspectedOom: boolean;
}

/** Memory figures in KiB as Hermes samples them (Linux only). */
export interface MemorySample {
  rssKib?: number;
  totalKib?: number;
  availableKib?: number;
  swapUsedKib?: number;
}

/** `state/gateway.heartbeat`: may be a previous life's (#94758): judge it only when `pid` is the live gateway's. */
export interface Heartbeat {
  pid?: number;
  updatedAt?: number;
  startTime?: number;
  mem?: MemorySample;
}

/** The newest `gateway.previous_unclean_exit` record of `logs/gateway-exit-diag.log`. */
export interface UncleanExitRecord {
  ts: number;
  /** The new life that reported it. */
  pid?: number;
  priorPid?: number;
  priorStartedAt?: string;
  lastHeartbeatAt?: string;
  lastMem?: MemorySample;
  suspectedOom: boolean;
  /** `ok`, `absent`, or the complaint of the integrity check. */
  stateDbIntegrity?: string;
}

/** `.gateway-planned-stop.json`: a stop by `hermes gateway stop` is in progress (the target consumes it). */
export interface PlannedStopMarker {
  targetPid?: number;
  stopperPid?: number;
  writtenAt?: number;
}

/** The last run of `hermes update` in `logs/update.log`. */
export interface UpdateRun {
  startedAt?: number;
  completed: boolean;
  /** Gateways the updater stopped because it could not arm their restart. */
  stoppedPids: number[];
  stoppedManual: number;
  /** The log's mtime: when the run last wrote. */
  endedAt: number;
  /** The lines that say what it did to gateways, for evidence. */
  lines: string[];
  /** Its snapshot left state.db out, too big (§10.2, #75411): sizes as the updater printed them, and its line. */
  stateDbSkipped?: { size: string; limit: string; line: string };
}

export interface LifecycleEvidence {
  sentinel?: LifecycleSentinel;
  heartbeat?: Heartbeat;
  plannedStop?: PlannedStopMarker;
  lastUncleanExit?: UncleanExitRecord;
  lastUpdate?: UpdateRun;
  /** Files that exist but could not be read or parsed. */
  errors?: string[];
}

/**
 * Starts that each refused at once, `✗ A gateway is already running under <manager> for this profile.` (§9.16, #82538),
 * printed after gateway.log's last record (launchd writes stdout there untimestamped).
 */
export interface RefusedStarts {
  count: number;
  /** As the line names it: `systemd (user)`, `launchd`. */
  manager: string;
  /** The last such line, for evidence. */
  line: string;
  /** The log's mtime: the latest refusal. */
  lastAt: number;
}
