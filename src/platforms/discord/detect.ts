// Discord's liveness strike that never escalates (hermes-gateway-current.md §9.2: #79445, #118487, #109521), and the
// receive stall of v0.20.0–v0.20.1 that a restart does not recover (§10.2, #78881).
import { definePlatform } from '../platform.js';
import { codeParam } from '../../i18n.js';
import type { Evidence, LogRecord } from '../../evidence.js';
import { matching, patternGroup } from '../../detectors/common.js';
import { runsRelease, versionParam, wayOut } from '../../detectors/known-releases.js';
import { ANSWER, HEALTHY_AGAIN, STRIKE } from './lines.js';
import { en, zhCN } from './words.js';
import { demo } from './demo.js';

const HEALTHY_AGAIN_LINES = patternGroup(HEALTHY_AGAIN);
const logsRecoveries = (ev: Evidence) => matching(ev, HEALTHY_AGAIN_LINES).some((r) => HEALTHY_AGAIN.test(r.message));
// The strike's reason as Hermes logs it (`ack_stale`), said in words (the line itself is quoted as evidence).
const params = (episode: LogRecord[]) => ({ reason: codeParam(STRIKE.exec(episode.at(-1)!.message)?.[1] ?? '?') });

export const discord = definePlatform({
  platform: 'discord',
  words: { en, 'zh-CN': zhCN },
  demo,
  rules: [
    // #78881 (§10.2): after the v0.20.0 update Discord connects and then hears nothing, an `(ack_stale, 1/2)` strike
    // in the log, and a restart does not recover it on v0.20.0–v0.20.1 (in contrast to §9.2's wedged probe on later
    // releases): the same unanswered strike, where the release is the cause and the way out a version.
    {
      text: 'platform_deaf.discord_receive_stall',
      restart: 'never',
      bad: STRIKE,
      good: ANSWER,
      inboundClears: true,
      unansweredMs: 60_000,
      quietWhile: (ev) => runsRelease(ev, 'discord_stall') !== true,
      params: (episode, ev) => ({
        ...params(episode),
        version: versionParam(ev),
        way_out: wayOut(ev, 'discord_stall'),
      }),
      advice: 'discord_stall',
    },
    // The probe samples every 15 s with a threshold of 2: a strike is answered within ~2 intervals (30–60 s) by a
    // recovery, a forced reconnect or a new connection. Unanswered for 60 s, the probe itself is wedged and the bot deaf
    // with the state still `connected`; a restart fixed it in every report. An inbound message after the strike proves
    // it hears. Only an adapter that logs its recoveries (`healthy again`, seen in this run) proves it is unanswered: an
    // older one recovers without a line, and there it is said, not restarted.
    {
      text: 'platform_deaf.discord',
      restart: 'helps',
      bad: STRIKE,
      good: ANSWER,
      inboundClears: true,
      unansweredMs: 60_000,
      params,
      quietWhile: (ev) => !logsRecoveries(ev),
    },
    {
      text: 'platform_deaf.discord',
      restart: 'wait',
      bad: STRIKE,
      good: ANSWER,
      inboundClears: true,
      unansweredMs: 60_000,
      params,
      quietWhile: logsRecoveries,
    },
  ],
});
