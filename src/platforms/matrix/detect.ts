// Matrix (hermes-gateway-current.md §6, §9.5): the state stays `connected` through all three.
import { definePlatform } from '../platform.js';
import { CLOCK_SKEW, INTROSPECT, PERMANENT_AUTH } from './lines.js';
import { en, zhCN } from './words.js';

export const matrix = definePlatform({
  platform: 'matrix',
  words: { en, 'zh-CN': zhCN },
  rules: [
    // The reference gives no line that shows it resuming, hence no good line: the sync loop is gone until the next run.
    { text: 'platform_deaf.matrix', restart: 'never', bad: PERMANENT_AUTH },
    // A host clock ahead of real time: every live event is dropped. A restart alone keeps dropping; sync the clock.
    {
      text: 'platform_deaf.matrix_clock',
      restart: 'never',
      bad: CLOCK_SKEW,
      params: (e) => ({ skew: CLOCK_SKEW.exec(e[0]!.message)?.[1] ?? '?' }),
    },
    // Every 5 s forever: a minute of it (12 in a row, the last within 2 minutes) is the loop, not a blip. A restart
    // fixes it for a while (it recurs).
    {
      text: 'platform_deaf.matrix_introspect',
      restart: 'helps',
      bad: INTROSPECT,
      minCount: 12,
      windowMs: 2 * 60_000,
      cadence: true,
    },
  ],
});
