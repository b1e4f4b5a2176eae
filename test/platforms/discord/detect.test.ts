// Discord's liveness strike that never escalates (hermes-gateway-current.md §9.2), from the reference's own lines.
import { expect } from 'vitest';
import { platformCases, type Line } from '../../helpers/platform-cases.js';
import { wordFinding } from '../../../src/i18n.js';

const A = 'hermes_plugins.discord_platform.adapter';
const UP: Line = [3, 'INFO', A, '[Discord] Connected as hermes-bot#4821'];
const STRIKE: Line = [600, 'WARNING', A, '[Discord] Discord Gateway WebSocket unhealthy (ack_stale, 1/2)'];
const HEALTHY_AGAIN = (s: number): Line => [
  s,
  'INFO',
  A,
  '[Discord] Discord Gateway WebSocket healthy again after 1 unhealthy sample(s)',
];

platformCases('Discord (§9.2)', [
  {
    name: 'a strike at 1/2 and then nothing for two minutes, on an adapter that logs its recoveries: wedged, a restart fixes it',
    log: [
      UP,
      [300, 'WARNING', A, '[Discord] Discord Gateway WebSocket unhealthy (ack_stale, 1/2)'],
      HEALTHY_AGAIN(315),
      STRIKE,
    ],
    platforms: { discord: 'connected' },
    at: 720,
    expect: ['platform_deaf.discord:discord'],
    restart: 'helps',
    check: (f) => expect(f.explanation).toMatch(/no heartbeat acknowledged for over a minute/),
  },
  {
    name: '#79445/#118487: (socket_closed, 1/2) and no 2/2 on an adapter that never logs a recovery: said, not restarted (it may have recovered silently)',
    log: [UP, [600, 'WARNING', A, '[Discord] Discord Gateway WebSocket unhealthy (socket_closed, 1/2)']],
    platforms: { discord: 'connected' },
    at: 1320,
    expect: ['platform_deaf.discord:discord'],
    restart: 'wait',
  },
  {
    name: 'a strike, a message, then a second strike with the probe wedged: the message ends only the first',
    log: [
      UP,
      HEALTHY_AGAIN(100),
      STRIKE,
      [640, 'INFO', 'gateway.run', "inbound message: platform=discord user=1234 chat=5678 msg='hi'"],
      [1200, 'WARNING', A, '[Discord] Discord Gateway WebSocket unhealthy (ack_stale, 1/2)'],
    ],
    platforms: { discord: 'connected' },
    at: 1300,
    expect: ['platform_deaf.discord:discord'],
    restart: 'helps',
  },
  {
    name: '#78881 (§10.2): on v0.20.0 the receive path stalls after the update, ack_stale at 1/2 and no message: a restart does not recover it there, so the way out is a version',
    log: [UP, STRIKE],
    platforms: { discord: 'connected' },
    at: 720,
    version: '0.20.0',
    expect: ['platform_deaf.discord_receive_stall:discord'],
    restart: 'never',
    check: (f) => {
      expect(f.title).toContain('Hermes 0.20.0');
      expect(f.action).toContain("you run Hermes 0.20.0, a release of Hermes #78881's Discord receive stall");
      expect(f.action).toMatch(/update past v0\.20\.1/);
      expect(f.remedies).toEqual([{ kind: 'advice', advice: 'discord_stall' }]);
      expect(wordFinding('zh-CN', f).action).toContain('你运行的是 Hermes 0.20.0');
    },
  },
  {
    name: '#78881 on v0.20.1, on a build past v0.20.0 and on a fork of it: the same releases',
    log: [UP, HEALTHY_AGAIN(100), STRIKE],
    platforms: { discord: 'connected' },
    at: 720,
    version: 'v0.20.1',
    expect: ['platform_deaf.discord_receive_stall:discord'],
    restart: 'never',
  },
  {
    name: '#78881 on a fork of v0.20.0 (`0.20.0-cn.5`)',
    log: [UP, STRIKE],
    platforms: { discord: 'connected' },
    at: 720,
    version: '0.20.0-cn.5',
    expect: ['platform_deaf.discord_receive_stall:discord'],
    check: (f) => expect(f.action).toContain('you run Hermes 0.20.0-cn.5'),
  },
  {
    name: 'the same strike on v0.20.6 (§9.2: a restart recovers it there): the wedged probe, restarted where the adapter logs recoveries',
    log: [UP, HEALTHY_AGAIN(100), STRIKE],
    platforms: { discord: 'connected' },
    at: 720,
    version: '0.20.6',
    expect: ['platform_deaf.discord:discord'],
    restart: 'helps',
  },
  {
    name: 'look-alike on v0.20.0: the strike escalates to a forced reconnect and connects again',
    log: [
      UP,
      STRIKE,
      [615, 'ERROR', A, '[Discord] Discord Gateway WebSocket remained unhealthy (ack_stale); forcing reconnect'],
      [650, 'INFO', A, '[Discord] Connected as hermes-bot#4821'],
    ],
    platforms: { discord: 'connected' },
    at: 900,
    version: '0.20.0',
    expect: [],
  },
  {
    name: 'look-alike on v0.20.0: a message arrives after the strike',
    log: [UP, STRIKE, [640, 'INFO', 'gateway.run', "inbound message: platform=discord user=1234 chat=5678 msg='hi'"]],
    platforms: { discord: 'connected' },
    at: 900,
    version: '0.20.0',
    expect: [],
  },
  {
    name: 'look-alike: the strike was 30 s ago (the next sample is due)',
    log: [UP, STRIKE],
    platforms: { discord: 'connected' },
    at: 630,
    expect: [],
  },
  {
    name: 'look-alike: a strike followed by "healthy again"',
    log: [
      UP,
      STRIKE,
      [615, 'INFO', A, '[Discord] Discord Gateway WebSocket healthy again after 1 unhealthy sample(s)'],
    ],
    platforms: { discord: 'connected' },
    at: 900,
    expect: [],
  },
  {
    name: 'look-alike: a strike that escalates to a forced reconnect and connects again',
    log: [
      UP,
      STRIKE,
      [615, 'ERROR', A, '[Discord] Discord Gateway WebSocket remained unhealthy (ack_stale); forcing reconnect'],
      [650, 'INFO', A, '[Discord] Connected as hermes-bot#4821'],
    ],
    platforms: { discord: 'connected' },
    at: 900,
    expect: [],
  },
  {
    name: 'look-alike: an older adapter recovers silently, and a message arrives',
    log: [UP, STRIKE, [640, 'INFO', 'gateway.run', "inbound message: platform=discord user=1234 chat=5678 msg='hi'"]],
    platforms: { discord: 'connected' },
    at: 900,
    expect: [],
  },
]);
