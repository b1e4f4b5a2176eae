// Evidence gatewatch cannot read is not evidence of health: a log that became a FIFO or lost its permissions, a state
// file full of garbage. Without this, every check that needs the file stays quiet and the verdict reads "healthy".
// A missing file is not reported here: before the first start there is no state file, and process_down covers the rest.
import type { Detector, Evidence } from '../evidence.js';
import { finding, type EvidenceLine } from './common.js';

interface Unreadable {
  file: string;
  line: EvidenceLine;
}

/** Reasons start with the file already (`/x/gateway.log is not a regular file (a FIFO)`); drop a leading "cannot read". */
const reason = (r: string) => r.replace(/^cannot read /, '');

function unreadableEvidence(ev: Evidence): Unreadable[] {
  const out: Unreadable[] = [];
  const line = (what: 'log' | 'state' | 'pid' | 'agent', err: string): EvidenceLine => ({
    key: `evidence.unreadable.${what}`,
    params: { reason: reason(err) },
  });
  const logErr = ev.log.error;
  if (logErr && !/^log file not found\b|\bENOENT\b/.test(logErr))
    out.push({ file: 'gateway.log', line: line('log', logErr) });
  if (ev.stateError) out.push({ file: 'gateway_state.json', line: line('state', ev.stateError) });
  // An empty gateway.pid is Hermes between its O_EXCL create and its write: not garbage.
  const pidErr = ev.process.pidFileError;
  if (pidErr && !/\(empty\)$/.test(pidErr)) out.push({ file: 'gateway.pid', line: line('pid', pidErr) });
  if (ev.slowToolsError) out.push({ file: 'agent.log', line: line('agent', ev.slowToolsError) });
  return out;
}

const evidenceUnreadable: Detector = {
  check: 'evidence_unreadable',
  detect(ev, s) {
    const bad = unreadableEvidence(ev);
    if (!bad.length) return [];
    return [
      finding(ev, s, {
        check: 'evidence_unreadable',
        severity: 'warning',
        restart: 'never',
        params: { files: bad.map((b) => b.file).join(', ') },
        evidence: bad.map((b) => b.line),
      }),
    ];
  },
};

export const unreadableDetectors: Detector[] = [evidenceUnreadable];
