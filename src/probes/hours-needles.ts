// Every line the slow rules read over hours (log-hours.ts): the gateway's run boundaries, the platforms' own lines,
// Hermes' memory. One list for the gathers' reads and for the gateway.log tail that hands its lines on to them.
import type { LogNeedle } from '../evidence.js';
import { RUN_NEEDLES } from './log-hours.js';
import { MEMORY_HOURS_NEEDLES } from './memory-lines.js';
import { platformHoursNeedles } from './platform-lines.js';
import { QQ_HOURS_NEEDLES } from './qq-hours.js';

export const hoursNeedles = (): LogNeedle[] => [
  ...RUN_NEEDLES,
  ...platformHoursNeedles(),
  ...QQ_HOURS_NEEDLES,
  ...MEMORY_HOURS_NEEDLES,
];
