// Waiting in a test for something that announces no event: poll a probe until it gives a value. The one such helper
// of the suite (a test that sleeps a fixed time to let something happen should wait for that something instead). Its
// bound scales with how busy the box is (slowdown): on a box at load 26 the suite was red with 68 timeouts where it
// should have been slow (issue 80 item 7).
import os from 'node:os';

export interface UntilOptions {
  /** Give up after this long on a quiet box (default 10 s), times slowdown() on a busy one. */
  timeoutMs?: number;
  /** Time between the end of one probe and the start of the next (default 50 ms; a probe that is a whole evaluation
   *  wants longer). */
  everyMs?: number;
}

/**
 * How often a probe that forces a whole evaluation (`app.evaluate`, or one that asks for /status) may run. Each
 * evaluation lists every process on the host, asks the service manager and reads the logs: polled every 200 ms such
 * probes were up to half of a file's CPU (app-restart-upstream 5.3 -> 3.0 CPU-s at 1 s), and the suite is bound by its
 * two cores, while the thing waited for (a restart, a reconnect) takes seconds anyway.
 */
export const EVALUATION_EVERY_MS = 1_000;

/** A wait is never stretched past this many times its bound, however busy the box. */
const MAX_SLOWDOWN = 8;

/**
 * How many times slower than a quiet box this one is now: its load per core (1 at most per core is quiet), or what
 * GATEWATCH_TEST_SLOWDOWN says. Every wait's bound is multiplied by it.
 */
export function slowdown(
  env: NodeJS.ProcessEnv = process.env,
  load = os.loadavg()[0]!,
  cores = os.availableParallelism(),
): number {
  const set = Number(env.GATEWATCH_TEST_SLOWDOWN);
  if (Number.isFinite(set) && set >= 1) return Math.min(set, MAX_SLOWDOWN);
  return Math.min(MAX_SLOWDOWN, Math.max(1, load / Math.max(1, cores)));
}

type NotYetValue = undefined | null | false;

/** What `where` throws while its test fails: `until` reports the value as the probe's last value, not as an error. */
class NotYet {
  constructor(readonly value: unknown) {}
}

const MAX_SHOWN = 4_000;

function show(v: unknown): string {
  let s: string;
  try {
    s = v === undefined ? 'undefined' : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}… (${s.length} chars)` : s;
}

/**
 * Poll `probe` until it returns (or resolves to) a truthy value, and resolve with that value. A probe that throws or
 * rejects is tried again. Past the timeout, reject with an error that names `what`, the timeout and the probe's last
 * value or error. The probe runs at least once, and once more at the deadline; a probe that never settles is not cut
 * short (the test's own timeout catches it).
 */
export async function until<T>(
  what: string,
  probe: () => T | NotYetValue | Promise<T | NotYetValue>,
  o: UntilOptions = {},
): Promise<T> {
  const timeoutMs = Math.round((o.timeoutMs ?? 10_000) * slowdown());
  const everyMs = o.everyMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = `last value: ${show(v)}`;
    } catch (e) {
      last =
        e instanceof NotYet
          ? `last value: ${show(e.value)}`
          : `last error: ${e instanceof Error ? e.message : show(e)}`;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${last}`);
    await new Promise((r) => setTimeout(r, Math.min(everyMs, left)));
  }
}

/**
 * A probe for `until` from a getter and a test on its value: the value once `ok` holds for it. Until then a timeout
 * reports the value the getter gave last (a whole evaluation, say), where a probe that returned `ok(v) && v` would
 * report `false`. Only for values that are truthy when `ok` holds: for one that is not, write a probe that returns true.
 */
export function where<T>(get: () => T | Promise<T>, ok: (v: T) => boolean): () => Promise<T> {
  return async () => {
    const v = await get();
    if (!ok(v)) throw new NotYet(v);
    if (!v)
      throw new Error(
        `where: the test holds for ${show(v)}, a value until cannot resolve with; probe for true instead`,
      );
    return v;
  };
}
