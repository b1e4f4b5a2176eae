// A target's findings as one reply: /check, /doctor and `gatewatch check` word them alike.
import { commandLine, type Dialect } from '../util/command-line.js';
import type { Finding, Locale, Reply } from '../types.js';
import { labelled, t, wordEvidence, wordFinding, wordParam } from '../i18n.js';
import type { Evidence } from '../evidence.js';
import { leverOf } from '../detectors/lever.js';
import { serviceParams } from '../detectors/service-words.js';
import { formatTime } from '../util/time.js';
import { scopeDetails } from './scope-words.js';

/** `operatorStoppedAt`: the gateway is down because its operator stopped it then (EvalResult): said, not a problem. */
export function findingsReply(
  target: string,
  findings: Finding[],
  locale: 'en' | 'zh-CN',
  o: { operatorStoppedAt?: number; dialect?: Dialect; evidence?: Evidence } = {},
): Reply {
  if (findings.length === 0 && o.operatorStoppedAt !== undefined)
    return {
      title: t(locale, 'findings.operator_stop', { target, at: formatTime(o.operatorStoppedAt) }),
      tone: 'info',
      lines: [operatorStopLine(locale, target, o.dialect ?? 'chat', o.evidence)],
    };
  if (findings.length === 0) return { title: t(locale, 'findings.all_pass', { target }), tone: 'ok' };
  const worst = findings.some((f) => f.severity === 'critical') ? 'critical' : 'warning';
  const lines: string[] = [];
  for (const f of findings) {
    const w = wordFinding(locale, f, o.dialect);
    // The title names the platform as a person does; the check's id and Hermes' platform key are `--json`'s.
    lines.push(`${f.severity === 'critical' ? '🔴' : f.severity === 'warning' ? '🟠' : 'ℹ️'} ${w.title}`);
    lines.push(`   ${w.explanation}`);
    const scope = scopeDetails(locale, f);
    if (scope) lines.push(`   ${labelled(locale, t(locale, 'field.scope'), scope)}`);
    lines.push(`   → ${w.action}`);
    for (const e of wordEvidence(locale, f).slice(-3)) lines.push(`   | ${e}`);
  }
  return { title: t(locale, 'findings.count', { target, count: findings.length }), tone: worst, lines };
}

/**
 * A stop by the operator is left alone, and what brings it back: gatewatch's restart, or where gatewatch only watches
 * (src/detectors/lever.ts) the start to run on the host by hand.
 */
export function operatorStopLine(locale: Locale, target: string, dialect: Dialect, ev?: Evidence): string {
  if (ev && leverOf(ev).can === 'watch')
    return t(locale, 'findings.operator_stop.line.by_hand', { cmd: wordParam(locale, serviceParams(ev).start) });
  return t(locale, 'findings.operator_stop.line', { cmd: commandLine({ command: 'restart', target }, dialect) });
}
