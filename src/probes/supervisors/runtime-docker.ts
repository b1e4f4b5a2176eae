// Docker, as the container probes ask it (runtime-types.ts). Its daemon logs `stop` once a stop through it has ended
// the container (`docker stop`, `docker restart`, Compose's stop: daemon/stop.go logs it after the die); `docker kill`
// is `kill` and `die` with no `stop`.
import { lastIndexOf, type RuntimeDialect } from './runtime-types.js';

export const docker: RuntimeDialect = {
  kind: 'docker',
  compose: 'docker compose',
  eventsUntil: (until) => ({ args: [`--until=${until}`] }),
  stopIn(events, die) {
    const stop = events.findIndex((e, i) => i > die && e.action === 'stop');
    if (stop < 0) return undefined;
    const start = lastIndexOf(events, (e) => e.action === 'start', die);
    return { at: events[stop]!.at, events: events.slice(start + 1, stop + 1) };
  },
};
