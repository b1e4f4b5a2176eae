// DingTalk's SDK mismatch storm and its routing after rapid restarts (hermes-gateway-current.md §9.7).
import { expect } from 'vitest';
import { platformCases, type Line } from '../../helpers/platform-cases.js';

const A = 'hermes_plugins.dingtalk_platform.adapter';
const TYPE_ERROR = (s: number): Line => [
  s,
  'WARNING',
  A,
  "[Dingtalk] Stream client error: 'coroutine' object does not support the asynchronous context manager protocol",
];
const RETRY = (s: number): Line => [s, 'INFO', A, '[Dingtalk] Reconnecting in 60s...'];
const UP: Line = [3, 'INFO', A, '[Dingtalk] Connected via Stream Mode'];

platformCases('DingTalk (§9.7)', [
  {
    name: '#24851: every reconnect fails with the TypeError: pin dingtalk-stream, a restart does not help',
    log: [UP, TYPE_ERROR(600), RETRY(600), TYPE_ERROR(660), RETRY(660), TYPE_ERROR(720), RETRY(720), TYPE_ERROR(780)],
    platforms: { dingtalk: 'connected' },
    at: 800,
    expect: ['platform_deaf.dingtalk_sdk:dingtalk'],
    restart: 'never',
  },
  {
    name: '#7562: six starts in 20 minutes, DingTalk connected, nothing routed since: stop restarting (worse)',
    log: [UP],
    starts: [-1200, -900, -600, -400, -200, 0],
    platforms: { dingtalk: 'connected', telegram: 'connected' },
    at: 300,
    expect: ['platform_deaf.dingtalk_routing:dingtalk'],
    restart: 'never',
    worse: true,
  },
  {
    name: 'look-alike: the burst was two hours ago (a quiet bot since; no hold on restarts any more)',
    log: [UP],
    starts: [-1200, -900, -600, -400, -200, 0],
    platforms: { dingtalk: 'connected' },
    at: 7200,
    expect: [],
  },
  {
    name: '#9752: dingtalk_stream.client itself cannot await (agent.log only): pin the SDK',
    log: [UP],
    agent: [600, 660, 720].map(
      (s): Line => [
        s,
        'ERROR',
        'dingtalk_stream.client',
        "error processing message: object tuple can't be used in 'await' expression",
      ],
    ),
    platforms: { dingtalk: 'connected' },
    at: 800,
    expect: ['platform_deaf.dingtalk_sdk:dingtalk'],
    restart: 'never',
  },
  {
    // Per message, not per reconnect: a user who writes once an hour makes one line an hour (issue 42 item 8).
    name: '#9752: one message an hour ago failed in dingtalk_stream.client (agent.log): the SDK does not match, said once',
    log: [UP],
    agent: [
      [
        600,
        'ERROR',
        'dingtalk_stream.client',
        "error processing message: object tuple can't be used in 'await' expression",
      ],
    ],
    platforms: { dingtalk: 'connected' },
    at: 4200,
    expect: ['platform_deaf.dingtalk_sdk:dingtalk'],
    restart: 'never',
    check: (f) => expect(f.text?.params).toMatchObject({ count: '1' }),
  },
  {
    name: "#9752: the line has left agent.log's tail (a busy agent since), kept over hours: still said",
    log: [UP],
    agent: [],
    hours: [
      [
        600,
        'ERROR',
        'dingtalk_stream.client',
        "error processing message: object tuple can't be used in 'await' expression",
      ],
    ],
    platforms: { dingtalk: 'connected' },
    at: 4200,
    expect: ['platform_deaf.dingtalk_sdk:dingtalk'],
    restart: 'never',
  },
  {
    name: 'look-alike: the SDK error was in the life before this one (a restart since: said again only if it recurs)',
    log: [UP],
    hours: [
      [
        -600,
        'ERROR',
        'dingtalk_stream.client',
        "error processing message: object tuple can't be used in 'await' expression",
      ],
    ],
    platforms: { dingtalk: 'connected' },
    at: 4200,
    expect: [],
  },
  {
    name: 'look-alike: the SDK error, then a DingTalk message Hermes heard (messages get through)',
    log: [
      UP,
      [900, 'INFO', 'gateway.run', "inbound message: platform=dingtalk user=u1 chat=c1 msg='hi'"],
      [905, 'INFO', 'gateway.run', 'response ready: platform=dingtalk chat=c1 time=5.0s api_calls=1 response=40 chars'],
    ],
    agent: [
      [
        600,
        'ERROR',
        'dingtalk_stream.client',
        "error processing message: object tuple can't be used in 'await' expression",
      ],
    ],
    platforms: { dingtalk: 'connected' },
    at: 4200,
    expect: [],
  },
  {
    name: 'look-alike: an ordinary restart or two in gateway-starts.log',
    log: [UP],
    starts: [-86400, 0],
    platforms: { dingtalk: 'connected' },
    at: 3600,
    expect: [],
  },
  {
    name: 'look-alike: the burst, but a DingTalk message arrived after the last start',
    log: [UP, [120, 'INFO', 'gateway.run', "inbound message: platform=dingtalk user=u1 chat=c1 msg='hi'"]],
    starts: [-1200, -900, -600, -400, -200, 0],
    platforms: { dingtalk: 'connected' },
    at: 300,
    expect: [],
  },
]);
