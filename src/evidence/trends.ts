// How a gateway's resources move over time: its memory towards its ceiling, the disk under its files, the places it
// writes, and the pace of its logs (src/probes/trends.ts and its kin read them; src/detectors/trend.ts judges them).

/** VmRSS samples of one gateway process (its pid), oldest first, and the ceiling it grows towards. */
export interface MemoryTrend {
  pid: number;
  samples: { at: number; rssKib: number }[];
  /**
   * The RSS it can reach: its cgroup's limit, or its RSS plus what the host still has. `totalKib`: the memory Hermes
   * judges its tiers against (the cgroup's limit, the host's MemTotal), when known.
   */
  ceiling?: { kib: number; source: 'cgroup' | 'host'; totalKib?: number };
}

/** Free space of the disk that holds a Hermes home, oldest first (src/watch/disk-trend.ts). */
export interface DiskTrend {
  /** The directory asked about: the Hermes home. */
  path: string;
  totalBytes: number;
  /** Kept for root: neither free to Hermes nor counted in its `used_percent`. */
  reservedBytes: number;
  samples: { at: number; freeBytes: number }[];
  /**
   * The home's growth sources (`state-snapshots/`, `cron/output/`, `logs/`), measured now and then while the free space
   * falls: their size at the last measurement, and how much each grew since the one before (over `overMs`).
   */
  dirs?: { name: string; bytes: number; files?: number; partial?: boolean; grewBytes?: number; overMs?: number }[];
  /**
   * Each place Hermes writes under the home (issue 60), on the filesystem that holds it, as the last sample found it:
   * a filesystem can refuse every write with bytes to spare (mounted read-only, or no inode left).
   */
  places?: WritePlace[];
}

/** A place Hermes writes (src/probes/disk.ts WRITE_PLACES) and the filesystem under it. */
export interface WritePlace {
  /** As named under the home: `.` for the home itself, `state.db`, `sessions/`, `logs/`, `state/`, `cron/`. */
  name: string;
  /** Where that filesystem is mounted, its type and source (mountinfo); absent where no mount table can be read. */
  mount?: string;
  fsType?: string;
  source?: string;
  /** Mounted read-only (its mount's or its filesystem's flags); absent when not known. */
  readOnly?: boolean;
  /** Its inode table (statfs f_files, f_ffree); absent for a filesystem without a fixed one (btrfs reports none). */
  inodes?: { total: number; free: number };
  /** Bytes free to Hermes there (f_bavail). */
  freeBytes?: number;
  /** Since when the samples have found it read-only, and its inode table out (epoch ms). */
  readOnlySince?: number;
  inodesOutSince?: number;
}

/** Growth of a file under `<home>/logs` over the last window, from its size sampled once a minute (log_flood). */
export interface LogFileGrowth {
  file: string;
  /** Its size at the last sample. */
  size?: number;
  bytes: number;
  spanMs: number;
  /** The last sample's growth, per minute. */
  lastMinuteBytes: number;
  /**
   * A big file written lately, as one look sees it: its size, its last write and the time on its first line (its
   * whole life's rate, for a look with no earlier sample).
   */
  life?: {
    bytes: number;
    mtimeMs: number;
    firstAt: number;
    /** `birth`: its lines carry no time (an MCP server's stderr), so its start is the file's own birth (issue 60). */
    from?: 'birth';
  };
  /**
   * A big file written lately, its pace as its own stamps tell it to one look (issue 54): `bytes` written over `overMs`
   * before its last line, read from the stamps of two lines that far apart.
   */
  pace?: {
    bytes: number;
    overMs: number;
    mtimeMs: number;
    /**
     * The pace reached back into its rotated copies (`agent.log.1`, …): it rotates within minutes at this pace, so it
     * stays at about `bytes` in `files` files (each about `each` bytes) and does not fill the disk itself (issue 60).
     */
    rotated?: { files: number; bytes: number; each: number };
    /** `rotations`: read from its rotated copies' times, not from stamps (a log without them, or rotated small). */
    by?: 'rotations';
  };
  /** Bytes a line at its end: its pace said in lines. */
  lineBytes?: number;
  /** The processes writing it, when it floods and /proc tells them (issue 60). */
  writers?: { pid: number; cmdline: string }[];
}

/** Growth of a log over the last window, from the bytes the tailer read (log_flood). */
export interface LogGrowth {
  file: string;
  /** Bytes written within the window. */
  bytes: number;
  lines: number;
  /** How long the window really is: shorter while gatewatch has not followed the log for a full window. */
  spanMs: number;
  /** Bytes written within the last minute (is it still going on?). */
  lastMinuteBytes: number;
  /** The line that repeats most, normalised (numbers and ids masked) and redacted, among `sampled` lines read. */
  top?: { line: string; sample: string; count: number; sampled: number };
}

// ---------- current Hermes (v0.19 – v0.22): hermes-gateway-current.md ----------
