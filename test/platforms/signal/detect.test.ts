// Signal's SSE hang and its 400 reconnect loop (hermes-gateway-current.md §9.6).
import { platformCases, type Line } from '../../helpers/platform-cases.js';

const S = 'gateway.platforms.signal';
const IDLE = (s: number, idle = 121): Line => [
  s,
  'WARNING',
  S,
  `Signal: SSE idle for ${idle}s, checking daemon health`,
];
const CONNECTED = (s: number): Line => [s, 'INFO', S, 'Signal SSE: connected'];

platformCases('Signal (§9.6)', [
  {
    name: 'PR #71098: "SSE idle for 12xs" every ~2 min, no reconnect, no message: hung, a restart fixes it',
    log: [CONNECTED(2), IDLE(300), IDLE(422, 122), IDLE(544, 122)],
    platforms: { signal: 'connected' },
    at: 560,
    expect: ['platform_deaf.signal_hang:signal'],
    restart: 'helps',
  },
  {
    name: 'look-alike: one idle check, then the stream reconnects',
    log: [CONNECTED(2), IDLE(300), CONNECTED(305)],
    platforms: { signal: 'connected' },
    at: 900,
    expect: [],
  },
  {
    name: 'look-alike: idle checks on a quiet account, but a message arrived in between',
    log: [
      CONNECTED(2),
      IDLE(300),
      [400, 'INFO', 'gateway.run', "inbound message: platform=signal user=+15550001 chat=+15550001 msg='hi'"],
      IDLE(422, 122),
      IDLE(544, 122),
    ],
    platforms: { signal: 'connected' },
    at: 560,
    expect: [],
  },
  {
    name: '#65071: "Signal SSE: connected" every ~2 s (signal-cli 0.14.6 answers 400): a restart does not help',
    log: Array.from({ length: 30 }, (_, i) => CONNECTED(600 + i * 2)),
    platforms: { signal: 'connected' },
    at: 660,
    expect: ['platform_deaf.signal_loop:signal'],
    restart: 'never',
  },
  {
    name: 'look-alike: a few reconnects over an afternoon',
    log: [CONNECTED(2), CONNECTED(3600), CONNECTED(7200)],
    platforms: { signal: 'connected' },
    at: 7300,
    expect: [],
  },
]);
