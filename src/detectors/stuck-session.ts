// A stuck session re-entered on every restart (hermes-gateway-current.md §9.15, #7536): a hung tool or runaway turn
// kills the gateway, the next boot marks the session resumable (or the platform redelivers the message), the turn
// resumes and kills it again. The signal is the same chat unanswered at the end of life after life, each next boot
// saying it died with turns in flight. A restart only re-enters it; the narrow fix deletes that one session.
import type { ChatRef, Detector, Evidence } from '../evidence.js';
import type { Remedy } from '../types.js';
import { age, finding } from './common.js';
import { sameChat as same, STUCK_DEATHS, stuckChat } from '../probes/recent-lives.js';
import { platformParam } from '../i18n.js';

/** A current life this long with that chat quiet has broken the loop (the lives that loop die within minutes). */
const LOOP_BROKEN_MS = 30 * 60_000;

function remedyFor(ev: Evidence, chat: ChatRef): Remedy[] {
  // A served profile's sessions are the root's to delete, with the root stopped: not a fix from this target.
  if (ev.hermes?.serving?.role === 'served') return [];
  const mine = (ev.hermes?.sessions ?? []).filter((s) => same(s, chat) && !s.suspended);
  const pending = mine.filter((s) => s.resumePending);
  const pick = pending.length === 1 ? pending[0] : mine.length === 1 ? mine[0] : undefined;
  return pick ? [{ kind: 'delete_session', session: { id: pick.id, platform: pick.platform, chat: pick.chat } }] : [];
}

const stuckSession: Detector = {
  check: 'stuck_session',
  detect(ev, s) {
    const lives = ev.hermes?.lives;
    if (!lives || lives.length <= STUCK_DEATHS) return [];
    const stuck = stuckChat(lives);
    if (!stuck) return [];
    const now = lives.at(-1)!;
    if (now.answered.some((c) => same(c, stuck.chat))) return [];
    if (!now.open.some((c) => same(c, stuck.chat)) && ev.now - now.startedAt > LOOP_BROKEN_MS) return [];
    const remedies = remedyFor(ev, stuck.chat);
    const session = remedies[0]?.kind === 'delete_session' ? remedies[0].session.id : undefined;
    return [
      finding(ev, s, {
        check: 'stuck_session',
        text: session ? 'stuck_session' : 'stuck_session.unnamed',
        cause: `${stuck.chat.platform}:${stuck.chat.chat}`,
        severity: 'critical',
        restart: 'never',
        params: {
          platform: platformParam(stuck.chat.platform),
          chat: stuck.chat.chat,
          deaths: String(stuck.deaths),
          ago: age(ev.now - stuck.since),
          ...(session ? { session } : {}),
        },
        evidence: [
          {
            key: 'evidence.stuck_lives',
            params: { deaths: stuck.deaths, platform: platformParam(stuck.chat.platform), chat: stuck.chat.chat },
          },
          ...(session
            ? [
                `sessions/sessions.json: session_id=${session} platform=${stuck.chat.platform} chat_id=${stuck.chat.chat}`,
              ]
            : []),
        ],
        since: stuck.since,
        ...(remedies.length ? { remedies } : {}),
      }),
    ];
  },
};

export const stuckSessionDetectors: Detector[] = [stuckSession];
