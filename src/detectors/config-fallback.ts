// The warning of a config.yaml Hermes could not parse (hermes-gateway-current.md §10.2, #89157): the start that logged
// it runs on .env / gateway.json alone, without whatever only the YAML said. Read by config_ignored, which says it, and
// by the state file's readers, to whom a platform that start left out is lost, not retired.
import type { Evidence, LogRecord } from '../evidence.js';
import { currentRun } from './run.js';

/** WARNING gateway.config (§10.2). */
export const IGNORED =
  /^Failed to process config\.yaml — falling back to \.env \/ gateway\.json values\. Check (.+?) for syntax errors\. Error: (.*)$/;
/** Hermes reads its config as it starts: the warning may come just before the run's first line. */
const BEFORE_START_MS = 30_000;

const seen = new WeakMap<Evidence, LogRecord | null>();

/** The current run's fallback warning, if it fell back. */
export function fallbackWarning(ev: Evidence): LogRecord | undefined {
  let w = seen.get(ev);
  if (w === undefined) {
    const run = currentRun(ev).records;
    const start = run[0]?.ts;
    const near =
      start === undefined ? [] : ev.log.previous.filter((r) => start - r.ts <= BEFORE_START_MS && r.ts <= start);
    w = [...near, ...run].filter((r) => IGNORED.test(r.message)).at(-1) ?? null;
    seen.set(ev, w);
  }
  return w ?? undefined;
}
