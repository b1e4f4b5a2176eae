// Duration keys: strings (`90s`, `10m`, `1h`) in, milliseconds out, each within a sane range. Shared by the config
// schema and the channel plugins that own their own keys.
import * as z from '../util/zod.js';
import { formatDuration, parseDuration } from '../util/duration.js';
import { said } from './schema-text.js';

export const duration = z.pipe(
  z.string({ error: said('config.schema.duration') }),
  z.transform((s: string, ctx) => {
    const ms = parseDuration(s);
    if (ms === null) {
      ctx.issues.push({ code: 'custom', message: said('config.schema.duration_got', { got: s }), input: s });
      return z.NEVER;
    }
    return ms;
  }),
);

const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * A duration key with a sane range. Below it a timer turns into a busy loop or a hair trigger (`liveness_interval: 0s`,
 * `remind_every: 0s`); above it Node's timers (at most 2^31-1 ms, 24.8 days) overflow and fire at once
 * (`give_up_after: 30d`). Every bound here is far below that limit. docs/configuration.md lists them.
 */
export const DURATION_RANGES = {
  give_up_after: [1 * SEC, 7 * DAY],
  disconnect_grace: [1 * SEC, 1 * DAY],
  storm_within: [1 * MIN, 1 * DAY],
  zombie_after: [1 * MIN, 7 * DAY],
  operator_stop_reminder: [1 * MIN, 30 * DAY],
  expect_inbound: [10 * MIN, 30 * DAY],
  slow_tool: [1 * SEC, 1 * DAY],
  window: [1 * MIN, 7 * DAY],
  cooldown: [0, 1 * DAY],
  verify_timeout: [1 * SEC, 30 * MIN],
  drain: [0, 1 * HOUR],
  remind_every: [1 * MIN, 7 * DAY],
  flap_within: [1 * MIN, 7 * DAY],
  liveness_interval: [500, 1 * HOUR],
  escalate_after: [1 * MIN, 1 * DAY],
  send_timeout: [1 * SEC, 5 * MIN],
  deadman_every: [1 * SEC, 7 * DAY],
  deadman_timeout: [1 * SEC, 5 * MIN],
} as const satisfies Record<string, readonly [number, number]>;

const showMs = (ms: number) => (ms % 1000 ? `${ms}ms` : formatDuration(ms).replace(' ', ''));

export function durationIn([min, max]: readonly [number, number]) {
  return duration.check(
    z.refine((ms) => ms >= min && ms <= max, {
      error: (iss) =>
        said('config.schema.duration_range', { min: showMs(min), max: showMs(max), got: showMs(iss.input as number) }),
    }),
  );
}
