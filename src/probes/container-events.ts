// What the container runtime says it did to a container lately (`docker events`): who stopped a container that is not
// running, and whether one that is running is being stopped. Docker's daemon logs `kill` with the signal it sent, `die`
// with the exit code when the container's program ends, `stop` once a stop through it has ended the container
// (`docker stop`, `docker restart`, Compose's stop: daemon/stop.go logs it after the die), `start`, and `restart` after
// a restart's start (daemon/restart.go). `docker kill` is `kill` and `die` with no `stop`. Podman names its exit `died`
// and logs no `stop` (hermes-supervisors.md, Podman). What differs is each runtime's dialect (supervisors/runtimes.ts).
import { runCommand, type Host } from './host.js';
import { dialectOf } from './supervisors/runtimes.js';
import { lastIndexOf, type ContainerEvent, type RuntimeStop } from './supervisors/runtime-types.js';

export type { ContainerEvent } from './supervisors/runtime-types.js';

interface Message {
  Action?: string;
  status?: string;
  Status?: string;
  time?: number;
  timeNano?: number;
  Actor?: { Attributes?: Record<string, string> };
  Attributes?: Record<string, string>;
  Time?: string;
  /** Podman's exit code of a `died`, left out when it is 0. */
  ContainerExitCode?: number;
}

function eventOf(line: string): ContainerEvent | undefined {
  let m: Message;
  try {
    m = JSON.parse(line) as Message;
  } catch {
    return undefined;
  }
  const raw = m.Action ?? m.status ?? m.Status;
  if (typeof raw !== 'string' || !raw) return undefined;
  const at =
    typeof m.timeNano === 'number'
      ? Math.floor(m.timeNano / 1e6)
      : typeof m.time === 'number'
        ? m.time * 1000
        : Date.parse(m.Time ?? '');
  if (!Number.isFinite(at)) return undefined;
  const attributes = m.Actor?.Attributes ?? m.Attributes ?? {};
  // Podman's `died` carries its code beside the attributes (none when 0): read as Docker's `die` with its exitCode.
  if (raw === 'died' && attributes.exitCode === undefined)
    return { action: 'die', at, attributes: { ...attributes, exitCode: String(m.ContainerExitCode ?? 0) } };
  return { action: raw, at, attributes };
}

/**
 * The container's events from `since` to `until`, oldest first (the runtime's own order); undefined when the runtime
 * does not answer. Each bound is the CLI's own: a Unix time (`1795876700.88`, by the runtime's clock, which is this
 * host's) or a duration before now (`120s`; `-1s` is a second after now, which the runtime waits for: its events of
 * this very moment included). Never a bound in whole seconds rounded down (`0s`): a stop's events of this second
 * would be left out.
 */
export async function containerEvents(
  runtime: string,
  id: string,
  since: string,
  until: string,
  host: Host,
): Promise<ContainerEvent[] | undefined> {
  const end = dialectOf(runtime).eventsUntil(until);
  const r = await runCommand(
    [runtime, 'events', `--since=${since}`, ...end.args, '--filter', `container=${id}`, '--format', '{{json .}}'],
    host,
  );
  if (r.exitCode !== 0) return undefined;
  const events = parseEvents(r.stdout);
  const bound = /^\d+(\.\d+)?$/.test(until) ? Number(until) * 1000 : undefined;
  return end.bounded && bound !== undefined ? events.filter((e) => e.at <= bound) : events;
}

/** Epoch ms as the CLI's Unix time bound, to the millisecond. */
export const unixTime = (ms: number): string => (ms / 1000).toFixed(3);

/** `--format '{{json .}}'`'s lines, one event each; a line that is not one is skipped. */
export function parseEvents(stdout: string): ContainerEvent[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map(eventOf)
    .filter((e): e is ContainerEvent => e !== undefined);
}

/** Signals a stop sends (Docker's default stop signal, Compose's, and the SIGKILL after the grace). */
const STOPPING = new Set([
  '15',
  '2',
  '3',
  '9',
  'SIGTERM',
  'SIGINT',
  'SIGQUIT',
  'SIGKILL',
  'TERM',
  'INT',
  'QUIT',
  'KILL',
]);

const said = (e: ContainerEvent) => {
  const detail = e.action === 'kill' ? e.attributes.signal : e.action === 'die' ? e.attributes.exitCode : undefined;
  return `${e.action}${detail !== undefined ? ` (${e.action === 'kill' ? 'signal' : 'exitCode'} ${detail})` : ''}`;
};

/** The events as one line for the evidence: `docker events: kill (signal 15), die (exitCode 0), stop`. */
export function eventsLine(runtime: string, events: readonly ContainerEvent[]): string {
  return `${runtime} events: ${events.map(said).join(', ')}`;
}

/**
 * The container ended through its runtime's stop (the operator's `docker stop`, `docker restart`, Compose's stop), as
 * its runtime's dialect reads its last life's events (Docker: a `stop` at or after its last `die`; Podman logs none);
 * `signalled`: the gateway said it ended at a signal. Undefined when it died any other way.
 */
export function stoppedBy(
  events: readonly ContainerEvent[],
  runtime = 'docker',
  signalled = false,
): RuntimeStop | undefined {
  const die = lastIndexOf(events, (e) => e.action === 'die');
  return die < 0 ? undefined : dialectOf(runtime).stopIn(events, die, signalled);
}

/** A running container its runtime is stopping now: a stop signal since its last start, and no death yet. */
export function stopping(events: readonly ContainerEvent[]): ContainerEvent[] | undefined {
  const since = events.slice(lastIndexOf(events, (e) => e.action === 'start') + 1);
  const kill = since.findIndex((e) => e.action === 'kill' && STOPPING.has(e.attributes.signal ?? ''));
  return kill >= 0 && !since.some((e) => e.action === 'die') ? since.slice(kill) : undefined;
}

/**
 * The life of the container that `inspect` saw (started at `since`) is ending or has ended: a stop signal or a death
 * since its start. A look whose inspect saw one life and whose exec reached the next (a restart that took a second)
 * is in transit, whatever the next life's events since its own start say.
 */
export function endingSince(events: readonly ContainerEvent[], since: number): ContainerEvent[] | undefined {
  const i = events.findIndex(
    (e) => e.at >= since && (e.action === 'die' || (e.action === 'kill' && STOPPING.has(e.attributes.signal ?? ''))),
  );
  return i >= 0 ? events.slice(i) : undefined;
}
