// What a gather adds from its samplers over time: the gateway's memory, its API server's health, the disk under the
// home, the home's other log files. Each sampler keeps its own history and reads at most once a minute or so.
import type { TargetConfig } from '../config/schema.js';
import type { Evidence } from '../evidence.js';
import { createMemorySampler } from './memory-trend.js';
import { createDiskSampler } from './disk-trend.js';
import type { WriterView } from '../probes/disk.js';
import { createLogFilesSampler } from './log-files.js';
import { lookListing } from '../probes/logs-listing.js';
import { createHealthSampler } from './hermes-health.js';
import { fresh, type Shared } from '../util/shared.js';
import { threadedFs, type LookFs } from '../util/look-fs.js';
import { RUNTIME_KINDS } from '../evidence/service.js';

/** Whose mount table says whether the home is read-only: the live gateway's, else ours unless it runs in a container. */
function writerView(ev: Evidence): WriterView {
  if (ev.process.alive && ev.process.pid !== undefined) return { pid: ev.process.pid };
  const m = ev.service?.manager;
  return { elsewhere: RUNTIME_KINDS.has(m) || ev.process.container !== undefined };
}

/**
 * Adds to `ev` (the gather's, at `t`) what the samplers have; `shared`: what a round of looks reads once; `fs`: the
 * look's calls (src/util/look-fs.ts).
 */
export type TargetSamples = (
  target: TargetConfig,
  ev: Evidence,
  t: number,
  shared?: Shared,
  fs?: LookFs,
) => Promise<void>;

export function createTargetSamples(): TargetSamples {
  const memory = createMemorySampler();
  const disk = createDiskSampler();
  const logFiles = createLogFilesSampler();
  const health = createHealthSampler();
  return async (target, ev, t, shared = fresh, fs = threadedFs) => {
    // The gateway's memory over time (§9.20): its own process's, a served profile's root's.
    if (ev.process.alive && ev.process.pid !== undefined) {
      const trend = await memory.sample(ev.process.pid, t, ev.hermes?.lifecycle?.heartbeat, shared);
      if (trend) ev.memory = trend;
      // Only where the operator enabled Hermes' API server (§9.23): the platform `api_server` connected in the state.
      if (ev.state?.platforms?.api_server?.state === 'connected' && ev.hermes) {
        const h = await health.sample(target.hermes_home, ev.process.pid, t);
        if (h) ev.hermes.health = h;
      }
    }
    // The disk under the home fills whether or not the gateway runs (§10.2): one statfs a minute at most.
    // Read-only as the gateway finds it: gatewatch in a container beside Hermes may have the home as a `:ro` volume.
    const space = await disk.sample(target.hermes_home, t, writerView(ev), shared, fs);
    if (space) ev.disk = space;
    // A log storm in a file the tailer does not follow (§10.2): one stat a file a minute at most.
    const pid = ev.process.alive ? ev.process.pid : undefined;
    const files = await logFiles.sample(target.hermes_home, t, pid, lookListing(shared, fs), fs);
    if (files.length) ev.logFiles = files;
  };
}
