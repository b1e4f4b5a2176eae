// Feishu/Lark: the SDK's ladder, its give-up, and no restart per dropped link (hermes-gateway-current.md §9.4).
import { expect } from 'vitest';
import { wordFinding } from '../../../src/i18n.js';
import { isoAt, platformCases, type Line } from '../../helpers/platform-cases.js';

const lost = (sinceSec: number) => ({
  state: 'retrying',
  error_message: 'Feishu websocket link lost; reconnecting',
  retrying_since: isoAt(sinceSec),
  updated_at: isoAt(sinceSec),
});
const LARK = (s: number, n: string): Line => [s, 'INFO', 'Lark', `[Lark] trying to reconnect for the ${n} time`];

platformCases('Feishu (§9.4)', [
  {
    name: '#64712: the link lost 25 minutes ago, the SDK tried ten times and stopped: restart once',
    agent: [LARK(660, '1st'), LARK(700, '2nd'), LARK(1500, '10th')],
    platforms: { feishu: lost(600), qqbot: 'connected' },
    at: 600 + 25 * 60,
    expect: ['platform_deaf.feishu_gave_up:feishu'],
    restart: 'helps',
  },
  {
    name: "the episode dates from the supervisor's first restart line when each retrying write re-stamps updated_at",
    log: [
      [3, 'INFO', 'hermes_plugins.feishu_platform.adapter', '[Feishu] Connected in websocket mode (feishu)'],
      [
        600,
        'ERROR',
        'hermes_plugins.feishu_platform.adapter',
        '[Feishu] WebSocket client thread exited unexpectedly; restarting in 2s',
      ],
      [
        1500,
        'WARNING',
        'hermes_plugins.feishu_platform.adapter',
        '[Feishu] WebSocket restart failed (retrying): Connection reset by peer',
      ],
    ],
    platforms: {
      feishu: {
        state: 'retrying',
        error_message: 'Feishu websocket link lost; rebuilding',
        updated_at: isoAt(600 + 24 * 60),
      },
      qqbot: 'connected',
    },
    at: 600 + 25 * 60,
    expect: ['platform_deaf.feishu_gave_up:feishu'],
    restart: 'helps',
  },
  {
    name: 'look-alike: the SDK ladder is 5 minutes in: no platform_down, no restart per drop',
    agent: [LARK(660, '1st')],
    platforms: { feishu: lost(600), qqbot: 'connected' },
    at: 900,
    expect: [],
  },
  {
    name: 'forecast: the link lost 8 minutes ago, the SDK on its 5th try: it gives up in about 9 min, so far no restart',
    agent: [LARK(660, '1st'), LARK(700, '2nd'), LARK(800, '3rd'), LARK(950, '4th'), LARK(1060, '5th')],
    platforms: { feishu: lost(600), qqbot: 'connected' },
    at: 600 + 8 * 60,
    expect: ['forecast.feishu_giveup:feishu'],
    restart: 'wait',
    check: (f) => {
      expect(f).toMatchObject({ check: 'forecast', cause: 'feishu_giveup', platform: 'feishu', severity: 'warning' });
      expect(f.title).toBe(
        'Feishu has been reconnecting for 8 min (try 5 of about 10): the Lark SDK gives up in about 9 min',
      );
      expect(wordFinding('zh-CN', f).title).toBe(
        '飞书已重连 8 分钟（约 10 次中的第 5 次）：约 9 分钟后 Lark SDK 将放弃',
      );
      expect(f.evidence.at(-1)).toMatch(/\[Lark\] trying to reconnect for the 5th time$/);
    },
  },
  {
    // Issue 54 item 5: past the time it forecast, it is still said (due now), not closed without a word, until the
    // give-up is judged at 20 minutes.
    name: "forecast: at 18 minutes the SDK's give-up is due: said as due now, no restart yet",
    agent: [LARK(660, '1st'), LARK(700, '2nd'), LARK(800, '3rd'), LARK(1500, '9th')],
    platforms: { feishu: lost(600), qqbot: 'connected' },
    at: 600 + 18 * 60,
    expect: ['forecast.feishu_giveup_due:feishu'],
    restart: 'wait',
    check: (f) => {
      expect(f.lapsed).toBeUndefined();
      expect(f.title).toBe(
        "Feishu has been reconnecting for 20 min (try 9 of about 10): the Lark SDK's give-up is due now",
      );
    },
  },
  {
    name: 'at its boundary, 17 minutes exactly: due now',
    agent: [LARK(660, '1st'), LARK(700, '2nd'), LARK(800, '3rd'), LARK(1500, '9th')],
    platforms: { feishu: lost(600), qqbot: 'connected' },
    at: 600 + 17 * 60,
    expect: ['forecast.feishu_giveup_due:feishu'],
    check: (f) => expect(f.text?.key).toBe('finding.forecast.feishu_giveup_due'),
  },
  {
    name: 'just past the 20 minutes the ladder is given: gave_up, restart once',
    agent: [LARK(660, '1st'), LARK(700, '2nd'), LARK(800, '3rd'), LARK(1500, '9th')],
    platforms: { feishu: lost(600), qqbot: 'connected' },
    at: 600 + 20 * 60 + 1,
    expect: ['platform_deaf.feishu_gave_up:feishu'],
    restart: 'helps',
  },
  {
    name: 'forecast withdrawn: the link is back (connected) after five tries',
    agent: [LARK(660, '1st'), LARK(700, '2nd'), LARK(800, '3rd'), LARK(950, '4th'), LARK(1060, '5th')],
    platforms: { feishu: 'connected', qqbot: 'connected' },
    at: 600 + 8 * 60,
    expect: [],
  },
  {
    name: 'a link lost for reasons other than the SDK (error_code set) is a plain platform_down after the grace',
    platforms: {
      feishu: {
        state: 'retrying',
        error_code: 'feishu_connect_error',
        error_message: 'connect failed',
        updated_at: isoAt(600),
      },
      qqbot: 'connected',
    },
    at: 900,
    expect: ['platform_down:feishu'],
  },
]);
