// Matrix's introspection loop and clock skew (hermes-gateway-current.md §9.5).
import { expect } from 'vitest';
import { platformCases, type Line } from '../../helpers/platform-cases.js';

const A = 'hermes_plugins.matrix_platform.adapter';
const INTROSPECT = (s: number): Line => [
  s,
  'WARNING',
  A,
  'Matrix: sync error: Unable to introspect the access token — retrying in 5s',
];
const SKEW: Line = [
  95,
  'WARNING',
  A,
  "Matrix: dropped 3 consecutive live events as 'too old' more than 30s after startup (skew ≈ 412s). The host system clock is likely set ahead of real time, which causes the startup grace filter to silently discard every incoming message. Run `timedatectl set-ntp true` (or sync NTP) and restart the bot.",
];
const loop = (from: number, n: number) => Array.from({ length: n }, (_, i) => INTROSPECT(from + i * 5));

platformCases('Matrix (§9.5)', [
  {
    name: '#56532: "Unable to introspect the access token" every 5 s: a restart fixes it (for a while)',
    log: loop(600, 20),
    platforms: { matrix: 'connected' },
    at: 700,
    expect: ['platform_deaf.matrix_introspect:matrix'],
    restart: 'helps',
  },
  {
    name: 'look-alike: three sync errors, then sync resumes (no more lines)',
    log: loop(600, 3),
    platforms: { matrix: 'connected' },
    at: 900,
    expect: [],
  },
  {
    name: 'look-alike: a minute of the loop that stopped ten minutes ago',
    log: loop(600, 14),
    platforms: { matrix: 'connected' },
    at: 1300,
    expect: [],
  },
  {
    name: 'PR #27330: live events dropped as too old (clock ahead): sync the clock, a restart alone does not help',
    log: [SKEW],
    platforms: { matrix: 'connected' },
    at: 200,
    expect: ['platform_deaf.matrix_clock:matrix'],
    restart: 'never',
    check: (f) => expect(f.title).toMatch(/412s/),
  },
]);
