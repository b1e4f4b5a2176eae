// The lines of Hermes platforms that reach agent.log only (their logger is not a gateway component, §9): the agent.log
// probe keeps the records that match one of these for the platforms' rules. One entry a platform that has such lines.
// And the lines some rules read over hours.
import type { LogNeedle } from '../evidence.js';
import { HOURS_NEEDLES as DINGTALK_HOURS, SDK_AWAIT } from './dingtalk/lines.js';
import { HOURS_NEEDLES as FEISHU_HOURS, LARK_RETRY } from './feishu/lines.js';
import { CLOSED_SESSION } from './slack/lines.js';
import { HOURS_NEEDLES as WEIXIN_HOURS } from './weixin/lines.js';

export const AGENT_ONLY_LINES: readonly RegExp[] = [CLOSED_SESSION, LARK_RETRY, SDK_AWAIT];

/**
 * The lines of Hermes platforms whose rules count them over hours, across restarts (src/probes/log-hours.ts reads
 * agent.log for them): slow, steady failures that the current run is too short to show.
 */
export const HOURS_LINES: readonly LogNeedle[] = [...WEIXIN_HOURS, ...FEISHU_HOURS, ...DINGTALK_HOURS];
