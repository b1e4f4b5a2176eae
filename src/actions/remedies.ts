// The remedies of a finding, narrowest first, and the one sentence that says exactly what each will do (its dry run).
// A detector attaches what only it can prove (a process to stop); a finding a restart helps has the restart (or, the
// gateway being down, the start) as well.
import type { Finding, Locale, Remedy } from '../types.js';
import { t, wordParam } from '../i18n.js';
import { formatDuration } from '../util/duration.js';

/** A remedy run, kept for its budget. */
export interface FixRecord {
  target: string;
  at: number;
  kind: string;
  actor: string;
  ok: boolean;
}

/** How long a stopped process gets between SIGTERM and SIGKILL. */
export const STOP_GRACE_MS = 10_000;

export function remediesOf(f: Finding, gatewayAlive: boolean): Remedy[] {
  const own = f.remedies ?? [];
  if (f.restart !== 'helps' || own.some((r) => r.kind === 'restart' || r.kind === 'stop_process_then_restart')) return own;
  return [...own, { kind: gatewayAlive ? 'restart' : 'start' }];
}

/** The dry run: what running it will do, in the reader's words. */
export function describeRemedy(r: Remedy, target: string, locale: Locale): string {
  if (r.kind === 'restart' || r.kind === 'start') return t(locale, `fix.remedy.${r.kind}`, { target });
  return t(locale, `fix.remedy.${r.kind}`, { target, pid: String(r.process.pid), cmdline: r.process.cmdline, grace: formatDuration(STOP_GRACE_MS), why: wordParam(locale, r.why) });
}
