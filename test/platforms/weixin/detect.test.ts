// Weixin's stale session shown as a rate limit (hermes-gateway-current.md §9.9).
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
    name: 'look-alike: one burst limit, and the user wrote since',
    log: [REFUSED(600), [700, 'INFO', W, '[Weixin] inbound from=o9cq80_u1x type=text media=0'], REFUSED(800)],
    platforms: { weixin: 'connected' },
    at: 900,
    expect: [],
  },
]);
