// What differs between the container runtimes that run Hermes' image (Docker, Podman), as each runtime's file says it
// (runtime-docker.ts, runtime-podman.ts; their list: runtimes.ts). The container probes ask a runtime's dialect, never
// its name: a runtime costs its file and an entry.
import type { ContainerFacts, SupervisorRisk } from '../../evidence.js';
import type { RuntimeKind } from '../../evidence/service.js';
import type { Host } from '../host.js';

/** One event of `<runtime> events` (src/probes/container-events.ts reads them). */
export interface ContainerEvent {
  action: string;
  /** Epoch ms, by the runtime's clock. */
  at: number;
  attributes: Record<string, string>;
}

/** A stop or restart through the runtime: when, and the events of the life it ended from the signal on. */
export interface RuntimeStop {
  at: number;
  events: ContainerEvent[];
  restart?: true;
}

export interface RuntimeDialect {
  kind: RuntimeKind;
  /** The Compose its operators run (`docker compose`; Podman 4 has no `podman compose`). */
  compose: string;
  /**
   * The `events` arguments that end its answer at `until` (a bound in the CLI's own words); `bounded`: the runtime
   * cannot end there itself, and what it returns after a Unix time bound is dropped here.
   */
  eventsUntil(until: string): { args: string[]; bounded?: true };
  /**
   * A stop or restart through the runtime in `events`, whose last `die` is at `die`; `signalled`: the gateway said it
   * ended at a signal (where the runtime logs no stop of its own, its words tell a stop from a death).
   */
  stopIn(events: readonly ContainerEvent[], die: number, signalled: boolean): RuntimeStop | undefined;
  /** Its stops are told from deaths by the gateway's own last words (`signalled` above): it logs no stop. */
  stopsByWords?: true;
  /** What would keep the container down after the host boots again, where the runtime has such a risk. */
  bootRisk?(c: ContainerFacts, host: Host): Promise<SupervisorRisk | undefined>;
}

/** The index of the last event before `end` that `pred` takes, or -1. */
export function lastIndexOf(
  events: readonly ContainerEvent[],
  pred: (e: ContainerEvent) => boolean,
  end = events.length,
): number {
  for (let i = end - 1; i >= 0; i--) if (pred(events[i]!)) return i;
  return -1;
}
