// What every stage of the daemon is handed (src/app.ts builds them in order): the config keys it reads, the logger,
// the one clock, and the few of createApp's options it heeds. Besides these, a stage names the earlier stages' parts
// it uses, each narrowed to the functions it calls.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Clock } from '../util/clock.js';
import type { AppOptions } from '../app-types.js';

export interface StageDeps<C extends keyof Config, O extends keyof AppOptions = never> {
  config: Pick<Config, C>;
  log: Logger;
  clock: Clock;
  /** What createApp was given that this stage reads. */
  opts: Pick<AppOptions, O>;
}
