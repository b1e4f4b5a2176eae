// Weixin's stale session shown as a rate limit (hermes-gateway-current.md §9.9).
import { expect } from 'vitest';
import { platformCases, type Line } from '../../helpers/platform-cases.js';

const W = 'gateway.platforms.weixin';
const REFUSED = (s: number): Line => [
  s,
  'ERROR',
  W,
  '[Weixin] send failed to=o9cq80_u1x: iLink sendmessage rate limited; cooldown active for 10.0s',
];
const BACKOFF = (s: number): Line => [
  s,
  'WARNING',
  W,
  '[Weixin] rate limited for o9cq80_u1x; backing off 3.0s before retry',
];

const OTHER = (s: number): Line => [
  s,
  'ERROR',
  W,
  '[Weixin] send failed to=o9cq80_u2y: iLink sendmessage rate limited; cooldown active for 10.0s',
];
const WROTE = (s: number, who = 'o9cq80_u1x'): Line => [s, 'INFO', W, `[Weixin] inbound from=${who} type=text media=0`];
const HOUR = 3600;
/** One hourly cron delivery refused (its backoff warning, then the refusal), `n` hours in a row from `from`. */
const HOURLY = (from: number, n: number): Line[] =>
  Array.from({ length: n }, (_, i) => [BACKOFF(from + i * HOUR), REFUSED(from + i * HOUR + 4)]).flat();

platformCases('Weixin (§9.9)', [
  {
    name: '#96416: every send refused as "rate limited" while polling works: the user must write first',
    log: [BACKOFF(600), REFUSED(604), BACKOFF(1800), REFUSED(1804), BACKOFF(2400), REFUSED(2404)],
    platforms: { weixin: 'connected' },
    at: 2500,
    expect: ['platform_deaf.weixin_stale:weixin'],
    restart: 'never',
  },
  {
    name: 'PR #115359: the real reason, logged once (session not ready): the user must write first',
    log: [
      [
        600,
        'ERROR',
        W,
        '[Weixin] send failed to=o9cq80_u1x: iLink sendmessage session not ready: context token expired',
      ],
    ],
    platforms: { weixin: 'connected' },
    at: 700,
    expect: ['platform_deaf.weixin_stale:weixin'],
    restart: 'never',
  },
  {
    // Issue 42 item 7: the rule wanted 3 within an hour, and an hourly cron never makes that.
    name: '#96416: one cron delivery an hour refused, five hours in a row, nobody writes: the user must write first',
    log: HOURLY(HOUR, 5),
    platforms: { weixin: 'connected' },
    at: 5 * HOUR + 600,
    expect: ['platform_deaf.weixin_stale:weixin'],
    restart: 'never',
    check: (f) => expect(f.text?.params).toMatchObject({ count: '5' }),
  },
  {
    name: 'the same across a restart: refused before it (agent.log) and once since: the session is still stale',
    log: HOURLY(1800, 1),
    hours: [[-7200, 'INFO', 'gateway.run', 'Starting Hermes Gateway...'], ...HOURLY(-5 * HOUR, 4)],
    platforms: { weixin: 'connected' },
    at: 2400,
    expect: ['platform_deaf.weixin_stale:weixin'],
    restart: 'never',
  },
  {
    name: 'look-alike: a burst limit (five refusals within 20 s of one delivery), nobody wrote: one attempt',
    log: [REFUSED(600), REFUSED(604), REFUSED(609), REFUSED(614), REFUSED(619)],
    platforms: { weixin: 'connected' },
    at: 900,
    expect: [],
  },
  {
    name: 'look-alike: refused hourly, but the user wrote after the second: two attempts since',
    log: [...HOURLY(HOUR, 2), WROTE(2 * HOUR + 900), ...HOURLY(3 * HOUR, 2)],
    platforms: { weixin: 'connected' },
    at: 4 * HOUR + 600,
    expect: [],
  },
  {
    name: "another user's messages renew nobody else's session: the refused user still never wrote",
    log: [
      ...HOURLY(HOUR, 3),
      WROTE(HOUR + 900, 'o9cq80_u2y'),
      WROTE(2 * HOUR + 900, 'o9cq80_u2y'),
      OTHER(2 * HOUR + 910),
    ],
    platforms: { weixin: 'connected' },
    at: 3 * HOUR + 600,
    expect: ['platform_deaf.weixin_stale:weixin'],
    check: (f) => expect(f.text?.params).toMatchObject({ count: '3' }),
  },
  {
    name: 'look-alike: one burst limit, and the user wrote since',
    log: [REFUSED(600), [700, 'INFO', W, '[Weixin] inbound from=o9cq80_u1x type=text media=0'], REFUSED(800)],
    platforms: { weixin: 'connected' },
    at: 900,
    expect: [],
  },
]);
