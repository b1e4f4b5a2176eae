// Every agent turn fails with a non-retryable HTTP 400 (hermes-gateway-current.md §8.7, #46312): after an update the
// configured model rejects what Hermes now sends, and the gateway completes zero turns while every platform, the
// process, the socket and the heartbeat look fine. The agent loop's lines are in agent.log / errors.log only; the
// runner's `inbound message:` lines go on in gateway.log with no `response ready:` after them. A restart changes
// nothing (same config): the model, the provider or the update must change.
import type { Detector, Evidence, LogRecord } from '../evidence.js';
import { age, finding, isRunner, lastIndex, matching, processAlive, type EvidenceLine } from './common.js';
import { field, TRAFFIC } from './open-turns.js';

/** `Non-retryable client error: <Provider> HTTP 400 (<status>): <message>` (ERROR, one per failed turn). */
const NON_RETRYABLE = /^Non-retryable client error: (.*?)\s*\bHTTP 400\b(?: \([^)]*\))?:?\s*(.*)$/;
/** `API call failed (attempt 1/3) error_type=BadRequestError thread=… provider=<p> base_url=<url> model=<m> summary=HTTP 400: …`. */
const ATTEMPT = /^API call failed \(attempt \d+\/\d+\) .*\bsummary=HTTP 400\b/;
const RESPONSE = /^response ready: /;
const INBOUND = /^inbound message: /;

/** Failed turns counted within this window, at least MIN_TURNS of them: one rejected prompt is not "every turn". */
const WINDOW_MS = 60 * 60_000;
const MIN_TURNS = 3;
/** An update this long before the first failure still counts as the change that broke it. */
const UPDATE_BEFORE_MS = 24 * 3_600_000;

const CHECK = 'agent_turns_failing';

/** The update that most likely broke the turns: the last `hermes update` run that finished before the first failure. */
function updateBefore(ev: Evidence, first: number) {
  const u = ev.hermes?.lifecycle?.lastUpdate;
  if (!u || u.endedAt > first + 60_000 || first - u.endedAt > UPDATE_BEFORE_MS) return undefined;
  return u;
}

const turnsFailing: Detector = {
  check: CHECK,
  // Every turn failing with an HTTP 400 names why messages go unanswered; the silence alone would only repeat it.
  meaning: { explains: [{ check: 'agent_unanswered' }] },
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const agent = ev.hermes?.agentOnly ?? [];
    const fails = agent.filter((r) => NON_RETRYABLE.test(r.message) && ev.now - r.ts <= WINDOW_MS);
    if (fails.length < MIN_TURNS) return [];
    const first = fails[0]!;
    const last = fails[fails.length - 1]!;
    const traffic = matching(ev, TRAFFIC).filter(isRunner);
    // A turn that completed since: not every turn fails (a model switched back, one odd prompt).
    if (traffic.some((r) => r.ts >= first.ts && RESPONSE.test(r.message))) return [];
    // A turn's inbound line comes before its failure: count what came in after the last reply.
    const answered = lastIndex(traffic, (r) => RESPONSE.test(r.message));
    const inbound = traffic.slice(answered + 1).filter((r) => INBOUND.test(r.message));
    const attempt: LogRecord | undefined = agent.filter((r) => ATTEMPT.test(r.message) && r.ts <= last.ts).at(-1);
    const m = NON_RETRYABLE.exec(last.message)!;
    const provider = (attempt && field(attempt.message, 'provider')) ?? (m[1] || '?');
    const model = (attempt && field(attempt.message, 'model')) ?? '?';
    const update = updateBefore(ev, first.ts);
    const version = ev.hermes?.version.version;
    const sha = ev.hermes?.version.sha;
    const facts: EvidenceLine[] = [];
    if (update)
      facts.push({
        key: update.completed ? 'evidence.update_finished.complete' : 'evidence.update_finished.incomplete',
        params: { at: new Date(update.endedAt).toISOString() },
      });
    if (version)
      facts.push({
        key: 'evidence.running_hermes',
        params: { version, sha: sha ? { key: 'evidence.paren', params: { what: sha.slice(0, 12) } } : '' },
      });
    return [
      finding(ev, s, {
        check: CHECK,
        ...(update ? { text: 'agent_turns_failing.update' as const } : {}),
        severity: 'critical',
        // Not 'never': that would block restarts other causes need; a restart simply does not fix this one.
        restart: 'wait',
        params: {
          count: String(fails.length),
          window: age(ev.now - first.ts),
          error: m[2] || last.message,
          provider,
          model,
          inbound: String(inbound.length),
          updated: update ? age(ev.now - update.endedAt) : '',
          version: version ?? '?',
        },
        since: first.ts,
        evidence: [
          first.line,
          ...(fails.length > 1 ? [last.line] : []),
          ...(attempt ? [attempt.line] : []),
          { key: 'evidence.turns.inbound', params: { count: inbound.length } },
          ...facts,
        ],
      }),
    ];
  },
};

export const turnsDetectors: Detector[] = [turnsFailing];
