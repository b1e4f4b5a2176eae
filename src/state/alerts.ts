// The alert about gatewatch's own state_dir: it cannot be written (a full or read-only disk), or it can again.
import { randomUUID } from 'node:crypto';
import { t } from '../i18n.js';
import type { Alert, Locale } from '../types.js';

/** `episode` names one outage, so a chat card of the outage can be updated in place when it ends. */
/** Where the daemon's lock went when the state_dir refused it at start (see src/control/lock.ts). */
export type LockAside = { where: 'fallback'; dir: string } | { where: 'memory'; why: string };

export function stateDirAlert(
  problem: string | undefined,
  episode: string,
  stateDir: string,
  locale: Locale,
  now: number,
  lock?: LockAside,
): Alert {
  const base = { id: randomUUID(), incidentId: episode, target: 'gatewatch', check: 'state_dir', createdAt: now };
  if (problem === undefined) {
    return {
      ...base,
      kind: 'resolve',
      severity: 'ok',
      reply: {
        title: t(locale, 'state_dir.recovered.title'),
        tone: 'ok',
        lines: [t(locale, 'state_dir.recovered.line', { dir: stateDir })],
      },
    };
  }
  return {
    ...base,
    kind: 'open',
    severity: 'critical',
    reply: {
      title: t(locale, 'state_dir.failed.title', { problem }),
      tone: 'critical',
      lines: [
        t(locale, 'state_dir.failed.line', { dir: stateDir }),
        ...(lock?.where === 'fallback' ? [t(locale, 'state_dir.lock.fallback', { dir: lock.dir })] : []),
        ...(lock?.where === 'memory' ? [t(locale, 'state_dir.lock.memory', { why: lock.why })] : []),
      ],
    },
  };
}

/** A target's history file could not be read at start (src/history/store.ts), `why` in words: said once, the history
 * begun afresh. */
export function historyLostAlert(
  lost: { target: string; file: string; keptAs?: string },
  why: string,
  locale: Locale,
  now: number,
): Alert {
  return {
    id: randomUUID(),
    kind: 'notice',
    target: lost.target,
    check: 'history',
    severity: 'warning',
    createdAt: now,
    reply: {
      title: t(locale, 'history.lost.title', { target: lost.target }),
      tone: 'warning',
      lines: [t(locale, 'history.lost.line', { why, kept: lost.keptAs ?? lost.file })],
    },
  };
}
