// node-cron, required when first used and not bundled: the daemon schedules with it and a config's `schedule` is
// validated by it, but a config without one (and so `gatewatch check`, most of the time) never parses its 70 KB. The
// build has the bundles require one copy of it made for the daemon (scripts/bundle.mjs: its dates read from Date in
// the host's zone, no node:crypto), the same copy for both.
import { createRequire } from 'node:module';
import type nodeCronFn from 'node-cron';

const requireHere = createRequire(import.meta.url);

export const nodeCron = (): typeof nodeCronFn => requireHere('node-cron') as typeof nodeCronFn;
