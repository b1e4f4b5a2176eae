// Slack's closed-session loop and Socket Mode rebuilds (hermes-gateway-current.md §9.1).
import { platformCases, type Line } from '../../helpers/platform-cases.js';

const LOOP = (s: number): Line => [
  s,
  'ERROR',
  'slack_bolt.AsyncApp',
  'Failed to connect (error: Session is closed); Retrying...',
];
const A = 'hermes_plugins.slack_platform.adapter';

platformCases('Slack (§9.1)', [
  {
    name: '#85574: retrying a closed session every ~10 s after a watchdog rebuild',
    log: [[590, 'WARNING', A, '[Slack] Socket Mode unhealthy (transport disconnected); reconnecting']],
    agent: [600, 610, 620, 630, 640, 650, 660].map(LOOP),
    platforms: { slack: 'connected' },
    at: 670,
    expect: ['platform_deaf.slack:slack'],
    restart: 'helps',
  },
  {
    name: 'look-alike: one watchdog rebuild that recovers',
    log: [[590, 'WARNING', A, '[Slack] Socket Mode unhealthy (ping/pong stale); reconnecting']],
    platforms: { slack: 'connected' },
    at: 900,
    expect: [],
  },
  {
    name: 'look-alike: Socket Mode failed to rebuild six times, then came back (no failure for five minutes)',
    log: [600, 615, 630, 645, 660, 675].map(
      (s): Line => [
        s,
        'ERROR',
        A,
        '[Slack] Socket Mode reconnect failed: Cannot connect to host wss-primary.slack.com:443',
      ],
    ),
    platforms: { slack: 'connected' },
    at: 975,
    expect: [],
  },
  {
    name: 'look-alike: five retries in a network blip, then quiet',
    agent: [600, 610, 620, 630, 640].map(LOOP),
    platforms: { slack: 'connected' },
    at: 900,
    expect: [],
  },
]);
