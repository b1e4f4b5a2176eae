// The lines of Hermes platforms that reach agent.log only (their logger is not a gateway component, §9): the agent.log
// probe keeps the records that match one of these for the platforms' rules. One entry a platform that has such lines.
import { SDK_AWAIT } from './dingtalk/lines.js';
import { LARK_RETRY } from './feishu/lines.js';
import { CLOSED_SESSION } from './slack/lines.js';

export const AGENT_ONLY_LINES: readonly RegExp[] = [CLOSED_SESSION, LARK_RETRY, SDK_AWAIT];
