// The remedies of a finding, narrowest first, and the one sentence that says exactly what each will do (its dry run).
// A detector attaches what only it can prove (a process to stop); a finding a restart helps has the restart (or, the
// gateway being down, the start) as well.
import { createHash } from 'node:crypto';
import type { Finding, Locale, Remedy } from '../types.js';
import { platformName, t, wordParam } from '../i18n.js';
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

/**
 * Where gatewatch can restart nothing (src/detectors/lever.ts: a container whose runtime does not answer, a gateway no
 * supervisor runs, a target that says `restart: false`), its finding's lever says so: the auto-restart line, the
 * buttons and /fix's list say the same, not "yes".
 */
const CANNOT: ReadonlySet<string> = new Set([
  'finding.service.restart.read_only',
  'finding.service.restart.none',
  'finding.service.restart.watch_only',
]);

export function cannotAct(f: Pick<Finding, 'text'>): boolean {
  const how = f.text?.params.restart_how;
  return typeof how === 'object' && CANNOT.has(how.key);
}

export function remediesOf(f: Finding, gatewayAlive: boolean): Remedy[] {
  const own = f.remedies ?? [];
  if (
    f.restart !== 'helps' ||
    cannotAct(f) ||
    own.some((r) => r.kind === 'restart' || r.kind === 'stop_process_then_restart')
  )
    return own;
  return [...own, { kind: gatewayAlive ? 'restart' : 'start' }];
}

/** The dry run: what running it will do, in the reader's words. */
export function describeRemedy(r: Remedy, target: string, locale: Locale): string {
  if (r.kind === 'restart' || r.kind === 'start') return t(locale, `fix.remedy.${r.kind}`, { target });
  if (r.kind === 'advice') return t(locale, `fix.remedy.advice.${r.advice}`, { target });
  if (r.kind === 'delete_session')
    return t(locale, 'fix.remedy.delete_session', {
      target,
      session: r.session.id,
      platform: platformName(locale, r.session.platform),
      chat: r.session.chat,
    });
  return t(locale, `fix.remedy.${r.kind}`, {
    target,
    pid: String(r.process.pid),
    cmdline: r.process.cmdline,
    grace: formatDuration(STOP_GRACE_MS),
    why: wordParam(locale, r.why),
  });
}

/**
 * A remedy's identity, 8 hex digits, for a button pressed later: list numbers are recomputed per look, so a number
 * alone could name another remedy by then. A stopped process is named by pid, start time and argv (a reused pid is
 * another process); a restart or a start is the same remedy whatever finding calls for it.
 */
export function remedyId(r: Remedy): string {
  const what =
    'process' in r
      ? [r.kind, r.process.pid, r.process.startTicks, r.process.argvHash].join(':')
      : r.kind === 'delete_session'
        ? [r.kind, r.session.id].join(':')
        : r.kind === 'advice'
          ? [r.kind, r.advice].join(':')
          : r.kind;
  return createHash('sha256').update(what).digest('hex').slice(0, 8);
}

/** The alert's short label for running it (its button): `Stop pid 4242 + restart`. */
export function remedyLabel(r: Remedy, locale: Locale): string {
  return 'process' in r
    ? t(locale, `button.fix.${r.kind}`, { pid: String(r.process.pid) })
    : t(locale, `button.fix.${r.kind}`);
}
