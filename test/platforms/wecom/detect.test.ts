// WeCom: 846609, a hung reconnect, the 300-s close (hermes-gateway-current.md §6, §9.8).
import { platformCases, type Line } from '../../helpers/platform-cases.js';

const A = 'hermes_plugins.wecom_platform.adapter';
const CLOSED = (s: number): Line => [s, 'WARNING', A, '[Wecom] WebSocket error: WeCom websocket closed'];
const BACK = (s: number): Line => [s, 'INFO', A, '[Wecom] Reconnected'];
const NOT_SUBSCRIBED = (s: number): Line => [
  s,
  'ERROR',
  A,
  '[Wecom] Send failed: send reply markdown failed: WeCom errcode 846609: aibot websocket not subscribed',
];

platformCases('WeCom (§9.8)', [
  {
    name: '#71337: closed by the server every ~300 s and reconnected each time: a restart does not help',
    log: [0, 300, 600, 900, 1200].flatMap((s) => [CLOSED(300 + s), BACK(305 + s)]),
    platforms: { wecom: 'connected' },
    at: 1600,
    expect: ['platform_deaf.wecom_300s:wecom'],
    restart: 'never',
  },
  {
    name: 'look-alike: one server close that reconnects',
    log: [CLOSED(300), BACK(305)],
    platforms: { wecom: 'connected' },
    at: 1600,
    expect: [],
  },
  {
    name: '#47572: a drop whose reconnect logs neither Reconnected nor a failure: hung, a restart fixes it',
    log: [[600, 'WARNING', A, '[Wecom] WebSocket error: WeCom websocket read timeout (30s)']],
    platforms: { wecom: 'connected' },
    at: 600 + 11 * 60,
    expect: ['platform_deaf.wecom_hung:wecom'],
    restart: 'helps',
  },
  {
    name: '#29667: 846609 on every send for minutes: a restart fixes it',
    log: [600, 660, 720, 780, 840].map(NOT_SUBSCRIBED),
    platforms: { wecom: 'connected' },
    at: 850,
    expect: ['platform_deaf.wecom:wecom'],
    restart: 'helps',
  },
  {
    name: 'look-alike: one reply split into five chunks, all refused within two seconds (not "for minutes")',
    log: [600, 600.5, 601, 601.5, 602].map(NOT_SUBSCRIBED),
    platforms: { wecom: 'connected' },
    at: 700,
    expect: [],
  },
  {
    name: 'look-alike: 846609 in one dead window that ends at the next server close',
    log: [NOT_SUBSCRIBED(600), NOT_SUBSCRIBED(640), CLOSED(660), BACK(662)],
    platforms: { wecom: 'connected' },
    at: 900,
    expect: [],
  },
]);
