// Discord's liveness strike that never escalates (hermes-gateway-current.md §9.2: #79445, #118487, #109521).
import type { HermesPlatform } from '../rule.js';
import { ANSWER, STRIKE } from './lines.js';

export const discord: HermesPlatform = {
  platform: 'discord',
  rules: [
    // The probe samples every 15 s with a threshold of 2: a strike is answered within ~2 intervals (30–60 s) by a
    // recovery, a forced reconnect or a new connection. Unanswered for 60 s, the probe itself is wedged and the bot deaf
    // with the state still `connected`; a restart fixed it in every report. An inbound message after the strike proves
    // it hears (an older adapter recovers without a line).
    {
      text: 'platform_deaf.discord',
      restart: 'helps',
      bad: STRIKE,
      good: ANSWER,
      inboundClears: true,
      unansweredMs: 60_000,
      params: (episode) => ({ reason: STRIKE.exec(episode.at(-1)!.message)?.[1] ?? '?' }),
    },
  ],
};
