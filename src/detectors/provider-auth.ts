// The model provider's credential (hermes-gateway-current.md §9.22): dead (re-login), or a 429 quota that Hermes' chat
// reply calls an authentication failure (wait; a re-login and restarts do nothing). Every message gets a canned error.
import type { Detector } from '../evidence.js';
import { PROVIDER_DEAD } from '../probes/agent-tail.js';
import { age, currentRun, finding, isRunner, matching, patternGroup, processAlive } from './common.js';
import { inWords } from './time-left.js';

/** gateway.run: `Primary provider rate-limited (429): <why>; retry after <n>s. Credentials are still valid. — trying fallback`. */
const QUOTA = /^Primary provider rate-limited \(429\): (.*?)(?:; retry after (\d+)s)?\. Credentials are still valid\./;
// The older `Primary provider auth failed: No Codex credentials stored. Run \`hermes auth\`…` is, per §9.22, the same
// 429 shown as auth in older versions: it proves neither case, so it is not read.
const LINES = patternGroup(QUOTA);
/** Only what is still going on: the last such line within the hour. */
const RECENT_MS = 60 * 60_000;

const providerAuth: Detector = {
  check: 'provider_auth',
  // A dead provider credential or its quota is why messages go unanswered.
  meaning: { explains: [{ check: 'agent_unanswered' }] },
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const started = currentRun(ev).startedAt;
    const mine = (ts: number) => ev.now - ts <= RECENT_MS && (started === undefined || ts >= started);
    const dead = (ev.hermes?.agentOnly ?? []).filter((r) => PROVIDER_DEAD.test(r.message) && mine(r.ts));
    if (dead.length) {
      return [
        finding(ev, s, {
          check: 'provider_auth',
          text: 'provider_auth.dead',
          severity: 'critical',
          // A restart does not revive the credential (and follows the re-login); it must not hold one a platform needs.
          restart: 'wait',
          params: { ago: age(ev.now - dead[0]!.ts) },
          since: dead[0]!.ts,
          evidence: [dead[0]!.line, ...(dead.length > 1 ? [dead.at(-1)!.line] : [])],
        }),
      ];
    }
    const quota = matching(ev, LINES).filter((r) => isRunner(r) && QUOTA.test(r.message) && mine(r.ts));
    if (!quota.length) return [];
    const last = quota.at(-1)!;
    const m = QUOTA.exec(last.message)!;
    const retryS = m[2] ? Number(m[2]) : undefined;
    return [
      finding(ev, s, {
        check: 'provider_auth',
        text: 'provider_auth.quota',
        severity: 'warning',
        // A restart does not end a quota (§9.22). A warning with no platform holds no restart another cause needs.
        restart: 'never',
        params: {
          why: m[1]!,
          // A clock known in advance (§10.4): the time left in words.
          reset: retryS !== undefined ? inWords(Math.max(0, retryS * 1000 - (ev.now - last.ts))) : '?',
        },
        since: quota[0]!.ts,
        evidence: [last.line],
      }),
    ];
  },
};

export const providerAuthDetectors: Detector[] = [providerAuth];
