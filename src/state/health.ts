// Whether gatewatch can write its state_dir. Every writer (state.json, outbox.json, audit.jsonl) reports each attempt;
// the first failure after a good spell, and the first good spell after failures, are announced once, so a full or
// read-only disk becomes an alert instead of silence, and the all-clear follows when space returns.
import type { Logger } from 'pino';

export interface StateDirHealth {
  /** Report one write of `file`: `err` undefined means it succeeded. */
  report(file: string, err?: unknown): void;
  /** The current problem, e.g. `ENOSPC: no space left on device, write`, or undefined when every file writes. */
  problem(): string | undefined;
  /** Failed writes since start. */
  failures(): number;
}

export function createStateDirHealth(o: {
  log: Logger;
  onChange: (problem: string | undefined) => void;
}): StateDirHealth {
  const failing = new Map<string, string>();
  let failures = 0;
  return {
    report(file, err) {
      if (err === undefined) {
        if (!failing.delete(file)) return;
        o.log.warn({ file, failures }, 'state_dir: writing works again');
        if (failing.size === 0) o.onChange(undefined);
        return;
      }
      failures++;
      const message = err instanceof Error ? err.message : String(err);
      const first = !failing.has(file);
      failing.set(file, message);
      // Every failure is counted; the log gets the first of a spell at error level, the retries at debug.
      if (first)
        o.log.error({ file, err: message, failures }, 'state_dir: cannot write; keeping it in memory and retrying');
      else o.log.debug({ file, err: message, failures }, 'state_dir: write retry failed');
      if (first && failing.size === 1) o.onChange(message);
    },
    problem: () => failing.values().next().value,
    failures: () => failures,
  };
}
